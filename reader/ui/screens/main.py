"""The main screen: search box, results, reading pane, passage info, tag panel, status.

It owns the state (reactive query, sort and current passage; the rest in a `MainState`)
and coordinates the widgets, which post messages up. Disk, index and git work runs in
thread workers (`reader.ui.jobs`); changes go through the `Writer` (`editing.py`); the
orphans and news lists are `lookups.py`'s, the coding run `coding.py`'s.

Focus (README, "The app"): the search box at start-up; `/` goes to it from anywhere;
`enter` there goes to the results, `enter` on a result to the reading pane (below
`COMPACT_WIDTH` columns the pane then takes the list's place); `j`/`k` move between
results in both; `v` selects in the pane; `escape` goes back one level (selection, then
pane, box or tag panel, then the results); dialogs give the focus back where it was.
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

from reader.refs import PassageRef
from reader.ui import jobs
from reader.ui import messages as msg
from reader.ui.commands import COMMANDS, bindings
from reader.ui.config import Config
from reader.ui.dialogs.export import ExportDialog
from reader.ui.render import SNIPPET
from reader.ui.screens.coding import CodingScreen, start_coding
from reader.ui.screens.copies_variants import add_variants, show_copies
from reader.ui.screens.editing import PassageEditor
from reader.ui.screens.indexing import Indexer
from reader.ui.screens.lookups import Lookups
from reader.ui.screens.reports import ReportsScreen
from reader.ui.screens.searching import Searcher
from reader.ui.screens.selecting import Selector
from reader.ui.sharing import ShareStatus, Sharing, SyncDone, SyncProgress
from reader.ui.state import MainState
from reader.ui.watch import Watcher
from reader.ui.widgets.passage_info import PassageInfo
from reader.ui.widgets.reading_pane import ArticleHeader, ReadingPane
from reader.ui.widgets.results import ResultsList
from reader.ui.widgets.search_box import SearchBox
from reader.ui.widgets.status import StatusLine
from reader.ui.widgets.tag_panel import TagPanel
from reader.workspace import Workspace

POLL_SECONDS = 2.0
FIRST_SEARCH_GRACE = 0.5
COMPACT_WIDTH = 100  # columns: below, the reading pane takes the results' place when open
COMPACT_SNIPPET = 150  # characters of each result's passage in the compact layout
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
        self.lookups = Lookups(self)
        self.selector = Selector(self)
        self.indexer = Indexer(self)
        self.searcher = Searcher(self)
        self.watcher = Watcher(workspace, POLL_SECONDS)
        self.sharing = Sharing(self)

    def compose(self) -> ComposeResult:
        yield SearchBox(id="search")
        with Horizontal(id="body"):
            yield TagPanel(id="tags")
            with Vertical(id="left"):
                yield ResultsList(id="results")
            with Vertical(id="right"):
                yield ArticleHeader(id="article-header")
                yield ReadingPane(id="pane")
                yield PassageInfo(id="info")
        yield StatusLine(id="status")
        yield Footer()

    def on_resize(self) -> None:
        """Below COMPACT_WIDTH columns, one of results and reading pane is shown at a time
        (the one with the focus; CSS `-compact`, `-reading`), with shorter rows."""
        compact = (self.size.width or self.app.size.width) < COMPACT_WIDTH
        if compact != self.has_class("-compact"):
            self.set_class(compact, "-compact")
            self.query_one(ResultsList).redraw(limit=COMPACT_SNIPPET if compact else SNIPPET)

    def on_descendant_focus(self) -> None:
        self.set_class(isinstance(self.focused, ReadingPane), "-reading")

    def on_mount(self) -> None:
        self.on_resize()
        self.call_after_refresh(self.on_resize)  # once laid out, by the screen's own size
        self.query_one(StatusLine).say("indexing…")
        search = self.query_one(SearchBox)
        if self.initial_query:
            search.value = self.initial_query
            search.remember(self.initial_query)
        search.focus()
        self.set_interval(POLL_SECONDS, self.look_for_changes, name="watch")
        self.run_job(partial(jobs.driver_warning, self.ws), "driver")
        config = getattr(self.app, "config", None)
        self.sharing.start(config if isinstance(config, Config) else Config())
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
        self.indexer.start()

    @on(msg.IndexProgress)
    def _index_progress(self, event: msg.IndexProgress) -> None:
        self.query_one(StatusLine).progress(event.done, event.total)

    @on(msg.IndexDone)
    def _index_done(self, event: msg.IndexDone) -> None:
        self.indexer.done(event)

    def action_reload(self) -> None:
        self.notify("reloading", timeout=2)
        self.indexer.update()

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
        self.searcher.refresh(keep)

    @on(msg.SearchDone)
    def _search_done(self, event: msg.SearchDone) -> None:
        self.searcher.done(event)

    @on(SearchBox.Done)
    def _search_done_typing(self) -> None:
        self.searcher.done_typing()

    @on(msg.Labels)
    def _labels(self, event: msg.Labels) -> None:
        self.searcher.labelled(event)

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus()

    def action_back(self) -> None:
        """Escape: back one level (the pane, the search box or the tag panel to the
        results; a selection is left by the pane's own escape)."""
        if self.focused is self.query_one(TagPanel):
            self.action_toggle_tags()
        elif self.focused is not self.query_one(ResultsList):
            self.query_one(ResultsList).focus()

    def action_toggle_sort(self) -> None:
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.notify(f"sorted by {self.sort}", timeout=2)

    def search_for(self, query: str) -> None:
        """Put `query` in the search box and run it (tag panel, palette)."""
        self.searcher.search_for(query)

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
        if self.state.selection is not None and self.state.selection.ref != ref:
            self.end_selection()
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
        matches = self.state.matches(article)
        self.query_one(ArticleHeader).show(article)
        pane = self.query_one(ReadingPane)
        await pane.show(article, event.annotations, number, matches)
        moved = self.current is not None and self.current.number != number
        if moved and self.current is not None and self.current.article == article.id:
            pane.mark(self.current.number)  # the user moved on while the article was drawn
        self.selector.keep()
        self.show_info()

    def show_info(self) -> None:
        selection = self.state.selection
        quote = selection.quote if selection and selection.ref == self.current else None
        self.query_one(PassageInfo).show(self.current, self.state.shown(self.current), quote)
        if isinstance(self.app.screen, CodingScreen):
            self.app.screen.show_passage()

    def current_number(self) -> int | None:
        """The current passage's number once its article is open, else None."""
        return self.state.number_in_article(self.current)

    @on(ReadingPane.ResultStep)
    def _pane_result_step(self, event: ReadingPane.ResultStep) -> None:
        """j/k in the reading pane: the next or previous result, the pane following."""
        listing = self.query_one(ResultsList)
        listing.step(event.step)
        if listing.current is not None:
            self.current = listing.current.ref

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
        self.lookups.tag_data(event, TAKEN_KEYS)

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

    # -- selecting a span (v) and the coding run (c) ------------------------------------------

    def action_select(self) -> None:
        self.selector.start()

    @on(ReadingPane.SelectStep)
    def _select_step(self, event: ReadingPane.SelectStep) -> None:
        self.selector.step(event.how)

    def end_selection(self) -> None:
        self.selector.end()

    def action_coding_run(self) -> None:
        start_coding(self)

    @on(msg.WriteDone)
    def _written(self, event: msg.WriteDone) -> None:
        self.editor.written(event.written)
        self.sharing.wrote()

    # -- orphans, news and files changed elsewhere ----------------------------------------

    def action_orphans(self) -> None:
        self.lookups.orphans()

    @on(msg.OrphansFound)
    def _orphans_found(self, event: msg.OrphansFound) -> None:
        self.lookups.orphans_found(event)

    def action_news(self) -> None:
        self.lookups.news()

    @on(msg.NewsFound)
    def _news_found(self, event: msg.NewsFound) -> None:
        self.lookups.news_found(event)

    # -- reports and export ------------------------------------------------------------

    def action_reports(self) -> None:
        shown = self.state.shown(self.current)
        tag = shown.tags[0] if shown and shown.tags else None
        self.app.push_screen(ReportsScreen(self.ws, self.search_query, tag))

    def action_also_in(self) -> None:
        show_copies(self)

    def action_add_variants(self) -> None:
        add_variants(self)

    def action_export(self) -> None:
        def done(message: str | None) -> None:
            if message:
                self.notify(message, timeout=6)

        self.app.push_screen(ExportDialog(self.ws, self.search_query), done)

    @on(msg.Notice)
    def _notice(self, event: msg.Notice) -> None:
        self.notify(event.text, severity=event.severity, timeout=event.timeout)

    def look_for_changes(self) -> None:
        if not self.sharing.syncing:  # what a sync changes is re-indexed when it ends
            self.run_job(partial(jobs.look, self.watcher), "watch")
        self.sharing.tick()

    @on(msg.FilesChanged)
    def _files_changed(self, event: msg.FilesChanged) -> None:
        """Reload when something other than this app's own writes changed."""
        changes = event.changes
        if changes.files or self.state.foreign(changes.articles):
            self.notify("files changed on disk: reloading", timeout=2)
            self.indexer.update()
            self.sharing.refresh()

    # -- sharing through git (see sharing.py) ---------------------------------------------

    def action_sync(self) -> None:
        self.sharing.sync()

    @on(ShareStatus)
    def _share_status(self, event: ShareStatus) -> None:
        self.sharing.status(event)

    @on(SyncProgress)
    def _sync_progress(self, event: SyncProgress) -> None:
        self.sharing.progress(event)

    @on(SyncDone)
    def _sync_done(self, event: SyncDone) -> None:
        self.sharing.done(event)
