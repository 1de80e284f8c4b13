"""A coding run: the current results, one passage at a time (plain Python, no Textual).

The main screen keeps the run in its `MainState`, so leaving it (escape) and pressing `c`
again over the same results resumes where it stopped; other results start a new run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.model import Hit
from reader.refs import PassageRef


@dataclass
class CodingRun:
    """The passages of one set of results, where the coder is, and what was skipped."""

    query: str
    hits: list[Hit]
    position: int = 0
    skipped: set[PassageRef] = field(default_factory=set)
    seen: set[PassageRef] = field(default_factory=set)

    @property
    def refs(self) -> list[PassageRef]:
        return [hit.ref for hit in self.hits]

    @property
    def current(self) -> Hit | None:
        return self.hits[self.position] if 0 <= self.position < len(self.hits) else None

    @property
    def done(self) -> bool:
        """Past the last passage."""
        return self.position >= len(self.hits)

    def covers(self, query: str, hits: list[Hit]) -> bool:
        """Whether these results are the ones this run is over (then `c` resumes it)."""
        return query == self.query and [h.ref for h in hits] == self.refs

    def advance(self) -> None:
        """On to the next passage (the current one counts as seen)."""
        if self.current is not None:
            self.seen.add(self.current.ref)
            self.skipped.discard(self.current.ref)
        self.position = min(len(self.hits), self.position + 1)

    def skip(self) -> None:
        """On to the next passage, leaving this one marked as skipped."""
        if self.current is not None:
            self.skipped.add(self.current.ref)
        self.position = min(len(self.hits), self.position + 1)

    def back(self) -> None:
        self.position = max(0, self.position - 1)

    def counter(self) -> str:
        """`3/5`, and how many were skipped."""
        shown = min(self.position + 1, len(self.hits))
        skipped = f" · {len(self.skipped)} skipped" if self.skipped else ""
        return f"{shown}/{len(self.hits)}{skipped}"
