"""Picking a span of a passage by sentences and words: plain functions, no Textual.

A `Selection` is characters `start:end` of one passage's text. It starts on the passage's
first sentence; `j`/`k` move its end by a sentence, `w`/`b` by a word, `]`/`[` move it to
the next or previous sentence, `W`/`B` move its start by a word. Sentences end at `.`,
`!`, `?` or `…` (closing quotes and brackets included) before white space, except after
an abbreviation (`U.S.`, `Mr.`, a single letter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reader.records import Span
from reader.refs import PassageRef

_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_WORD = re.compile(r"\S+")
ABBREVIATIONS = frozenset(
    ("mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "gen", "gov", "sen",
     "rep", "lt", "col", "capt", "mt", "inc", "ltd", "co", "corp", "no", "nos", "jan",
     "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
)  # fmt: skip


def sentences(text: str) -> list[Span]:
    """The sentences of `text` as spans without the white space between them."""
    found: list[Span] = []
    start = _skip_space(text, 0)
    for match in _END.finditer(text):
        end = match.end()
        if end <= start or _abbreviation(text, match.start()):
            continue
        found.append((start, end))
        start = _skip_space(text, end)
    if start < len(text.rstrip()):
        found.append((start, len(text.rstrip())))
    return found


def words(text: str) -> list[Span]:
    """The words of `text` (runs of non-space characters) as spans."""
    return [m.span() for m in _WORD.finditer(text)]


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _abbreviation(text: str, dot: int) -> bool:
    """Whether the `.` at `dot` ends an abbreviation rather than a sentence."""
    if text[dot] != ".":
        return False
    word = text[:dot].rsplit(None, 1)[-1] if text[:dot].strip() else ""
    word = word.lstrip("\"'“‘(")
    return len(word) == 1 or "." in word or word.casefold() in ABBREVIATIONS


@dataclass(frozen=True)
class Selection:
    """Characters `start:end` of passage `ref`'s `text`, being picked in the app."""

    ref: PassageRef
    text: str
    start: int
    end: int

    @classmethod
    def first_sentence(cls, ref: PassageRef, text: str) -> Selection:
        spans = sentences(text) or [(0, len(text))]
        return cls(ref, text, *spans[0])

    @property
    def span(self) -> Span:
        return self.start, self.end

    @property
    def quote(self) -> str:
        return self.text[self.start : self.end]

    def extend_sentence(self, step: int) -> Selection:
        """Move the end to the end of the next (`step` 1) or previous (-1) sentence; the
        selection keeps at least its first sentence."""
        ends = [e for _, e in sentences(self.text) if e > self.start] or [len(self.text)]
        return self._with_end(ends, step)

    def extend_word(self, step: int) -> Selection:
        """Move the end to the end of the next (1) or previous (-1) word."""
        ends = [e for _, e in words(self.text) if e > self.start]
        return self._with_end(ends, step)

    def move_start(self, step: int) -> Selection:
        """Move the start to the next (1) or previous (-1) word's start (never past the end)."""
        starts = [s for s, _ in words(self.text) if s < self.end]
        if not starts:
            return self
        if step > 0:
            later = [s for s in starts if s > self.start]
            return replace(self, start=later[0]) if later else self
        earlier = [s for s in starts if s < self.start]
        return replace(self, start=earlier[-1]) if earlier else self

    def move_sentence(self, step: int) -> Selection:
        """Select the sentence after (1) or before (-1) the one the selection starts in."""
        spans = sentences(self.text)
        if not spans:
            return self
        here = max((i for i, (s, _) in enumerate(spans) if s <= self.start), default=0)
        target = max(0, min(len(spans) - 1, here + step))
        return replace(self, start=spans[target][0], end=spans[target][1])

    def _with_end(self, ends: list[int], step: int) -> Selection:
        if step > 0:
            later = [e for e in ends if e > self.end]
            return replace(self, end=later[0]) if later else self
        earlier = [e for e in ends if e < self.end]
        return replace(self, end=earlier[-1]) if earlier else self

    def moved(self, how: str) -> Selection:
        """The selection after one of the selection keys (see `commands`, scope "select")."""
        moves = {
            "more": lambda: self.extend_sentence(1),
            "less": lambda: self.extend_sentence(-1),
            "word": lambda: self.extend_word(1),
            "unword": lambda: self.extend_word(-1),
            "next": lambda: self.move_sentence(1),
            "prev": lambda: self.move_sentence(-1),
            "start": lambda: self.move_start(1),
            "unstart": lambda: self.move_start(-1),
        }
        return moves[how]() if how in moves else self
