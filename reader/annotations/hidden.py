"""Annotation files that cannot be read: whose they may be, so that no write goes around one.

An invalid file (conflict markers, broken YAML, too large) is never written and its tags
and notes are left out. If it is the current author's annotation of a passage, `reader tag`
would otherwise make a second file beside it and the old tags would look lost. Its text is
scanned leniently (no YAML parsing) for the author's email or name and the passage number,
as they appear even in a file with conflict markers or a syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from reader.records import Author
from reader.yamlsafe import MAX_BYTES, YamlError, read_limited

_EMAIL_RE = re.compile(r"^\s*email:\s*['\"]?([^'\"\n]*?)['\"]?\s*$", re.MULTILINE)
_NAME_RE = re.compile(r"^\s*name:\s*['\"]?([^'\"\n]*?)['\"]?\s*$", re.MULTILINE)
_PASSAGE_RE = re.compile(r"^\s*passage:\s*['\"]?(\d+)", re.MULTILINE)
PEEK_BYTES = 3 * MAX_BYTES + 1_000_000
"""A conflicted file holds up to three versions (ours, base, theirs)."""


def may_hold(path: Path, passage: int, author: Author | None) -> bool:
    """Whether the unreadable file at `path` may be an annotation of `passage` by `author`
    (None: by anyone). It must name the author (email, else name) and a passage that is
    this one, or name none; a file naming neither an author nor a passage is not taken
    for anyone's annotation (it is reported as unreadable all the same)."""
    try:
        text = read_limited(path, max_bytes=PEEK_BYTES).decode("utf-8", "replace")
    except YamlError:
        return False  # a FIFO, unreadable: nothing to go by
    passages = {int(n) for n in _PASSAGE_RE.findall(text)}
    if passages and passage not in passages:
        return False
    emails = {e.strip().casefold() for e in _EMAIL_RE.findall(text) if e.strip()}
    names = {n.strip() for n in _NAME_RE.findall(text) if n.strip()}
    if author is None:
        return bool(passages or emails or names)
    if author.email and emails:
        return author.email.casefold() in emails
    return author.name in names


def refusal(
    invalid: Sequence[tuple[Path, YamlError]], ref: str, passage: int, author: Author | None
) -> str | None:
    """Why a write to passage `ref` must not go ahead: the first of the `invalid` files
    (path, error) that may hold `author`'s (None: anyone's) annotation of it; else None.
    Writing beside such a file would make a second one and leave its tags looking lost."""
    for path, error in invalid:
        if not may_hold(path, passage, author):
            continue
        whose = "your annotation" if author is not None else "an annotation"
        fix = "`reader resolve` merges it" if "conflict marker" in error.message else "fix it"
        return (
            f"{error} ({whose} of {ref} may be in this file, which cannot be read; "
            f"nothing written: {fix}, see `reader check`)"
        )
    return None
