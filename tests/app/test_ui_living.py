"""The app keeps up with files changed by others, and shows untrusted text literally."""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import main_screen, ready, search, text_of, wait_until

from reader.annotations.store import AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.screens import main as main_screen_module
from reader.ui.widgets.reading_pane import PassageView
from reader.workspace import Workspace

HOSTILE = (
    "date 2024-01-02 Plain words then [bold]x[/bold] and [link=http://e]click[/link] "
    "and \x1b[31mred\x1b[0m and [/usr/share] zebrafish.\n\nSecond passage.\n"
)


@pytest.fixture(autouse=True)
def fast_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main_screen_module, "POLL_SECONDS", 0.2)


@pytest.fixture
def app(seeds_copy: Path, tmp_path: Path) -> ReaderApp:
    return ReaderApp(Workspace(seeds_copy, index_dir=tmp_path / "index"))


async def test_a_new_article_on_disk_is_found(app: ReaderApp, seeds_copy: Path) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        assert await search(pilot, "okapi") == []
        screen = main_screen(pilot)
        (seeds_copy / "new_article.txt").write_text("date 2024-05 An okapi walked in.\n")
        await wait_until(
            pilot,
            lambda: any(h.article == "new_article" for h in screen.query_one("#results").hits),
            "the new article",
            timeout=10,
        )
        assert "2024-05" in " ".join(
            str(o.prompt.plain) for o in screen.query_one("#results").options
        )


async def test_an_annotation_written_elsewhere_shows_in_the_pane(
    app: ReaderApp, seeds_copy: Path
) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        found = await search(pilot, "Kirby")
        await pilot.press("enter", "enter")
        screen = main_screen(pilot)
        await wait_until(pilot, lambda: screen.current_number() is not None, "the article")
        ref = screen.current
        assert found and ref is not None
        other = AnnotationStore(seeds_copy.parent / "annotations", resolve=app.workspace.article)
        other.tag(ref.article, ref.number, ["from/elsewhere"])
        await wait_until(
            pilot,
            lambda: "from/elsewhere" in text_of(pilot, "#info"),
            "the other process's tag",
            timeout=10,
        )
        assert screen.current == ref  # the user's place is kept


async def test_markup_and_escapes_in_an_article_show_literally(
    app: ReaderApp, seeds_copy: Path
) -> None:
    (seeds_copy / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    async with app.run_test(size=(160, 40)) as pilot:
        found = await search(pilot, "zebrafish")
        assert [h.article for h in found] == ["hostile"]
        row = str(main_screen(pilot).query_one("#results").options[0].prompt.plain)
        assert "[bold]x[/bold]" in row and "\\x1b[31m" in row
        await pilot.press("enter", "enter")
        screen = main_screen(pilot)
        await wait_until(pilot, lambda: screen.current_number() == 1, "the article")
        shown = str(screen.query_one("#p1", PassageView).content.plain)
        assert "[bold]x[/bold]" in shown
        assert "[link=http://e]click[/link]" in shown
        assert "\\x1b[31mred" in shown and "\x1b" not in shown
        assert "[/usr/share]" in shown
        await pilot.press("t", *"[bold]evil", "enter")
        await wait_until(pilot, lambda: "#[bold]evil" in text_of(pilot, "#info"), "the tag")
        await pilot.press("u")  # the undo notice names the tag: shown as text, no crash
        await wait_until(pilot, lambda: "[bold]evil" not in text_of(pilot, "#info"), "undo")
        await pilot.press("t", *"[/usr/share]", "enter")  # a tag that is broken markup
        await pilot.pause()
        assert app.is_running


async def test_the_screen_works_while_indexing(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"Kir")
        assert main_screen(pilot).query_one("#search").value == "Kir"
        await ready(pilot)


async def test_a_busy_index_is_a_message_and_the_app_goes_on(
    seeds_copy: Path, tmp_path: Path
) -> None:
    from reader.index.locking import UpdateLock

    ws = Workspace(seeds_copy, index_dir=tmp_path / "index")
    ws.update_index()  # a warm index, then another process holds the update lock
    ws.index.busy_timeout = 0.1
    app = ReaderApp(ws)
    with UpdateLock(tmp_path / "index", timeout=1.0):
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(pilot)
            found = await search(pilot, "Kirby")  # the last commit still answers
            assert found
            assert "index busy" in text_of(pilot, "#status-text")  # and it stays said


async def test_an_empty_corpus_opens_and_searching_it_is_harmless(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    app = ReaderApp(Workspace(tmp_path / "empty", index_dir=tmp_path / "index"))
    async with app.run_test(size=(120, 30)) as pilot:
        assert await search(pilot, "anything") == []
        status = text_of(pilot, "#status-text")
        assert "\n" not in status and app.is_running  # counts, or one line of error


async def test_an_unreadable_annotation_file_is_reported_not_touched(
    app: ReaderApp, seeds_copy: Path
) -> None:
    folder = seeds_copy.parent / "annotations" / "000_6d362e06adb48299"
    folder.mkdir(parents=True)
    bad = folder / "01HZZZZZZZZZZZZZZZZZZZZZZZ.yaml"
    bad.write_text("tags: [unclosed\n")
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await wait_until(
            pilot,
            lambda: any("cannot be read" in n.message for n in app._notifications),
            "the warning",
        )
        (note,) = [n.message for n in app._notifications if "cannot be read" in n.message]
        assert "01HZZZZZZZZZZZZZZZZZZZZZZZ.yaml" in note
    assert bad.read_text() == "tags: [unclosed\n"


async def test_an_edited_open_article_is_shown_again_in_place(
    app: ReaderApp, seeds_copy: Path
) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await search(pilot, "Kirby")
        await pilot.press("enter", "enter")
        screen = main_screen(pilot)
        await wait_until(pilot, lambda: screen.current_number() is not None, "the article")
        ref, article = screen.current, screen.state.article
        path = seeds_copy / f"{article.id}.txt"
        path.write_text(path.read_text(encoding="utf-8") + "\n\nA quokka appeared.\n")
        await wait_until(
            pilot,
            lambda: (
                screen.query(PassageView)
                and "quokka" in str(screen.query(PassageView).last().content.plain)
            ),
            "the edited article",
        )
        assert screen.current == ref
        assert await search(pilot, "quokka")
