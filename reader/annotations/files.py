"""The annotation folder on disk: where files are, reading them (cached), and locking.

Layout: `<root>/<article-id>/<ULID>.yaml` (one annotation each), `<root>/<article-id>/
article.yaml` (metadata a user set), `<root>/codebook.yaml`. Hidden files (temporary files
of an interrupted write among them) are ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.annotations.anchors import Placement
from reader.annotations.fingerprints import folder_entries, walk
from reader.annotations.record import key_line, problems
from reader.annotations.yamlio import MAX_BYTES, AnnotationFileError, load_annotation_bytes
from reader.errors import ReaderError
from reader.ids import id_problem
from reader.records import Annotation, Span
from reader.yamlsafe import read_limited

META_NAME = "article.yaml"
CODEBOOK_NAME = "codebook.yaml"
SUFFIX = ".yaml"
__all__ = ["folder_entries", "walk"]  # and the rest; these two live in `fingerprints`


class StoreError(ReaderError):
    """A user-facing problem with the annotations (one line: what and where)."""


@dataclass(frozen=True)
class Loaded:
    """One parsed file: its mapping, the bytes it came from, its stat stamp, and the
    record the mapping holds (None for `article.yaml` and `codebook.yaml`)."""

    path: Path
    data: dict[str, Any]
    raw: bytes
    stamp: tuple[int, int, int]
    record: Annotation | None = None


@dataclass(frozen=True)
class Placed:
    """An annotation of an article with where it sits in the article now."""

    annotation: Annotation
    placement: Placement
    loaded: Loaded  # the file as read: its path and bytes, for writes
    span: Span | None = None  # the part of its passage it covers now; None: all of it

    @property
    def passage(self) -> int | None:
        return self.placement.passage


def article_dir(root: Path, article_id: str) -> Path:
    """The folder of an article's annotations; StoreError for ids that would escape `root`."""
    problem = id_problem(article_id)
    if problem is not None:
        raise StoreError(f"not a usable article id: {article_id!r} ({problem})")
    folder = root
    for part in article_id.split(
        "/"
    ):  # a link (git can carry one) would lead reads and writes elsewhere
        folder = folder / part
        if folder.is_symlink():
            raise StoreError(f"{folder}: a link; annotation folders must be real folders")
    return folder


def annotation_names(folder: Path) -> list[str]:
    """The annotation file names directly in `folder` (sorted; metadata and hidden skipped)."""
    try:
        with os.scandir(folder) as entries:
            return sorted(
                e.name
                for e in entries
                if e.name.endswith(SUFFIX)
                and not e.name.startswith(".")
                and e.name != META_NAME
                and e.is_file()
            )
    except (FileNotFoundError, NotADirectoryError):
        return []


class FileCache:
    """Parsed files, re-read only when their size or mtime changes; errors kept by path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._parsed: dict[Path, tuple[tuple[int, int, int], Loaded | AnnotationFileError]] = {}
        self.errors: dict[Path, AnnotationFileError] = {}
        self._prefix = str(self.root.parent).rstrip(os.sep) + os.sep

    def display(self, path: Path) -> str:
        """How a path is shown to users: relative to the folder above the root."""
        text = str(path)
        if text.startswith(self._prefix):
            return text[len(self._prefix) :]
        return os.path.relpath(path, self.root.parent)

    def load(self, path: Path, stat: os.stat_result | None = None) -> Loaded | None:
        """The parsed file, or None (missing, or invalid: then recorded in `errors`)."""
        try:
            stat = stat or path.stat()
        except FileNotFoundError:
            self._parsed.pop(path, None)
            self.errors.pop(path, None)
            return None
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        cached = self._parsed.get(path)
        if cached is None or cached[0] != stamp:
            cached = (stamp, self._read(path, stamp))
            self._parsed[path] = cached
        result = cached[1]
        if isinstance(result, AnnotationFileError):
            self.errors[path] = result
            return None
        self.errors.pop(path, None)
        return result

    def forget_gone(self, folder: Path, names: list[str]) -> None:
        """Forget the files of `folder` that are gone from it (an invalid file deleted or
        renamed must not be reported as left out any more)."""
        kept = set(names)
        for path in [p for p in list(self._parsed) if p.parent == folder]:  # list: atomic
            if path.name not in kept and not os.path.lexists(path):
                self._parsed.pop(path, None)
                self.errors.pop(path, None)

    def _read(self, path: Path, stamp: tuple[int, int, int]) -> Loaded | AnnotationFileError:
        shown = self.display(path)
        if path.is_symlink():
            return AnnotationFileError(shown, None, "a link; annotation files must be plain files")
        try:  # only a plain file is opened (a FIFO would block), at most MAX_BYTES of it
            raw = read_limited(path, shown, max_bytes=MAX_BYTES, error=AnnotationFileError)
            data = load_annotation_bytes(raw, shown)
            record = None
            if path.name not in (META_NAME, CODEBOOK_NAME):
                _check_shape(data, raw, shown)
                record = Annotation.from_mapping(data, shown)
        except AnnotationFileError as exc:
            return exc
        except OSError as exc:
            return AnnotationFileError(shown, None, f"cannot read: {exc.strerror}")
        return Loaded(path, data, raw, stamp, record)


def _check_shape(data: dict[str, Any], raw: bytes, shown: str) -> None:
    """AnnotationFileError (with the key's line) for an annotation of the wrong shape."""
    found = problems(data)
    if found:
        key, message = found[0]
        raise AnnotationFileError(shown, key_line(raw.decode("utf-8", "replace"), key), message)
