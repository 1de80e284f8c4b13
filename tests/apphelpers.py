"""Helpers for driving the app under `run_test()`: tests and benchmarks wait on conditions."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
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


async def keys(pilot: Pilot, *names: str) -> None:
    """Press keys (Textual's names: `enter`, `ctrl+s`, `j`) as a fast typist does: every
    key sent at once, none waiting for the one before (the app keeps them in order:
    `reader.ui.keys`); returns once all were handled. `pilot.press` waits for the app to
    go idle after each key, which costs a tenth of a second a key."""
    app = pilot.app
    order = app.keys  # type: ignore[attr-defined]
    expected = order.sent + len(order.waiting) + len(names)
    for name in names:
        key = REPLACED_KEYS.get(name, name)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
        except KeyError:
            char = name if len(name) == 1 else None
        event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]
    await wait_until(pilot, lambda: order.sent >= expected and order.idle, "the keys handled")
    await pilot.pause()


async def typed(pilot: Pilot, text: str) -> None:
    """Type `text` (see `keys`): `\t` is the tab key, `\r` and `\n` enter."""
    names = []
    for char in text:
        if char in "\r\n":
            names.append("enter")
        else:
            names.append(char if char.isalnum() else _character_to_key(char))
    await keys(pilot, *names)


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
    await typed(pilot, query)
    await wait_until(
        pilot,
        lambda: screen.state.shown_query == query,
        f"results of {query!r}",
    )
    return hits(pilot)
