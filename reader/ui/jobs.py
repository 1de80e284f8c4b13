"""The main screen's slow work, as plain functions run in thread workers.

Each takes what it needs, touches no widget, and returns the message the screen handles
(see `messages.py`); the screen runs them with `MainScreen.run_job`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from textual.message import Message

from reader.errors import IndexBusyError, QueryError, ReaderError, first_line
from reader.refs import PassageRef
from reader.ui import messages as msg
from reader.ui.watch import Watcher
from reader.workspace import Workspace

RESULTS_LIMIT = 100  # rows shown; the status line gives the full count
PROGRESS_EVERY = 0.1  # seconds: 10,000 files are not 10,000 paints


def index(
    ws: Workspace,
    watcher: Watcher,
    post: Callable[[Message], object],
    cancelled: Callable[[], bool],
) -> Message:
    """Bring the index up to date, posting progress; the summary or why it failed."""
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            post(msg.IndexProgress(done, total))

    if watcher.files is None:  # the baseline: what the update is about to see
        with contextlib.suppress(OSError):
            watcher.look()
    try:
        return msg.IndexDone(ws.update_index(progress=progress, cancelled=cancelled))
    except IndexBusyError as exc:
        return msg.IndexDone(None, f"index busy: {first_line(exc)}")
    except Exception as exc:  # a broken corpus must not take the app down
        return msg.IndexDone(None, f"indexing failed: {first_line(exc)}")


def search(ws: Workspace, seq: int, query: str, sort: str) -> Message:
    """The results of `query` (every passage, newest first, when it is empty)."""
    try:
        results = ws.search(query.strip() or "*", limit=RESULTS_LIMIT, sort=sort)
    except QueryError as exc:
        return msg.SearchDone(seq, query, None, f"query: {first_line(exc)}")
    except Exception as exc:  # a damaged index: say so, keep the app
        return msg.SearchDone(seq, query, None, f"search failed: {first_line(exc)}")
    return msg.SearchDone(seq, query, results)


def load_article(ws: Workspace, ref: PassageRef) -> Message:
    """The article of `ref` with what annotates its passages."""
    try:
        article = ws.article(ref.article)
        return msg.ArticleLoaded(ref, article, ws.passage_annotations(article))
    except (ReaderError, OSError) as exc:  # unreadable, gone, or an invalid annotation file
        return msg.ArticleLoaded(ref, None, {}, first_line(exc))


def tag_data(ws: Workspace) -> Message:
    """Tag counts, the codebook and the annotation files that cannot be read."""
    try:
        counts = ws.tag_counts()
        book = ws.codebook()
    except (ReaderError, OSError) as exc:
        return msg.TagCounts({}, {}, [], first_line(exc))
    return msg.TagCounts(counts, book, [str(e) for e in ws.load_errors])


def orphans(ws: Workspace) -> Message:
    """Orphans of every annotated article."""
    try:
        return msg.OrphansFound(ws.orphans())
    except (ReaderError, OSError) as exc:
        return msg.OrphansFound([], first_line(exc))


def news(ws: Workspace) -> Message:
    """What others changed since the last pull (git runs as a subprocess)."""
    from reader.gitshare import changes_since

    try:
        return msg.NewsFound(changes_since(ws.annotations))
    except (ReaderError, OSError) as exc:
        return msg.NewsFound([], first_line(exc))


def driver_warning(ws: Workspace) -> Message | None:
    """At start-up: a warning when this clone would merge annotation files line by line."""
    from reader.gitshare import driver_status

    try:
        warning = driver_status(ws.annotations)
    except (ReaderError, OSError):  # a broken git is not worth a start-up error
        return None
    return msg.Notice(warning, timeout=12) if warning else None


def look(watcher: Watcher) -> Message | None:
    """What changed on disk since the last look (None: nothing)."""
    try:
        changes = watcher.look()
    except (ReaderError, OSError):
        return None
    return msg.FilesChanged(changes) if changes else None
