"""Tag completion for the tag dialog: plain functions, no Textual.

The dialog's text holds several tags separated by commas or spaces; the one being typed is
the last. Its candidates are the codebook's codes first (with their descriptions), then
the tags in use (with their counts), each group starting with those that begin with what
was typed, then the rest (those where a later part does: `china` finds `actor/china`); a
leading `-` completes from the passage's own tags (to remove one). `tab` completes to the
longest common prefix of the candidates; an accepted tag gets its separator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reader.tagnames import new_tags, tag_key, tag_problem
from reader.textnorm import has_controls

SEPARATOR = ", "
_SPLIT = re.compile(r"[,\s]+")
_TOKEN = re.compile(r"[^,\s]*$")
KINDS = ("codebook", "in use", "on passage")


@dataclass(frozen=True)
class Candidate:
    """One tag the token being typed may become."""

    tag: str
    kind: str  # one of KINDS
    description: str = ""
    count: int = 0


def parse_tags(value: str) -> list[str]:
    """`a, b/c d` -> ['a', 'b/c', 'd'] (commas or spaces separate tags; no repeats)."""
    seen: list[str] = []
    for tag in _SPLIT.split(value.strip()):
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def last_token(value: str) -> tuple[int, str]:
    """Where the tag being typed starts in `value`, and the tag so far."""
    match = _TOKEN.search(value)
    assert match is not None  # the pattern matches the empty string at the end
    return match.start(), match.group()


def candidates(
    token: str,
    codebook: Mapping[str, str],
    counts: Mapping[str, int],
    on_passage: Iterable[str] = (),
    typed: Iterable[str] = (),
) -> list[Candidate]:
    """What `token` may complete to, best first; `codebook` maps a code to its
    description, `counts` a tag in use to its passages, `typed` are the dialog's other
    tags (not offered again). A tag the rule refuses (an old one with a space or a
    control character) is never offered: it could not be saved as typed."""
    removing = token.startswith("-")
    word = tag_key(token[1:] if removing else token)
    skip = {tag_key(t.lstrip("-")) for t in typed}
    pool: dict[str, Candidate] = {}
    if removing:
        for tag in on_passage:
            pool.setdefault(tag_key(tag), Candidate(tag, "on passage"))
    else:
        for tag, description in codebook.items():
            pool.setdefault(tag_key(tag), Candidate(tag, "codebook", description))
        for tag, count in counts.items():
            pool.setdefault(tag_key(tag), Candidate(tag, "in use", count=count))
    found = []
    for key, candidate in pool.items():
        if key in skip or has_controls(candidate.tag) or tag_problem(candidate.tag):
            continue
        segments = key.split("/")
        if key.startswith(word):
            rank = 0
        elif any(s.startswith(word) for s in segments[1:]):
            rank = 1
        else:
            continue
        found.append((rank, KINDS.index(candidate.kind), key, candidate))
    return [c for *_, c in sorted(found, key=lambda f: f[:3])]


def is_new(token: str, found: list[Candidate], known: Iterable[str]) -> bool:
    """Whether the tag being typed is a new one already: nothing known starts with it."""
    return (
        bool(token) and not token.startswith("-") and not found and bool(new_tags([token], known))
    )


def common_prefix(token: str, found: list[Candidate]) -> str:
    """The longest text all candidates that start with `token` share (spelled as the
    first), or `token` when none does; the `-` of a removal is kept."""
    sign = "-" if token.startswith("-") else ""
    word = token[len(sign) :]
    tags = [c.tag for c in found if tag_key(c.tag).startswith(tag_key(word))]
    if not tags:
        return token
    keys = [tag_key(t) for t in tags]
    length = 0
    while all(len(k) > length for k in keys) and len({k[length] for k in keys}) == 1:
        length += 1
    prefix = tags[0][:length]
    return sign + prefix if len(prefix) >= len(word) else token


def replace_token(value: str, text: str, accept: bool) -> str:
    """`value` with its last tag replaced by `text`; `accept` adds the separator."""
    start, _ = last_token(value)
    return value[:start] + text + (SEPARATOR if accept else "")
