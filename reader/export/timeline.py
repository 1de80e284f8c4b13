"""`reader report timeline`: tagged passages per period, by their article's date.

A date falls in the period that contains it at its own precision: with `by="month"`,
`2023-05-12` and `2023-05` count in `2023-05`, while `2023` (known only to the year)
counts in `2023`, a row of its own before that year's months. Undated articles are counted
apart. Counts are passages (however many coders tagged one), per tag with the tags under
it rolled up, and in `passages` any tag at all.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from reader.dates import PartialDate
from reader.export.segments import CodingSet
from reader.export.tagreport import selection_json
from reader.refs import PassageRef
from reader.tagnames import ancestors, tag_key, tag_matches

PERIODS = ("day", "week", "month", "year")
UNDATED = "undated"


@dataclass(frozen=True, order=True)
class Period:
    """A row of the timeline: sorted by first day, a longer period first."""

    first: int  # YYYYMMDD
    span: int  # -days, so that longer periods sort first
    label: str


def period_of(date: PartialDate, by: str) -> Period:
    """The period `date` counts in (see the module's docstring)."""
    first, _ = date.bounds()
    if by == "year" or date.month is None:
        return Period(date.year * 10000 + 101, -366, f"{date.year:04d}")
    if by == "month" or date.day is None:
        return Period(
            date.year * 10000 + date.month * 100 + 1, -31, f"{date.year:04d}-{date.month:02d}"
        )
    day = datetime.date(date.year, date.month, date.day)
    if by == "week":
        year, week, weekday = day.isocalendar()
        monday = day - datetime.timedelta(days=weekday - 1)
        stamp = monday.year * 10000 + monday.month * 100 + monday.day
        return Period(stamp, -7, f"{year:04d}-W{week:02d}")
    return Period(first, -1, str(date))


@dataclass
class TimelineReport:
    """Counts per period: `rows` in time order, then the undated ones apart."""

    by: str
    tags: list[str]
    rows: list[tuple[str, int, dict[str, int]]]  # label, passages, tag -> passages
    undated: tuple[int, dict[str, int]]
    selection: dict[str, Any] = field(default_factory=dict)

    kind = "timeline"

    def columns(self) -> list[str]:
        return ["period", "passages", *self.tags]

    def table(self) -> list[list[object]]:
        found: list[list[object]] = [
            [label, total, *(counts.get(t, 0) for t in self.tags)]
            for label, total, counts in self.rows
        ]
        total, counts = self.undated
        if total:
            found.append([UNDATED, total, *(counts.get(t, 0) for t in self.tags)])
        return found

    def as_json(self) -> dict[str, Any]:
        return {
            "report": self.kind,
            "selection": self.selection,
            "by": self.by,
            "tags": self.tags,
            "periods": [
                {"period": label, "passages": total, "tags": counts}
                for label, total, counts in self.rows
            ],
            "undated": {"passages": self.undated[0], "tags": self.undated[1]},
        }


def timeline_report(
    coded: CodingSet, by: str = "month", only: tuple[str, ...] = ()
) -> TimelineReport:
    """Count tagged passages per `by` period; `only` keeps those tags (and tags under them)."""
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}")
    periods: dict[Period | None, dict[str, set[PassageRef]]] = defaultdict(lambda: defaultdict(set))
    tagged: dict[Period | None, set[PassageRef]] = defaultdict(set)
    spelling: dict[str, str] = {}
    for coding in coded.codings:
        tags = [t for t in coding.tags if not only or any(tag_matches(t, o) for o in only)]
        if not tags:
            continue
        period = period_of(coding.date, by) if coding.date else None
        tagged[period].add(coding.ref)
        for tag in tags:
            for prefix in ancestors(tag):
                spelling.setdefault(tag_key(prefix), prefix)
                periods[period][tag_key(prefix)].add(coding.ref)
    keys = sorted(spelling, key=lambda k: k.split("/"))
    tags = [spelling[k] for k in keys]

    def counts(period: Period | None) -> dict[str, int]:
        found = periods.get(period, {})
        return {spelling[k]: len(found[k]) for k in keys if k in found}

    rows = [(p.label, len(tagged[p]), counts(p)) for p in sorted(k for k in tagged if k)]
    undated = (len(tagged.get(None, ())), counts(None))
    return TimelineReport(by, tags, rows, undated, selection_json(coded))
