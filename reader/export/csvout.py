"""CSV exports: one row per coded segment and tag (long), or one row per passage (wide).

Long rows are written as the segments arrive (memory does not grow with the number of
annotations). Every text cell is guarded against spreadsheet formulas (OWASP "CSV
injection"): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading `'`, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from reader.export.segments import Segment
from reader.tagnames import sorted_tags, tag_key

LONG_COLUMNS = (
    "id",
    "article",
    "passage",
    "date",
    "date_precision",
    "title",
    "source",
    "tag",
    "tag_parent",
    "tag_top",
    "author",
    "author_email",
    "note",
    "quote",
    "start",
    "end",
    "annotation",
    "created",
    "updated",
)
"""The long format's columns, in order (documented in the README)."""

WIDE_COLUMNS = ("id", "article", "passage", "date", "date_precision", "title", "source", "authors")
"""The wide format's leading columns; one 0/1 column per tag follows."""

_FORMULA_START = frozenset("=+-@\t\r")


def cell(value: object) -> str | int:
    """A value as a CSV cell: numbers as they are, text guarded against formulas."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text[:1] in _FORMULA_START else text


def writer(out: TextIO) -> Any:
    """A CSV writer (RFC 4180: comma, double quotes, CRLF)."""
    return csv.writer(out, lineterminator="\r\n")


def guarded_row(values: Sequence[object]) -> list[str | int]:
    return [cell(v) for v in values]


def passage_cells(segment: Segment) -> list[object]:
    """The cells both formats start with: the passage, its article, date, title, source."""
    article, date = segment.article, segment.article.date
    return [
        str(segment.ref),
        article.id,
        segment.passage.number,
        str(date) if date else "",
        date.precision if date else "",
        article.title or "",
        article.source or "",
    ]


def long_rows(segment: Segment) -> list[list[str | int]]:
    """The rows of one segment: one per tag, or one with an empty tag when it has none."""
    record = segment.annotation
    head = guarded_row(passage_cells(segment))
    tail = guarded_row(
        [
            record.author.name,
            record.author.email,
            record.note or "",
            segment.quote,
            segment.start,
            segment.end,
            record.id,
            record.created,
            record.updated,
        ]
    )
    rows = []
    for tag in sorted_tags(record.tags) or [""]:
        parent = tag.rpartition("/")[0]
        top = tag.split("/", 1)[0]
        rows.append([*head, cell(tag), cell(parent), cell(top), *tail])
    return rows


def write_long(segments: Iterable[Segment], out: TextIO) -> int:
    """Write the long CSV; returns the number of annotations written."""
    rows = writer(out)
    rows.writerow(LONG_COLUMNS)
    count = 0
    for segment in segments:
        rows.writerows(long_rows(segment))
        count += 1
    return count


def write_wide(segments: Iterable[Segment], out: TextIO) -> int:
    """Write one row per passage with a 0/1 column per tag (the union of its coders'
    tags), passages in article order; returns the number of annotations read."""
    passages: dict[tuple[str, int], tuple[Segment, set[str], list[str]]] = {}
    spelling: dict[str, str] = {}
    count = 0
    for segment in segments:
        count += 1
        key = (segment.article.id, segment.passage.number)
        _, tags, authors = passages.setdefault(key, (segment, set(), []))
        for tag in segment.annotation.tags:
            spelling.setdefault(tag_key(tag), tag)
            tags.add(tag_key(tag))
        name = segment.annotation.author.name
        if name not in authors:
            authors.append(name)
    columns = sorted_tags(spelling.values())
    rows = writer(out)
    rows.writerow(guarded_row([*WIDE_COLUMNS, *columns]))
    keys = [tag_key(tag) for tag in columns]
    for segment, tags, authors in passages.values():
        head = [*passage_cells(segment), "; ".join(sorted(authors, key=str.casefold))]
        rows.writerow(guarded_row(head) + [1 if key in tags else 0 for key in keys])
    return count
