"""`reader report tags`: how often each tag is used, as a tree with children rolled up.

For each tag (and each parent of one): the passages carrying it or a tag under it, the
articles those are in, the passages carrying exactly it, and the annotations (codings);
with `by="author"` or `by="source"`, the passages again per coder or per source.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from reader.export.segments import Coding, CodingSet
from reader.refs import PassageRef
from reader.tagnames import ancestors, tag_key

BY = ("author", "source")
NO_SOURCE = "(no source)"


@dataclass(frozen=True)
class TagRow:
    """One line of the tree; `passages`, `articles`, `codings` and `groups` roll up the
    tags under it, `own` counts passages carrying exactly this tag."""

    tag: str
    depth: int
    passages: int
    articles: int
    own: int
    codings: int
    groups: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.tag.rsplit("/", 1)[-1]


@dataclass
class TagsReport:
    """Every tag of the selection with its counts (and per-group counts)."""

    rows: list[TagRow]
    by: str | None
    groups: list[str]
    passages: int
    articles: int
    annotations: int
    selection: dict[str, Any] = field(default_factory=dict)

    kind = "tags"

    def columns(self) -> list[str]:
        return ["tag", "depth", "passages", "articles", "own", "codings", *self.groups]

    def table(self) -> list[list[object]]:
        """Rows for CSV, in tree order."""
        return [
            [r.tag, r.depth, r.passages, r.articles, r.own, r.codings]
            + [r.groups.get(g, 0) for g in self.groups]
            for r in self.rows
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "report": self.kind,
            "selection": self.selection,
            "by": self.by,
            "groups": self.groups,
            "passages": self.passages,
            "articles": self.articles,
            "annotations": self.annotations,
            "tags": [
                {
                    "tag": r.tag,
                    "depth": r.depth,
                    "passages": r.passages,
                    "articles": r.articles,
                    "own": r.own,
                    "codings": r.codings,
                    **({"groups": r.groups} if self.by else {}),
                }
                for r in self.rows
            ],
        }


def group_of(coding: Coding, by: str | None, names: dict[str, str]) -> str | None:
    """The column a coding counts in: its coder's name, or its article's source."""
    if by == "author":
        return names[coding.coder]
    if by == "source":
        return coding.source or NO_SOURCE
    return None


def tags_report(coded: CodingSet, by: str | None = None) -> TagsReport:
    """Count the tags of `coded`; `by` is None, "author" or "source"."""
    if by is not None and by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}")
    names = coded.coders()
    spelling: dict[str, str] = {}
    passages: dict[str, set[PassageRef]] = defaultdict(set)
    own: dict[str, set[PassageRef]] = defaultdict(set)
    articles: dict[str, set[str]] = defaultdict(set)
    codings: dict[str, int] = defaultdict(int)
    grouped: dict[str, dict[str, set[PassageRef]]] = defaultdict(lambda: defaultdict(set))
    groups: set[str] = set()
    tagged: set[PassageRef] = set()
    for coding in coded.codings:
        group = group_of(coding, by, names)
        keys: set[str] = set()
        for tag in coding.tags:
            own[tag_key(tag)].add(coding.ref)
            for prefix in ancestors(tag):
                key = tag_key(prefix)
                spelling.setdefault(key, prefix)
                keys.add(key)
        for key in keys:
            passages[key].add(coding.ref)
            articles[key].add(coding.article)
            codings[key] += 1
            if group is not None:
                grouped[key][group].add(coding.ref)
        if keys:
            tagged.add(coding.ref)
            if group is not None:
                groups.add(group)
    rows = [
        TagRow(
            tag=spelling[key],
            depth=key.count("/"),
            passages=len(passages[key]),
            articles=len(articles[key]),
            own=len(own.get(key, ())),
            codings=codings[key],
            groups={g: len(refs) for g, refs in grouped[key].items()},
        )
        for key in sorted(spelling, key=lambda k: k.split("/"))
    ]
    order = sorted(groups, key=lambda g: (g == NO_SOURCE, g.casefold()))
    return TagsReport(
        rows=rows,
        by=by,
        groups=order,
        passages=len(tagged),
        articles=len({ref.article for ref in tagged}),
        annotations=sum(1 for c in coded.codings if c.tags),
        selection=selection_json(coded),
    )


def selection_json(coded: CodingSet) -> dict[str, Any]:
    """What was selected, for the reports' JSON."""
    return {"query": coded.query, "authors": list(coded.authors)}
