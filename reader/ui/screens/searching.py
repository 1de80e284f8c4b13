"""Searching from the main screen: running the query in a worker, showing the results and
their counts, and keys pressed before the results came (`enter` then `t` at once)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from reader.refs import PassageRef
from reader.ui import jobs
from reader.ui import messages as msg
from reader.ui.widgets.results import ResultsList
from reader.ui.widgets.search_box import SearchBox
from reader.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen

HINT = "type to search (? lists every key)"


class Searcher:
    """Runs one main screen's searches and shows what they found."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def refresh(self, keep: PassageRef | None = None) -> None:
        """Run the screen's query (every passage, newest first, when it is empty); keep the
        cursor on `keep`."""
        screen, state = self.screen, self.screen.state
        state.search_seq += 1
        state.keep = keep
        query = screen.search_query
        sort = screen.sort if query.strip() else "date"
        job = partial(jobs.search, screen.ws, state.search_seq, query, sort)
        screen.run_job(job, "search")

    def done(self, event: msg.SearchDone) -> None:
        """Show the results of the newest search (or its error), then run the keys that
        were waiting for them."""
        screen, state = self.screen, self.screen.state
        screen.start_index()  # after the first answer (no-op once started)
        if event.seq != state.search_seq:
            return  # a newer search is on its way
        status = screen.query_one(StatusLine)
        state.shown_query = event.query
        if event.error is not None or event.results is None:
            state.awaiting_results = False
            state.pending.clear()
            status.say(event.error or "search failed", error=True)
            return
        results = state.results = event.results
        listing = screen.query_one(ResultsList)
        listing.show(results.hits, state.row_tags, state.keep, state.labels)
        unnamed = {h.article for h in results.hits if not h.title} - set(state.labels)
        if unnamed:
            screen.run_job(partial(jobs.labels, screen.ws, unnamed), "labels")
        order = f"sorted by {screen.sort}" if event.query.strip() else f"newest first · {HINT}"
        status.counts(results, order, screen.index_ready, state.index_problem)
        state.awaiting_results = False
        if listing.current is not None and (screen.current is None or listing.has_focus):
            screen.current = listing.current.ref
        pending, state.pending = state.pending, []
        for action in pending:
            action()

    def done_typing(self) -> None:
        """`enter` in the search box: to the results (waiting for them if need be)."""
        screen = self.screen
        listing = screen.query_one(ResultsList)
        listing.focus()
        if screen.state.shown_query != screen.search_query:
            screen.state.awaiting_results = True  # enter came before the results: wait
        elif listing.current is not None:
            screen.current = listing.current.ref

    def labelled(self, event: msg.Labels) -> None:
        """Name untitled articles in the results by their first words."""
        self.screen.state.labels.update(event.labels)
        self.screen.query_one(ResultsList).redraw(labels=self.screen.state.labels)

    def search_for(self, query: str) -> None:
        """Put `query` in the search box and run it (tag panel, palette)."""
        screen = self.screen
        box = screen.query_one(SearchBox)
        box.value = query
        box.remember(query)
        if screen.search_query == query:
            self.refresh()
        else:
            screen.search_query = query
        screen.query_one(ResultsList).focus()
