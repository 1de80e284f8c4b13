"""The current author's own annotation of a passage: found among its files, or made.

`tag` and `note` write the current author's annotation of a passage (made on first use), so
two people never edit one file by accident. When none exists yet, the choice is made again
under the folder's lock, so that writers racing to make the first one (two `reader tag`s,
the app and the command line) end up sharing one file instead of making one each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.annotations.changes import Change, Edit, rewrite, rewrite_locked
from reader.annotations.edits import Factory
from reader.annotations.files import SUFFIX, Placed, StoreError
from reader.annotations.record import SCHEMA, make_target, new_annotation
from reader.fsio import locked
from reader.model import Article
from reader.records import Author

MakeEdit = Callable[[Factory], tuple[Edit, Edit]]
"""Given the factory of a new annotation, an edit and its inverse (see `edits`)."""


@dataclass(frozen=True)
class OwnAnnotation:
    """`author`'s annotation of passage `passage` of `article`, in the article's `folder`."""

    author: Author
    article: Article
    passage: int
    folder: Path

    def find(self, placed: list[Placed]) -> tuple[Path, bytes | None, Factory]:
        """Its file, the bytes read (None: no file yet), and a factory for a new one.

        Of several (two clones made one each before a merge), a live one of this schema
        is preferred, then the first by name.
        """
        candidates = []
        for item in placed:
            record = item.annotation
            if item.passage == self.passage and self.author.same_person(record.author):
                newer = record.schema > SCHEMA
                candidates.append((record.deleted, newer, item.loaded.path.name, item.loaded))

        def factory() -> dict[str, Any]:
            target = make_target(self.article, self.passage)
            return new_annotation(self.article.id, target, self.author)

        if candidates:
            loaded = min(candidates, key=lambda c: c[:3])[3]
            return loaded.path, loaded.raw, factory
        made = factory()
        return self.folder / f"{made['id']}{SUFFIX}", None, lambda: dict(made)

    def write(
        self,
        what: str,
        make: MakeEdit,
        placed_of: Callable[[], list[Placed]],
        display: Callable[[Path], str],
    ) -> Change:
        """Apply `make(factory)`'s edit to the file (made if needed); what was written."""
        path, seen, factory = self.find(placed_of())
        if seen is not None:
            edit, undo = make(factory)
            changed = rewrite(path, edit, display(path), undo, seen)
            return Change(what, (changed,) if changed else ())
        shown = display(path)
        try:
            with locked(path.parent):
                path, seen, factory = self.find(placed_of())
                edit, undo = make(factory)
                shown = display(path)
                changed = rewrite_locked(path, edit, shown, undo, seen, True)
        except OSError as exc:
            raise StoreError(f"{shown}: cannot write: {exc.strerror or exc}") from None
        return Change(what, (changed,) if changed else ())
