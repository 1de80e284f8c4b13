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
from reader.model import AlsoIn, Hit, SearchResults

from .collapse import Copies, collapse
from .highlight import Marks, matched_terms, spans

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
    copies: Copies | None = None,
    collapsing: bool = True,
) -> SearchResults:
    """Search, convert the hits (inside the caller's searcher block), count the matches.

    With `copies` and `collapsing`, each group of copies is one hit (see `collapse.py`).
    """
    sortedby = DATE_ORDER if sort == "date" else None
    collapsing = collapsing and bool(copies)
    # Phrases cannot skip blocks, and sorting by date sees every match anyway: there one
    # pass that collects everything is cheaper than top-N plus a counting pass.
    one_pass = sortedby is not None or limit is None or _has_phrase(parsed)
    fetch = limit if limit is None or not collapsing else limit + copies.size  # type: ignore[union-attr]
    results = searcher.search(parsed, limit=None if one_pass else fetch, sortedby=sortedby)
    if one_pass:
        docnums = list(results.docs())
    elif results.scored_length() < (fetch or 0):
        docnums = [hit.docnum for hit in results]
    else:
        docnums = list(searcher.docs_for_query(parsed))
    ranked = [(hit.docnum, hit.score if sortedby is None else 0.0) for hit in results]
    collapsed = 0
    if collapsing:
        assert copies is not None
        picked, collapsed = collapse(ranked, set(docnums), copies, limit, sort == "date")
    else:
        picked = ranked[:limit] if limit is not None else ranked
    marks = matched_terms(parsed, searcher.reader())
    hits = []
    for docnum, score in picked:
        also = copies.also_in(docnum) if copies else ()
        hits.append(to_hit(searcher.stored_fields(docnum), score, marks, schema, also))
    articles = {articles_of[docnum] for docnum in docnums}
    return SearchResults(text, hits, len(docnums), len(articles), collapsed=collapsed)


def _has_phrase(node: query.Query) -> bool:
    if isinstance(node, query.Phrase):
        return True
    return any(_has_phrase(child) for child in node.children())


def to_hit(
    stored: dict[str, Any],
    score: float | None,
    terms: dict[str, Marks],
    schema: Schema,
    also_in: tuple[AlsoIn, ...] = (),
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
        also_in=also_in,
    )
