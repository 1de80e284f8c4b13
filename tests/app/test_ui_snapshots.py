"""Snapshots of the main screen on the seeds at a fixed size (no clock, no random).

Regenerate after a deliberate change with `pytest tests/test_ui_snapshots.py
--snapshot-update`, and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import main_screen, ready, search, text_of, wait_until

from reader.ui.app import ReaderApp
from reader.ui.widgets.search_box import SearchBox
from reader.workspace import Workspace

SIZE = (120, 36)


@pytest.fixture
def app(seeds_copy: Path, tmp_path: Path) -> ReaderApp:
    app = ReaderApp(Workspace(seeds_copy, index_dir=tmp_path / "index"), save=False)
    app.theme = "textual-dark"
    app.notify = lambda *args, **kwargs: None  # toasts carry timings: keep them out
    return app


async def settle(pilot) -> None:
    """Stop the blinking cursor, then let the screen paint."""
    for box in pilot.app.screen.query(SearchBox):
        box.cursor_blink = False
    await pilot.pause()


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


def test_results_and_open_passage(app: ReaderApp, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await search(pilot, "Kirby")
        await pilot.press("enter", "j", "enter")
        screen = main_screen(pilot)
        await wait_until(pilot, lambda: screen.current_number() is not None, "the article")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_sorted_by_date_with_tag_panel(app: ReaderApp, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await search(pilot, "peace")
        screen = main_screen(pilot)
        await pilot.press("enter", "b", "slash", "enter", "enter")
        await wait_until(pilot, lambda: screen.current_number() is not None, "the article")
        await pilot.press("t", *"topic/peace", "enter", "s")
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


def test_help_screen(app: ReaderApp, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await started(pilot)
        await settle(pilot)
        await pilot.press("escape", "question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
