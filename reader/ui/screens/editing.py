"""Editing the current passage from the main screen: tags, notes, article details, undo.

`PassageEditor` belongs to one `MainScreen` (composition, not a mixin): it opens the dialogs,
hands each change to the `Writer` (one thread, in key order, off the event loop), and when
the `WriteDone` message comes back, shows the result in the row, the pane and the info.
While a span is selected (`v`), tags, notes and the codebook keys apply to the span.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel

from reader.errors import ReaderError, first_line
from reader.model import Article
from reader.records import Orphan, Span
from reader.refs import PassageRef
from reader.textnorm import printable
from reader.ui import messages as msg
from reader.ui.dialogs.article_meta import ArticleMetaDialog
from reader.ui.dialogs.note_editor import NoteDialog
from reader.ui.dialogs.tag_input import TagAnswer, TagDialog
from reader.ui.render import quoted
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

    def target(self, ref: PassageRef | None = None) -> tuple[Article, PassageRef] | None:
        """The current passage (or `ref`) with its article, or None with a word to the user.

        When the user is quicker than the article's loading (enter, then t at once), the
        article is read here, on the spot: one file and its annotations.
        """
        screen, state = self.screen, self.screen.state
        ref = ref or screen.current
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

    def what(self, ref: PassageRef, span: Span | None) -> str:
        """`ARTICLE#N`, or the selected quote in it: what a dialog's title names."""
        if span is None:
            return str(ref)
        text = self.screen.state.article.passages[ref.number - 1].text  # type: ignore[union-attr]
        return f"{quoted(text[span[0] : span[1]], 40)} in {ref}"

    def tag(self, ref: PassageRef | None = None) -> None:
        """The tag dialog for the current passage (or `ref`), or its selected span."""
        if self.deferred(self.tag):
            return
        target = self.target(ref)
        if target is None:
            return
        _, ref = target
        state = self.screen.state
        span = state.target_span(ref)
        shown = state.shown(ref)
        part = shown.part(span) if shown and span else shown
        key = ref.span_str(span)
        dialog = TagDialog(
            f"Tag {self.what(ref, span)}",
            {tag: entry.description for tag, entry in state.codebook.items()},
            state.tag_counts,
            part.tags if part else [],
            state.drafts.pop(key, ""),
        )

        def answered(answer: TagAnswer | None) -> None:
            if answer is None:
                return
            if answer.tags is None and answer.text.strip():
                state.drafts[key] = answer.text  # escape keeps what was typed for next time
            self.apply_tags(ref, answer.tags, span)

        self.screen.app.push_screen(dialog, answered)

    def apply_tags(self, ref: PassageRef, tags: list[str] | None, span: Span | None = None) -> None:
        if not tags:
            return
        add = [t for t in tags if not t.startswith("-")]
        remove = [t[1:] for t in tags if t.startswith("-") and len(t) > 1]

        def task(ws: Workspace) -> list[Outcome]:
            done = [ws.tag(ref, add, span)] if add else []
            return done + ([ws.untag(ref, remove, span)] if remove else [])

        what = " ".join([*(f"tag {t}" for t in add), *(f"untag {t}" for t in remove)])
        self.writer.submit(what, ref, task)

    def quick_tag(self, tag: str, ref: PassageRef | None = None) -> None:
        """A codebook key: toggle its tag on the current passage (or `ref`), or on the
        selected span. Whether the tag is there is decided on the writer thread, in key
        order, so pressing the key twice quickly takes the tag back."""
        if self.deferred(lambda: self.quick_tag(tag, ref)):
            return
        target = self.target(ref)
        if target is None:
            return
        ref = target[1]
        span = self.screen.state.target_span(ref)
        self.writer.submit(f"toggle {tag}", ref, lambda ws: [ws.toggle_tag(ref, tag, span)])

    # -- notes -------------------------------------------------------------------------

    def note(self, ref: PassageRef | None = None) -> None:
        if self.deferred(self.note):
            return
        target = self.target(ref)
        if target is None:
            return
        ref = target[1]
        span = self.screen.state.target_span(ref)
        self.screen.app.push_screen(
            NoteDialog(f"Note on {self.what(ref, span)}", self.own_note(ref, span)),
            lambda text: self.apply_note(ref, text, span),
        )

    def own_note(self, ref: PassageRef, span: Span | None = None) -> str:
        """The current author's note on a passage (or a span of it), '' if none."""
        shown = self.screen.state.shown(ref)
        part = shown.part(span) if shown else None
        me = self.ws.author()
        name = me.name or me.email
        return next((n.text for n in part.notes if n.author == name), "") if part else ""

    def apply_note(self, ref: PassageRef, text: str | None, span: Span | None = None) -> None:
        if text is not None:
            self.writer.submit("note", ref, lambda ws: [ws.note(ref, text, span)])

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
