"""The one rule for article ids: what discovery accepts, lookups take and folders are named.

An id is a relative path without suffix (`2023/may/envoy`, `feeds/wire/a1`). It must be
typeable, print on one line and name an annotations folder that stays inside its root: no
empty, hidden (`.x`, so no `.` or `..` either) parts, no backslash, no control characters,
valid UTF-8, and short enough for any file system.
"""

from __future__ import annotations

from reader.textnorm import has_controls

MAX_PART_BYTES = 200
"""A path component's length in UTF-8 bytes (file systems allow 255; room for a suffix)."""
MAX_ID_BYTES = 1000
"""A whole id's length in UTF-8 bytes (paths have room for the folders around it)."""


def id_problem(article_id: str) -> str | None:
    """Why `article_id` cannot be an article id, or None when it can."""
    if not isinstance(article_id, str) or not article_id:
        return "empty id"
    try:
        size = len(article_id.encode("utf-8"))
    except UnicodeEncodeError:
        return "not valid UTF-8"
    if has_controls(article_id):
        return "holds control characters"
    if "\\" in article_id:
        return "holds a backslash"
    parts = article_id.split("/")
    if any(not part for part in parts):
        return "has an empty part (a leading, trailing or double '/')"
    if any(part.startswith(".") for part in parts):
        return "has a hidden part (starting with '.')"
    if size > MAX_ID_BYTES:
        return f"longer than {MAX_ID_BYTES} bytes"
    if any(len(part.encode("utf-8")) > MAX_PART_BYTES for part in parts):
        return f"has a part longer than {MAX_PART_BYTES} bytes"
    return None


def usable_id(article_id: str) -> bool:
    """Whether `article_id` follows the rule (see `id_problem`)."""
    return id_problem(article_id) is None
