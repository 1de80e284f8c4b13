"""The status line: hit counts or a query error, what is hidden, the indexing progress, and
on the right how this clone stands with the team (`reader.ui.sharing`).

It spans the whole width under the results and the reading pane, and wraps (up to three
lines) rather than cut a message short.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from reader.model import SearchResults
from reader.textnorm import printable


class StatusLine(Horizontal):
    """Counts and messages, a warning about hidden files, a progress bar while indexing."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.message = Text()
        self.hidden = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="status-text", markup=False)
        yield ProgressBar(id="index-progress", show_eta=False)
        yield Static("", id="status-share", markup=False)

    def say(self, message: str, *, error: bool = False) -> None:
        """Show a message (errors in the error colour)."""
        self.message = Text(printable(message), style="bold red" if error else "")
        self.set_class(error, "-error")
        self._show()

    def counts(self, results: SearchResults, order: str, ready: bool, problem: str | None) -> None:
        """`N passages in M articles (first K) · ORDER`, then whether the index is still
        being built, why its last update failed and which common words the query left out."""
        listed = len(results.hits) + results.collapsed  # copies of a passage are listed once
        shown = f" (first {len(results.hits)})" if listed < results.total else ""
        passages = f"{results.total} passage{'s' if results.total != 1 else ''}"
        articles = f"{results.articles} article{'s' if results.articles != 1 else ''}"
        line = f"{passages} in {articles}{shown} · {order}"
        line += "" if ready else " · indexing…"
        line += f" · {problem}" if problem else ""
        line += f" · left out: {' '.join(results.dropped)}" if results.dropped else ""
        self.say(line)

    def hide_count(self, count: int) -> None:
        """Say that `count` annotation files are left out because they cannot be read."""
        self.hidden = count
        self._show()

    def _show(self) -> None:
        text = self.message.copy()
        if self.hidden:
            files = "file is" if self.hidden == 1 else "files are"
            text.append(" · ")
            text.append(
                f"{self.hidden} annotation {files} hidden: not valid (reader check lists them)",
                style="bold yellow",
            )
        self.query_one("#status-text", Static).update(text)

    def share(self, line: str, *, error: bool = False) -> None:
        """Show the sharing state ("3 unshared · 2 new from Ana"); "" hides it."""
        shared = self.query_one("#status-share", Static)
        shared.display = bool(line)
        shared.set_class(error, "-error")
        shared.update(Text(printable(line)))

    def progress(self, done: int, total: int) -> None:
        """Show indexing progress."""
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(total, 1), progress=done)

    def idle(self) -> None:
        """Hide the progress bar."""
        self.query_one(ProgressBar).display = False
