"""Three-way merge of one annotation mapping, field by field (pure functions on dicts).

The rules, chosen so that nothing a person wrote is lost and so that merging A into B gives
the same result as merging B into A (criss-cross merges then agree):

- A field only one side changed takes that side's value; both sides equal: that value.
- `tags`: set semantics. Every addition and every removal, from either side, applies.
  Tags that differ only in case are one tag (spelled as on the side updated last).
- `note` (and a codebook entry's `description`): when both sides changed it differently,
  both texts are kept: the version with the earlier `updated` first, then a line
  `--- merged note (other version, updated <time>) ---`, then the later one (same time:
  alphabetical order). If one text contains the other (a side that only added words, a
  repeated merge, a side that emptied it), the longer one is kept alone.
- `updated`: the later of the two.
- `deleted: true` (a tombstone) wins over a side that only re-dated the annotation or left
  it unchanged. A delete against a real edit (tags, note, target...) keeps the edit: the
  annotation comes back with both sides' other changes applied (a tag the deleting side
  removed stays removed), unless nothing is left to show (no tags and no note).
- `target` and `author` are taken whole from one side, never mixed.
- Nested mappings (a codebook entry, unknown keys) merge key by key; any other value both
  sides changed differently comes from the side with the later `updated` (ties: ours), and
  is listed in `MergeResult.dropped` so callers can say so or refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reader.tagnames import tag_key

MISSING: Any = object()
"""A key that a side does not have."""

ATOMIC_KEYS = frozenset({"target", "author"})
TEXT_KEYS = frozenset({"note", "description"})
CONTENT_IGNORED = frozenset({"updated", "deleted"})
NOTE_MARKER = "--- merged note (other version, updated {updated}) ---"


@dataclass
class MergeResult:
    """The merged mapping and the values that had to be dropped (`key: value` strings)."""

    data: dict[str, Any]
    dropped: list[str] = field(default_factory=list)
    extra: dict[str, Any] | None = None
    """A second annotation to write beside `data`: the other side's note, when the two
    notes together would make a file over the read limit (see `oversize.fit`)."""

    @property
    def lossless(self) -> bool:
        return not self.dropped


def merge_annotation(
    base: dict[str, Any] | None, ours: dict[str, Any], theirs: dict[str, Any]
) -> MergeResult:
    """Merge two versions of one annotation (or article.yaml, codebook.yaml) against `base`.

    `base` None or {} means both sides added the file (add/add).
    """
    base = base or {}
    later = _later(ours.get("updated"), theirs.get("updated"))
    context = _Context(
        ours_newer=later is not _RIGHT,
        tie=later is None,
        ours_updated=_text(ours.get("updated")),
        theirs_updated=_text(theirs.get("updated")),
    )
    data = _merge_mapping(base, ours, theirs, context, path="")
    _settle_tombstone(base, ours, theirs, data)
    return MergeResult(data, context.dropped)


@dataclass
class _Context:
    ours_newer: bool
    tie: bool
    ours_updated: str
    theirs_updated: str
    dropped: list[str] = field(default_factory=list)


_LEFT = object()
_RIGHT = object()


def _merge_mapping(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], ctx: _Context, path: str
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    keys = list(dict.fromkeys([*ours, *theirs, *base]))
    for key in keys:
        value = _merge_value(
            key,
            base.get(key, MISSING),
            ours.get(key, MISSING),
            theirs.get(key, MISSING),
            ctx,
            f"{path}{key}",
        )
        if value is not MISSING:
            merged[key] = value
    return merged


def _merge_value(key: str, b: Any, o: Any, t: Any, ctx: _Context, path: str) -> Any:
    if o == t:
        return o
    if o == b:
        return t
    if t == b:
        return o
    # Both sides changed `key`, differently.
    if path == "tags" and _is_tag_list(o) and _is_tag_list(t):
        return merge_tags(b if _is_tag_list(b) else [], o, t, ours_first=ctx.ours_newer)
    if key == "updated" and isinstance(o, str) and isinstance(t, str):
        return t if _later(o, t) is _RIGHT else o
    if key in TEXT_KEYS and _is_text(o) and _is_text(t):
        return merge_text(
            b if isinstance(b, str) else "",
            "" if o is MISSING else o,
            "" if t is MISSING else t,
            ctx,
        )
    nested = key not in ATOMIC_KEYS or "." in path
    if nested and isinstance(o, dict) and isinstance(t, dict):
        return _merge_mapping(b if isinstance(b, dict) else {}, o, t, ctx, f"{path}.")
    if o is MISSING:  # deleted on our side, changed on theirs: keep the change
        return t
    if t is MISSING:
        return o
    winner, loser = (o, t) if ctx.ours_newer else (t, o)
    ctx.dropped.append(f"{path}: {loser!r}")
    return winner


def merge_tags(
    base: list[str], ours: list[str], theirs: list[str], ours_first: bool = True
) -> list[str]:
    """Set merge: base, minus what either side removed, plus what either side added.

    Tags are compared case-insensitively; the result is sorted.
    """
    fold = tag_key
    b = {fold(tag) for tag in base}
    o = {fold(tag): tag for tag in ours}
    t = {fold(tag): tag for tag in theirs}
    removed = (b - o.keys()) | (b - t.keys())
    kept = (o.keys() | t.keys()) - removed
    first, second = (o, t) if ours_first else (t, o)
    spelled = [first.get(key) or second[key] for key in kept]
    return sorted(spelled, key=lambda tag: (fold(tag), tag))


def merge_text(base: str, ours: str, theirs: str, ctx: _Context) -> str:
    """Both sides changed a text: keep both, earlier version first, with a marker line."""
    if ours.strip() == theirs.strip():
        return ours if ctx.ours_newer else theirs
    if theirs.strip() in ours:  # includes a side that emptied the note: keep the words
        return ours
    if ours.strip() in theirs:
        return theirs
    ours_second = ours > theirs if ctx.tie else ctx.ours_newer
    if ours_second:
        first, second, second_updated = theirs, ours, ctx.ours_updated
    else:
        first, second, second_updated = ours, theirs, ctx.theirs_updated
    marker = NOTE_MARKER.format(updated=second_updated or "unknown")
    return f"{first.rstrip()}\n\n{marker}\n{second.strip(chr(10))}"


def _settle_tombstone(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], data: dict[str, Any]
) -> None:
    """A delete against a real edit: the edit revives the annotation (see module doc)."""
    ours_deleted = ours.get("deleted") is True and base.get("deleted") is not True
    theirs_deleted = theirs.get("deleted") is True and base.get("deleted") is not True
    if ours_deleted == theirs_deleted:
        return
    editor = theirs if ours_deleted else ours
    if not _content_changed(base, editor):
        return
    if data.get("tags") or str(data.get("note") or "").strip():
        data.pop("deleted", None)


def _content_changed(base: dict[str, Any], side: dict[str, Any]) -> bool:
    keys = (set(base) | set(side)) - CONTENT_IGNORED
    return any(base.get(key, MISSING) != side.get(key, MISSING) for key in keys)


def _is_tag_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(tag, str) for tag in value)


def _is_text(value: Any) -> bool:
    return value is MISSING or isinstance(value, str)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _later(left: Any, right: Any) -> object | None:
    """_RIGHT if `right` is a later timestamp than `left`, _LEFT if earlier, None if equal
    or not comparable."""
    a, b = _parse_time(left), _parse_time(right)
    if a is None and b is None:
        return None
    if a is None:
        return _RIGHT
    if b is None:
        return _LEFT
    if a == b:
        return None
    return _RIGHT if b > a else _LEFT


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed
