"""Tag names: normalised, compared case-insensitively, `/` builds a hierarchy."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
MAX_LENGTH = 200


class TagError(ValueError):
    """A tag that cannot be used; the message says why."""


def normalise_tag(raw: str) -> str:
    """Trim, drop control characters, collapse inner white space, NFC; `/` segments trimmed.

    Case is kept. TagError for an empty tag, an empty segment (`a//b`, `/a`) or a tag
    longer than MAX_LENGTH.
    """
    text = unicodedata.normalize("NFC", _CONTROL_RE.sub(" ", str(raw)))
    text = " ".join(text.split())
    if not text:
        raise TagError("empty tag")
    segments = [s.strip() for s in text.split("/")]
    if any(not s for s in segments):
        raise TagError(f"tag {text!r} has an empty part between '/'")
    tag = "/".join(segments)
    if len(tag) > MAX_LENGTH:
        raise TagError(f"tag is longer than {MAX_LENGTH} characters")
    return tag


def tag_key(tag: str) -> str:
    """What two tags are compared by: case-folded."""
    return tag.casefold()


def sorted_tags(tags: Iterable[str]) -> list[str]:
    """Unique (case-insensitively; the first spelling wins) and sorted case-insensitively."""
    unique: dict[str, str] = {}
    for tag in tags:
        unique.setdefault(tag_key(tag), tag)
    return [unique[key] for key in sorted(unique)]


def tag_matches(tag: str, query: str) -> bool:
    """`actor` matches `actor` and `actor/china`; case-insensitive."""
    tag_k, query_k = tag_key(tag), tag_key(query)
    return tag_k == query_k or tag_k.startswith(query_k + "/")


def renamed(tag: str, old: str, new: str) -> str | None:
    """`tag` with the prefix `old` replaced by `new`, or None if `old` does not match it."""
    if not tag_matches(tag, old):
        return None
    return new + tag[len(old) :]
