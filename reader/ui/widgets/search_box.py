"""The search box: debounced queries, history on up/down, enter goes to the results.

A `/` typed into the empty box is not written: `/` is the key that goes to the search box
from anywhere, and a query never starts with it. Coming back to the box leaves the query
as it was, the cursor at its end (nothing selected for the next key to wipe out).
"""

from __future__ import annotations

from textual import events, on
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

DEBOUNCE = 0.05  # seconds of quiet typing before a search starts
HISTORY = 100


class SearchBox(Input):
    """An input that posts `Search` after a pause in typing and `Done` on enter/escape."""

    BINDINGS = [
        Binding("up", "history(-1)", "Earlier query", show=False),
        Binding("down", "history(1)", "Later query", show=False),
    ]

    class Search(Message):
        """The user wants the results of `query`."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Done(Message):
        """The user is done typing (enter): move to the results."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            placeholder='Search: words, "phrases", tag:x, date:2023-05 …',
            select_on_focus=False,
            **kwargs,
        )
        self.history: list[str] = []
        self._position = 0
        self._timer: Timer | None = None

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "/" and not self.value:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self.post_message(self.Search(self.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.remember(self.value)
        if self._timer is not None:
            self._timer.stop()
            self._fire()
        self.post_message(self.Done())

    def remember(self, query: str) -> None:
        """Add a query to the history (most recent last, no repeats)."""
        query = query.strip()
        if query:
            if query in self.history:
                self.history.remove(query)
            self.history.append(query)
            del self.history[:-HISTORY]
        self._position = len(self.history)

    def action_history(self, step: int) -> None:
        """Walk the history: -1 earlier, +1 later (past the end: an empty box)."""
        if not self.history:
            return
        self._position = max(0, min(len(self.history), self._position + step))
        value = self.history[self._position] if self._position < len(self.history) else ""
        self.value = value
        self.cursor_position = len(value)
