"""Pilot tests of the app on a copy of the seeds: search, read, tag, note, undo, browse."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from apphelpers import hits, main_screen, ready, rows, search, text_of, typed, wait_until

from reader.ui.app import ReaderApp
from reader.ui.dialogs.help import HelpScreen
from reader.ui.dialogs.note_editor import NoteDialog
from reader.ui.dialogs.tag_input import TagDialog
from reader.ui.widgets.reading_pane import PassageView, ReadingPane
from reader.ui.widgets.results import ResultsList
from reader.ui.widgets.search_box import SearchBox
from reader.ui.widgets.tag_panel import TagPanel
from reader.workspace import Workspace

SIZE = (140, 40)
KIRBY = "000_6d362e06adb48299"


@pytest.fixture
def app(seeds_copy: Path, warm_index: Path) -> ReaderApp:
    return ReaderApp(Workspace(seeds_copy, index_dir=warm_index))


def annotation_files(annotations: Path) -> list[dict]:
    """Every annotation YAML file under the folder, loaded."""
    found = []
    for path in sorted(annotations.rglob("*.yaml")):
        if path.name != "codebook.yaml":
            found.append(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def live_tags(annotations: Path) -> set[str]:
    return {
        t for a in annotation_files(annotations) if not a.get("deleted") for t in a.get("tags", [])
    }


def palette_top(app: ReaderApp) -> str:
    """The command palette's first entry as text ('' while it has none)."""
    lists = app.screen.query("CommandList")
    if not lists or not lists.first().option_count:
        return ""
    return str(lists.first().get_option_at_index(0).prompt)


async def open_first(pilot, query: str) -> str:
    """Search, press enter twice (to the results, then open); the open passage's ref."""
    found = await search(pilot, query)
    assert found, f"no hits for {query!r}"
    await pilot.press("enter")
    screen = main_screen(pilot)
    assert isinstance(screen.focused, ResultsList)
    await pilot.press("enter")
    await wait_until(pilot, lambda: screen.current_number() is not None, "the article")
    return str(screen.current)


async def test_search_shows_dated_and_undated_results(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        found = await search(pilot, "Kirby")
        articles = {h.article for h in found}
        assert KIRBY in articles and "002_9e357c00aa104845" in articles
        shown = rows(pilot)
        assert any(r.startswith("2023-04-26") for r in shown)
        assert any(r.startswith("undated") for r in shown)
        assert "passages in" in text_of(pilot, "#status-text")


async def test_enter_opens_the_passage_in_the_pane(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        ref = await open_first(pilot, "Kirby")
        screen = main_screen(pilot)
        pane = screen.query_one(ReadingPane)
        assert pane.article is not None and ref.startswith(pane.article.id + "#")
        marked = [v.number for v in pane.query(PassageView) if v.has_class("-current")]
        assert marked == [screen.current_number()]
        assert ref in text_of(pilot, "#info")
        await pilot.press("right_square_bracket")
        assert screen.current_number() == min(marked[0] + 1, len(pane.article.passages))


async def test_tag_writes_a_yaml_file_and_shows_at_once(app: ReaderApp, seeds_copy: Path) -> None:
    annotations = seeds_copy.parent / "annotations"
    async with app.run_test(size=SIZE) as pilot:
        ref = await open_first(pilot, "Kirby")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagDialog), "the tag dialog")
        await typed(pilot, "actor/us, topic/peace")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "actor/us" in live_tags(annotations), "the YAML file")
        assert {"actor/us", "topic/peace"} <= live_tags(annotations)
        article = ref.rsplit("#", 1)[0]
        assert list((annotations / article).glob("*.yaml"))
        assert "#actor/us" in text_of(pilot, "#info")
        screen = main_screen(pilot)
        number = screen.current_number()
        assert screen.query_one(f"#p{number}", PassageView).has_class("-tagged")
        listing = screen.query_one(ResultsList)
        row = rows(pilot)[[str(h.ref) for h in listing.hits].index(ref)]
        assert "#actor/us" in row


async def test_undo_takes_the_tag_back(app: ReaderApp, seeds_copy: Path) -> None:
    annotations = seeds_copy.parent / "annotations"
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Kirby")
        await pilot.press("t")
        await typed(pilot, "tobeundone")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "tobeundone" in live_tags(annotations), "the tag")
        await pilot.press("u")
        await wait_until(pilot, lambda: "tobeundone" not in live_tags(annotations), "the undo")
        assert "tobeundone" not in text_of(pilot, "#info")


async def test_note_is_written_through_the_store(app: ReaderApp, seeds_copy: Path) -> None:
    annotations = seeds_copy.parent / "annotations"
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Kirby")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteDialog), "the note editor")
        await typed(pilot, "first line")
        await pilot.press("enter")
        await typed(pilot, "second [bold]line")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: any(
                "second [bold]line" in (a.get("note") or "") for a in annotation_files(annotations)
            ),
            "the note on disk",
        )
        note = next(a["note"] for a in annotation_files(annotations) if a.get("note"))
        assert note.startswith("first line\nsecond [bold]line")
        assert "second [bold]line" in text_of(pilot, "#info")


async def test_escape_in_the_note_editor_saves_nothing(app: ReaderApp, seeds_copy: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Kirby")
        await pilot.press("n")
        await typed(pilot, "draft")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteDialog), "the editor")
        assert annotation_files(seeds_copy.parent / "annotations") == []


async def test_tag_panel_lists_tags_and_searches_one(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        ref = await open_first(pilot, "Kirby")
        await pilot.press("t")
        await typed(pilot, "actor/us")
        await pilot.press("enter")
        screen = main_screen(pilot)
        await wait_until(pilot, lambda: "actor/us" in screen.state.tag_counts, "the tag counts")
        await pilot.press("b")
        panel = screen.query_one(TagPanel)
        assert panel.has_focus and panel.display
        labels = []
        panel.root.expand_all()
        for node in _walk(panel.root):
            labels.append(str(node.label.plain))
        assert any(label.startswith("actor") for label in labels)
        assert any(label.startswith("us 1") for label in labels)
        panel.move_cursor(next(n for n in _walk(panel.root) if n.data == "actor/us"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.state.shown_query == 'tag:"actor/us"', "tag search")
        assert screen.query_one(SearchBox).value == 'tag:"actor/us"'
        assert [str(h.ref) for h in hits(pilot)] == [ref]


async def test_tag_panel_groups_parents_whatever_their_case(
    app: ReaderApp, seeds_copy: Path
) -> None:
    ws = Workspace(seeds_copy, index_dir=seeds_copy.parent / "other-index")
    ws.tag(f"{KIRBY}#1", ["Actor/x"])
    ws.tag(f"{KIRBY}#2", ["actor/y"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("escape", "b")
        panel = screen.query_one(TagPanel)
        await wait_until(pilot, lambda: len(list(_walk(panel.root))) > 1, "the tag panel")
        tops = [str(node.label.plain) for node in panel.root.children]
        assert tops == ["Actor 2"]  # one parent, spelled as first met, both children under it
        children = [str(node.label.plain) for node in panel.root.children[0].children]
        assert children == ["x 1", "y 1"]


def _walk(node):
    for child in node.children:
        yield child
        yield from _walk(child)


async def test_help_lists_every_key_from_the_commands(app: ReaderApp) -> None:
    from reader.ui.commands import COMMANDS

    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("escape", "question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
        table = app.screen.query_one("#help-table").content
        descriptions = [str(cell.plain) for cell in table.columns[1]._cells]
        for command in COMMANDS:
            assert command.help in descriptions
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_slash_and_escape_move_between_box_and_results(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "Kirby")
        screen = main_screen(pilot)
        await pilot.press("escape")
        assert isinstance(screen.focused, ResultsList)
        await pilot.press("slash")
        assert isinstance(screen.focused, SearchBox)


async def test_palette_runs_a_command_and_jumps_to_a_tag(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "Kirby")
        screen = main_screen(pilot)
        await pilot.press("escape", "ctrl+p")
        await typed(pilot, "Sort")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.sort == "date", "the sort command")
        await pilot.press("t")
        await typed(pilot, "place/kyiv")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "place/kyiv" in screen.state.tag_counts, "the tag counts")
        await pilot.press("ctrl+p")
        await typed(pilot, "tag: place/kyiv")
        await wait_until(pilot, lambda: "tag: place/kyiv" in palette_top(app), "the palette's hit")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: screen.state.shown_query == 'tag:"place/kyiv"', "the palette's search"
        )
        assert len(hits(pilot)) == 1


async def test_malformed_query_is_a_message_not_a_crash(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "date:[2023 TO")
        status = main_screen(pilot).query_one("#status")
        assert status.has_class("-error")
        assert text_of(pilot, "#status-text").startswith("query:")
        await search(pilot, "Kirby")
        assert not status.has_class("-error") and hits(pilot)


async def test_history_walks_earlier_queries(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "Kirby")
        await pilot.press("enter", "slash")
        await search(pilot, "Xi")
        await pilot.press("enter", "slash")
        box = main_screen(pilot).query_one(SearchBox)
        box.value = ""
        await pilot.press("up")
        assert box.value == "Xi"
        await pilot.press("up")
        assert box.value == "Kirby"


async def test_orphans_are_listed_with_their_reason(app: ReaderApp, seeds_copy: Path) -> None:
    from reader.annotations.store import AnnotationStore
    from reader.ui.dialogs.orphans import OrphansDialog

    store = AnnotationStore(seeds_copy.parent / "annotations", resolve=app.workspace.article)
    store.tag("004_8d05e1ad106699d0", 1, ["lost/tag"])
    (seeds_copy / "004_8d05e1ad106699d0.txt").write_text("Entirely different words now.\n")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("escape", "o")
        await wait_until(pilot, lambda: isinstance(app.screen, OrphansDialog), "the orphans")
        assert [o.tags for o in app.screen.orphans] == [("lost/tag",)]
        assert app.screen.orphans[0].reason
        await pilot.press("enter")
        screen = main_screen(pilot)
        await wait_until(pilot, lambda: screen.current_number() == 1, "the article")
        assert screen.state.article.id == "004_8d05e1ad106699d0"


async def test_keymap_and_theme_come_from_the_config(seeds_copy: Path, warm_index: Path) -> None:
    from reader.ui.config import Config, config_path, load_config, save_config

    save_config(Config(theme="nord", keymap={"tag": "ctrl+t"}))
    app = ReaderApp(Workspace(seeds_copy, index_dir=warm_index))
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "nord"
        await open_first(pilot, "Kirby")
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagDialog), "the remapped key")
        await pilot.press("escape")
        app.theme = "gruvbox"
        await pilot.pause()
    assert load_config(config_path())[0] == Config(theme="gruvbox", keymap={"tag": "ctrl+t"})


async def test_enter_then_t_at_once_tags_the_first_result(app: ReaderApp, seeds_copy: Path) -> None:
    annotations = seeds_copy.parent / "annotations"
    async with app.run_test(size=SIZE) as pilot:
        first = (await search(pilot, "Kirby"))[0]
        await pilot.press("enter", "t")
        await typed(pilot, "quick")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "quick" in live_tags(annotations), "the tag on disk")
        (data,) = annotation_files(annotations)
        assert (data["article"], data["target"]["passage"]) == (first.article, first.passage)


async def test_one_key_tags_come_from_the_codebook(app: ReaderApp, seeds_copy: Path) -> None:
    annotations = seeds_copy.parent / "annotations"
    (annotations / "codebook.yaml").write_text(
        "schema: 1\ntags:\n  actor/china:\n    description: China\n    key: z\n"
        "  clash:\n    description: uses a taken key\n    key: t\n"
    )
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Kirby")
        screen = main_screen(pilot)
        await wait_until(pilot, lambda: screen.state.quick, "the codebook")
        assert screen.state.quick == {"z": "actor/china"}  # `t` stays the tag command
        await pilot.press("z")
        await wait_until(pilot, lambda: "actor/china" in live_tags(annotations), "the tag")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        table = app.screen.query_one("#help-table").content
        assert "Tag with actor/china (codebook)" in [c.plain for c in table.columns[1]._cells]


async def test_setting_an_undated_articles_date_shows_everywhere(app: ReaderApp) -> None:
    from reader.ui.dialogs.article_meta import ArticleMetaDialog

    undated = "002_9e357c00aa104845"
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "Kirby")
        await pilot.press("escape")
        screen = main_screen(pilot)
        listing = screen.query_one(ResultsList)
        listing.highlighted = next(i for i, h in enumerate(listing.hits) if h.article == undated)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: screen.state.article and screen.state.article.id == undated, "002"
        )
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, ArticleMetaDialog), "the dialog")
        await typed(pilot, "2023-04-27")
        await pilot.press("enter")
        await typed(pilot, "A [b]title")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: any(r.startswith("2023-04-27  A [b]title") for r in rows(pilot)),
            "the dated rows",
        )
        assert not any(r.startswith("undated") for r in rows(pilot))
        await wait_until(pilot, lambda: str(screen.state.article.date) == "2023-04-27", "the pane")
        assert "A [b]title" in text_of(pilot, "#article-header")
        await pilot.press("u")
        await wait_until(
            pilot, lambda: screen.state.article and screen.state.article.date is None, "undo"
        )


async def test_a_leading_minus_removes_a_tag(app: ReaderApp, seeds_copy: Path) -> None:
    annotations = seeds_copy.parent / "annotations"
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Kirby")
        await pilot.press("t")
        await typed(pilot, "keep drop")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "drop" in live_tags(annotations), "two tags")
        await pilot.press("t")
        await typed(pilot, "-drop")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "drop" not in live_tags(annotations), "the untag")
        assert live_tags(annotations) == {"keep"}
        assert "#keep" in text_of(pilot, "#info") and "#drop" not in text_of(pilot, "#info")


async def test_palette_jumps_to_an_article(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("escape", "ctrl+p")
        await typed(pilot, "article: 004_8d05")
        await wait_until(
            pilot,
            lambda: (
                "article: 004"
                in str(app.screen.query("CommandList").first().get_option_at_index(0).prompt)
            ),
            "the palette's hit",
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: str(screen.current) == "004_8d05e1ad106699d0#1", "the jump")
        await wait_until(pilot, lambda: screen.current_number() == 1, "the article")


async def test_enter_and_t_before_the_results_tag_the_new_first_result(
    app: ReaderApp, seeds_copy: Path
) -> None:
    annotations = seeds_copy.parent / "annotations"
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "Xi")  # results of an older query are on screen
        screen = main_screen(pilot)
        box = screen.query_one(SearchBox)
        box.value = ""
        await pilot.press(*"zelenskyy", "enter", "t")  # no wait for the results
        await wait_until(pilot, lambda: isinstance(app.screen, TagDialog), "the tag dialog")
        first = hits(pilot)[0]
        assert screen.state.shown_query == "zelenskyy"
        await typed(pilot, "fast")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "fast" in live_tags(annotations), "the tag on disk")
        (data,) = annotation_files(annotations)
        assert (data["article"], data["target"]["passage"]) == (first.article, first.passage)


async def test_moving_on_while_the_article_is_drawn_marks_where_you_are(app: ReaderApp) -> None:
    """`j` pressed while the pane is still drawing the article just opened: the pane ends
    marking the passage the user moved to, not the one it was opened on."""
    import asyncio

    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot, "Kirby")
        screen = main_screen(pilot)
        pane = screen.query_one(ReadingPane)
        assert pane.article is not None
        article = screen.ws.article(KIRBY)
        drawing = asyncio.create_task(pane.show(article, {}, 1))
        await asyncio.sleep(0)  # the drawing has begun: the old passages are going
        pane.mark(6)  # what the screen does on `j` meanwhile
        await drawing

        def marked() -> list[int]:
            return [v.number for v in pane.query(PassageView) if v.has_class("-current")]

        await wait_until(pilot, lambda: len(pane.query(PassageView)) > 6 and marked(), "marked")
        await pilot.pause()
        assert pane.article is article and marked() == [6]
