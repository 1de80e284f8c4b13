"""Conflicts that reached the files (a clone without the driver, a merge on a hosting site).

`split_conflict` takes a file with git's conflict markers apart into the two sides (and the
base, in `diff3`/`zdiff3` style). `resolve_file` merges the sides with the same field merge
as the driver and writes one valid annotation atomically. When the markers carry no base,
the base comes from git's index (stage 1 of an unfinished merge) if it is there, else the
sides are merged as if both had added the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.annotations.yamlio import (
    MAX_BYTES,
    AnnotationFileError,
    dump_annotation,
    load_annotation_bytes,
    load_annotation_text,
)
from reader.fsio import TEMP_PREFIX, atomic_write, read_plain
from reader.gitshare.merge import MergeResult, merge_annotation
from reader.gitshare.oversize import extra_path, fit
from reader.gitshare.repo import (
    GitError,
    git,
    git_text,
    read_blobs,
    relative_to_root,
    repo_root,
)
from reader.yamlsafe import read_limited

_START = re.compile(r"^<{7}(?: |$)")
_BASE = re.compile(r"^\|{7}(?: |$)")
_MIDDLE = re.compile(r"^={7}$")
_END = re.compile(r"^>{7}(?: |$)")
_ANY = re.compile(r"^(?:<{7}|>{7})(?: |$)", re.MULTILINE)


@dataclass
class ConflictSides:
    """The texts a conflict-marked file was merged from."""

    ours: str
    theirs: str
    base: str | None = None


@dataclass
class Resolution:
    """What `resolve_file` did to one file (`added`: a second annotation it made to keep
    both notes within the read limit, see `oversize.py`)."""

    path: Path
    dropped: list[str] = field(default_factory=list)
    added: list[Path] = field(default_factory=list)


CONFLICT_MAX_BYTES = 3 * MAX_BYTES + 1_000_000
"""A conflicted file holds up to three versions (ours, base, theirs) and the markers."""


def has_markers(text: str) -> bool:
    """Whether `text` holds git conflict markers (a start or end line)."""
    return _ANY.search(text) is not None


def split_conflict(text: str) -> ConflictSides:
    """Rebuild each side from a conflict-marked text; ValueError if the markers are broken."""
    ours: list[str] = []
    theirs: list[str] = []
    base: list[str] = []
    has_base = False
    state = "common"
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        bare = line.rstrip("\r\n")
        if _START.match(bare):
            if state != "common":
                raise ValueError(f"line {number}: conflict opened inside another conflict")
            state = "ours"
        elif _BASE.match(bare) and state == "ours":
            state, has_base = "base", True
        elif _MIDDLE.match(bare) and state in ("ours", "base"):
            state = "theirs"
        elif _END.match(bare):
            if state != "theirs":
                raise ValueError(f"line {number}: conflict end without its '=======' line")
            state = "common"
        elif state == "common":
            ours.append(line)
            theirs.append(line)
            base.append(line)
        else:
            {"ours": ours, "theirs": theirs, "base": base}[state].append(line)
    if state != "common":
        raise ValueError("the file ends inside a conflict (no '>>>>>>>' line)")
    return ConflictSides("".join(ours), "".join(theirs), "".join(base) if has_base else None)


def resolve_file(path: Path) -> Resolution:
    """Merge a conflict-marked annotation file into one valid annotation, atomically.

    AnnotationFileError (the file untouched) if a side is not a valid annotation.
    """
    data = read_limited(path, max_bytes=CONFLICT_MAX_BYTES, error=AnnotationFileError)
    result = resolve_text(data, str(path), lambda: _index_base(path))
    added = []
    if result.extra is not None:  # first, so that a crash never loses the other note
        extra = Path(extra_path(path, result.extra))
        atomic_write(extra, dump_annotation(result.extra))
        added.append(extra)
    atomic_write(path, dump_annotation(result.data))
    return Resolution(path, result.dropped, added)


def resolve_text(
    data: bytes, name: str, base_of: Callable[[], dict[str, Any] | None] = lambda: None
) -> MergeResult:
    """Merge the sides of a conflict-marked annotation with the field merge. The base is
    the one inside the markers (diff3 style), else `base_of()` (None: both added it). When
    the result would pass the read limit, theirs' note comes back as `extra`, a second
    annotation to write beside it (`oversize.fit`).

    AnnotationFileError if the markers are broken or a side is not a valid annotation.
    """
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    try:
        sides = split_conflict(text)
    except ValueError as exc:
        raise AnnotationFileError(name, None, f"cannot read the conflict: {exc}") from None
    ours = load_annotation_text(sides.ours, f"{name} (ours)")
    theirs = load_annotation_text(sides.theirs, f"{name} (theirs)")
    base = None
    if sides.base is not None and sides.base.strip():
        base = load_annotation_text(sides.base, f"{name} (base)")
    elif sides.base is None:
        base = base_of()
    return fit(merge_annotation(base, ours, theirs), base, ours, theirs, name)


def _index_base(path: Path) -> dict[str, Any] | None:
    """The merge base git keeps in its index (stage 1) for `path`, if valid; else None."""
    root = repo_root(path)
    if root is None:
        return None
    try:
        rel = relative_to_root(path, root)
        blob = read_blobs(root, [f":1:{rel}"]).get(f":1:{rel}")
        if blob is None:
            return None
        return load_annotation_bytes(blob, f"{path} (base)")
    except (GitError, AnnotationFileError, ValueError):
        return None


def find_conflicted(annotations_dir: str | Path) -> list[Path]:
    """Every `.yaml` file under the folder that holds conflict markers, sorted."""
    found: list[Path] = []
    root = Path(annotations_dir)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(".yaml") or name.startswith((".", TEMP_PREFIX)):
                continue
            path = Path(folder) / name
            try:  # the markers come after a few common lines; a FIFO is never read
                head = read_plain(path, 2_000_000)
            except OSError:
                continue
            if has_markers(head.decode("utf-8", "replace")):
                found.append(path)
    return found


def unmerged_resolved(annotations_dir: str | Path) -> list[Path]:
    """Annotation files git still lists as unmerged but that now hold a valid annotation
    (resolved earlier by `reader resolve` without `--add`, or by hand), sorted."""
    folder = Path(annotations_dir)
    root = repo_root(folder) if folder.is_dir() else None
    if root is None:
        return []
    try:
        listed = git_text(["diff", "--name-only", "--diff-filter=U", "-z", "--", "."], folder)
    except GitError:
        return []
    found: list[Path] = []
    for rel in sorted(set(filter(None, listed.split("\0")))):
        path = root / rel
        if path.suffix != ".yaml" or not path.is_file():
            continue
        try:
            data = path.read_bytes()
            if has_markers(data.decode("utf-8", "replace")):
                continue
            load_annotation_bytes(data, str(path))
        except (AnnotationFileError, OSError, ValueError):
            continue
        found.append(path)
    return found


def mark_resolved(paths: list[Path]) -> None:
    """`git add` the resolved files (used by `reader resolve --add`)."""
    if not paths:
        return
    root = repo_root(paths[0])
    if root is not None:
        git(["add", "--", *(relative_to_root(p, root) for p in paths)], root)
