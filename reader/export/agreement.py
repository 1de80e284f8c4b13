"""`reader report agreement`: do two or more coders put the same tags on the same passages?

The units are the passages of the articles that every compared coder annotated (all of
their passages, coded or not; with a query, the passages it selected). For each tag, each
coder either put it (or a tag under it) on a unit or did not; per tag the report gives the
share of units they agree on, Cohen's kappa (two coders) and Krippendorff's alpha
(nominal, any number of coders), then a pooled row over every (unit, tag) pair, then the
passages where they disagree, with who put what.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.export.output import ExportError
from reader.export.segments import CodingSet, matches_author
from reader.export.stats import cohen_kappa, krippendorff_alpha, percent_agreement
from reader.export.tagreport import selection_json
from reader.refs import PassageRef
from reader.tagnames import sorted_tags, tag_key, tag_matches

ALL_TAGS = "(all tags)"


@dataclass(frozen=True)
class AgreementRow:
    """One tag: units where anyone used it, and the three figures (None: undefined, with
    `note` saying why)."""

    tag: str
    used: int
    agreement: float | None
    kappa: float | None
    alpha: float | None
    note: str = ""


@dataclass(frozen=True)
class Disagreement:
    """A passage and tag on which the coders differ: who put it, who did not."""

    ref: PassageRef
    tag: str
    with_tag: tuple[str, ...]
    without: tuple[str, ...]


@dataclass
class AgreementReport:
    coders: list[str]  # names, in order
    articles: list[str]
    units: int
    rows: list[AgreementRow]
    disagreements: list[Disagreement]
    selection: dict[str, Any] = field(default_factory=dict)

    kind = "agreement"

    def columns(self) -> list[str]:
        return ["tag", "used", "agreement", "kappa", "alpha", "note"]

    def table(self) -> list[list[object]]:
        return [
            [r.tag, r.used, _round(r.agreement), _round(r.kappa), _round(r.alpha), r.note]
            for r in self.rows
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "report": self.kind,
            "selection": self.selection,
            "coders": self.coders,
            "articles": self.articles,
            "units": self.units,
            "tags": [
                {
                    "tag": r.tag,
                    "used": r.used,
                    "agreement": _round(r.agreement),
                    "kappa": _round(r.kappa),
                    "alpha": _round(r.alpha),
                    "note": r.note or None,
                }
                for r in self.rows
            ],
            "disagreements": [
                {
                    "id": str(d.ref),
                    "tag": d.tag,
                    "with": list(d.with_tag),
                    "without": list(d.without),
                }
                for d in self.disagreements
            ],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def agreement_report(
    coded: CodingSet, authors: Sequence[str] = (), tags: Sequence[str] = ()
) -> AgreementReport:
    """Compare the coders named in `authors` (all coders of the selection when empty) on
    `tags` (every tag they used when empty). ExportError, in one line, when there is
    nothing to compare: fewer than two coders, or no article they all annotated."""
    names = coded.coders()
    coders = _chosen(names, authors, coded)
    shown = [names[c] for c in coders]
    annotated: dict[str, set[str]] = defaultdict(set)
    for coding in coded.codings:
        if coding.coder in coders:
            annotated[coding.coder].add(coding.article)
    common = set.intersection(*(annotated[c] for c in coders))
    if not common:
        each = ", ".join(f"{names[c]}: {len(annotated[c])}" for c in coders)
        raise ExportError(
            f"no article was annotated by every compared coder ({each} articles, none in common)"
        )
    units = [
        PassageRef(article, number)
        for article in sorted(common)
        for number in range(1, coded.passages.get(article, 0) + 1)
        if coded.refs is None or PassageRef(article, number) in coded.refs
    ]
    put: dict[tuple[PassageRef, str], set[str]] = defaultdict(set)  # (unit, coder) -> keys
    spelling: dict[str, str] = {}
    in_units = set(units)
    key_of: dict[str, str] = {}
    for coding in coded.codings:
        if coding.coder in coders and coding.ref in in_units:
            for tag in coding.tags:
                key = key_of.get(tag) or key_of.setdefault(tag, tag_key(tag))
                put[(coding.ref, coding.coder)].add(key)
                spelling.setdefault(key, tag)
    compared = list(tags) if tags else sorted_tags(spelling.values())
    if not compared:
        raise ExportError("the compared coders used no tag in the articles they share")
    # Which compared tags each tag key counts for (`actor` counts `actor/china`), then, per
    # unit someone tagged, which compared tags each coder put on it; every other unit is
    # "nobody" for every tag.
    counts_for = {
        key: [i for i, tag in enumerate(compared) if tag_matches(spelt, tag)]
        for key, spelt in spelling.items()
    }
    position = {coder: i for i, coder in enumerate(coders)}
    hits: dict[PassageRef, list[set[int]]] = {}
    for (unit, coder), keys in put.items():
        mine = hits.setdefault(unit, [set() for _ in coders])[position[coder]]
        for key in keys:
            mine.update(counts_for[key])
    present: list[list[tuple[int, ...]]] = [[] for _ in compared]
    found: list[Disagreement] = []
    for unit in sorted(hits):
        per_coder = hits[unit]
        for i in sorted(set().union(*per_coder)):
            values = tuple(int(i in mine) for mine in per_coder)
            present[i].append(values)
            if 0 in values:
                with_tag = tuple(n for n, v in zip(shown, values, strict=True) if v)
                without = tuple(n for n, v in zip(shown, values, strict=True) if not v)
                found.append(Disagreement(unit, compared[i], with_tag, without))
    blank = (0,) * len(coders)
    rows: list[AgreementRow] = []
    pooled: list[tuple[int, ...]] = []
    for i, tag in enumerate(compared):
        column = [blank] * (len(units) - len(present[i])) + present[i]
        rows.append(_row(tag, column, len(present[i])))
        pooled.extend(column)
    if len(compared) > 1:
        rows.append(_row(ALL_TAGS, pooled, sum(len(p) for p in present)))
    found.sort(key=lambda d: (d.ref, tag_key(d.tag)))
    return AgreementReport(shown, sorted(common), len(units), rows, found, selection_json(coded))


def _chosen(names: dict[str, str], authors: Sequence[str], coded: CodingSet) -> list[str]:
    """The coder keys to compare; ExportError when fewer than two."""
    everyone = ", ".join(names.values()) or "nobody"
    if authors:
        chosen: list[str] = []
        for wanted in authors:
            found = [
                key
                for key in names
                if any(matches_author(c.author, wanted) for c in coded.codings if c.coder == key)
            ]
            if not found:
                raise ExportError(f"no annotations by {wanted!r} (coders here: {everyone})")
            chosen.extend(k for k in found if k not in chosen)
    else:
        chosen = list(names)
    if len(chosen) < 2 and authors:
        only = ", ".join(names[key] for key in chosen)
        raise ExportError(
            f"agreement needs two or more coders; only {only} named (coders here: {everyone})"
        )
    if len(chosen) < 2:
        raise ExportError(
            f"agreement needs two or more coders; the selection has annotations by {everyone} only"
        )
    return chosen


def _row(tag: str, values: list[tuple[int, ...]], used: int) -> AgreementRow:
    """The figures for one tag from each unit's 0/1 values (one per coder); `used` counts
    the units where someone put it."""
    if not values:
        return AgreementRow(tag, 0, None, None, None, "no passages to compare")
    if used == 0:
        return AgreementRow(tag, 0, None, None, None, "nobody used it here")
    agreement = percent_agreement(values)
    kappa = None
    if len(values[0]) == 2:
        kappa = cohen_kappa([u[0] for u in values], [u[1] for u in values])
    alpha = krippendorff_alpha(values)
    note = ""
    if alpha is None:
        note = "every coder put it on every passage: kappa and alpha undefined"
    elif len(values[0]) > 2:
        note = "kappa is for two coders"
    return AgreementRow(tag, used, agreement, kappa, alpha, note)
