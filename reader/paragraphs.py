"""Turning an article's body into passages as a reader sees them, and its header into a date."""

from __future__ import annotations

import re

from reader.dates import PartialDate
from reader.model import Passage

# Hard-wrapped text rarely runs past this width; a block whose lines are longer holds one
# paragraph per line.
WRAP_WIDTH = 100
# A line this long was never hard-wrapped: a short line ending like a sentence or a
# heading directly above it (an editor's note, a dateline) is a paragraph of its own.
FAR_LONGER = 150
_BLANK_RE = re.compile(r"\n[ \t]*\n")
_DATE_HEADER_RE = re.compile(
    r"\A\s*date:?[ \t]+(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?![\d-])[ \t]*(?:\n)?", re.IGNORECASE
)
# Lines that start a paragraph of their own inside a block: headings, quotes, list items
# (`-`, `*`, `+`, bullets such as `•`, `1.`, `1)`, `(1)`, `a)`).
_BLOCK_MARKER_RE = re.compile(
    r"^\s*(?:#{1,6}\s|[-*+•◦▪▫‣⁃●○■□➢➤►–·]\s|\(?\d{1,3}[.)]\s|[a-z]\)\s|>\s?)"
)
_HEADLINE_END = tuple(".!?:;,\"'”’)…")
_SENTENCE_END = tuple(".!?:\"'”’»)…")
# Words a heading or sentence does not end on (a hard wrap often does).
_OPEN_WORDS = frozenset("a an and the of to in on for with by at or but as from that".split())  # noqa: SIM905


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
            if current and (_BLOCK_MARKER_RE.match(line) or _stands_alone(current[-1], line)):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        paragraphs.append(" ".join(current))
    return paragraphs


def _stands_alone(above: str, line: str) -> bool:
    """Whether `above` ends its paragraph: it ends like a sentence or a heading, and
    `line` is far longer than any hard wrap (so the two were never one wrapped text)."""
    if len(line) <= FAR_LONGER or len(above) > WRAP_WIDTH:
        return False
    if above.endswith(_SENTENCE_END):
        return True
    last = above.rsplit(None, 1)[-1]
    return last[-1:].isalnum() and last.lower() not in _OPEN_WORDS


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
