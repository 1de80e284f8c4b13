"""The plain types the core speaks in: articles, passages, search hits, index summaries.

What annotates passages is in `reader.records`; `ARTICLE#N` is `reader.refs.PassageRef`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.dates import PartialDate
from reader.refs import PassageRef


@dataclass(frozen=True)
class Passage:
    """One paragraph of an article, numbered from 1.

    `start`/`end` are offsets of `text` within `Article.text`. A paragraph that repeats an
    earlier one of the same article has `duplicate_of` set to that one's number; search
    lists it once.
    """

    article: str
    number: int
    text: str
    start: int
    end: int
    duplicate_of: int | None = None

    @property
    def ref(self) -> PassageRef:
        """`ARTICLE#N`."""
        return PassageRef(self.article, self.number)


@dataclass
class Article:
    """An article as read from the corpus: `text` is its passages joined by blank lines."""

    id: str
    path: Path
    passages: list[Passage]
    date: PartialDate | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.passages)

    def passage(self, number: int) -> Passage:
        """The passage numbered `number` (1-based); KeyError when there is none."""
        if not 1 <= number <= len(self.passages):
            raise KeyError(f"{self.id} has no passage {number} (it has {len(self.passages)})")
        return self.passages[number - 1]


@dataclass(frozen=True)
class CorpusWarning:
    """A file that was read with a caveat or skipped.

    `hidden`: an annotation file that cannot be read, so its tags and notes are left out
    of what the index holds (`line` is where it goes wrong, when known).
    """

    path: Path
    message: str
    line: int | None = None
    hidden: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class AlsoIn:
    """Another article that carries the same passage (word for word, or nearly)."""

    article: str
    passage: int
    date: PartialDate | None
    source: str | None
    title: str | None

    @property
    def ref(self) -> PassageRef:
        return PassageRef(self.article, self.passage)


@dataclass(frozen=True)
class Hit:
    """A passage that matched a query, as search returns it.

    `highlights` are `(start, end)` character spans of `text` that matched; `also_in` the
    other copies of the passage in other articles, earliest first (see "also reported by"
    in the README).
    """

    article: str
    passage: int
    text: str
    date: PartialDate | None
    title: str | None
    source: str | None
    tags: tuple[str, ...]
    score: float
    highlights: tuple[tuple[int, int], ...] = ()
    also_in: tuple[AlsoIn, ...] = ()

    @property
    def ref(self) -> PassageRef:
        return PassageRef(self.article, self.passage)


@dataclass
class IndexSummary:
    """What an index update did."""

    articles: int = 0
    passages: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    seconds: float = 0.0
    warnings: list[CorpusWarning] = field(default_factory=list)
    rebuilt_because: str | None = None  # "missing", "corrupt", "schema 1 -> 2", ...

    def line(self) -> str:
        """The one-line summary `reader index` prints."""
        text = (
            f"{self.articles} articles, {self.passages} passages; "
            f"{self.added} added, {self.updated} updated, {self.removed} removed "
            f"in {self.seconds:.2f} s"
        )
        if self.warnings:
            text += f"; {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}"
        if self.rebuilt_because:
            text += f" (rebuilt: {self.rebuilt_because})"
        return text


@dataclass
class SearchResults:
    """The hits of one query: `total` passages matched, in `articles` distinct articles.

    `dropped`: common words of the query that were left out, as typed (the app and the
    command line say so). `collapsed`: matched passages not listed because they are
    copies of a listed hit (its `also_in`).
    """

    query: str
    hits: list[Hit]
    total: int
    articles: int
    dropped: tuple[str, ...] = ()
    collapsed: int = 0
    warnings: tuple[str, ...] = ()  # e.g. an invalid variants.yaml, left unused
