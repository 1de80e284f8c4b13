"""Every view and dialog of the app rendered with hostile text: no control sequence and no
markup from data survives into what the app draws, and editing such text keeps it.

The corpus and annotations carry terminal escapes of every kind (CSI, OSC 0/52/8, DCS,
bell, C1), bidi controls and Rich markup (`[@click=app.quit]` among it). What the app draws
is read from the screen's compositor: the segments that would be written to the terminal.
The corpus is the shared hostile one (`tests/hostile.py`: alias bombs, FIFOs and invalid
files among it, which the app leaves out and says so).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from apphelpers import keys, ready, search, typed, wait_until
from hostile import ARTICLE, ESCAPES, MARKUP, POISON, build_hostile
from textual.widgets import Input, Static

from reader.gitshare import Change as GitChange
from reader.model import AlsoIn
from reader.refs import PassageRef
from reader.textnorm import has_controls
from reader.ui.app import ReaderApp
from reader.ui.dialogs.article_meta import ArticleMetaDialog
from reader.ui.dialogs.copies import CopiesDialog
from reader.ui.dialogs.help import HelpScreen
from reader.ui.dialogs.news import NewsDialog
from reader.ui.dialogs.note_editor import NoteDialog
from reader.ui.dialogs.orphans import OrphansDialog
from reader.ui.dialogs.tag_input import TagDialog
from reader.ui.dialogs.variants import VariantDialog
from reader.ui.screens.coding import CodingScreen
from reader.workspace import Workspace

SIZE = (120, 36)


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    made = build_hostile(tmp_path / "h")
    return made.corpus, made.annotations


class Screens:
    """What the app drew, screen after screen."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self.text: list[str] = []

    def check(self, what: str) -> str:
        """Assert that nothing from data drives the terminal in what is drawn now."""
        lines = []
        for strip in self.app.screen._compositor.render_strips():
            for segment in strip:
                assert not segment.control, f"{what}: a control segment"
                assert not has_controls(segment.text), f"{what}: {segment.text!r}"
                style = segment.style
                if style is not None:
                    assert not style.link, f"{what}: a link from data: {style.link!r}"
                    assert (style.meta or {}).get("@click") != "app.quit", what
            lines.append("".join(s.text for s in strip))
        drawn = "\n".join(lines)
        self.text.append(drawn)
        return drawn


def own_note(ws: Workspace) -> str:
    shown = ws.shown(PassageRef(ARTICLE, 1))
    part = shown.part(None) if shown else None
    return next((n.text for n in part.notes if n.author == "Test User"), "") if part else ""


async def test_every_view_and_dialog_draws_hostile_text_inert_and_edits_keep_it(
    hostile: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, notes = hostile
    ws = Workspace(corpus, notes, index_dir=tmp_path / "index")
    note = f"Mine {POISON} \u202eend"
    ws.note(PassageRef(ARTICLE, 1), note)
    meta = notes / ARTICLE / "article.yaml"
    before = yaml.safe_load(meta.read_text(encoding="utf-8"))
    app = ReaderApp(ws, save=False)
    async with app.run_test(size=SIZE) as pilot:
        drawn = Screens(app)
        screen = await ready(pilot)
        await wait_until(pilot, lambda: screen.state.results, "the listing")
        drawn.check("the listing")
        await search(pilot, "plain first")
        await keys(pilot, "enter", "enter")
        await wait_until(pilot, lambda: screen.current_number() == 1, "the plain article")
        drawn.check("the pane and the passage panel")
        await keys(pilot, "v")
        drawn.check("selecting")
        await keys(pilot, "escape", "b")
        await wait_until(pilot, lambda: screen.query_one("#tags").root.children, "the tags")
        drawn.check("the tag panel")
        await keys(pilot, "b", "question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        drawn.check("the help")
        await keys(pilot, "escape", "t")
        await typed(pilot, "q")
        assert isinstance(app.screen, TagDialog)
        drawn.check("the tag dialog's candidates")
        await keys(pilot, "escape", "escape", "c")
        await wait_until(pilot, lambda: isinstance(app.screen, CodingScreen), "the coding run")
        drawn.check("the coding run")
        await keys(pilot, "escape", "o")
        await wait_until(pilot, lambda: isinstance(app.screen, OrphansDialog), "the orphans")
        drawn.check("the orphans")
        await keys(pilot, "escape")
        change = GitChange(
            path=f"annotations/{MARKUP}.yaml", kind="changed", author=f"Eve {ESCAPES['osc0']}",
            article=ARTICLE, passage=1, tags_added=[MARKUP], tags_removed=[ESCAPES["osc52"]],
            note_before="", note_after=POISON,
        )  # fmt: skip
        await app.push_screen(NewsDialog([change], rev=f"HEAD{ESCAPES['osc52']}"))
        drawn.check("the news")
        await keys(pilot, "escape")
        copy = AlsoIn(f"{MARKUP}/x", 2, None, POISON, POISON)
        await app.push_screen(CopiesDialog(PassageRef(ARTICLE, 1), [copy], {MARKUP: POISON}))
        drawn.check("the copies")
        await keys(pilot, "escape")
        await app.push_screen(VariantDialog(ws))
        app.screen.query_one("#variant-input", Input).value = f"Kyiv, {POISON}"
        await keys(pilot, "enter")
        error = app.screen.query_one("#variant-error", Static)
        await wait_until(pilot, lambda: "control characters" in str(error.content), "refused")
        app.screen.query_one("#variant-input", Input).value = ""  # what the user typed aside
        drawn.check("the variant dialog's reason")
        await keys(pilot, "escape", "ctrl+p")
        await typed(pilot, "[b")  # a tag and a file name, both with markup
        await wait_until(pilot, lambda: "fname" in drawn.check("the palette"), "the palette")

        # The article dialog and the note editor: shown escaped; an edit keeps the rest.
        await keys(pilot, "escape", "m")
        await wait_until(pilot, lambda: isinstance(app.screen, ArticleMetaDialog), "the meta")
        drawn.check("the article dialog")
        title = app.screen.query_one("#meta-title")
        assert "\\x1b]0;PWNED" in title.value and "\x1b" not in title.value
        title.focus()
        title.cursor_position = len(title.value)
        await typed(pilot, " more")  # an edit elsewhere in it
        await keys(pilot, "ctrl+s")
        await wait_until(
            pilot,
            lambda: (
                yaml.safe_load(meta.read_text(encoding="utf-8"))["title"]
                == before["title"] + " more"
            ),
            "the title kept, with its characters",
        )
        assert yaml.safe_load(meta.read_text())["source"] == before["source"]  # untouched
        await keys(pilot, "n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteDialog), "the note editor")
        drawn.check("the note editor")
        area = app.screen.query_one("#note-text")
        assert "\\x1b]52" in area.text and "\x1b" not in area.text
        area.move_cursor(area.document.end)
        await typed(pilot, "!")
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: own_note(ws) == note + "!", "the note, with its characters")

        await search(pilot, "Paragraph")
        await keys(pilot, "enter", "enter")
        await wait_until(pilot, lambda: screen.current_number() is not None, "escapes")
        drawn.check("the escapes article")
        screen.open(PassageRef("front", 1))
        await wait_until(pilot, lambda: screen.state.article.id == "front", "front matter")
        await pilot.pause()
        drawn.check("front matter")

    everything = "\n".join(drawn.text)
    for literal in ("[@click=app.quit]clk[/]", "[bold red]RED[/]", "[bold red]fname"):
        assert literal in everything  # markup from data shown as text, never parsed
    assert "\\x1b]0;PWNED-TITLE\\x07" in everything  # escapes shown as visible stand-ins
    assert "\\u202eevil" in everything
