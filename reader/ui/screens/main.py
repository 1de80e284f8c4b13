"""The main screen: search box, results, reading pane, passage info, tag panel.

It owns the state (query, sort, results, current passage) and coordinates the widgets,
which post messages up. Disk and index work runs in thread workers (see `workers.py`).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer

from reader.model import Article, Hit, PassageAnnotations, SearchResults, parse_ref
from reader.ui import messages as msg
from reader.ui.commands import bindings
from reader.ui.dialogs.orphans import Orphan, OrphansDialog, Reattach
from reader.ui.screens.editing import EditingMixin
from reader.ui.screens.sharing import SharingMixin
from reader.ui.screens.workers import FIRST_SEARCH_GRACE, WorkersMixin
from reader.ui.widgets.passage_info import PassageInfo
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.results import ResultsList
from reader.ui.widgets.search_box import SearchBox
from reader.ui.widgets.status import StatusLine
from reader.ui.widgets.tag_panel import TagPanel
from reader.workspace import Workspace

HINT = "type to search (? lists every key)"


class MainScreen(WorkersMixin, EditingMixin, SharingMixin, Screen[None]):
    """Search, read and tag."""

    BINDINGS = bindings("main")

    search_query: var[str] = var("")
    sort: var[str] = var("relevance")
    current: var[str | None] = var(None)
    index_ready: var[bool] = var(False)

    def __init__(self, workspace: Workspace, query: str = "") -> None:
        super().__init__()
        self.ws = workspace
        self.initial_query = query
        self.results: SearchResults | None = None
        self.article: Article | None = None
        self.annotations: dict[int, PassageAnnotations] = {}
        self.row_tags: dict[str, tuple[str, ...]] = {}
        self.tag_counts: dict[str, int] = {}
        self.codebook: dict[str, object] = {}
        self.quick: dict[str, str] = {}
        self.search_seq = 0
        self.keep: str | None = None
        self.shown_query: str | None = None  # the query whose results (or error) are shown
        self.awaiting_results = False  # enter was pressed before the query's results came
        self.index_problem: str | None = None  # why the last index update failed
        self.pending_actions: list = []  # keys pressed meanwhile (t, n, ...), run on arrival

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
        self.start_watching()
        self.check_git_driver()
        self.set_timer(FIRST_SEARCH_GRACE, self.start_index)
        if self.initial_query:
            self.search_query = self.initial_query  # at once, not after the debounce
        else:
            self.refresh_results()  # a warm index lists its passages before the update ends

    # -- searching --------------------------------------------------------------------

    @on(SearchBox.Search)
    def _search_requested(self, event: SearchBox.Search) -> None:
        self.search_query = event.query

    def watch_search_query(self) -> None:
        self.refresh_results()

    def watch_sort(self) -> None:
        self.refresh_results(keep=self.current)

    def refresh_results(self, keep: str | None = None) -> None:
        """Run the current query; keep the cursor on `keep`.

        Searching does not wait for the first index update: a warm index answers at once
        (Whoosh readers see the last commit), and the update's end runs the query again.
        """
        self.search_seq += 1
        self.keep = keep
        if not self.search_query.strip():  # every passage, newest first
            self.run_search(self.search_seq, self.search_query, "date")
            return
        self.run_search(self.search_seq, self.search_query, self.sort)

    @on(msg.SearchDone)
    def _search_done(self, event: msg.SearchDone) -> None:
        self.start_index()  # after the first answer (no-op once started)
        if event.seq != self.search_seq:
            return  # a newer search is on its way
        status = self.query_one(StatusLine)
        self.shown_query = event.query
        if event.error is not None:
            self.awaiting_results = False
            self.pending_actions.clear()
            status.say(event.error, error=True)
            return
        results = event.results
        assert results is not None
        self.results = results
        listing = self.query_one(ResultsList)
        listing.show(results.hits, self.row_tags, keep=self.keep)
        listed = len(results.hits) + results.collapsed  # copies are listed once
        shown = f" (first {len(results.hits)})" if listed < results.total else ""
        order = f"sorted by {self.sort}" if event.query.strip() else f"newest first · {HINT}"
        status.say(
            f"{results.total} passage{'s' if results.total != 1 else ''} in "
            f"{results.articles} article{'s' if results.articles != 1 else ''}{shown}"
            f" · {order}{'' if self.index_ready else ' · indexing…'}"
            + (f" · {self.index_problem}" if self.index_problem else "")
            + (f" · left out: {' '.join(results.dropped)}" if results.dropped else "")
        )
        self.awaiting_results = False
        if listing.current is not None and (self.current is None or listing.has_focus):
            self.current = listing.current.ref
        pending, self.pending_actions = self.pending_actions, []
        for action in pending:
            action()

    @on(SearchBox.Done)
    def _search_done_typing(self) -> None:
        listing = self.query_one(ResultsList)
        listing.focus()
        if self.shown_query != self.search_query:
            self.awaiting_results = True  # enter came before the results: wait for them
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

    # -- the current passage -------------------------------------------------------------

    @on(ResultsList.OptionHighlighted)
    def _cursor_moved(self, event: ResultsList.OptionHighlighted) -> None:
        hit = self.query_one(ResultsList).current
        if hit is not None:
            self.current = hit.ref

    @on(ResultsList.Opened)
    def _opened(self, event: ResultsList.Opened) -> None:
        self.current = event.hit.ref
        self.query_one(ReadingPane).focus()

    def watch_current(self, ref: str | None) -> None:
        if ref is None:
            self.show_info()
            return
        article_id, number = parse_ref(ref)
        if self.article is not None and self.article.id == article_id:
            self.query_one(ReadingPane).mark(number)
            self.show_info()
        else:
            self.load_article(ref)

    @on(msg.ArticleLoaded)
    async def _article_loaded(self, event: msg.ArticleLoaded) -> None:
        if event.article is None:
            self.query_one(StatusLine).say(event.error or "article not found", error=True)
            return
        if self.current is None or parse_ref(self.current)[0] != event.article.id:
            return  # the user moved on
        self.article = event.article
        self.annotations = event.annotations
        number = parse_ref(self.current)[1]
        if not 1 <= number <= len(event.article.passages):
            number = max(1, len(event.article.passages))
            self.set_reactive(MainScreen.current, f"{event.article.id}#{number}")
        matches = {
            hit.passage: hit.highlights
            for hit in (self.results.hits if self.results else [])
            if hit.article == event.article.id
            and 1 <= hit.passage <= len(event.article.passages)
            and event.article.passages[hit.passage - 1].text == hit.text
        }
        pane = self.query_one(ReadingPane)
        await pane.show(event.article, event.annotations, number, matches)
        self.show_info()

    def show_info(self) -> None:
        number = self.current_number()
        self.query_one(PassageInfo).show(
            self.current, self.annotations.get(number) if number else None
        )

    def current_number(self) -> int | None:
        if self.current is None or self.article is None:
            return None
        article_id, number = parse_ref(self.current)
        return number if article_id == self.article.id else None

    @on(ReadingPane.Moved)
    def _pane_moved(self, event: ReadingPane.Moved) -> None:
        self.step_passage(event.step)

    def action_next_passage(self) -> None:
        self.step_passage(1)

    def action_prev_passage(self) -> None:
        self.step_passage(-1)

    def step_passage(self, step: int) -> None:
        number = self.current_number()
        if self.article is None or number is None:
            return
        target = max(1, min(len(self.article.passages), number + step))
        self.current = f"{self.article.id}#{target}"

    def action_open(self) -> None:
        hit: Hit | None = self.query_one(ResultsList).current
        if hit is not None:
            self.current = hit.ref
            self.query_one(ReadingPane).focus()

    # -- tags panel --------------------------------------------------------------------

    def action_toggle_tags(self) -> None:
        panel = self.query_one(TagPanel)
        show = not self.has_class("-show-tags")
        self.set_class(show, "-show-tags")
        if show:
            self.load_tag_counts()
            panel.focus()
        elif panel.has_focus:
            self.query_one(ResultsList).focus()

    @on(msg.TagCounts)
    def _tag_counts(self, event: msg.TagCounts) -> None:
        self.tag_counts = event.counts
        self.codebook = event.codebook
        self.query_one(TagPanel).show(event.counts)
        self.update_quick_keys()

    @on(TagPanel.Chosen)
    def _tag_chosen(self, event: TagPanel.Chosen) -> None:
        self.search_for(f'tag:"{event.tag}"')

    def open_article(self, article_id: str) -> None:
        """Open an article at its first passage (command palette)."""
        self.current = f"{article_id}#1"
        self.query_one(ReadingPane).focus()

    # -- orphans -----------------------------------------------------------------------

    def action_orphans(self) -> None:
        self.notify("looking for orphaned annotations…", timeout=2)
        self.find_orphans()

    @on(msg.OrphansFound)
    def _orphans_found(self, event: msg.OrphansFound) -> None:
        def chosen(orphan: Orphan | Reattach | None) -> None:
            if isinstance(orphan, Reattach):
                self.reattach_orphan(orphan.orphan)
            elif orphan is not None:
                number = orphan.passage_hint or 1
                self.current = f"{orphan.article}#{number}"
                self.query_one(ReadingPane).focus()

        self.app.push_screen(OrphansDialog(event.orphans, self.current), chosen)

    def reload_article(self) -> None:
        """Read the open article again (its metadata changed) and refresh the results."""
        if self.current is not None:
            self.article = None
            self.load_article(self.current)
        self.refresh_results(keep=self.current)

    def action_reload(self) -> None:
        self.notify("reloading", timeout=2)
        self.index_corpus()
