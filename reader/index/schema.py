"""The Whoosh schema of the passage index: one document per passage.

`text` (and `title`, `note`) is analysed by `analysis.ReaderAnalyzer`: folded (case,
accents, `ß`, apostrophes), elisions taken off, hyphenated words as their parts, every
word kept with its true position (common words too, so phrases can be checked word for
word) and stemmed (Porter2). `prefix*`, wildcards and `fuzzy~` are expanded through the
vocabulary (see `vocabulary.py`), not a second copy of the text.

Dates are indexed as tokens in `date`: every precision of the date (`2023`, `2023-05`,
`2023-05-12`), plus a marker of the article's own precision when coarser than a day
(`2023-05~`, `2023~`), or `none`; `year` holds the year alone. Ranges become a handful of
terms over these tokens (fast, unlike numeric or DATETIME ranges); `day` is a column for
sorting by date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh import columns, fields, query
from whoosh.analysis import (
    CharsetFilter,
    CommaSeparatedTokenizer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
)
from whoosh.qparser.common import QueryParserError

from reader.dates import PartialDate

from .analysis import APOSTROPHES, CHARMAP, ReaderAnalyzer, fold, vocabulary_words

# Bump whenever the schema or what is indexed changes: older indexes are rebuilt.
SCHEMA_VERSION = 6

# The fields a user may name in a query (the rest are internal).
USER_FIELDS = ("text", "title", "source", "article", "tag", "note", "author", "date")
# The fields analysed as words (see `analysis.py`); the others are keywords or IDs.
WORD_FIELDS = ("text", "title", "note")
UNDATED_WORDS = ("none", "undated")
UNDATED_TOKEN = "none"

WORD_PATTERN = rf"\w+(?:[.{APOSTROPHES}]\w+)*"
__all__ = ["SCHEMA_VERSION", "build_schema", "fold", "words_of"]


def words_of(text: str) -> set[str]:
    """The unstemmed, folded words of a text (what the vocabulary keeps)."""
    return vocabulary_words(fold(text), getattr(text, "words", None))


def stemming_analyzer() -> ReaderAnalyzer:
    """Words as a reader sees them, stemmed (see `analysis.py`)."""
    return ReaderAnalyzer()


def plain_analyzer() -> Any:
    """Words, lowercased and folded, nothing dropped or stemmed (sources)."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(CHARMAP)


class TagKeyFilter(Filter):
    """Each tag token as its `tag_key` (case-folded), at index and query time alike."""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        from reader.tagnames import tag_key  # when tags are indexed or asked for

        for token in tokens:
            token.text = tag_key(token.text)
            yield token


class TagField(fields.KEYWORD):
    """`tag:`: comma-separated tag keys, compared as `reader.tagnames` compares tags."""

    def __init__(self) -> None:
        super().__init__(commas=True, scorable=True)
        self.analyzer = CommaSeparatedTokenizer() | TagKeyFilter()


class DateField(fields.KEYWORD):
    """`date:` parses its own queries: partial dates, `none`, and ranges over bounds.

    A single date matches the articles whose date lies within it (`date:2023-05` matches
    `2023-05` and `2023-05-12`, not `2023`); a range matches every article whose date
    overlaps it (`2023-05` overlaps `[2023-04-26 TO 2023-05-03]`).
    """

    def __init__(self) -> None:
        super().__init__(lowercase=True, scorable=False, stored=False)

    def self_parsing(self) -> bool:
        return True

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> query.Query:
        text = qstring.strip().lower()
        if text in UNDATED_WORDS:
            return query.Term(fieldname, UNDATED_TOKEN, boost=boost)
        return query.Term(fieldname, str(_parse_date(text)), boost=boost)

    def parse_range(
        self,
        fieldname: str,
        start: str | None,
        end: str | None,
        startexcl: bool,
        endexcl: bool,
        boost: float = 1.0,
    ) -> query.Query:
        low = high = None
        if start:
            first, last = (_to_date(n) for n in _parse_date(start).bounds())
            low = last + dt.timedelta(days=1) if startexcl else first
        if end:
            first, last = (_to_date(n) for n in _parse_date(end).bounds())
            high = first - dt.timedelta(days=1) if endexcl else last
        if low and high and low > high:
            raise QueryParserError(f"empty date range: {start or ''} TO {end or ''}")
        return query.Or(overlapping(fieldname, low, high), boost=boost)


def overlapping(field: str, low: dt.date | None, high: dt.date | None) -> list[query.Query]:
    """Queries on date tokens for every article whose date overlaps `[low, high]`.

    Whole years are a term range over the `year` field (a few terms); whole months are
    month terms; the days of a partly covered month a term range over its day tokens; and
    articles dated only to a partly covered month or year match by their precision marker.
    """
    parts: list[query.Query] = []
    first_full = 0 if low is None else low.year + (low > dt.date(low.year, 1, 1))
    last_full = 9999 if high is None else high.year - (high < dt.date(high.year, 12, 31))
    if first_full <= last_full:
        parts.append(query.TermRange("year", f"{first_full:04d}", f"{last_full:04d}"))
    partial = sorted({d.year for d in (low, high) if d} - set(range(first_full, last_full + 1)))
    for year in partial:
        parts.append(query.Term(field, f"{year:04d}~"))
        start = low if low and low.year == year else dt.date(year, 1, 1)
        stop = high if high and high.year == year else dt.date(year, 12, 31)
        for month in range(start.month, stop.month + 1):
            first, last = dt.date(year, month, 1), _month_end(year, month)
            key = f"{year:04d}-{month:02d}"
            if start <= first and last <= stop:
                parts.append(query.Term(field, key))
                continue
            parts.append(query.Term(field, key + "~"))
            day_lo, day_hi = max(start, first), min(stop, last)
            parts.append(query.TermRange(field, day_lo.isoformat(), day_hi.isoformat()))
    return parts


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _parse_date(text: str) -> PartialDate:
    date = PartialDate.parse(text.strip())
    if date is None:
        raise QueryParserError(f"bad date {text.strip()!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return date


def _to_date(yyyymmdd: int) -> dt.date:
    return dt.date(yyyymmdd // 10000, yyyymmdd // 100 % 100, yyyymmdd % 100)


def date_tokens(date: PartialDate | None) -> str:
    """What the `date` field indexes: each precision of the date, its own precision marker."""
    if date is None:
        return UNDATED_TOKEN
    year = f"{date.year:04d}"
    if not date.month:
        return f"{year} {year}~"
    month = f"{year}-{date.month:02d}"
    if not date.day:
        return f"{year} {month} {month}~"
    return f"{year} {month} {date}"


def sort_day(date: PartialDate | None) -> int:
    """The `day` column: the first day the date covers as YYYYMMDD, 0 when undated."""
    return date.bounds()[0] if date else 0


def build_schema() -> fields.Schema:
    """The schema. Passages are deleted by `article`; `day`, `number` are sort columns.

    `text`, `title` and `note` are analysed by `ReaderAnalyzer`; the passage and title as
    written are stored in `body` and `title_text`.
    """
    return fields.Schema(
        article=fields.ID(stored=True, sortable=True),
        passage=fields.STORED(),
        body=fields.STORED(),
        text=fields.TEXT(analyzer=stemming_analyzer()),
        title=fields.TEXT(analyzer=stemming_analyzer()),
        title_text=fields.STORED(),
        source=fields.TEXT(analyzer=plain_analyzer(), stored=True),
        date=DateField(),
        year=fields.KEYWORD(scorable=False),
        date_text=fields.STORED(),
        day=fields.COLUMN(columns.NumericColumn("i")),
        number=fields.COLUMN(columns.NumericColumn("i")),
        tag=TagField(),
        tags=fields.STORED(),
        note=fields.TEXT(analyzer=stemming_analyzer()),
        author=fields.KEYWORD(lowercase=True, scorable=True),
    )
