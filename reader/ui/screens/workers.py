"""The main screen's slow work: indexing, searching, reading articles, watching files.

Each runs in a thread worker and reports back with a message; none touches a widget.
"""

from __future__ import annotations

import contextlib
import time

from textual import work
from textual.worker import get_current_worker

from reader.model import IndexBusyError, QueryError, parse_ref
from reader.ui import messages as msg
from reader.ui import store_ops
from reader.ui.dialogs.orphans import orphan_from
from reader.ui.watch import Changes, Watcher
from reader.ui.widgets.status import StatusLine
from reader.workspace import Workspace, WorkspaceError

POLL_SECONDS = 2.0
OWN_WRITE_SECONDS = 10.0  # a change this app made is not "a change on disk" for this long
FIRST_SEARCH_GRACE = 0.5
RESULTS_LIMIT = 100  # rows shown; the status line gives the full count


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class WorkersMixin:
    """Thread workers of the main screen (mixed into `MainScreen`).

    Handlers here are named `on_*` (not `@on`): Textual collects `@on` handlers only from
    classes that are message pumps themselves, but finds named ones along the whole MRO.
    """

    ws: Workspace
    index_ready: bool

    # -- the index -------------------------------------------------------------------------

    def start_index(self) -> None:
        """Start the first index update once the first search has answered (a warm index
        answers in milliseconds; the update's listing of the corpus would slow it down), or
        after `FIRST_SEARCH_GRACE` seconds, whichever comes first."""
        if not getattr(self, "_index_started", False):
            self._index_started = True
            self.index_corpus()

    @work(thread=True, exclusive=True, group="index")
    def index_corpus(self) -> None:
        worker = get_current_worker()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()  # at most ten updates a second: 10,000 files, not 10,000 paints
            if done >= total or now - last[0] >= 0.1:
                last[0] = now
                self.post_message(msg.IndexProgress(done, total))

        if self.watcher.files is None:  # the baseline: what the update is about to see
            with contextlib.suppress(Exception):
                self.watcher.look()
        try:
            summary = self.ws.update_index(progress=progress, cancelled=lambda: worker.is_cancelled)
        except IndexBusyError as exc:
            self.post_message(msg.IndexDone(None, f"index busy: {_first_line(exc)}"))
            return
        except Exception as exc:  # a broken corpus must not take the app down
            self.post_message(msg.IndexDone(None, f"indexing failed: {_first_line(exc)}"))
            return
        self.post_message(msg.IndexDone(summary))

    def on_index_progress(self, event: msg.IndexProgress) -> None:
        self.query_one(StatusLine).progress(event.done, event.total)

    def on_index_done(self, event: msg.IndexDone) -> None:
        status = self.query_one(StatusLine)
        status.idle()
        if event.summary is not None:
            summary = event.summary
            if summary.added or summary.updated or summary.removed or not self.index_ready:
                self.notify(f"index: {summary.line()}", timeout=4)
            for warning in summary.warnings[:3]:
                self.notify(str(warning), severity="warning", timeout=6)
        self.index_ready = True
        self.index_problem = None if event.summary is not None else event.error
        self.row_tags.clear()  # the index has every tag now
        self.load_tag_counts()
        self.refresh_results(keep=self.current)
        if self.current is not None:
            self.load_article(self.current)
        if event.summary is None:  # after the refresh, so the hint does not hide it
            self.notify(event.error or "indexing failed", severity="error", timeout=8)
            status.say(event.error or "indexing failed", error=True)

    # -- searching and reading -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, seq: int, query: str, sort: str) -> None:
        try:
            results = self.ws.search(query.strip() or "*", limit=RESULTS_LIMIT, sort=sort)
        except QueryError as exc:
            self.post_message(msg.SearchDone(seq, query, None, f"query: {_first_line(exc)}"))
            return
        except Exception as exc:
            self.post_message(
                msg.SearchDone(seq, query, None, f"search failed: {_first_line(exc)}")
            )
            return
        if not get_current_worker().is_cancelled:
            self.post_message(msg.SearchDone(seq, query, results))

    @work(thread=True, exclusive=True, group="article")
    def load_article(self, ref: str) -> None:
        article_id, number = parse_ref(ref)
        try:
            article = self.ws.article(article_id)
            annotations = self.ws.store.passage_annotations(article)
        except Exception as exc:  # unreadable, gone, or an invalid annotation file
            self.post_message(msg.ArticleLoaded(None, {}, number, _first_line(exc)))
            return
        self.post_message(msg.ArticleLoaded(article, annotations, number))

    @work(thread=True, exclusive=True, group="tags")
    def load_tag_counts(self) -> None:
        try:
            counts = store_ops.tag_counts(self.ws)
            book = store_ops.codebook(self.ws)
            errors = [str(e) for e in self.ws.store.load_errors]
        except Exception as exc:
            self.post_message(msg.TagCounts({}, {}))
            self.app.call_from_thread(self.notify, _first_line(exc), severity="error")
            return
        self.post_message(msg.TagCounts(counts, book))
        if errors and errors != getattr(self, "_reported_errors", None):
            self._reported_errors = errors
            more = f" (and {len(errors) - 1} more; `reader check` lists them)" if errors[1:] else ""
            self.app.call_from_thread(
                self.notify,
                f"annotation file left untouched, it cannot be read: {errors[0]}{more}",
                severity="warning",
                timeout=10,
            )

    @work(thread=True, group="reindex")
    def reindex(self, article_id: str, refresh: bool = False) -> None:
        try:
            self.ws.reindex_article(article_id)
        except Exception as exc:
            self.app.call_from_thread(
                self.notify, f"re-indexing {article_id}: {_first_line(exc)}", severity="warning"
            )
            return
        self.post_message(msg.Reindexed(article_id, refresh))

    def on_reindexed(self, event: msg.Reindexed) -> None:
        if event.refresh:
            self.refresh_results(keep=self.current)

    @work(thread=True, exclusive=True, group="orphans")
    def find_orphans(self) -> None:
        """Orphans of every article that has annotations."""
        found = []
        try:
            annotated = sorted(self.ws.store.fingerprints())
        except Exception as exc:
            self.app.call_from_thread(self.notify, _first_line(exc), severity="error")
            return
        for article_id in annotated:
            try:
                article = self.ws.article(article_id)
            except WorkspaceError as exc:  # the article itself is gone
                found.append(orphan_from(article_id, article_id, {}, _first_line(exc)))
                continue
            except Exception:
                continue
            try:
                for path, data, reason in self.ws.store.orphans(article):
                    found.append(orphan_from(article_id, path, data, reason))
            except Exception as exc:
                found.append(orphan_from(article_id, article_id, {}, _first_line(exc)))
        self.post_message(msg.OrphansFound(found))

    # -- living files ----------------------------------------------------------------------

    def start_watching(self) -> None:
        self.watcher = Watcher(self.ws, POLL_SECONDS)
        self.own_writes: dict[str, float] = {}  # article id -> when this app wrote it
        self.set_interval(POLL_SECONDS, self.look_for_changes, name="watch")

    @work(thread=True, exclusive=True, group="watch")
    def look_for_changes(self) -> None:
        try:
            changes = self.watcher.look()
        except Exception:
            return
        self.app.call_from_thread(self._compare, changes)

    def _compare(self, changes: Changes) -> None:
        """Reload when something other than this app's own writes changed."""
        now = time.monotonic()
        own = {a for a, when in self.own_writes.items() if now - when < OWN_WRITE_SECONDS}
        self.own_writes = {a: w for a, w in self.own_writes.items() if a in own - changes.articles}
        if changes.files or changes.articles - own:
            self.post_message(msg.FilesChanged())

    def on_files_changed(self) -> None:
        self.notify("files changed on disk: reloading", timeout=2)
        self.index_corpus()
