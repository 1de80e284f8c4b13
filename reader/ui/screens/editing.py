"""Editing the current passage from the main screen: tags, notes, article details, undo.

`PassageEditor` belongs to one `MainScreen` (composition, not a mixin): it opens the dialogs,
hands each change to the `Writer` (one thread, in key order, off the event loop), and when
the `WriteDone` message comes back, shows the result in the row, the pane and the info.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel

from reader.errors import ReaderError, first_line
from reader.model import Article
from reader.records import Orphan
from reader.refs import PassageRef
from reader.textnorm import printable
from reader.ui import messages as msg
from reader.ui.dialogs.article_meta import ArticleMetaDialog
from reader.ui.dialogs.note_editor import NoteDialog
from reader.ui.dialogs.tag_input import TagDialog
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.results import ResultsList
from reader.ui.writer import Writer, Written
from reader.workspace import Outcome, Workspace

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen


class PassageEditor:
    """Changes to the current passage, made through the workspace by the writer thread."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.writer = Writer(screen.ws, lambda done: screen.post_message(msg.WriteDone(done)))

    @property
    def ws(self) -> Workspace:
        return self.screen.ws

    def target(self) -> tuple[Article, PassageRef] | None:
        """The current passage with its article, or None with a word to the user.

        When the user is quicker than the article's loading (enter, then t at once), the
        article is read here, on the spot: one file and its annotations.
        """
        screen, state = self.screen, self.screen.state
        ref = screen.current
        if ref is None:
            screen.notify("no passage open: search, then pick a result", severity="warning")
            return None
        if state.article is None or state.article.id != ref.article:
            try:
                state.article = self.ws.article(ref.article)
                state.annotations = self.ws.passage_annotations(state.article)
            except ReaderError as exc:
                screen.notify(f"cannot open {ref.article}: {first_line(exc)}", severity="error")
                return None
            screen.load_article(ref)  # the pane catches up
        if not 1 <= ref.number <= len(state.article.passages):
            return None
        return state.article, ref

    def deferred(self, action: Callable[[], None]) -> bool:
        """Keep `action` for when the results of the query just entered arrive: `enter`
        then `t` typed quickly must tag the new first result, not the old one."""
        if not self.screen.state.awaiting_results:
            return False
        self.screen.state.pending.append(action)
        return True

    # -- tags --------------------------------------------------------------------------

    def tag(self) -> None:
        if self.deferred(self.tag):
            return
        target = self.target()
        if target is None:
            return
        _, ref = target
        have = self.screen.state.shown(ref)
        dialog = TagDialog(str(ref), self.screen.state.known_tags(), have.tags if have else [])
        self.screen.app.push_screen(dialog, lambda tags: self.apply_tags(ref, tags))

    def apply_tags(self, ref: PassageRef, tags: list[str] | None) -> None:
        if not tags:
            return
        add = [t for t in tags if not t.startswith("-")]
        remove = [t[1:] for t in tags if t.startswith("-") and len(t) > 1]

        def task(ws: Workspace) -> list[Outcome]:
            done = [ws.tag(ref, add)] if add else []
            return done + ([ws.untag(ref, remove)] if remove else [])

        what = " ".join([*(f"tag {t}" for t in add), *(f"untag {t}" for t in remove)])
        self.writer.submit(what, ref, task)

    def quick_tag(self, tag: str) -> None:
        """A codebook key: tag the current passage at once."""
        if self.deferred(lambda: self.quick_tag(tag)):
            return
        target = self.target()
        if target is not None:
            ref = target[1]
            self.writer.submit(f"tag {tag}", ref, lambda ws: [ws.tag(ref, [tag])])

    # -- notes -------------------------------------------------------------------------

    def note(self) -> None:
        if self.deferred(self.note):
            return
        target = self.target()
        if target is None:
            return
        ref = target[1]
        self.screen.app.push_screen(
            NoteDialog(str(ref), self.own_note(ref)), lambda text: self.apply_note(ref, text)
        )

    def own_note(self, ref: PassageRef) -> str:
        """The current author's note on a passage (to edit), '' if none."""
        shown = self.screen.state.shown(ref)
        me = self.ws.author()
        name = me.name or me.email
        return next((n.text for n in shown.notes if n.author == name), "") if shown else ""

    def apply_note(self, ref: PassageRef, text: str | None) -> None:
        if text is not None:
            self.writer.submit("note", ref, lambda ws: [ws.note(ref, text)])

    # -- orphans and article details ------------------------------------------------------

    def reattach(self, orphan: Orphan) -> None:
        """Re-attach an orphaned annotation to the open passage (undoable with u)."""
        target = self.target()
        if target is None:
            return
        article, ref = target
        if orphan.article != article.id:
            self.screen.notify(f"open a passage of {orphan.article} first", severity="warning")
            return
        tags = " ".join(orphan.tags) or "(no tags)"
        self.writer.submit(
            f"re-attach {tags} to {ref}",
            ref,
            lambda ws: [ws.reattach(orphan.annotation, ref)],
            reload=True,
        )

    def article_meta(self) -> None:
        if self.deferred(self.article_meta):
            return
        target = self.target()
        if target is None:
            return
        article, ref = target
        self.screen.app.push_screen(
            ArticleMetaDialog(article), lambda values: self.apply_meta(article.id, ref, values)
        )

    def apply_meta(self, article_id: str, ref: PassageRef, values: dict[str, str] | None) -> None:
        if not values:
            return
        what = "set " + ", ".join(sorted(values))
        self.writer.submit(what, ref, lambda ws: [ws.set_meta(article_id, **values)], reload=True)

    # -- undo and results --------------------------------------------------------------

    def undo(self) -> None:
        self.writer.undo()

    def written(self, done: Written) -> None:
        """Show what a change did: rows, pane and info of the touched articles, counts."""
        screen, state = self.screen, self.screen.state
        if done.error:
            severity: SeverityLevel = "information" if done.error == "nothing to undo" else "error"
            prefix = "" if severity == "information" or done.undone else "not saved: "
            screen.notify(f"{prefix}{done.error}", severity=severity, timeout=8)
            return
        state.wrote(done.shown)
        for article_id, shown in done.shown.items():
            if state.article is not None and state.article.id == article_id:
                state.annotations = shown
                pane = screen.query_one(ReadingPane)
                for number in range(1, len(state.article.passages) + 1):
                    pane.annotate(number, shown.get(number))
            listing = screen.query_one(ResultsList)
            for hit in listing.hits:
                if hit.article == article_id:
                    have = shown.get(hit.passage)
                    state.row_tags[hit.ref] = tuple(have.tags) if have else ()
                    listing.retag(hit.ref, state.row_tags[hit.ref])
        screen.show_info()
        screen.load_tag_counts()
        if done.index_problem:
            screen.notify(done.index_problem, severity="warning")
        if done.reload:
            screen.reload_article()
        if done.undone is not None:
            where = f" on {done.undone.ref}" if done.undone.ref else ""
            screen.notify(printable(f"{done.what}{where}"), timeout=3)
        elif done.what.startswith("re-attach ") and done.changed:
            what = done.what.removeprefix("re-attach ")
            screen.notify(printable(f"re-attached {what} (u undoes)"), timeout=4)
