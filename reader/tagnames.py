"""Tag identity, in one place: how a tag is normalised, compared, nested and listed.

A tag is text; `/` builds a hierarchy (`actor/china` is a child of `actor`). Two tags are
the same tag when their `tag_key`s are equal (case-folded: `Straße`, `STRASSE` and
`strasse` are one tag). Every layer (the store, the index, the merge driver, the command
line's tree and the app's panel) compares and nests tags through these functions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reader.errors import ReaderError
from reader.textnorm import without_controls

MAX_LENGTH = 200


class TagError(ReaderError, ValueError):
    """A tag that cannot be used; the message says why."""


def normalise_tag(raw: str) -> str:
    """Trim, drop control characters, collapse inner white space, NFC; `/` segments trimmed.

    Case is kept. TagError for an empty tag, an empty segment (`a//b`, `/a`) or a tag
    longer than MAX_LENGTH.
    """
    text = unicodedata.normalize("NFC", without_controls(str(raw)))
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
    """What two tags are compared by: NFC, case-folded (`Straße` -> `strasse`)."""
    return unicodedata.normalize("NFC", tag).casefold()


def ancestors(tag: str) -> list[str]:
    """The tag and every parent, shortest first: `a/b/c` -> `a`, `a/b`, `a/b/c`."""
    parts = tag.split("/")
    return ["/".join(parts[:cut]) for cut in range(1, len(parts) + 1)]


def index_terms(tags: Iterable[str]) -> list[str]:
    """The keys a passage is found by with `tag:`: each tag's key and its parents' keys."""
    return sorted({tag_key(prefix) for tag in tags for prefix in ancestors(tag)})


def sorted_tags(tags: Iterable[str]) -> list[str]:
    """Unique by key (the first spelling wins) and sorted by key."""
    unique: dict[str, str] = {}
    for tag in tags:
        unique.setdefault(tag_key(tag), tag)
    return [unique[key] for key in sorted(unique)]


def tag_matches(tag: str, query: str) -> bool:
    """`actor` matches `actor` and `actor/china`, in any case."""
    tag_k, query_k = tag_key(tag), tag_key(query)
    return tag_k == query_k or tag_k.startswith(query_k + "/")


def renamed(tag: str, old: str, new: str) -> str | None:
    """`tag` with the prefix `old` replaced by `new`, or None if `old` does not match it."""
    if not tag_matches(tag, old):
        return None
    return new + tag[len(old) :]


@dataclass(frozen=True)
class TagNode:
    """One line of the tag tree: a tag or a parent that only exists through its children.

    `tag` is the full path as first spelled, `name` its last segment; `own` counts the
    tag itself, `total` the tag with every tag under it; `used` is False for a parent
    that nobody put on a passage.
    """

    tag: str
    name: str
    depth: int
    own: int
    total: int
    used: bool
    has_children: bool


def tag_tree(counts: Mapping[str, int]) -> list[TagNode]:
    """Tag -> count as a tree in display order; tags differing only in case are one node."""
    own: dict[str, int] = {}
    totals: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for tag, count in counts.items():
        own[tag_key(tag)] = own.get(tag_key(tag), 0) + count
        for prefix in ancestors(tag):
            key = tag_key(prefix)
            totals[key] = totals.get(key, 0) + count
            spelling.setdefault(key, prefix)
    keys = sorted(totals, key=lambda k: k.split("/"))
    nodes = []
    for index, key in enumerate(keys):
        following = keys[index + 1] if index + 1 < len(keys) else ""
        tag = spelling[key]
        nodes.append(
            TagNode(
                tag=tag,
                name=tag.rsplit("/", 1)[-1],
                depth=key.count("/"),
                own=own.get(key, 0),
                total=totals[key],
                used=key in own,
                has_children=following.startswith(key + "/"),
            )
        )
    return nodes
