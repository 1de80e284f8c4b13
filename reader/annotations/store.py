"""The annotation store: YAML files under one folder, read and written safely.

The UI and the command line use this class. Reading is cached by file size and mtime, so
asking again after a change on disk (a `git pull`) costs one `stat` per file. Writing goes
through `reader.annotations.changes.rewrite` (locked, merged with what is on disk, atomic)
and returns a `Change` that `revert` undoes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from reader.annotations import edits, reattach
from reader.annotations.anchors import Anchorer, Placement
from reader.annotations.author import Author, current_author
from reader.annotations.changes import Change, read_current, rewrite, rewrite_locked
from reader.annotations.changes import revert as revert_change
from reader.annotations.codebook import Codebook, CodebookEntry
from reader.annotations.files import (
    META_NAME,
    SUFFIX,
    FileCache,
    Loaded,
    StoreError,
    annotation_names,
    article_dir,
    folder_entries,
    locked,
    walk,
)
from reader.annotations.fingerprints import fingerprint_of as _fingerprint
from reader.annotations.fingerprints import fingerprints as _fingerprints
from reader.annotations.meta import read_meta, write_meta
from reader.annotations.record import SCHEMA, make_target, new_annotation
from reader.annotations.tags import normalise_tag, renamed, tag_key
from reader.annotations.yamlio import AnnotationFileError
from reader.model import Article, ArticleMeta, PassageAnnotations, PassageNote

if TYPE_CHECKING:
    from reader.annotations.check import CheckReport

__all__ = ["AnnotationStore", "Change", "StoreError"]


class AnnotationStore:
    """The YAML files under one annotations folder (`root`).

    `resolve(article_id) -> Article` lets the writing methods take an article id instead of
    an Article (the workspace passes its `article` method).
    """

    def __init__(self, root: Path, resolve: Callable[[str], Article] | None = None) -> None:
        self.root = Path(root)
        self.resolve = resolve
        self.cache = FileCache(self.root)

    # -- reading --------------------------------------------------------------------------

    def passage_annotations(self, article: Article) -> dict[int, PassageAnnotations]:
        """What each passage of `article` shows, keyed by passage number.

        The union of the live annotations placed on it (see `anchors`): sorted unique tags,
        one note per author who wrote a non-empty one, the authors' names. Orphans and
        invalid files are left out (see `orphans`, `load_errors`).
        """
        shown: dict[int, PassageAnnotations] = {}
        for loaded, place in self._placed(article):
            data = loaded.data
            if place.passage is None or data.get("deleted"):
                continue
            entry = shown.setdefault(place.passage, PassageAnnotations())
            name = _author_name(data)
            entry.tags.extend(t for t in data.get("tags") or [] if isinstance(t, str))
            note = data.get("note")
            if isinstance(note, str) and note.strip():
                entry.notes.append(PassageNote(name, note))
            if name not in entry.authors:
                entry.authors.append(name)
        for entry in shown.values():
            unique = {tag_key(t): t for t in reversed(entry.tags)}
            entry.tags = sorted(unique.values(), key=tag_key)
            entry.authors.sort(key=str.casefold)
        return shown

    def orphans(self, article: Article) -> list[tuple[str, dict, str]]:
        """Live annotations of `article` that cannot be placed: (path, mapping, reason)."""
        return [
            (self.cache.display(loaded.path), loaded.data, place.reason)
            for loaded, place in self._placed(article)
            if place.passage is None and not loaded.data.get("deleted")
        ]

    def placements(self, article: Article) -> list[tuple[Loaded, Placement]]:
        """Every readable annotation of `article` with where it sits now."""
        return list(self._placed(article))

    def article_meta(self, article_id: str) -> ArticleMeta | None:
        """The date/title/source a user set for the article, if any."""
        try:
            folder = article_dir(self.root, article_id)
        except StoreError:
            return None
        return read_meta(self.cache, folder / META_NAME)

    def fingerprints(self) -> dict[str, str]:
        """Article id -> a token that changes whenever any of its annotation files change.

        One walk of the folder using names, sizes and mtimes (no file is read).
        """
        return _fingerprints(self.root)

    def fingerprint(self, article_id: str) -> str | None:
        """`fingerprints()[article_id]` from one folder's listing (None: no files there)."""
        try:
            entries = folder_entries(article_dir(self.root, article_id))
        except StoreError:
            return None
        return _fingerprint(entries) if entries else None

    def tag_counts(self) -> dict[str, int]:
        """Every tag in use -> the number of passages carrying it (as last placed)."""
        passages: dict[str, set[tuple[str, object]]] = {}
        spelling: dict[str, str] = {}
        for article_id, loaded in self._all_annotations():
            data = loaded.data
            if data.get("deleted"):
                continue
            where = (article_id, (data.get("target") or {}).get("passage"))
            for tag in data.get("tags") or []:
                if isinstance(tag, str):
                    spelling.setdefault(tag_key(tag), tag)
                    passages.setdefault(tag_key(tag), set()).add(where)
        return {spelling[k]: len(v) for k, v in sorted(passages.items())}

    @property
    def load_errors(self) -> list[AnnotationFileError]:
        """Files met so far that could not be read (path, line, message), by path."""
        return [self.cache.errors[p] for p in sorted(self.cache.errors)]

    def author(self) -> Author:
        """Who `tag` and `set_note` write as (git's identity; see `author.current_author`)."""
        return self._author

    @cached_property
    def _author(self) -> Author:
        return current_author(self.root)

    def codebook(self) -> dict[str, CodebookEntry]:
        """The codebook: tag -> description, colour, key (empty when there is none)."""
        return self._codebook.entries()

    @cached_property
    def _codebook(self) -> Codebook:
        return Codebook(self.root, self.cache)

    def save_codebook(self, entries: dict[str, CodebookEntry]) -> None:
        """Write the codebook (canonical YAML, atomic, keys kept for unknown fields)."""
        self._codebook.save(entries)

    # -- writing --------------------------------------------------------------------------

    def tag(self, article: Article | str, passage: int, tags: Iterable[str]) -> Change:
        """Add tags to a passage (the current author's annotation of it; made if needed).

        A no-op (every tag already there) writes nothing and returns an empty Change.
        TagError for a tag that normalises to nothing; StoreError when the file is invalid.
        """
        wanted = [normalise_tag(t) for t in tags]
        article = self._article(article)
        article.passage(passage)
        make = partial(edits.add_tags, wanted)
        return self._write_mine(f"tag {article.id}#{passage}", article, passage, make)

    def untag(self, article: Article | str, passage: int, tags: Iterable[str]) -> Change:
        """Remove tags from every annotation on a passage, whoever wrote it."""
        unwanted = [normalise_tag(t) for t in tags]
        article = self._article(article)
        done = []
        for loaded, place in self._placed(article):
            if place.passage != passage or loaded.data.get("deleted"):
                continue
            edit, undo = edits.remove_tags(unwanted)
            shown = self.cache.display(loaded.path)
            changed = rewrite(loaded.path, edit, shown, undo, loaded.raw)
            if changed:
                done.append(changed)
        return Change(f"untag {article.id}#{passage}", tuple(done))

    def set_note(self, article: Article | str, passage: int, text: str) -> Change:
        """Set the current author's note on a passage; blank text removes it."""
        article = self._article(article)
        article.passage(passage)
        make = partial(edits.set_note, text)
        return self._write_mine(f"note {article.id}#{passage}", article, passage, make)

    def reattach(self, article: Article | str, annotation_id: str, passage: int) -> Change:
        """Point an annotation (an orphan, say) at a passage: a new target, tags and note
        kept. `annotation_id` is its ULID or file path (see `reattach.reattach`)."""
        return reattach.reattach(self, self._article(article), annotation_id, passage)

    def confirm_anchors(self, article: Article | str) -> Change:
        """Rewrite the targets of annotations the anchorer placed elsewhere (by quote or
        fuzzily); exact positions and orphans are left alone (see `reattach`)."""
        return reattach.confirm_anchors(self, self._article(article))

    def revert(self, change: Change) -> Change:
        """Undo `change` (the app's `u`): each file it touched gets its previous contents,
        or, if it changed again since, the inverse edit on top. Returns what was written."""
        return revert_change(change, self.cache.display)

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag everywhere (`actor` also renames `actor/china`); renaming onto an
        existing tag merges them. The codebook follows. Returns the number of files changed."""
        old, new = normalise_tag(old), normalise_tag(new)
        book = self._codebook.path  # an invalid codebook stops the rename before any file
        read_current(book, self.cache.display(book))
        count = 0
        for _, loaded in self._all_annotations():
            if not any(renamed(t, old, new) for t in loaded.data.get("tags") or []):
                continue
            shown = self.cache.display(loaded.path)
            if rewrite(loaded.path, edits.rename_tags(old, new), shown, None, loaded.raw):
                count += 1
        if self._codebook.rename(old, new):
            count += 1
        return count

    def set_article_meta(
        self,
        article_id: str,
        *,
        date: str | None = None,
        title: str | None = None,
        source: str | None = None,
    ) -> Change:
        """Set an article's date (YYYY, YYYY-MM or YYYY-MM-DD), title or source.

        None leaves a field as it is; "" clears it. StoreError for an invalid date.
        """
        path = article_dir(self.root, article_id) / META_NAME
        return write_meta(path, self.cache.display(path), article_id, date, title, source)

    def check(self, articles: Iterable[Article]) -> CheckReport:
        """Validate every file and place every annotation (see `reader.annotations.check`)."""
        from reader.annotations.check import check

        return check(self, articles)

    # -- helpers --------------------------------------------------------------------------

    def _article(self, article: Article | str) -> Article:
        if isinstance(article, Article):
            return article
        if self.resolve is None:
            raise StoreError(f"cannot read article {article!r}: the store has no corpus")
        return self.resolve(article)

    def _placed(self, article: Article) -> Iterable[tuple[Loaded, Placement]]:
        try:
            folder = article_dir(self.root, article.id)
        except StoreError:  # a linked folder: nothing is read through it
            return
        anchorer: Anchorer | None = None
        for name in annotation_names(folder):
            loaded = self._valid(folder / name)
            if loaded is None:
                continue
            anchorer = anchorer or Anchorer(article)
            yield loaded, anchorer.place(loaded.data.get("target") or {})

    def _valid(self, path: Path, stat: os.stat_result | None = None) -> Loaded | None:
        """The parsed, well-shaped annotation file, or None (see `load_errors`)."""
        return self.cache.load(path, stat)

    def _all_annotations(self) -> Iterable[tuple[str, Loaded]]:
        for article_id, entries in walk(self.root):
            for entry in entries:
                if entry.name == META_NAME:
                    continue
                loaded = self._valid(Path(entry.path), entry.stat())
                if loaded is not None:
                    yield article_id, loaded

    def _mine(self, article: Article, passage: int) -> tuple[Path, bytes | None, Callable]:
        """The current author's annotation of a passage: its path, the bytes read, and a
        factory for a new one (used when the file does not exist yet)."""
        me = self.author()
        candidates = []
        for loaded, place in self._placed(article):
            data = loaded.data
            if place.passage == passage and me.same_person(data.get("author")):
                schema = data.get("schema")
                newer = isinstance(schema, int) and schema > SCHEMA
                candidates.append((bool(data.get("deleted")), newer, loaded.path.name, loaded))
        folder = article_dir(self.root, article.id)

        def factory() -> dict:
            return new_annotation(article.id, make_target(article, passage), me.as_dict())

        if candidates:
            loaded = min(candidates, key=lambda c: c[:3])[3]
            return loaded.path, loaded.raw, factory
        made = factory()
        made_id = made["id"]
        return folder / f"{made_id}{SUFFIX}", None, lambda: dict(made)

    def _write_mine(self, what: str, article: Article, passage: int, make: Callable) -> Change:
        """Apply `make(factory)`'s edit to the current author's annotation of the passage.

        With no such file yet, the choice is made again under the folder's lock, so that
        writers racing to make the first one (two `reader tag`s, the app and the command
        line) end up sharing one file instead of making one each.
        """
        path, seen, factory = self._mine(article, passage)
        if seen is not None:
            edit, undo = make(factory)
            return self._one(what, path, edit, undo, seen)
        shown = self.cache.display(path)
        try:
            with locked(path.parent):
                path, seen, factory = self._mine(article, passage)
                edit, undo = make(factory)
                shown = self.cache.display(path)
                changed = rewrite_locked(path, edit, shown, undo, seen, True)
        except OSError as exc:
            raise StoreError(f"{shown}: cannot write: {exc.strerror or exc}") from None
        return Change(what, (changed,) if changed else ())

    def _one(self, what: str, path: Path, edit, undo, seen: bytes | None) -> Change:
        changed = rewrite(path, edit, self.cache.display(path), undo, seen)
        return Change(what, (changed,) if changed else ())


def _author_name(data: dict) -> str:
    author = data.get("author")
    if isinstance(author, dict):
        return str(author.get("name") or author.get("email") or "unknown")
    return str(author or "unknown")
