"""Sharing with the team from the app: the status line's "3 unshared · 2 new from Ana", the
sync key (`S`, and the palette's "Sync"), and the settings that pull when the app opens and
sync every N minutes (`config.py`).

git never runs on the event loop. The status (`reader status`'s short line: about ten
quick local git calls) is asked in a thread worker after the app's writes (debounced),
after a sync, when files change on disk, and on the screen's poll at most every
`STATUS_SECONDS`. A sync (`reader sync`: commit, pull, push; the network) runs in a thread
worker after the writes already queued have landed, saying its steps in the status line;
then what it changed on disk is re-indexed and, when the user asked for it, the "new since
last pull" list opens on what came in. A failed sync leaves its reason in the status line
(and what it did is kept: the next sync carries on).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.gitshare import Change
from reader.ui import messages as msg
from reader.ui.watch import Watcher
from reader.ui.widgets.status import StatusLine
from reader.ui.writer import Writer

if TYPE_CHECKING:
    from pathlib import Path

    from reader.gitshare.sync import SyncResult
    from reader.ui.config import Config
    from reader.ui.screens.main import MainScreen

STATUS_SECONDS = 10.0  # the poll asks git for the status at most this often
WRITE_DEBOUNCE = 0.5  # seconds after the last write before the status is asked again


class ShareStatus(Message):
    """The sharing line ("" when the annotations are not in a git repository)."""

    def __init__(self, line: str) -> None:
        super().__init__()
        self.line = line


class SyncProgress(Message):
    """A sync's step, as it starts."""

    def __init__(self, step: int, total: int, text: str) -> None:
        super().__init__()
        self.step = step
        self.total = total
        self.text = text


class SyncDone(Message):
    """A finished (or stopped) sync, the status after it, and whether files changed."""

    def __init__(self, result: SyncResult, line: str, changed: bool, asked: bool) -> None:
        super().__init__()
        self.result = result
        self.line = line
        self.changed = changed
        self.asked = asked  # the user pressed the key (the list opens on what came in)


def status_job(folder: Path) -> ShareStatus:
    """The status line of the clone holding `folder` (git in a subprocess)."""
    from reader.gitshare.status import status_line

    try:
        return ShareStatus(status_line(folder))
    except (ReaderError, OSError):  # no git, a broken repository: show nothing
        return ShareStatus("")


def sync_job(
    folder: Path,
    push: bool,
    asked: bool,
    writer: Writer,
    watcher: Watcher,
    post: Callable[[Message], object],
) -> SyncDone:
    """Wait for the queued writes, sync, and take in what the sync changed on disk (so
    that the poll does not report it as someone else's change: the screen re-indexes)."""
    from reader.gitshare.sync import sync

    def progress(step: int, total: int, text: str) -> None:
        post(SyncProgress(step, total, text))

    writer.wait_idle()
    result = sync(folder, push=push, progress=progress)
    changed = False
    with contextlib.suppress(ReaderError, OSError):
        changed = bool(watcher.look())
    return SyncDone(result, status_job(folder).line, changed, asked)


def came_from(changes: list[Change]) -> str:
    """What a sync brought, by author: "3 new from Ana and Bob" ("" for nothing)."""
    from reader.gitshare.status import new_from

    counts: dict[str, int] = {}
    for change in changes:
        counts[change.author] = counts.get(change.author, 0) + 1
    ordered = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return new_from(ordered) if ordered else ""


class Sharing:
    """The main screen's sharing state and its git work (composition, like `Lookups`)."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.line = ""  # the last status line ("": not in git, or not asked yet)
        self.in_git: bool | None = None
        self.syncing = False
        self.pushing = True  # the running (or last) sync pushes; False: a pull on start
        self.step = ""  # the running sync's step
        self.after = ""  # what the last sync did ("synced: 2 new from Ana"), or why it stopped
        self.failed = False
        self.asked_at = 0.0
        self.every = STATUS_SECONDS
        self._debounce: Timer | None = None

    @property
    def folder(self) -> Path:
        return self.screen.ws.annotations

    def start(self, config: Config) -> None:
        """At mount: the first status; pull, and the sync timer, when the settings say so."""
        self.refresh()
        if config.pull_on_start:
            self.sync(push=False, asked=False)
        if config.sync_every_minutes > 0:
            self.screen.set_interval(
                config.sync_every_minutes * 60, self.timed_sync, name="sync-timer"
            )

    # -- the status line -------------------------------------------------------------------

    def refresh(self) -> None:
        """Ask git for the status now (in a worker; the newest ask wins)."""
        self.asked_at = time.monotonic()
        self.screen.run_job(partial(status_job, self.folder), "share-status")

    def tick(self) -> None:
        """The screen's poll: the status again when it is older than `every` seconds
        (not outside git, not during a sync, which says its own steps)."""
        if self.in_git is False or self.syncing:
            return
        if time.monotonic() - self.asked_at >= self.every:
            self.refresh()

    def wrote(self) -> None:
        """The app wrote a file: the status again once the writes pause."""
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.screen.set_timer(WRITE_DEBOUNCE, self.refresh)

    def status(self, event: ShareStatus) -> None:
        self.line = event.line
        self.in_git = bool(event.line)
        self.show()

    def show(self) -> None:
        if self.syncing:
            text = f"syncing {self.step}…" if self.step else "syncing…"
        else:
            text = " · ".join(part for part in (self.line, self.after) if part)
        self.screen.query_one(StatusLine).share(text, error=self.failed and not self.syncing)

    # -- syncing ---------------------------------------------------------------------------

    def sync(self, *, push: bool = True, asked: bool = True) -> None:
        """Sync in a worker (`S`, the palette); refused while another sync runs."""
        screen = self.screen
        if self.syncing:
            if asked:
                screen.notify("a sync is already running: wait for it", severity="warning")
            return
        self.syncing, self.step, self.pushing = True, "", push
        self.show()
        job = partial(
            sync_job, self.folder, push, asked, screen.editor.writer, screen.watcher,
            screen.post_message,
        )  # fmt: skip

        def work() -> None:
            done = job()
            if not get_current_worker().is_cancelled:
                screen.post_message(done)

        screen.run_worker(work, thread=True, group="sync", exclusive=False)

    def timed_sync(self) -> None:
        self.sync(asked=False)

    def progress(self, event: SyncProgress) -> None:
        self.step = f"[{event.step}/{event.total}] {event.text}"
        self.show()

    def done(self, event: SyncDone) -> None:
        """Show how the sync went; re-index what changed; list what came in."""
        screen, result = self.screen, event.result
        self.syncing, self.step = False, ""
        self.line = event.line
        self.in_git = bool(event.line) or self.in_git
        self.asked_at = time.monotonic()
        if event.changed:
            screen.indexer.update()
        if not result.ok:
            again = self.failed and self.after == f"sync failed: {result.error}"
            self.failed, self.after = True, f"sync failed: {result.error}"
            if event.asked or not again:  # a timer failing the same way is said once
                screen.notify(self.after, severity="error", timeout=10)
            self.show()
            return
        self.failed = False
        brought = came_from(result.incoming)
        what = "synced" if self.pushing else "pulled"
        self.after = f"{what}: {brought}" if brought else ""
        self.show()
        for line in result.installed:
            screen.notify(line, timeout=6)
        if result.left_out:  # a damaged file stays here, unshared, until it is fixed
            more = f" (and {len(result.left_out) - 1} more)" if result.left_out[1:] else ""
            screen.notify(
                f"left out (not valid, not shared): {result.left_out[0]}{more}; "
                "reader check lists them",
                severity="warning",
                timeout=10,
            )
        sent = result.pushed and result.sent is not None and bool(result.sent.files)
        if brought and event.asked:
            screen.lookups.news_found(msg.NewsFound(result.incoming))
        elif event.asked or brought or sent:  # a timer that did nothing stays quiet
            screen.notify(f"{what}: {self.summary(result, brought)}", timeout=6)

    @staticmethod
    def summary(result: SyncResult, brought: str) -> str:
        """One line for a toast: what came in (`g` lists it) and what went out."""
        parts = [f"{brought} (g lists them)" if brought else "nothing new from the others"]
        if result.pushed and result.sent is not None and result.sent.files:
            parts.append(f"sent {result.sent.words()}")
        elif result.commits and not result.pushed:
            parts.append("your changes are committed here, not sent")
        return "; ".join(parts)
