"""What the main screen fetches and shows: the tag counts and codebook (the tag panel, the
one-key tags, the files hidden for being invalid), orphans (`o`) and what is new since the
last pull or a revision (`g`). Composition, like `PassageEditor`: one per main screen."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from reader.gitshare import Change as GitChange
from reader.records import Orphan
from reader.refs import PassageRef
from reader.ui import jobs
from reader.ui import messages as msg
from reader.ui.dialogs.news import NewsDialog, Since
from reader.ui.dialogs.orphans import OrphansDialog, Reattach
from reader.ui.widgets.status import StatusLine
from reader.ui.widgets.tag_panel import TagPanel

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen


class Lookups:
    """Runs the lookups in workers and shows their answers in dialogs."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def tag_data(self, event: msg.TagCounts, taken: set[str]) -> None:
        """Tags in use, the codebook (its one-key tags skip the `taken` keys), and the
        annotation files that cannot be read: said in the status and once in a toast."""
        screen, state = self.screen, self.screen.state
        if event.error:
            screen.notify(event.error, severity="error")
        state.tag_counts = event.counts
        clashes = state.set_codebook(event.codebook, taken)
        if clashes and clashes != state.reported_clashes:
            state.reported_clashes = clashes
            screen.notify(
                "codebook keys the app uses for itself, not for tags: " + ", ".join(clashes),
                severity="warning",
                timeout=8,
            )
        screen.query_one(TagPanel).show(event.counts, event.codebook)
        screen.query_one(StatusLine).hide_count(len(event.errors))
        if event.errors and event.errors != state.reported_errors:
            state.reported_errors = event.errors
            more = f" (and {len(event.errors) - 1} more; `reader check` lists them)"
            screen.notify(
                "annotation file left untouched, it cannot be read: "
                f"{event.errors[0]}{more if event.errors[1:] else ''}",
                severity="warning",
                timeout=10,
            )

    def orphans(self) -> None:
        self.screen.notify("looking for orphaned annotations…", timeout=2)
        self.screen.run_job(partial(jobs.orphans, self.screen.ws), "orphans")

    def orphans_found(self, event: msg.OrphansFound) -> None:
        screen = self.screen
        if event.error:
            screen.notify(event.error, severity="error")
            return

        def chosen(choice: Orphan | Reattach | None) -> None:
            if isinstance(choice, Reattach):
                screen.editor.reattach(choice.orphan)
            elif choice is not None:
                screen.open(PassageRef(choice.article, choice.passage or 1))

        screen.app.push_screen(OrphansDialog(event.orphans, screen.current), chosen)

    def news(self, rev: str | None = None) -> None:
        since = f"since {rev}" if rev else "since the last pull"
        self.screen.notify(f"reading what changed {since}…", timeout=2)
        self.screen.run_job(partial(jobs.news, self.screen.ws, rev), "news")

    def news_found(self, event: msg.NewsFound) -> None:
        """Show the changes; a failure (no pull yet, an unknown revision) shows in the
        dialog too, whose field takes a revision to try instead."""
        screen = self.screen

        def chosen(answer: GitChange | Since | None) -> None:
            if isinstance(answer, Since):
                self.news(answer.rev)
            elif answer is not None and answer.article:
                screen.open(PassageRef(answer.article, answer.passage or 1))

        screen.app.push_screen(NewsDialog(event.changes, event.rev, event.error), chosen)
