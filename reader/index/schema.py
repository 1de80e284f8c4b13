"""The Whoosh schema of the passage index: one document per passage.

`text` is stemmed with positions (words and phrases); `exact` holds the same words
unstemmed, without positions, for `prefix*`, wildcards, `fuzzy~` and stop words. Both fold
accents and case; the tokenizer splits at any apostrophe, so `that's` and `that’s` agree.
Dates are indexed as precision tokens (`2023`, `2023-05`, `2023-05-12`) in `date` and as
`YYYYMMDD` bounds in `day_lo`/`day_hi` for ranges (0 when undated).
"""

from __future__ import annotations

import datetime as dt

from whoosh import fields, query
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang.porter2 import stem as porter2_stem
from whoosh.qparser.common import QueryParserError
from whoosh.support.charset import accent_map

from reader.dates import PartialDate

# Bump whenever the schema or what is indexed changes: older indexes are rebuilt.
SCHEMA_VERSION = 1

# The fields a user may name in a query (the rest are internal).
USER_FIELDS = ("text", "title", "source", "article", "tag", "note", "author", "date")
UNDATED_WORDS = ("none", "undated")
UNDATED_TOKEN = "none"
LAST_DAY = 99991231


def stemming_analyzer():  # type: ignore[no-untyped-def]
    """Words, lowercased, accents folded, stop words dropped, stemmed (cached stemmer).

    Porter2 (Snowball English), not Whoosh's default Porter: Porter stems "negotiated" to
    `negotiat` but "negotiations" to `negoti`, so neither finds the other.
    """
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(stemfn=porter2_stem, cachesize=200_000)
    )


def exact_analyzer():  # type: ignore[no-untyped-def]
    """Words, lowercased and accent-folded; every word kept, none stemmed."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


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
        low, high = 1, LAST_DAY
        if start:
            bounds = _parse_date(start).bounds()
            low = _next_day(bounds[1]) if startexcl else bounds[0]
        if end:
            bounds = _parse_date(end).bounds()
            high = _previous_day(bounds[0]) if endexcl else bounds[1]
        if low > high:
            raise QueryParserError(f"empty date range: {start or ''} TO {end or ''}")
        return query.And(
            [query.NumericRange("day_lo", 0, high), query.NumericRange("day_hi", low, LAST_DAY)],
            boost=boost,
        )


def _parse_date(text: str) -> PartialDate:
    date = PartialDate.parse(text.strip())
    if date is None:
        raise QueryParserError(f"bad date {text.strip()!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return date


def _next_day(yyyymmdd: int) -> int:
    day = _to_date(yyyymmdd) + dt.timedelta(days=1)
    return day.year * 10000 + day.month * 100 + day.day


def _previous_day(yyyymmdd: int) -> int:
    day = _to_date(yyyymmdd) - dt.timedelta(days=1)
    return day.year * 10000 + day.month * 100 + day.day


def _to_date(yyyymmdd: int) -> dt.date:
    return dt.date(yyyymmdd // 10000, yyyymmdd // 100 % 100, yyyymmdd % 100)


def date_tokens(date: PartialDate | None) -> str:
    """What the `date` field indexes: each precision of the date, or `none`."""
    if date is None:
        return UNDATED_TOKEN
    tokens = [f"{date.year:04d}"]
    if date.month:
        tokens.append(f"{date.year:04d}-{date.month:02d}")
        if date.day:
            tokens.append(str(date))
    return " ".join(tokens)


def build_schema() -> fields.Schema:
    """The schema; `key` (`ARTICLE#N`) is unique, `file` names the source file."""
    return fields.Schema(
        key=fields.ID(unique=True),
        file=fields.ID(),
        article=fields.ID(stored=True, sortable=True),
        passage=fields.NUMERIC(int, stored=True, sortable=True),
        text=fields.TEXT(analyzer=stemming_analyzer(), stored=True),
        exact=fields.TEXT(analyzer=exact_analyzer(), phrase=False),
        title=fields.TEXT(analyzer=stemming_analyzer(), stored=True),
        source=fields.TEXT(analyzer=exact_analyzer(), stored=True),
        date=DateField(),
        date_text=fields.STORED(),
        # signed: Whoosh 2.7 NumericRange ignores its bounds on unsigned fields
        day_lo=fields.NUMERIC(int, bits=32, sortable=True),
        day_hi=fields.NUMERIC(int, bits=32),
        tag=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        tags=fields.STORED(),
        note=fields.TEXT(analyzer=stemming_analyzer()),
        author=fields.KEYWORD(lowercase=True, scorable=True),
    )
