"""Snapshots of the app on the seeds at fixed sizes (no clock, no random): the main view,
the help and the tag dialog at 80x24 (the compact layout) and 140x45, and two more views.

Regenerate after a deliberate change with `pytest tests/app/test_ui_snapshots.py
--snapshot-update`, and look at the SVGs before committing them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from apphelpers import main_screen, ready, search, text_of, typed, wait_until
from textual.widgets import Input

from reader.ui.app import ReaderApp
from reader.ui.widgets.reading_pane import ReadingPane
from reader.workspace import Workspace

SIZE = (120, 36)
SIZES = [(80, 24), (140, 45)]
CODEBOOK = Path(__file__).resolve().parents[2] / "annotations" / "codebook.yaml"


@pytest.fixture
def app(seeds_copy: Path, warm_index: Path) -> ReaderApp:
    shutil.copy(CODEBOOK, seeds_copy.parent / "annotations")
    app = ReaderApp(Workspace(seeds_copy, index_dir=warm_index), save=False)
    app.theme = "textual-dark"
    app.notify = lambda *args, **kwargs: None  # toasts carry timings: keep them out
    return app


async def settle(pilot) -> None:
    """Wait for the first words of untitled articles in the rows, stop the blinking
    cursor, then let the screen paint."""
    state = main_screen(pilot).state
    hits = state.results.hits if state.results else []
    await wait_until(
        pilot, lambda: all(h.title or h.article in state.labels for h in hits), "the labels"
    )
    for screen in pilot.app.screen_stack:
        for box in screen.query(Input):
            box.cursor_blink = False
    await pilot.pause()
    await steady(pilot)


def layout_of(pilot) -> list[object]:
    """What decides how the scrolling parts are drawn: sizes, scroll offsets, scroll bars."""
    found: list[object] = []
    for widget in main_screen(pilot).query("#results, #pane"):
        found += [widget.size, widget.virtual_size, widget.scroll_offset]
        found.append(widget.show_vertical_scrollbar)
    return found


async def steady(pilot) -> None:
    """Wait until the layout stays the same over three refreshes (rows re-wrap when a scroll
    bar comes, which moves the bar's thumb a fraction)."""
    seen, same = layout_of(pilot), 0
    for _ in range(100):
        await pilot.pause()
        now = layout_of(pilot)
        same = same + 1 if now == seen else 0
        seen = now
        if same >= 3:
            return
    raise TimeoutError("the layout kept changing")


def in_view(screen) -> bool:
    """The current passage is marked and scrolled to the top of the pane (as far as it goes)."""
    pane = screen.query_one(ReadingPane)
    marked = pane.query(".-current")
    if not marked or pane.current != screen.current_number():
        return False
    return pane.scroll_offset.y == min(marked.first().virtual_region.y, pane.max_scroll_y)


async def opened(pilot) -> None:
    """Wait for the open article, its current passage in view."""
    screen = main_screen(pilot)
    await wait_until(pilot, lambda: screen.current_number() is not None, "the article")
    await wait_until(pilot, lambda: in_view(screen), "the passage in view")


async def started(pilot) -> None:
    """Wait for the start-up listing (every passage, newest first) and its article."""
    screen = await ready(pilot)
    await wait_until(
        pilot, lambda: screen.state.shown_query == "" and screen.state.results, "the listing"
    )
    await wait_until(pilot, lambda: screen.current_number() is not None, "the article")


def test_start_screen_lists_the_newest_passages(app: ReaderApp, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await started(pilot)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
def test_results_and_open_passage(app: ReaderApp, snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await search(pilot, "Kirby")
        await pilot.press("enter", "j", "enter")
        await opened(pilot)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_sorted_by_date_with_tag_panel(app: ReaderApp, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await search(pilot, "peace")
        screen = main_screen(pilot)
        await pilot.press("enter", "b", "slash", "enter", "enter")
        await wait_until(pilot, lambda: screen.current_number() is not None, "the article")
        await pilot.press("t")
        await typed(pilot, "topic/peace")
        await pilot.press("enter", "s")
        await wait_until(pilot, lambda: "topic/peace" in screen.state.tag_counts, "the tag counts")
        await wait_until(
            pilot,
            lambda: "sorted by date" in text_of(pilot, "#status-text"),
            "the re-sorted results",
        )
        await wait_until(pilot, lambda: screen.query_one("#tags").root.children, "the panel")
        listing = screen.query_one("#results")
        await wait_until(pilot, lambda: listing.scroll_offset.y > 0, "the kept row in view")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
def test_help_screen(app: ReaderApp, snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await started(pilot)
        await settle(pilot)
        await pilot.press("escape", "question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
def test_tag_dialog_completing(app: ReaderApp, snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await search(pilot, "Kirby")
        await pilot.press("enter", "enter")
        await opened(pilot)
        await pilot.press("t")
        await typed(pilot, "actor/china, act")
        await pilot.press("tab")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
