"""One annotation as a mapping: making one, its target (the anchor), and checking its shape."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from reader.annotations.ulid import new_ulid
from reader.model import Article
from reader.records import Author, Target

SCHEMA = 1
"""The annotation schema this version writes; files with a newer one are read-only."""
CONTEXT = 32
"""Characters of context kept before and after a quote."""


def now_rfc3339() -> str:
    """The current time in RFC 3339 UTC with second precision: `2024-03-01T10:20:30Z`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_target(article: Article, number: int, start: int = 0, end: int | None = None) -> Target:
    """The anchor of `article`'s passage `number` (or characters start:end of it).

    Offsets are hints within the passage text; `quote` is the text itself, `prefix` and
    `suffix` about CONTEXT characters of the article around it (W3C TextQuoteSelector).
    """
    passage = article.passage(number)
    end = len(passage.text) if end is None else end
    full = article.text
    begin, finish = passage.start + start, passage.start + end
    return Target(
        passage=number,
        start=start,
        end=end,
        prefix=full[max(0, begin - CONTEXT) : begin],
        quote=passage.text[start:end],
        suffix=full[finish : finish + CONTEXT],
    )


def new_annotation(article_id: str, target: Target, author: Author) -> dict[str, Any]:
    """A fresh annotation mapping with a new ULID, no tags and no note."""
    stamp = now_rfc3339()
    return {
        "schema": SCHEMA,
        "id": new_ulid(),
        "article": article_id,
        "target": target.as_dict(),
        "tags": [],
        "author": author.as_dict(),
        "created": stamp,
        "updated": stamp,
    }


_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "schema": int,
    "id": str,
    "article": str,
    "target": dict,
    "tags": list,
    "note": str,
    "author": dict,
    "created": str,
    "updated": str,
    "deleted": bool,
}
_TARGET_TYPES: dict[str, type] = {
    "passage": int,
    "start": int,
    "end": int,
    "prefix": str,
    "quote": str,
    "suffix": str,
}


def problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with an annotation's shape, as (key, message) pairs; [] if fine."""
    found: list[tuple[str, str]] = []
    for key in ("schema", "id", "article", "target"):
        if key not in data:
            found.append((key, f"missing key {key!r}"))
    for key, kind in _FIELD_TYPES.items():
        value = data.get(key)
        if value is not None and (not isinstance(value, kind) or _is_bool_as_int(value, kind)):
            found.append((key, f"{key!r} should be {_kind_name(kind)}"))
    tags = data.get("tags")
    if isinstance(tags, list) and not all(isinstance(t, str) for t in tags):
        found.append(("tags", "every tag should be a string"))
    target = data.get("target")
    if isinstance(target, dict):
        if not isinstance(target.get("quote"), str):
            found.append(("target", "target has no 'quote' text"))
        for key, kind in _TARGET_TYPES.items():
            value = target.get(key)
            if value is not None and (not isinstance(value, kind) or _is_bool_as_int(value, kind)):
                found.append((key, f"target {key!r} should be {_kind_name(kind)}"))
    return found


def _is_bool_as_int(value: object, kind: type | tuple[type, ...]) -> bool:
    return kind is int and isinstance(value, bool)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {int: "a number", str: "text", dict: "a mapping", list: "a list", bool: "true/false"}
    return names.get(kind, str(kind)) if isinstance(kind, type) else "a value"


def key_line(text: str, key: str) -> int | None:
    """The line where `key:` first appears in a file's text (for error messages)."""
    match = re.search(rf"^\s*{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None
