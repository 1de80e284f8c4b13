"""Turning an article's body into passages as a reader sees them, and its header into a date."""

from __future__ import annotations

import re

from reader.dates import PartialDate
from reader.model import Passage

# Hard-wrapped text rarely runs past this width; a block whose lines are longer holds one
# paragraph per line.
WRAP_WIDTH = 100
_BLANK_RE = re.compile(r"\n[ \t]*\n")
_DATE_HEADER_RE = re.compile(
    r"\A\s*date:?[ \t]+(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?![\d-])[ \t]*(?:\n)?", re.IGNORECASE
)
_BLOCK_MARKER_RE = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s?)")
_HEADLINE_END = tuple(".!?:;,\"'”’)…")


def split_date_header(text: str) -> tuple[PartialDate | None, str]:
    """Take a leading `date YYYY[-MM[-DD]]` header off the text; the rest is the body."""
    match = _DATE_HEADER_RE.match(text)
    if not match:
        return None, text
    date = PartialDate.parse(match[1])
    if date is None:
        return None, text
    return date, text[match.end() :]


def split_title(text: str) -> tuple[str | None, str]:
    """Take off a first line that reads like a headline: short, alone, no closing punctuation.

    A markdown `# Heading` always counts. Text after a date header is the first paragraph,
    never a title, so callers look for a title only before the date header.
    """
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    line = first.strip()
    if line.startswith("# "):
        return line[2:].strip() or None, rest
    if not sep or not rest.strip() or not rest.lstrip(" \t").startswith("\n"):
        return None, text
    if len(line) <= 90 and len(line.split()) <= 14 and not line.endswith(_HEADLINE_END):
        return line, rest
    return None, text


def split_paragraphs(body: str) -> list[str]:
    """Blocks separated by blank lines; hard-wrapped lines are joined, long lines kept apart."""
    paragraphs: list[str] = []
    for block in _BLANK_RE.split(body.strip("\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and any(len(line) > WRAP_WIDTH for line in lines[:-1]):
            paragraphs.extend(lines)
            continue
        current: list[str] = []
        for line in lines:
            if current and _BLOCK_MARKER_RE.match(line):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        paragraphs.append(" ".join(current))
    return paragraphs


def make_passages(article_id: str, paragraphs: list[str]) -> list[Passage]:
    """Number paragraphs from 1, with offsets into the joined text; mark repeats."""
    passages: list[Passage] = []
    seen: dict[str, int] = {}
    offset = 0
    for number, text in enumerate(paragraphs, start=1):
        key = " ".join(text.split()).casefold()
        passages.append(
            Passage(article_id, number, text, offset, offset + len(text), seen.get(key))
        )
        seen.setdefault(key, number)
        offset += len(text) + 2
    return passages
