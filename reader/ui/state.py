"""What the main screen shows and remembers, as a plain object (no Textual).

The screen keeps one `MainState`; workers never touch it (they post messages, and the
screen updates the state on the event loop). Unit tests build one directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from reader.annotations.codebook import CodebookEntry
from reader.model import Article, SearchResults
from reader.records import PassageAnnotations
from reader.refs import PassageRef

OWN_WRITE_SECONDS = 10.0  # a change this app made is not "a change on disk" for this long


@dataclass
class MainState:
    """The main screen's data: query results, the open article, tags and codebook."""

    results: SearchResults | None = None
    article: Article | None = None
    annotations: dict[int, PassageAnnotations] = field(default_factory=dict)
    row_tags: dict[PassageRef, tuple[str, ...]] = field(default_factory=dict)
    tag_counts: dict[str, int] = field(default_factory=dict)
    codebook: dict[str, CodebookEntry] = field(default_factory=dict)
    quick: dict[str, str] = field(default_factory=dict)  # one key -> codebook tag
    search_seq: int = 0
    keep: PassageRef | None = None  # the passage the cursor stays on after a search
    shown_query: str | None = None  # the query whose results (or error) are shown
    awaiting_results: bool = False  # enter was pressed before the query's results came
    index_problem: str | None = None  # why the last index update failed
    pending: list[Callable[[], None]] = field(default_factory=list)  # keys run on arrival
    own_writes: dict[str, float] = field(default_factory=dict)  # article -> when written
    reported_errors: list[str] = field(default_factory=list)

    def number_in_article(self, ref: PassageRef | None) -> int | None:
        """`ref`'s passage number when it is a passage of the open article, else None."""
        if ref is None or self.article is None or ref.article != self.article.id:
            return None
        return ref.number

    def shown(self, ref: PassageRef | None) -> PassageAnnotations | None:
        """What `ref` shows, when it is in the open article."""
        number = self.number_in_article(ref)
        return self.annotations.get(number) if number is not None else None

    def wrote(self, articles: Iterable[str]) -> None:
        """Remember that this app wrote these articles' annotations just now."""
        now = time.monotonic()
        for article_id in articles:
            self.own_writes[article_id] = now

    def foreign(self, changed: set[str]) -> set[str]:
        """Of the articles whose annotations changed on disk, those this app did not write
        in the last OWN_WRITE_SECONDS (forgetting the ones seen)."""
        now = time.monotonic()
        own = {a for a, when in self.own_writes.items() if now - when < OWN_WRITE_SECONDS}
        self.own_writes = {a: w for a, w in self.own_writes.items() if a in own - changed}
        return changed - own

    def known_tags(self) -> set[str]:
        """Tags to complete from: those in use and the codebook's."""
        return set(self.tag_counts) | set(self.codebook)

    def set_codebook(self, book: Mapping[str, CodebookEntry], taken: set[str]) -> None:
        """Take a new codebook; its one-key tags skip keys the app already uses."""
        self.codebook = dict(book)
        self.quick = {}
        for tag, entry in self.codebook.items():
            key = entry.key
            if len(key) == 1 and key not in taken and key not in self.quick:
                self.quick[key] = tag
