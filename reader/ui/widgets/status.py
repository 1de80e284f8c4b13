"""The status line: hit counts or a query error, and the indexing progress bar."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from reader.textnorm import printable


class StatusLine(Horizontal):
    """One line under the results: counts, messages, and a progress bar while indexing."""

    def compose(self) -> ComposeResult:
        yield Static("", id="status-text", markup=False)
        yield ProgressBar(id="index-progress", show_eta=False)

    def say(self, message: str, *, error: bool = False) -> None:
        """Show a one-line message (errors in the error colour)."""
        text = Text(printable(message), style="bold red" if error else "")
        self.query_one("#status-text", Static).update(text)
        self.set_class(error, "-error")

    def progress(self, done: int, total: int) -> None:
        """Show indexing progress."""
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(total, 1), progress=done)

    def idle(self) -> None:
        """Hide the progress bar."""
        self.query_one(ProgressBar).display = False
