"""Safe rewrites of annotation files: locked, merged with what is on disk, undoable.

Every write goes through `rewrite`: under a lock on the file's folder it re-reads the file
as it is now (a `git pull` or another instance may have changed it since the caller read
it), applies the caller's edit to that, and writes the result atomically. Edits are
operations (add these tags, set this note), so applying one to the newer text is the
merge. An invalid file is never written; a file of a newer schema is read-only.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.annotations.files import StoreError
from reader.annotations.record import SCHEMA, now_rfc3339
from reader.annotations.yamlio import (
    MAX_BYTES,
    AnnotationFileError,
    dump_annotation,
    load_annotation_bytes,
)
from reader.fsio import atomic_write, locked

Edit = Callable[[dict[str, Any] | None], dict[str, Any] | None]
"""Takes the file's mapping (None if there is no file) and returns the new one (or None)."""


@dataclass(frozen=True)
class FileChange:
    """One file a change wrote: its bytes before (None: it did not exist) and after."""

    path: Path
    before: bytes | None
    after: bytes
    undo: Edit | None = None  # the inverse edit, for when the file changed again since
    merged: bool = False  # the file had changed on disk since it was read


@dataclass(frozen=True)
class Change:
    """What one store operation wrote (empty when it was a no-op); `revert` undoes it."""

    description: str
    files: tuple[FileChange, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.files)

    @property
    def paths(self) -> list[Path]:
        return [f.path for f in self.files]


def read_current(path: Path, shown: str) -> tuple[bytes | None, dict[str, Any] | None]:
    """The file's bytes and mapping now; StoreError if it cannot be parsed (never written)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        raise StoreError(f"{shown}: cannot read: {exc.strerror}") from None
    try:
        data = load_annotation_bytes(raw, shown)
    except AnnotationFileError as exc:
        raise StoreError(f"{exc} (not changed: fix the file first, see `reader check`)") from None
    schema = data.get("schema")
    if isinstance(schema, int) and schema > SCHEMA:
        raise StoreError(
            f"{shown}: written by a newer reader (schema {schema}); read-only for this version"
        )
    return raw, data


def rewrite(
    path: Path,
    edit: Edit,
    shown: str,
    undo: Edit | None = None,
    seen: bytes | None = None,
    *,
    stamp: bool = True,
) -> FileChange | None:
    """Apply `edit` to the file as it is on disk now and write it; None if nothing changed.

    `seen` is what the caller read before (to report whether a merge happened). With
    `stamp`, `updated` is set to now on every real change (annotations; not the codebook).
    """
    try:
        with locked(path.parent):
            return rewrite_locked(path, edit, shown, undo, seen, stamp)
    except OSError as exc:
        raise StoreError(f"{shown}: cannot write: {exc.strerror or exc}") from None


def rewrite_locked(
    path: Path, edit: Edit, shown: str, undo: Edit | None, seen: bytes | None, stamp: bool
) -> FileChange | None:
    """`rewrite` for a caller that already holds the lock on the file's folder."""
    before, data = read_current(path, shown)
    new = edit(copy.deepcopy(data))
    if new is None or new == data:
        return None
    new = dict(new)
    if stamp:
        new["updated"] = now_rfc3339()
    after = dump_annotation(new).encode("utf-8")
    if len(after) > MAX_BYTES:
        raise StoreError(f"{shown}: not changed: the file would exceed {MAX_BYTES:,} bytes")
    write(path, after, shown)
    merged = seen is not None and before != seen
    return FileChange(path, before, after, undo, merged)


def write(path: Path, text: str | bytes, shown: str) -> None:
    """atomic_write with a one-line StoreError on failure."""
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise StoreError(f"{shown}: cannot write: {exc.strerror or exc}") from None


def revert(change: Change, display: Callable[[Path], str]) -> Change:
    """Undo `change`: each file gets its bytes back if nobody changed it since, else the
    inverse edit is applied to what is there now. Returns what the revert wrote."""
    done: list[FileChange] = []
    for item in reversed(change.files):
        shown = display(item.path)
        try:
            _revert_one(item, shown, done)
        except OSError as exc:
            raise StoreError(f"{shown}: cannot undo: {exc.strerror or exc}") from None
    return Change(f"undo {change.description}", tuple(done))


def _revert_one(item: FileChange, shown: str, done: list[FileChange]) -> None:
    """Restore one file's bytes if it is as the change left it, else apply the inverse."""
    with locked(item.path.parent):
        now, _ = read_current(item.path, shown)
        if now == item.after:
            if item.before is None:
                os.unlink(item.path)
            else:
                write(item.path, item.before, shown)
            done.append(FileChange(item.path, now, item.before or b""))
            return
    if now is not None and item.undo is not None:
        redone = rewrite(item.path, item.undo, shown)
        if redone:
            done.append(redone)
