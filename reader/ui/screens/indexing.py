"""Keeping the index up to date from the main screen: the first update after the first
answer, updates when files change, and what the user hears about them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from reader.ui import jobs
from reader.ui import messages as msg
from reader.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen


class Indexer:
    """Runs index updates in a worker for one main screen and shows how they went."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.started = False

    def start(self) -> None:
        """Start the first update once the first search has answered (a warm index answers
        in milliseconds; listing the corpus would slow it down), or after the screen's
        grace period, whichever comes first."""
        if not self.started:
            self.started = True
            self.update()

    def update(self) -> None:
        screen = self.screen

        def job() -> Message:
            worker = get_current_worker()
            return jobs.index(
                screen.ws, screen.watcher, screen.post_message, lambda: worker.is_cancelled
            )

        screen.run_job(job, "index")

    def done(self, event: msg.IndexDone) -> None:
        """Say what the update did (or why it failed), then refresh what is shown."""
        screen, state = self.screen, self.screen.state
        status = screen.query_one(StatusLine)
        status.idle()
        if event.summary is not None:
            summary = event.summary
            if summary.added or summary.updated or summary.removed or not screen.index_ready:
                screen.notify(f"index: {summary.line()}", timeout=4)
            if summary.warnings:  # one toast, however many: toasts must not bury the panel
                more = len(summary.warnings) - 1
                extra = f" (and {more} more: `reader index` lists them)" if more else ""
                screen.notify(f"{summary.warnings[0]}{extra}", severity="warning", timeout=6)
        screen.index_ready = True
        state.index_problem = None if event.summary is not None else event.error
        state.row_tags.clear()  # the index has every tag now
        screen.load_tag_counts()
        screen.refresh_results(keep=screen.current)
        if screen.current is not None:
            screen.load_article(screen.current)
        if event.summary is None:  # after the refresh, so the hint does not hide it
            screen.notify(event.error or "indexing failed", severity="error", timeout=8)
            status.say(event.error or "indexing failed", error=True)
