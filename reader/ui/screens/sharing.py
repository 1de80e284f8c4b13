"""The main screen's view of git sharing: the merge-driver warning and "new since last pull".

Both run git as subprocesses, so both run in thread workers (see `reader.gitshare`).
"""

from __future__ import annotations

from textual import work

from reader.gitshare import Change, GitError, changes_since, driver_status
from reader.ui.dialogs.news import NewsDialog
from reader.ui.widgets.reading_pane import ReadingPane
from reader.workspace import Workspace


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class SharingMixin:
    """Warns once when the clone lacks the merge driver; shows what others changed."""

    ws: Workspace
    current: str | None

    @work(thread=True, exclusive=True, group="driver")
    def check_git_driver(self) -> None:
        """At start-up: a warning when this clone would merge annotation files line by line."""
        try:
            warning = driver_status(self.ws.annotations)
        except Exception:  # a broken git is not worth a start-up error
            return
        if warning:
            self.app.call_from_thread(self.notify, warning, severity="warning", timeout=12)

    def action_news(self) -> None:
        self.notify("reading what changed since the last pull…", timeout=2)
        self.load_news()

    @work(thread=True, exclusive=True, group="news")
    def load_news(self) -> None:
        try:
            changes = changes_since(self.ws.annotations)
        except GitError as exc:
            self.app.call_from_thread(self.notify, _first_line(exc), severity="warning")
            return
        except Exception as exc:
            self.app.call_from_thread(self.notify, _first_line(exc), severity="error")
            return
        self.app.call_from_thread(self.show_news, changes)

    def show_news(self, changes: list[Change]) -> None:
        self.app.push_screen(NewsDialog(changes), self.open_change)

    def open_change(self, change: Change | None) -> None:
        """Open the passage a change was on (the first passage when it has none)."""
        if change is None or not change.article:
            return
        self.current = f"{change.article}#{change.passage or 1}"
        self.query_one(ReadingPane).focus()
