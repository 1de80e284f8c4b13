"""Running a parsed query: the top hits as plain `Hit`s, and exact counts.

The top hits come from Whoosh's top-N collector (which skips blocks that cannot compete);
the counts from one unscored pass over the matching documents, mapped to their articles
through the `article` column, read once per searcher.
"""

from __future__ import annotations

from typing import Any

from whoosh import query, sorting
from whoosh.fields import Schema
from whoosh.searching import Searcher

from reader.dates import PartialDate
from reader.model import Hit, SearchResults

from .highlight import matched_terms, spans

DATE_ORDER = [
    sorting.FieldFacet("day", reverse=True),  # undated is 0: last
    sorting.FieldFacet("article"),
    sorting.FieldFacet("number"),
]


def article_column(searcher: Searcher) -> list[str]:
    """The article id of every document number of the searcher's reader."""
    return list(searcher.reader().column_reader("article"))


def run(
    searcher: Searcher,
    parsed: query.Query,
    text: str,
    limit: int | None,
    sort: str,
    schema: Schema,
    articles_of: list[str],
) -> SearchResults:
    """Search, convert the hits (inside the caller's searcher block), count the matches."""
    sortedby = DATE_ORDER if sort == "date" else None
    # Phrases cannot skip blocks, and sorting by date sees every match anyway: there one
    # pass that collects everything is cheaper than top-N plus a counting pass.
    one_pass = sortedby is not None or limit is None or _has_phrase(parsed)
    results = searcher.search(parsed, limit=None if one_pass else limit, sortedby=sortedby)
    terms = matched_terms(parsed, searcher.reader())
    page = results[:limit] if limit is not None else results
    hits = [
        to_hit(hit.fields(), hit.score if sortedby is None else 0.0, terms, schema) for hit in page
    ]
    if one_pass:
        docnums = list(results.docs())
    elif len(hits) < (limit or 0):
        docnums = [hit.docnum for hit in results]
    else:
        docnums = list(searcher.docs_for_query(parsed))
    articles = {articles_of[docnum] for docnum in docnums}
    return SearchResults(text, hits, len(docnums), len(articles))


def _has_phrase(node: query.Query) -> bool:
    if isinstance(node, query.Phrase):
        return True
    return any(_has_phrase(child) for child in node.children())


def to_hit(
    stored: dict[str, Any], score: float | None, terms: dict[str, set[str]], schema: Schema
) -> Hit:
    """A stored document as a `Hit`, with the spans of the words the query matched."""
    text = stored.get("body", "")
    return Hit(
        article=stored["article"],
        passage=int(stored["passage"]),
        text=text,
        date=PartialDate.parse(stored.get("date_text")),
        title=stored.get("title_text"),
        source=stored.get("source"),
        tags=tuple(sorted(stored.get("tags") or ())),
        score=float(score or 0.0),
        highlights=spans(text, terms, schema),
    )
