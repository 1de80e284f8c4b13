"""The annotation store: YAML files under one folder, read and written safely.

Reading is cached by file size and mtime, so asking again after a change on disk (a `git
pull`) costs one `stat` per file; every file is parsed once into an `Annotation` record.
Writing goes through `reader.annotations.changes.rewrite` (locked, merged with what is on
disk, atomic) and returns a `Change` that `revert` undoes. The workspace is the front door:
the command line and the app never call the store directly.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cached_property, partial
from pathlib import Path

from reader.annotations import edits
from reader.annotations.anchors import Anchorer
from reader.annotations.author import current_author
from reader.annotations.changes import (
    Change,
    Edit,
    FileChange,
    read_current,
    rewrite,
)
from reader.annotations.changes import revert as revert_change
from reader.annotations.codebook import Codebook, CodebookEntry
from reader.annotations.files import (
    META_NAME,
    FileCache,
    Loaded,
    Placed,
    StoreError,
    annotation_names,
    article_dir,
    folder_entries,
    walk,
)
from reader.annotations.fingerprints import fingerprint_of as _fingerprint
from reader.annotations.fingerprints import fingerprints as _fingerprints
from reader.annotations.hidden import refusal
from reader.annotations.meta import read_meta, write_meta
from reader.annotations.own import MakeEdit, OwnAnnotation
from reader.annotations.shown import shown_by_passage
from reader.annotations.spans import checked_span, describe, placed_span
from reader.annotations.yamlio import AnnotationFileError
from reader.model import Article
from reader.records import Annotation, ArticleMeta, Author, Orphan, PassageAnnotations, Span
from reader.refs import PassageRef
from reader.tagnames import normalise_tag, renamed, tag_key

__all__ = ["AnnotationStore", "Change", "Placed", "StoreError"]


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
        """What each passage of `article` shows, keyed by passage number: the union of the
        live annotations placed on it (see `anchors`), part by part (see `shown`). Orphans
        and invalid files are left out (see `orphans`, `load_errors`)."""
        return shown_by_passage(article, self.placed(article))

    def placed(self, article: Article) -> list[Placed]:
        """Every readable annotation file of `article` (tombstones too), placed."""
        try:
            folder = article_dir(self.root, article.id)
        except StoreError:  # a linked folder: nothing is read through it
            return []
        anchorer: Anchorer | None = None
        found = []
        names = annotation_names(folder)
        self.cache.forget_gone(folder, names)
        for name in names:
            loaded = self.load(folder / name)
            if loaded is None or loaded.record is None:
                continue
            anchorer = anchorer or Anchorer(article)
            placement = anchorer.place(loaded.record.target)
            found.append(Placed(loaded.record, placement, loaded, placed_span(article, placement)))
        return found

    def orphans(self, article: Article) -> list[Orphan]:
        """Live annotations of `article` that cannot be placed, with the reason."""
        return [
            Orphan.of(p.annotation, p.placement.reason)
            for p in self.placed(article)
            if p.passage is None and p.annotation.live
        ]

    def annotations(self, *, deleted: bool = False) -> Iterator[Annotation]:
        """Every readable annotation under the root (tombstones only with `deleted`), by
        folder; a record's `article` is its folder's article id."""
        for article_id, loaded in self._all_loaded():
            record = loaded.record
            if record is not None and (deleted or record.live):
                if record.article != article_id:
                    record = _in_article(record, article_id)
                yield record

    def annotated_articles(self) -> list[str]:
        """The ids of the articles that have annotation files (no file is read)."""
        return sorted(article_id for article_id, _ in walk(self.root))

    def article_meta(self, article_id: str) -> ArticleMeta | None:
        """The date/title/source a user set for the article, if any."""
        try:
            folder = article_dir(self.root, article_id)
        except StoreError:
            return None
        return read_meta(self.cache, folder / META_NAME)

    def fingerprints(self) -> dict[str, str]:
        """Article id -> a token that changes whenever any of its annotation files change.

        One walk of the folder using names, sizes and mtimes (no file is read): a cache key
        for the index, not a list of what is annotated (see `annotated_articles`).
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
        passages: dict[str, set[tuple[str, int | None]]] = {}
        spelling: dict[str, str] = {}
        for record in self.annotations():
            where = (record.article, record.target.passage)
            for tag in record.tags:
                spelling.setdefault(tag_key(tag), tag)
                passages.setdefault(tag_key(tag), set()).add(where)
        return {spelling[k]: len(v) for k, v in sorted(passages.items())}

    def load(self, path: Path, stat: os.stat_result | None = None) -> Loaded | None:
        """One file parsed (cached), or None when missing or invalid (see `load_errors`)."""
        return self.cache.load(path, stat)

    def display(self, path: Path) -> str:
        """How a path under the root is shown to users (`annotations/a/ULID.yaml`)."""
        return self.cache.display(path)

    @property
    def load_errors(self) -> list[AnnotationFileError]:
        """Files met so far that could not be read (path, line, message), by path."""
        return [self.cache.errors[p] for p in sorted(self.cache.errors)]

    def folder_errors(self, article_id: str) -> list[AnnotationFileError]:
        """The files of one article's folder met so far that could not be read (what
        `placed` and `article_meta` left out), by path."""
        return [error for _, error in self._folder_errors(article_id)]

    def _folder_errors(self, article_id: str) -> list[tuple[Path, AnnotationFileError]]:
        try:
            folder = article_dir(self.root, article_id)
        except StoreError:
            return []
        return [(p, error) for p, error in sorted(self.cache.errors.items()) if p.parent == folder]

    def forget_errors(self) -> None:
        """Forget the invalid files met so far (before a full re-read, as `check` does)."""
        self.cache.errors.clear()

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

    def add_codes(self, entries: Iterable[CodebookEntry]) -> Change:
        """Add codebook entries for tags it does not have yet (existing ones kept)."""
        added = self._codebook.add(entries)
        return Change("import codes", (added,) if added else ())

    # -- writing --------------------------------------------------------------------------

    def tag(
        self,
        article: Article | str,
        passage: int,
        tags: Iterable[str],
        span: Span | None = None,
    ) -> Change:
        """Add tags to a passage, or to the span `start:end` of its text (the current
        author's annotation of it; made if needed).

        A no-op (every tag already there) writes nothing and returns an empty Change.
        TagError for a tag the rule refuses (`tagnames.normalise_tag`); StoreError when
        the file is invalid or the span is not inside the passage.
        """
        wanted = [normalise_tag(t) for t in tags]
        article = self._article(article)
        span = checked_span(article, passage, span)
        make = partial(edits.add_tags, wanted)
        return self._write_own(
            describe("tag", article, passage, span), article, passage, make, span
        )

    def untag(
        self,
        article: Article | str,
        passage: int,
        tags: Iterable[str],
        span: Span | None = None,
    ) -> Change:
        """Remove tags from every annotation on a passage, whoever wrote it (with `span`,
        only from the annotations of that span)."""
        unwanted = [normalise_tag(t, new=False) for t in tags]
        article = self._article(article)
        span = checked_span(article, passage, span) if span is not None else None
        done: list[FileChange] = []
        everyone = self.placed(article)
        self._refuse_around_invalid(article, passage, None)  # a tag may sit in any of them
        for placed in everyone:
            if placed.passage != passage or placed.annotation.deleted:
                continue
            if span is not None and placed.span != span:
                continue
            edit, undo = edits.remove_tags(unwanted)
            changed = self.edit_file(placed.loaded, edit, undo)
            if changed:
                done.extend(changed.files)
        return Change(describe("untag", article, passage, span), tuple(done))

    def set_note(
        self, article: Article | str, passage: int, text: str, span: Span | None = None
    ) -> Change:
        """Set the current author's note on a passage (or a span of it); blank text
        removes it."""
        article = self._article(article)
        span = checked_span(article, passage, span)
        make = partial(edits.set_note, text)
        return self._write_own(
            describe("note", article, passage, span), article, passage, make, span
        )

    def edit_file(self, loaded: Loaded, edit: Edit, undo: Edit | None, what: str = "") -> Change:
        """Apply `edit` to one file as it is on disk now (see `changes.rewrite`)."""
        changed = rewrite(loaded.path, edit, self.display(loaded.path), undo, loaded.raw)
        return Change(what, (changed,) if changed else ())

    def revert(self, change: Change) -> Change:
        """Undo `change` (the app's `u`): each file it touched gets its previous contents,
        or, if it changed again since, the inverse edit on top. Returns what was written."""
        return revert_change(change, self.display)

    def rename_tag(self, old: str, new: str) -> Change:
        """Rename a tag everywhere (`actor` also renames `actor/china`); renaming onto an
        existing tag merges them. The codebook follows."""
        old, new = normalise_tag(old, new=False), normalise_tag(new)
        book = self._codebook.path  # an invalid codebook stops the rename before any file
        read_current(book, self.display(book))
        done = []
        for _, loaded in self._all_loaded():
            tags = loaded.record.tags if loaded.record else ()
            if not any(renamed(t, old, new) for t in tags):
                continue
            shown = self.display(loaded.path)
            changed = rewrite(loaded.path, edits.rename_tags(old, new), shown, None, loaded.raw)
            if changed:
                done.append(changed)
        renamed_book = self._codebook.rename(old, new)
        if renamed_book:
            done.append(renamed_book)
        return Change(f"rename {old} to {new}", tuple(done))

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
        return write_meta(path, self.display(path), article_id, date, title, source)

    # -- helpers --------------------------------------------------------------------------

    def _article(self, article: Article | str) -> Article:
        if isinstance(article, Article):
            return article
        if self.resolve is None:
            raise StoreError(f"cannot read article {article!r}: the store has no corpus")
        return self.resolve(article)

    def _write_own(
        self, what: str, article: Article, passage: int, make: MakeEdit, span: Span | None = None
    ) -> Change:
        """Apply `make`'s edit to the current author's own annotation of the passage (or
        of `span` of it); StoreError when an unreadable file may be that annotation (never
        a second one)."""
        self.placed(article)  # reads the folder: its unreadable files are known after
        self._refuse_around_invalid(article, passage, self.author())
        folder = article_dir(self.root, article.id)
        own = OwnAnnotation(self.author(), article, passage, folder, span)
        return own.write(what, make, lambda: self.placed(article), self.display)

    def _all_loaded(self) -> Iterator[tuple[str, Loaded]]:
        for article_id, entries in walk(self.root):
            for entry in entries:
                if entry.name == META_NAME:
                    continue
                loaded = self.load(Path(entry.path), entry.stat())
                if loaded is not None:
                    yield article_id, loaded

    def _refuse_around_invalid(self, article: Article, passage: int, author: Author | None) -> None:
        """StoreError when an unreadable file may hold `author`'s (None: anyone's)
        annotation of the passage (see `hidden.refusal`)."""
        found = [(p, e) for p, e in self._folder_errors(article.id) if p.name != META_NAME]
        problem = refusal(found, str(PassageRef(article.id, passage)), passage, author)
        if problem:
            raise StoreError(problem)


def _in_article(record: Annotation, article_id: str) -> Annotation:
    """The record as belonging to the folder it is in (the folder decides)."""
    return replace(record, article=article_id)
