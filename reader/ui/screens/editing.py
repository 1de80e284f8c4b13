"""The main screen's editing: tag, untag, note, one-key tags and undo, through the store."""

from __future__ import annotations

import time

from textual import events

from reader.model import Article, PassageAnnotations, parse_ref
from reader.textnorm import printable
from reader.ui import store_ops
from reader.ui.commands import COMMANDS
from reader.ui.dialogs.article_meta import ArticleMetaDialog
from reader.ui.dialogs.note_editor import NoteDialog
from reader.ui.dialogs.orphans import Orphan
from reader.ui.dialogs.tag_input import TagDialog
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.results import ResultsList
from reader.ui.widgets.search_box import SearchBox
from reader.workspace import Workspace

UNDO_DEPTH = 100


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return printable(lines[0] if lines else type(exc).__name__)


class EditingMixin:
    """Writes annotations for the current passage (mixed into `MainScreen`)."""

    ws: Workspace
    current: str | None
    article: Article | None
    annotations: dict[int, PassageAnnotations]
    row_tags: dict[str, tuple[str, ...]]
    tag_counts: dict[str, int]
    codebook: dict[str, object]
    quick: dict[str, str]
    awaiting_results: bool
    pending_actions: list

    def target(self) -> tuple[Article, int] | None:
        """The current passage as (article, number), or None with a word to the user.

        When the user is quicker than the article's loading (enter, then t at once), the
        article is read here, on the spot: one file and its annotations.
        """
        if self.current is None:
            self.notify("no passage open: search, then pick a result", severity="warning")
            return None
        article_id, number = parse_ref(self.current)
        if self.article is None or self.article.id != article_id:
            try:
                self.article = self.ws.article(article_id)
                self.annotations = self.ws.store.passage_annotations(self.article)
            except Exception as exc:
                self.notify(f"cannot open {article_id}: {_one_line(exc)}", severity="error")
                return None
            self.load_article(self.current)  # the pane catches up
        if not 1 <= number <= len(self.article.passages):
            return None
        return self.article, number

    # -- tags --------------------------------------------------------------------------

    def deferred(self, action) -> bool:
        """Keep `action` for when the results of the query just entered arrive.

        `enter` then `t` typed quickly must tag the new first result, not the old one.
        """
        if not self.awaiting_results:
            return False
        self.pending_actions.append(action)
        return True

    def action_tag(self) -> None:
        if self.deferred(self.action_tag):
            return
        target = self.target()
        if target is None:
            return
        known = set(self.tag_counts) | set(self.codebook)
        have = self.annotations.get(target[1])
        current = have.tags if have else []
        self.app.push_screen(
            TagDialog(f"{target[0].id}#{target[1]}", known, current),
            lambda tags: self.apply_tags(target, tags),
        )

    def apply_tags(self, target: tuple[Article, int], tags: list[str] | None) -> None:
        if not tags:
            return
        add = [t for t in tags if not t.startswith("-")]
        remove = [t[1:] for t in tags if t.startswith("-") and len(t) > 1]
        self.write(target, lambda: store_ops.tag(self.ws, *target, add, remove))

    def update_quick_keys(self) -> None:
        taken = {k.strip() for c in COMMANDS for k in c.key.split(",")} | {"?", "/", "[", "]"}
        self.quick = store_ops.quick_keys(self.codebook, taken)

    def on_key(self, event: events.Key) -> None:
        """One-key tags from the codebook (not while typing in the search box)."""
        if event.character and event.character in self.quick:
            if isinstance(self.focused, SearchBox):
                return
            event.stop()
            tag = self.quick[event.character]
            if self.deferred(lambda: self.quick_tag(tag)):
                return
            self.quick_tag(tag)

    def quick_tag(self, tag: str) -> None:
        target = self.target()
        if target is not None:
            self.write(target, lambda: store_ops.tag(self.ws, *target, [tag], []))

    # -- notes ---------------------------------------------------------------------------

    def action_note(self) -> None:
        if self.deferred(self.action_note):
            return
        target = self.target()
        if target is None:
            return
        text = store_ops.own_note(self.ws, self.annotations.get(target[1]))
        self.app.push_screen(
            NoteDialog(f"{target[0].id}#{target[1]}", text),
            lambda note: self.apply_note(target, note),
        )

    def apply_note(self, target: tuple[Article, int], text: str | None) -> None:
        if text is None:
            return
        self.write(target, lambda: store_ops.note(self.ws, *target, text))

    # -- orphans -------------------------------------------------------------------------

    def reattach_orphan(self, orphan: Orphan) -> None:
        """Re-attach an orphaned annotation to the open passage (undoable with u)."""
        target = self.target()
        if target is None:
            return
        article, number = target
        if orphan.article != article.id:
            self.notify(f"open a passage of {printable(orphan.article)} first", severity="warning")
            return
        done: list[store_ops.Undoable] = []

        def do() -> list[store_ops.Undoable]:
            done.extend(store_ops.reattach(self.ws, article, number, orphan.annotation))
            return done

        self.write(target, do, refresh=True)
        if done:
            tags = " ".join(orphan.tags) or "(no tags)"
            ref = f"{article.id}#{number}"
            self.notify(printable(f"re-attached {tags} to {ref} (u undoes)"), timeout=4)

    # -- article metadata ------------------------------------------------------------------

    def action_article_meta(self) -> None:
        if self.deferred(self.action_article_meta):
            return
        target = self.target()
        if target is None:
            return
        article = target[0]
        self.app.push_screen(
            ArticleMetaDialog(article), lambda values: self.apply_meta(target, values)
        )

    def apply_meta(self, target: tuple[Article, int], values: dict[str, str] | None) -> None:
        if not values:
            return
        article_id = target[0].id

        def do() -> list[store_ops.Undoable]:
            change = self.ws.store.set_article_meta(article_id, **values)
            what = "set " + ", ".join(sorted(values))
            return [store_ops.Undoable(f"{article_id}#{target[1]}", change, what)] if change else []

        self.write(target, do, refresh=True)
        self.reload_article()

    # -- undo and the shared write path ---------------------------------------------------

    def action_undo(self) -> None:
        stack = self.undo_stack()
        if not stack:
            self.notify("nothing to undo", timeout=2)
            return
        last = stack.pop()
        article_id, number = last.ref.rsplit("#", 1)
        try:
            store_ops.revert(self.ws, last)
        except Exception as exc:
            self.notify(f"undo failed: {_one_line(exc)}", severity="error")
            return
        meta = last.what.startswith("set ")
        self.after_write(article_id, int(number), refresh=meta)
        if meta and self.article is not None and self.article.id == article_id:
            self.reload_article()
        self.notify(f"undone: {printable(last.what)} on {printable(last.ref)}", timeout=3)

    def undo_stack(self) -> list[store_ops.Undoable]:
        if not hasattr(self, "_undo"):
            self._undo: list[store_ops.Undoable] = []
        return self._undo

    def write(self, target: tuple[Article, int], do, refresh: bool = False) -> None:
        """Run one store write for `target`, keep it for undo, and show the result at once."""
        try:
            changes = do()
        except Exception as exc:  # the store's message is for the user
            self.notify(f"not saved: {_one_line(exc)}", severity="error", timeout=8)
            return
        stack = self.undo_stack()
        stack.extend(changes)
        del stack[:-UNDO_DEPTH]
        self.after_write(target[0].id, target[1], refresh)

    def after_write(self, article_id: str, number: int, refresh: bool = False) -> None:
        """Re-read the article's annotations; update row, pane and info; re-index it."""
        self.own_writes[article_id] = time.monotonic()
        if self.article is not None and self.article.id == article_id:
            try:
                self.annotations = self.ws.store.passage_annotations(self.article)
            except Exception as exc:
                self.notify(_one_line(exc), severity="error")
            pane = self.query_one(ReadingPane)
            for n in range(1, len(self.article.passages) + 1):
                pane.annotate(n, self.annotations.get(n))
            have = self.annotations.get(number)
        else:
            try:
                have = self.ws.store.passage_annotations(self.ws.article(article_id)).get(number)
            except Exception:
                have = None
        ref = f"{article_id}#{number}"
        self.row_tags[ref] = tuple(have.tags) if have else ()
        self.query_one(ResultsList).retag(ref, self.row_tags[ref])
        self.show_info()  # the current passage, which an undo may not have touched
        self.reindex(article_id, refresh)
        self.load_tag_counts()
