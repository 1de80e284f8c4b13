"""Helpers for driving the app under `run_test()`: tests and benchmarks wait on conditions."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Static

from reader.model import Hit
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.results import ResultsList


async def wait_until(
    pilot: Pilot, condition: Callable[[], object], what: str = "condition", timeout: float = 10.0
) -> None:
    """Let the app run until `condition()` is true; TimeoutError naming `what` otherwise."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what} after {timeout} s")
        await pilot.pause(0.01)


def main_screen(pilot: Pilot) -> MainScreen:
    screen = pilot.app.main_screen()
    assert screen is not None
    return screen


def hits(pilot: Pilot) -> list[Hit]:
    """The hits the results list shows."""
    return main_screen(pilot).query_one(ResultsList).hits


def rows(pilot: Pilot) -> list[str]:
    """The results list's rows as plain text."""
    listing = main_screen(pilot).query_one(ResultsList)
    return [str(getattr(o.prompt, "plain", o.prompt)) for o in listing.options]


def text_of(pilot: Pilot, selector: str) -> str:
    """The plain text a Static shows."""
    widget = main_screen(pilot).query_one(selector, Static)
    content = widget.content
    return str(getattr(content, "plain", content))


async def ready(pilot: Pilot) -> MainScreen:
    """Wait until the first indexing is done."""
    screen = main_screen(pilot)
    await wait_until(pilot, lambda: screen.index_ready, "the index")
    return screen


async def search(pilot: Pilot, query: str) -> list[Hit]:
    """Type `query` into the search box and wait for its results (or its error)."""
    screen = await ready(pilot)
    screen.action_focus_search()
    box = screen.query_one("#search")
    box.value = ""
    await pilot.press(*list(query))
    await wait_until(
        pilot,
        lambda: screen.state.shown_query == query,
        f"results of {query!r}",
    )
    return hits(pilot)
