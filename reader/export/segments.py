"""What exports and reports work on: coded segments, and the lighter codings reports count.

A `Segment` is one annotation placed on its article as the article is now: the record,
the article (with the metadata a user set), the passage and the span inside it. The
workspace gathers them (`Workspace.coded`); nothing here reads a file.

A `Coding` is what the reports need of a segment (who put which tags on which passage of
which dated article), small enough to keep for every annotation and to cache on disk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from reader.dates import PartialDate
from reader.model import Article, Passage
from reader.records import Annotation, Author
from reader.refs import PassageRef

_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)", re.ASCII)


def is_timestamp(value: str) -> bool:
    """Whether `value` is an RFC 3339 time as annotations carry them (`created`, `updated`),
    which is also what W3C and XML Schema date-times accept."""
    return bool(_TIMESTAMP.fullmatch(value))


@dataclass(frozen=True)
class Segment:
    """One live annotation placed on passage `passage` of `article`, characters
    `start:end` of the passage's current text."""

    annotation: Annotation
    article: Article
    passage: Passage
    start: int
    end: int

    @property
    def ref(self) -> PassageRef:
        return self.passage.ref

    @property
    def quote(self) -> str:
        """The coded text as the article has it now."""
        return self.passage.text[self.start : self.end]

    @property
    def article_start(self) -> int:
        """Where the span starts in the article's text (passages joined by blank lines)."""
        return self.passage.start + self.start

    @property
    def article_end(self) -> int:
        return self.passage.start + self.end

    @property
    def whole_passage(self) -> bool:
        return self.start == 0 and self.end == len(self.passage.text)

    def coding(self) -> Coding:
        article = self.article
        return Coding(
            article=article.id,
            passage=self.passage.number,
            tags=self.annotation.tags,
            author=self.annotation.author,
            annotation=self.annotation.id,
            date=article.date,
            source=article.source,
            title=article.title,
        )


@dataclass(frozen=True)
class Coding:
    """Who put which tags on which passage (a note-only annotation has no tags)."""

    article: str
    passage: int
    tags: tuple[str, ...]
    author: Author
    annotation: str = ""
    date: PartialDate | None = None
    source: str | None = None
    title: str | None = None
    ref: PassageRef = field(init=False, compare=False, repr=False)
    coder: str = field(init=False, compare=False, repr=False)  # see `coder_key`

    def __post_init__(self) -> None:
        # Reports look these up for every coding, many times: made once.
        object.__setattr__(self, "ref", PassageRef(self.article, self.passage))
        object.__setattr__(self, "coder", coder_key(self.author))


def coder_key(author: Author) -> str:
    """One coder, however their name is spelled: the email (any case), else the name."""
    return f"<{author.email.casefold()}>" if author.email else author.name


@dataclass
class CodingSet:
    """The codings of a selection, and how many passages each annotated article has (the
    units of agreement: every passage of an article, coded or not)."""

    codings: list[Coding] = field(default_factory=list)
    passages: dict[str, int] = field(default_factory=dict)
    query: str | None = None
    authors: tuple[str, ...] = ()
    refs: frozenset[PassageRef] | None = None  # the passages the query selected, if any
    left_out: list[str] = field(default_factory=list)  # what could not be placed

    def coders(self) -> dict[str, str]:
        """Coder key -> the name shown (the first spelling met), sorted by name."""
        names: dict[str, str] = {}
        for coding in self.codings:
            names.setdefault(coding.coder, coding.author.name)
        return dict(sorted(names.items(), key=lambda kv: (kv[1].casefold(), kv[0])))


class Coded:
    """Segments streamed from the workspace; `left_out` says, one line each, what could
    not be placed on the way (orphans, unreadable files, articles gone), filled in as the
    stream is read."""

    def __init__(self, segments: Iterable[Segment], left_out: list[str] | None = None) -> None:
        self._segments = segments
        self.left_out: list[str] = left_out if left_out is not None else []

    def __iter__(self) -> Iterator[Segment]:
        return iter(self._segments)


@dataclass(frozen=True)
class Selection:
    """Which annotations go out: those on `refs` (None: everywhere) by `authors` (empty:
    anyone; each matched by name or email, in any case)."""

    refs: frozenset[PassageRef] | None = None
    authors: tuple[str, ...] = ()

    def keeps(self, author: Author, ref: PassageRef) -> bool:
        if self.refs is not None and ref not in self.refs:
            return False
        return not self.authors or any(matches_author(author, a) for a in self.authors)


def matches_author(author: Author, wanted: str) -> bool:
    """`wanted` names this author: their name or email, compared without case."""
    key = wanted.strip().casefold()
    return bool(key) and key in (author.name.casefold(), author.email.casefold())


def split_names(values: Sequence[str]) -> tuple[str, ...]:
    """`--author A --author 'B,C'` -> ('A', 'B', 'C'): repeated or comma-separated."""
    found: list[str] = []
    for value in values:
        found.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(dict.fromkeys(found))
