"""`reader report cooccur`: how many passages (or articles) carry both of two tags.

A unit's tags are the union of every selected coder's tags on it. The diagonal counts
the units carrying the tag at all; `min_count` hides what is rarer than that.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from reader.export.segments import CodingSet
from reader.export.tagreport import selection_json
from reader.tagnames import sorted_tags, tag_key

UNITS = ("passage", "article")


@dataclass
class CooccurReport:
    """The tag-by-tag counts; `tags` are the ones with a pair (or a count) >= `min_count`."""

    unit: str
    min_count: int
    tags: list[str]
    counts: dict[tuple[str, str], int]  # (key, key), each pair once with a <= b
    units: int
    selection: dict[str, Any] = field(default_factory=dict)

    kind = "cooccur"

    def count(self, first: str, second: str) -> int:
        a, b = sorted((tag_key(first), tag_key(second)))
        return self.counts.get((a, b), 0)

    def matrix(self) -> list[list[int]]:
        return [[self.count(a, b) for b in self.tags] for a in self.tags]

    def pairs(self) -> list[tuple[str, str, int]]:
        """Pairs of different tags with at least `min_count` units, most frequent first."""
        found = [
            (a, b, self.count(a, b))
            for a, b in combinations(self.tags, 2)
            if self.count(a, b) >= self.min_count
        ]
        return sorted(found, key=lambda p: (-p[2], tag_key(p[0]), tag_key(p[1])))

    def with_tag(self, tag: str) -> list[tuple[str, int]]:
        """The tags found together with `tag`, most frequent first (for the app)."""
        found = [(other, self.count(tag, other)) for other in self.tags]
        found = [(o, n) for o, n in found if n and tag_key(o) != tag_key(tag)]
        return sorted(found, key=lambda p: (-p[1], tag_key(p[0])))

    def columns(self) -> list[str]:
        return ["tag", *self.tags]

    def table(self) -> list[list[object]]:
        return [[tag, *row] for tag, row in zip(self.tags, self.matrix(), strict=True)]

    def as_json(self) -> dict[str, Any]:
        return {
            "report": self.kind,
            "selection": self.selection,
            "unit": self.unit,
            "min": self.min_count,
            "units": self.units,
            "tags": self.tags,
            "matrix": self.matrix(),
            "pairs": [{"tags": [a, b], "count": n} for a, b, n in self.pairs()],
        }


def cooccur_report(coded: CodingSet, unit: str = "passage", min_count: int = 1) -> CooccurReport:
    """Count co-occurrences per passage or per article."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}")
    by_unit: dict[object, set[str]] = defaultdict(set)
    spelling: dict[str, str] = {}
    for coding in coded.codings:
        key = coding.ref if unit == "passage" else coding.article
        for tag in coding.tags:
            spelling.setdefault(tag_key(tag), tag)
            by_unit[key].add(tag_key(tag))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for tags in by_unit.values():
        ordered = sorted(tags)
        for a in ordered:
            counts[(a, a)] += 1
        for a, b in combinations(ordered, 2):
            counts[(a, b)] += 1
    keep: set[str] = {
        key
        for (a, b), n in counts.items()
        if n >= min_count and (a != b or min_count <= 1)
        for key in (a, b)
    }
    shown = sorted_tags(spelling[key] for key in keep)
    return CooccurReport(unit, min_count, shown, dict(counts), len(by_unit), selection_json(coded))
