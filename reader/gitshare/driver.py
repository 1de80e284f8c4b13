"""`reader merge-driver %O %A %B %P`: git's custom merge driver for annotation files.

Git calls it with three temporary files (base, ours, theirs) and the path being merged. It
must leave the result in the ours file and exit 0 when the merge is clean, non-zero when
it is a conflict (git then records the ours file as the conflicted content).

Clean: the three sides parse as mappings; the field merge (`merge.py`) gives the result,
written in the canonical format. An empty base (both sides added the file) merges against
an empty mapping, and is clean unless a value would have to be dropped (two different
titles for one article, say). A merge whose file would pass the read limit (two long notes
kept together) is a conflict too: only `reader resolve` can write the second file that
keeps both (`oversize.py`). Everything else, any side that is not a valid annotation
(garbage, conflict markers, a list), is a conflict: git's own line merge with conflict
markers is written to the ours file, so a person (or `reader resolve`) can finish it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reader.annotations.yamlio import (
    MAX_BYTES,
    AnnotationFileError,
    dump_annotation,
    load_annotation_bytes,
)
from reader.gitshare.merge import MergeResult, merge_annotation
from reader.gitshare.oversize import fits
from reader.gitshare.repo import GitError, git

CLEAN = 0
CONFLICT = 1


def run_driver(base: Path, ours: Path, theirs: Path, name: str = "") -> int:
    """Merge the three files into `ours`; return CLEAN or CONFLICT (see module doc)."""
    shown = name or str(ours)
    try:
        base_bytes, ours_bytes, theirs_bytes = (p.read_bytes() for p in (base, ours, theirs))
    except OSError as exc:
        _say(f"{shown}: cannot read a merge side: {exc.strerror}")
        return CONFLICT
    try:
        result = merge_bytes(base_bytes, ours_bytes, theirs_bytes, shown)
    except AnnotationFileError as exc:
        _say(f"{exc} (left as a text conflict)")
        return _text_conflict(base, ours, theirs, shown)
    if result.dropped and not base_bytes.strip():
        _say(f"{shown}: both sides added it with different values (left as a text conflict)")
        return _text_conflict(base, ours, theirs, shown)
    if not fits(result.data):  # only one file can be written here: `reader resolve` splits
        _say(
            f"{shown}: the merged notes would pass the {MAX_BYTES / 1e6:g} MB read limit "
            "(left as a text conflict: `reader resolve` or `reader sync` keeps both notes)"
        )
        return _text_conflict(base, ours, theirs, shown)
    for dropped in result.dropped:
        _say(f"{shown}: both sides changed {dropped.split(':')[0]}; kept the later one")
    try:
        ours.write_bytes(dump_annotation(result.data).encode("utf-8"))
    except OSError as exc:
        _say(f"{shown}: cannot write the merge: {exc.strerror}")
        return CONFLICT
    return CLEAN


def merge_bytes(base: bytes, ours: bytes, theirs: bytes, name: str) -> MergeResult:
    """Parse three sides strictly and merge them; AnnotationFileError if one is not valid."""
    base_data = None
    if base.strip():
        base_data = load_annotation_bytes(base, f"{name} (base)")
    ours_data = load_annotation_bytes(ours, f"{name} (ours)")
    theirs_data = load_annotation_bytes(theirs, f"{name} (theirs)")
    return merge_annotation(base_data, ours_data, theirs_data)


def _text_conflict(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Write git's line merge, with conflict markers, into `ours`; always CONFLICT."""
    labels = ["-L", f"ours:{name}", "-L", f"base:{name}", "-L", f"theirs:{name}"]
    try:
        git(["merge-file", *labels, str(ours), str(base), str(theirs)], ours.parent, check=False)
    except GitError as exc:
        _say(f"{name}: {exc}")
    return CONFLICT


def _say(message: str) -> None:
    from reader.textnorm import printable

    print(f"reader merge-driver: {printable(message)}", file=sys.stderr)
