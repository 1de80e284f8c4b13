"""The main screen: search box, results, reading pane, passage info, tag panel.

It owns the state (reactive query, sort and current passage; the rest in a `MainState`)
and coordinates the widgets, which post messages up. Disk, index and git work runs in
thread workers (`reader.ui.jobs`); changes go through the `Writer` (`editing.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from reader.gitshare import Change as GitChange
from reader.records import Orphan
from reader.refs import PassageRef
from reader.ui import jobs
from reader.ui import messages as msg
from reader.ui.commands import COMMANDS, bindings
from reader.ui.dialogs.export import ExportDialog
from reader.ui.dialogs.news import NewsDialog
from reader.ui.dialogs.orphans import OrphansDialog, Reattach
from reader.ui.screens.editing import PassageEditor
from reader.ui.screens.reports import ReportsScreen
from reader.ui.state import MainState
from reader.ui.watch import Watcher
from reader.ui.widgets.passage_info import PassageInfo
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.results import ResultsList
from reader.ui.widgets.search_box import SearchBox
from reader.ui.widgets.status import StatusLine
from reader.ui.widgets.tag_panel import TagPanel
from reader.workspace import Workspace

HINT = "type to search (? lists every key)"
POLL_SECONDS = 2.0
FIRST_SEARCH_GRACE = 0.5
TAKEN_KEYS = {k.strip() for c in COMMANDS for k in c.key.split(",")} | {"?", "/", "[", "]"}


class MainScreen(Screen[None]):
    """Search, read and tag."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("main")

    search_query: var[str] = var("")
    sort: var[str] = var("relevance")
    current: var[PassageRef | None] = var(None)
    index_ready: var[bool] = var(False)

    def __init__(self, workspace: Workspace, query: str = "") -> None:
        super().__init__()
        self.ws = workspace
        self.initial_query = query
        self.state = MainState()
        self.editor = PassageEditor(self)
        self.watcher = Watcher(workspace, POLL_SECONDS)
        self.index_started = False

    def compose(self) -> ComposeResult:
        yield SearchBox(id="search")
        with Horizontal(id="body"):
            yield TagPanel(id="tags")
            with Vertical(id="left"):
                yield ResultsList(id="results")
                yield StatusLine(id="status")
            with Vertical(id="right"):
                yield ReadingPane(id="pane")
                yield PassageInfo(id="info")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(StatusLine).say("indexing…")
        search = self.query_one(SearchBox)
        if self.initial_query:
            search.value = self.initial_query
            search.remember(self.initial_query)
        search.focus()
        self.set_interval(POLL_SECONDS, self.look_for_changes, name="watch")
        self.run_job(partial(jobs.driver_warning, self.ws), "driver")
        self.set_timer(FIRST_SEARCH_GRACE, self.start_index)
        if self.initial_query:
            self.search_query = self.initial_query  # at once, not after the debounce
        else:
            self.refresh_results()  # a warm index lists its passages before the update ends

    def on_unmount(self) -> None:
        self.editor.writer.close()  # writes still queued are finished, never dropped

    def run_job(self, job: Callable[[], Message | None], group: str) -> None:
        """Run `job` in a thread worker (the newest of its group wins) and post what it
        returns, unless it was cancelled meanwhile."""

        def work() -> None:
            message = job()
            if message is not None and not get_current_worker().is_cancelled:
                self.post_message(message)

        self.run_worker(work, thread=True, group=group, exclusive=True)

    # -- the index -------------------------------------------------------------------------

    def start_index(self) -> None:
        """Start the first index update once the first search has answered (a warm index
        answers in milliseconds; listing the corpus would slow it down), or after
        `FIRST_SEARCH_GRACE` seconds, whichever comes first."""
        if not self.index_started:
            self.index_started = True
            self.index_corpus()

    def index_corpus(self) -> None:
        def job() -> Message:
            worker = get_current_worker()
            return jobs.index(self.ws, self.watcher, self.post_message, lambda: worker.is_cancelled)

        self.run_job(job, "index")

    @on(msg.IndexProgress)
    def _index_progress(self, event: msg.IndexProgress) -> None:
        self.query_one(StatusLine).progress(event.done, event.total)

    @on(msg.IndexDone)
    def _index_done(self, event: msg.IndexDone) -> None:
        status = self.query_one(StatusLine)
        status.idle()
        if event.summary is not None:
            summary = event.summary
            if summary.added or summary.updated or summary.removed or not self.index_ready:
                self.notify(f"index: {summary.line()}", timeout=4)
            for warning in summary.warnings[:3]:
                self.notify(str(warning), severity="warning", timeout=6)
        self.index_ready = True
        self.state.index_problem = None if event.summary is not None else event.error
        self.state.row_tags.clear()  # the index has every tag now
        self.load_tag_counts()
        self.refresh_results(keep=self.current)
        if self.current is not None:
            self.load_article(self.current)
        if event.summary is None:  # after the refresh, so the hint does not hide it
            self.notify(event.error or "indexing failed", severity="error", timeout=8)
            status.say(event.error or "indexing failed", error=True)

    def action_reload(self) -> None:
        self.notify("reloading", timeout=2)
        self.index_corpus()

    # -- searching ---------------------------------------------------------------------

    @on(SearchBox.Search)
    def _search_requested(self, event: SearchBox.Search) -> None:
        self.search_query = event.query

    def watch_search_query(self) -> None:
        self.refresh_results()

    def watch_sort(self) -> None:
        self.refresh_results(keep=self.current)

    def refresh_results(self, keep: PassageRef | None = None) -> None:
        """Run the current query (every passage, newest first, when it is empty); keep the
        cursor on `keep`. A warm index answers before the first update ends."""
        self.state.search_seq += 1
        self.state.keep = keep
        sort = self.sort if self.search_query.strip() else "date"
        self.run_job(
            partial(jobs.search, self.ws, self.state.search_seq, self.search_query, sort), "search"
        )

    @on(msg.SearchDone)
    def _search_done(self, event: msg.SearchDone) -> None:
        self.start_index()  # after the first answer (no-op once started)
        state = self.state
        if event.seq != state.search_seq:
            return  # a newer search is on its way
        status = self.query_one(StatusLine)
        state.shown_query = event.query
        if event.error is not None or event.results is None:
            state.awaiting_results = False
            state.pending.clear()
            status.say(event.error or "search failed", error=True)
            return
        results = state.results = event.results
        listing = self.query_one(ResultsList)
        listing.show(results.hits, state.row_tags, keep=state.keep)
        listed = len(results.hits) + results.collapsed  # copies are listed once
        shown = f" (first {len(results.hits)})" if listed < results.total else ""
        order = f"sorted by {self.sort}" if event.query.strip() else f"newest first · {HINT}"
        status.say(
            f"{results.total} passage{'s' if results.total != 1 else ''} in "
            f"{results.articles} article{'s' if results.articles != 1 else ''}{shown}"
            f" · {order}{'' if self.index_ready else ' · indexing…'}"
            + (f" · {state.index_problem}" if state.index_problem else "")
            + (f" · left out: {' '.join(results.dropped)}" if results.dropped else "")
        )
        state.awaiting_results = False
        if listing.current is not None and (self.current is None or listing.has_focus):
            self.current = listing.current.ref
        pending, state.pending = state.pending, []
        for action in pending:
            action()

    @on(SearchBox.Done)
    def _search_done_typing(self) -> None:
        listing = self.query_one(ResultsList)
        listing.focus()
        if self.state.shown_query != self.search_query:
            self.state.awaiting_results = True  # enter came before the results: wait
        elif listing.current is not None:
            self.current = listing.current.ref

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus()

    def action_leave_search(self) -> None:
        if self.focused is self.query_one(SearchBox):
            self.query_one(ResultsList).focus()

    def action_toggle_sort(self) -> None:
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.notify(f"sorted by {self.sort}", timeout=2)

    def search_for(self, query: str) -> None:
        """Put `query` in the search box and run it (tag panel, palette)."""
        box = self.query_one(SearchBox)
        box.value = query
        box.remember(query)
        if self.search_query == query:
            self.refresh_results()
        else:
            self.search_query = query
        self.query_one(ResultsList).focus()

    # -- the current passage -----------------------------------------------------------

    @on(ResultsList.OptionHighlighted)
    def _cursor_moved(self, event: ResultsList.OptionHighlighted) -> None:
        hit = self.query_one(ResultsList).current
        if hit is not None:
            self.current = hit.ref

    @on(ResultsList.Opened)
    def _opened(self, event: ResultsList.Opened) -> None:
        self.open(event.hit.ref)

    def open(self, ref: PassageRef) -> None:
        """Make `ref` the current passage and move to the reading pane."""
        self.current = ref
        self.query_one(ReadingPane).focus()

    def open_article(self, article_id: str) -> None:
        """Open an article at its first passage (command palette)."""
        self.open(PassageRef(article_id, 1))

    def watch_current(self, ref: PassageRef | None) -> None:
        if ref is not None and self.state.number_in_article(ref) is None:
            self.load_article(ref)
            return
        if ref is not None:
            self.query_one(ReadingPane).mark(ref.number)
        self.show_info()

    def load_article(self, ref: PassageRef) -> None:
        self.run_job(partial(jobs.load_article, self.ws, ref), "article")

    @on(msg.ArticleLoaded)
    async def _article_loaded(self, event: msg.ArticleLoaded) -> None:
        if event.article is None:
            self.query_one(StatusLine).say(event.error or "article not found", error=True)
            return
        article = event.article
        if self.current is None or self.current.article != article.id:
            return  # the user moved on
        self.state.article = article
        self.state.annotations = event.annotations
        number = self.current.number
        if not 1 <= number <= len(article.passages):
            number = max(1, len(article.passages))
            self.set_reactive(MainScreen.current, PassageRef(article.id, number))
        hits = self.state.results.hits if self.state.results else []
        matches = {
            hit.passage: hit.highlights
            for hit in hits
            if hit.article == article.id
            and 1 <= hit.passage <= len(article.passages)
            and article.passages[hit.passage - 1].text == hit.text
        }
        await self.query_one(ReadingPane).show(article, event.annotations, number, matches)
        self.show_info()

    def show_info(self) -> None:
        self.query_one(PassageInfo).show(self.current, self.state.shown(self.current))

    def current_number(self) -> int | None:
        """The current passage's number once its article is open, else None."""
        return self.state.number_in_article(self.current)

    @on(ReadingPane.Moved)
    def _pane_moved(self, event: ReadingPane.Moved) -> None:
        self.step_passage(event.step)

    def action_next_passage(self) -> None:
        self.step_passage(1)

    def action_prev_passage(self) -> None:
        self.step_passage(-1)

    def step_passage(self, step: int) -> None:
        number = self.current_number()
        article = self.state.article
        if article is None or number is None:
            return
        target = max(1, min(len(article.passages), number + step))
        self.current = PassageRef(article.id, target)

    def action_open(self) -> None:
        hit = self.query_one(ResultsList).current
        if hit is not None:
            self.open(hit.ref)

    def reload_article(self) -> None:
        """Read the open article again (its metadata changed) and refresh the results."""
        if self.current is not None:
            self.state.article = None
            self.load_article(self.current)
        self.refresh_results(keep=self.current)

    # -- tags --------------------------------------------------------------------------

    def action_toggle_tags(self) -> None:
        panel = self.query_one(TagPanel)
        show = not self.has_class("-show-tags")
        self.set_class(show, "-show-tags")
        if show:
            self.load_tag_counts()
            panel.focus()
        elif panel.has_focus:
            self.query_one(ResultsList).focus()

    def load_tag_counts(self) -> None:
        self.run_job(partial(jobs.tag_data, self.ws), "tags")

    @on(msg.TagCounts)
    def _tag_counts(self, event: msg.TagCounts) -> None:
        state = self.state
        if event.error:
            self.notify(event.error, severity="error")
        state.tag_counts = event.counts
        state.set_codebook(event.codebook, TAKEN_KEYS)
        self.query_one(TagPanel).show(event.counts)
        if event.errors and event.errors != state.reported_errors:
            state.reported_errors = event.errors
            more = f" (and {len(event.errors) - 1} more; `reader check` lists them)"
            self.notify(
                "annotation file left untouched, it cannot be read: "
                f"{event.errors[0]}{more if event.errors[1:] else ''}",
                severity="warning",
                timeout=10,
            )

    @on(TagPanel.Chosen)
    def _tag_chosen(self, event: TagPanel.Chosen) -> None:
        self.search_for(f'tag:"{event.tag}"')

    # -- editing (see editing.py) ------------------------------------------------------

    def action_tag(self) -> None:
        self.editor.tag()

    def action_note(self) -> None:
        self.editor.note()

    def action_article_meta(self) -> None:
        self.editor.article_meta()

    def action_undo(self) -> None:
        self.editor.undo()

    def on_key(self, event: events.Key) -> None:
        """One-key tags from the codebook (not while typing in the search box)."""
        if event.character and event.character in self.state.quick:
            if isinstance(self.focused, SearchBox):
                return
            event.stop()
            self.editor.quick_tag(self.state.quick[event.character])

    @on(msg.WriteDone)
    def _written(self, event: msg.WriteDone) -> None:
        self.editor.written(event.written)

    # -- orphans, news and files changed elsewhere ----------------------------------------

    def action_orphans(self) -> None:
        self.notify("looking for orphaned annotations…", timeout=2)
        self.run_job(partial(jobs.orphans, self.ws), "orphans")

    @on(msg.OrphansFound)
    def _orphans_found(self, event: msg.OrphansFound) -> None:
        if event.error:
            self.notify(event.error, severity="error")
            return

        def chosen(choice: Orphan | Reattach | None) -> None:
            if isinstance(choice, Reattach):
                self.editor.reattach(choice.orphan)
            elif choice is not None:
                self.open(PassageRef(choice.article, choice.passage or 1))

        self.app.push_screen(OrphansDialog(event.orphans, self.current), chosen)

    def action_news(self) -> None:
        self.notify("reading what changed since the last pull…", timeout=2)
        self.run_job(partial(jobs.news, self.ws), "news")

    @on(msg.NewsFound)
    def _news_found(self, event: msg.NewsFound) -> None:
        if event.error:
            self.notify(event.error, severity="warning")
            return

        def chosen(change: GitChange | None) -> None:
            if change is not None and change.article:
                self.open(PassageRef(change.article, change.passage or 1))

        self.app.push_screen(NewsDialog(event.changes), chosen)

    # -- reports and export ------------------------------------------------------------

    def action_reports(self) -> None:
        shown = self.state.shown(self.current)
        tag = shown.tags[0] if shown and shown.tags else None
        self.app.push_screen(ReportsScreen(self.ws, self.search_query, tag))

    def action_export(self) -> None:
        def done(message: str | None) -> None:
            if message:
                self.notify(message, timeout=6)

        self.app.push_screen(ExportDialog(self.ws, self.search_query), done)

    @on(msg.Notice)
    def _notice(self, event: msg.Notice) -> None:
        self.notify(event.text, severity=event.severity, timeout=event.timeout)

    def look_for_changes(self) -> None:
        self.run_job(partial(jobs.look, self.watcher), "watch")

    @on(msg.FilesChanged)
    def _files_changed(self, event: msg.FilesChanged) -> None:
        """Reload when something other than this app's own writes changed."""
        changes = event.changes
        if changes.files or self.state.foreign(changes.articles):
            self.notify("files changed on disk: reloading", timeout=2)
            self.index_corpus()
