"""The app at keyboard speed, driven by keys under Pilot: where the focus goes after each
key, tab completion, codebook toggles, selecting a span, dialogs that keep what was typed,
the note editor's question, and keys typed faster than the screen changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from apphelpers import keys, main_screen, ready, search, text_of, typed, wait_until

from reader.ui.app import ReaderApp
from reader.ui.dialogs.article_meta import ArticleMetaDialog
from reader.ui.dialogs.confirm import Choice
from reader.ui.dialogs.note_editor import NoteDialog
from reader.ui.dialogs.tag_input import TagDialog
from reader.ui.widgets.reading_pane import PassageView, ReadingPane
from reader.ui.widgets.results import ResultsList
from reader.ui.widgets.search_box import SearchBox
from reader.ui.widgets.tag_panel import TagPanel
from reader.workspace import Workspace

SIZE = (120, 36)
A = "000_6d362e06adb48299"
GOOD = "We think that's a good thing."
ONE_PASSAGE = f'"good thing" article:{A}'  # exactly 000#2, whose second sentence is GOOD
CODEBOOK = Path(__file__).resolve().parents[2] / "annotations" / "codebook.yaml"


@pytest.fixture
def app(seeds_copy: Path, warm_index: Path) -> ReaderApp:
    shutil.copy(CODEBOOK, seeds_copy.parent / "annotations")
    return ReaderApp(Workspace(seeds_copy, index_dir=warm_index), save=False)


def annotations(seeds_copy: Path) -> list[dict]:
    folder = seeds_copy.parent / "annotations"
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(folder.rglob("*.yaml"))
        if p.name != "codebook.yaml"
    ]


def live(seeds_copy: Path) -> list[dict]:
    return [a for a in annotations(seeds_copy) if not a.get("deleted")]


async def open_passage(pilot, query: str = ONE_PASSAGE) -> None:
    await search(pilot, query)
    screen = main_screen(pilot)
    await keys(pilot, "enter", "enter")
    await wait_until(pilot, lambda: screen.current_number() is not None, "the article")


async def test_focus_follows_the_written_model(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        box = screen.query_one(SearchBox)
        listing = screen.query_one(ResultsList)
        assert screen.focused is box  # at start-up
        await keys(pilot, "slash")
        assert screen.focused is box and box.value == ""  # `/` is not typed
        await search(pilot, "Zelensky AND Kirby")
        await keys(pilot, "enter")
        assert screen.focused is listing and listing.highlighted == 0
        await keys(pilot, "k")
        assert listing.highlighted == 0  # no wrapping to the last result
        await keys(pilot, "j", "enter")
        await wait_until(pilot, lambda: screen.current_number() is not None, "the article")
        assert isinstance(screen.focused, ReadingPane) and str(screen.current) == str(
            listing.hits[1].ref
        )
        await keys(pilot, "j")  # in the pane: the next result, the pane following
        assert listing.highlighted == 2 and screen.current == listing.hits[2].ref
        assert isinstance(screen.focused, ReadingPane)
        number = screen.current.number
        await keys(pilot, "right_square_bracket")  # within the article
        assert screen.current.number == number + 1 and listing.highlighted == 2
        await keys(pilot, "escape")
        assert screen.focused is listing
        await keys(pilot, "slash")
        assert screen.focused is box and box.value == "Zelensky AND Kirby"
        await keys(pilot, "s")  # nothing selected on the way in: the key adds, wipes nothing
        assert box.value == "Zelensky AND Kirbys"
        await keys(pilot, "backspace", "escape", "b")
        panel = screen.query_one(TagPanel)
        await wait_until(pilot, lambda: panel.root.children, "the tag panel")
        assert screen.focused is panel
        line = panel.cursor_line
        await keys(pilot, "j")
        assert panel.cursor_line == line + 1  # j and k move in the tag panel too
        await keys(pilot, "escape")
        assert screen.focused is listing and not panel.display


async def test_tab_completion_new_tags_drafts_toggles_and_typing_ahead(
    app: ReaderApp, seeds_copy: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_passage(pilot)
        screen = main_screen(pilot)
        await keys(pilot, "t")
        await typed(pilot, "act")
        dialog = app.screen
        assert isinstance(dialog, TagDialog)
        field = dialog.query_one("#tag-input")
        await keys(pilot, "tab")
        assert field.value == "actor/"  # the common prefix of the actor codes
        shown = [str(o.prompt.plain) for o in dialog.listing.options]
        assert shown[0].startswith("actor/china  China, its government")  # codebook first
        await typed(pilot, "u")
        await keys(pilot, "tab")  # ukraine and usa share nothing more: the list is walked
        assert field.value == "actor/u" and dialog.listing.highlighted == 0
        await keys(pilot, "tab", "enter")  # the second candidate, accepted with a separator
        assert field.value == "actor/usa, "
        await typed(pilot, "actr/x a//b")
        await keys(pilot, "enter")
        marks = str(dialog.query_one("#tag-marks").content)
        assert "new: actr/x (not in the codebook)" not in marks  # the refusal says more now
        assert "not saved: tag 'a//b' has an empty part" in marks
        assert app.screen is dialog and field.value == "actor/usa, actr/x a//b"  # kept
        await keys(pilot, *["backspace"] * 4)
        assert "new: actr/x (not in the codebook)" in str(dialog.query_one("#tag-marks").content)
        await keys(pilot, "escape")  # closes, keeping the text as a draft
        assert not isinstance(app.screen, TagDialog) and live(seeds_copy) == []
        await keys(pilot, "t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagDialog), "the dialog again")
        assert app.screen.query_one("#tag-input").value == "actor/usa, actr/x "
        await keys(pilot, "enter")
        await wait_until(pilot, lambda: live(seeds_copy), "the tags on disk")
        assert live(seeds_copy)[0]["tags"] == ["actor/usa", "actr/x"]
        await keys(pilot, "1")  # the codebook key of actor/china: on
        await wait_until(pilot, lambda: "actor/china" in live(seeds_copy)[0]["tags"], "on")
        await keys(pilot, "1", "3")  # pressed again: off; usa's key: off too
        await wait_until(pilot, lambda: live(seeds_copy)[0]["tags"] == ["actr/x"], "toggled")
        await wait_until(
            pilot, lambda: screen.state.shown(screen.current).tags == ["actr/x"], "shown"
        )
        assert "#actr/x" in text_of(pilot, "#info") and "actor/china" not in text_of(pilot, "#info")
        await typed(pilot, "tquick\r")  # typed ahead of the dialog: `t` opens it, the rest fills it
        await wait_until(pilot, lambda: "quick" in live(seeds_copy)[0]["tags"], "typed ahead")
        assert not isinstance(app.screen, TagDialog)


async def test_v_selects_a_span_and_t_tags_just_that(app: ReaderApp, seeds_copy: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_passage(pilot)
        screen = main_screen(pilot)
        pane = screen.query_one(ReadingPane)
        await keys(pilot, "escape", "v")  # from the results
        selection = screen.state.selection
        assert screen.focused is pane and selection is not None
        assert selection.quote.startswith('"We welcome the news') and selection.quote.endswith(".")
        await keys(pilot, "j")
        assert screen.state.selection.quote.endswith(GOOD)
        await keys(pilot, "k", "w")
        assert screen.state.selection.quote.endswith("Zelensky. We")
        await keys(pilot, "b", "right_square_bracket")  # the next sentence instead
        assert screen.state.selection.quote == GOOD
        assert "selecting: “We think that's a good thing.”" in text_of(pilot, "#info")
        await keys(pilot, "t")
        await typed(pilot, "theme/pe")
        await keys(pilot, "tab", "enter")
        await wait_until(pilot, lambda: live(seeds_copy), "the span on disk")
        (data,) = live(seeds_copy)
        passage = screen.state.article.passages[1].text
        start = passage.index(GOOD)
        target = data["target"]
        assert (target["quote"], target["start"], target["end"]) == (
            GOOD,
            start,
            start + len(GOOD),
        )
        assert data["tags"] == ["theme/peace"]
        await keys(pilot, "2")  # a codebook key applies to the selection too
        await wait_until(pilot, lambda: len(live(seeds_copy)[0]["tags"]) == 2, "the key")
        await wait_until(
            pilot,
            lambda: "“We think that's a good thing.” #actor/ukraine" in text_of(pilot, "#info"),
            "the info",
        )
        body = screen.query_one("#p2", PassageView).content
        underlined = {
            i for span in body.spans if "underline" in str(span.style) for i in range(*span[:2])
        }
        at = body.plain.index(GOOD)
        assert underlined == set(range(at, at + len(GOOD)))  # the tagged span, underlined
        await keys(pilot, "escape")  # the selection ends; the pane keeps the focus
        assert screen.state.selection is None and screen.focused is pane
        assert await search(pilot, "tag:theme/peace")  # found by tag:
        await keys(pilot, "escape")
        assert screen.focused is screen.query_one(ResultsList)


async def test_dialogs_keep_what_was_typed(app: ReaderApp, seeds_copy: Path) -> None:
    meta = seeds_copy.parent / "annotations" / A / "article.yaml"
    async with app.run_test(size=SIZE) as pilot:
        await open_passage(pilot)
        await keys(pilot, "m")
        await wait_until(pilot, lambda: isinstance(app.screen, ArticleMetaDialog), "the dialog")
        dialog = app.screen
        for field in dialog.query("Input"):
            field.value = ""
        dialog.query_one("#meta-date").focus()
        await typed(pilot, "2023-13\tA title\tThe source")  # fast: tab lands between fields
        values = [f.value for f in dialog.query("Input")]
        assert values == ["2023-13", "A title", "The source"]
        await keys(pilot, "ctrl+s")  # not a date: the dialog stays, the reason under it
        assert app.screen is dialog and [f.value for f in dialog.query("Input")] == values
        assert "not a date: 2023-13" in str(dialog.query_one("#meta-date-error").content)
        assert dialog.focused is dialog.query_one("#meta-date") and not meta.exists()
        await keys(pilot, "backspace", "backspace")
        await typed(pilot, "05")
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: meta.exists(), "the article details")
        assert yaml.safe_load(meta.read_text())["title"] == "A title"

        await keys(pilot, "n")
        await typed(pilot, "a draft")
        await keys(pilot, "escape")  # changed: asks
        await wait_until(pilot, lambda: isinstance(app.screen, Choice), "the question")
        await keys(pilot, "k")  # keep editing
        assert isinstance(app.screen, NoteDialog) and app.screen.edited == "a draft"
        await keys(pilot, "escape", "s")  # save
        await wait_until(pilot, lambda: any(a.get("note") for a in live(seeds_copy)), "saved")
        await keys(pilot, "n")
        await typed(pilot, " more")
        await keys(pilot, "escape", "d")  # discard
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteDialog), "closed")
        await keys(pilot, "n", "escape")  # unchanged: closes without asking
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteDialog), "closed")
        assert [a["note"] for a in live(seeds_copy) if a.get("note")] == ["a draft"]
