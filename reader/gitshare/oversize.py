"""Merges that stay readable: a merged annotation never passes the read limit.

Two long notes on one annotation, each within the limit, can merge (both kept, see
`merge.merge_text`) into a file over it, which every command would then refuse: its tags
and both notes would vanish. The merge driver leaves such a merge to git as a conflict
(it can write only the one file); `reader resolve` and `reader sync` then keep both
versions as two annotations: the file keeps this side's note with everything else merged,
and the other side's note goes into a second annotation of the same passage by the same
author (no tags; its note opens with the merge marker line). Its id is derived from the
two versions, so clones that resolve the same conflict make the same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.annotations.ulid import derived_ulid, is_ulid, ulid_time_ms
from reader.annotations.yamlio import (
    MAX_BYTES,
    AnnotationFileError,
    dump_annotation,
    size_bounds,
)
from reader.gitshare.merge import MISSING, NOTE_MARKER, MergeResult, merge_annotation


def fits(data: dict[str, Any], limit: int = MAX_BYTES) -> bool:
    """Whether `data`'s canonical file stays within `limit` bytes. Writing megabytes of
    YAML takes time, so bounds decide first (`yamlio.size_bounds`); only between them is
    it written out and measured."""
    low, high = size_bounds(data)
    if low > limit:
        return False
    if high <= limit:
        return True
    return len(dump_annotation(data).encode("utf-8")) <= limit


def fit(
    result: MergeResult,
    base: dict[str, Any] | None,
    ours: dict[str, Any],
    theirs: dict[str, Any],
    name: str,
    limit: int = MAX_BYTES,
) -> MergeResult:
    """`result` if it fits within `limit`; else the merge with ours' note only and theirs'
    note as `extra`, a second annotation. AnnotationFileError if even that cannot fit."""
    if fits(result.data, limit):
        return result
    other = theirs.get("note")
    too_large = f"the merged annotation would pass the {limit / 1e6:g} MB read limit"
    if not isinstance(other, str) or not other.strip():
        raise AnnotationFileError(name, None, too_large)
    same_note = dict(theirs)
    same_note.pop("note", None)
    if ours.get("note", MISSING) is not MISSING:
        same_note["note"] = ours["note"]
    kept = merge_annotation(base, ours, same_note)
    ident = str(kept.data.get("id") or "")
    ms = ulid_time_ms(ident) if is_ulid(ident) else 0
    stamp = theirs.get("updated") if isinstance(theirs.get("updated"), str) else None
    extra = {  # the same inputs give the same bytes: clones resolving alike agree
        **{k: v for k, v in kept.data.items() if k not in ("deleted", "note")},
        "id": derived_ulid(ms, f"{ident}\0{other}".encode("utf-8", "replace")),
        "tags": [],
        "note": f"{NOTE_MARKER.format(updated=stamp or 'unknown')}\n{other}",
        "created": stamp or kept.data.get("updated") or "",
        "updated": stamp or kept.data.get("updated") or "",
    }
    if not fits(kept.data, limit) or not fits(extra, limit):
        raise AnnotationFileError(name, None, too_large)
    return MergeResult(kept.data, kept.dropped, extra)


def extra_path(path: str | Path, extra: dict[str, Any]) -> str:
    """Where the second annotation goes: beside `path`, named by its id."""
    text = str(path)
    folder = text.rsplit("/", 1)[0] if "/" in text else ""
    return f"{folder}/{extra['id']}.yaml" if folder else f"{extra['id']}.yaml"
