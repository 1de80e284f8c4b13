"""Character spans of the words a query matched in a passage (no HTML, no markup)."""

from __future__ import annotations

from whoosh import query
from whoosh.fields import Schema
from whoosh.reading import IndexReader

from .query import positive_leaves

HIGHLIGHT_FIELDS = ("text",)


def matched_terms(q: query.Query, reader: IndexReader) -> dict[str, set[str]]:
    """The indexed terms of `text` the query matches (prefix and fuzzy already expanded)."""
    terms: dict[str, set[str]] = {name: set() for name in HIGHLIGHT_FIELDS}
    for leaf in positive_leaves(q):
        if leaf.field() not in terms:
            continue
        for fieldname, term in leaf.existing_terms(reader, expand=True):
            if fieldname in terms:
                terms[fieldname].add(term.decode("utf-8") if isinstance(term, bytes) else term)
    return terms


def spans(text: str, terms: dict[str, set[str]], schema: Schema) -> tuple[tuple[int, int], ...]:
    """Sorted, merged `(start, end)` spans of `text` whose words are among `terms`."""
    found: list[tuple[int, int]] = []
    for fieldname in HIGHLIGHT_FIELDS:
        wanted = terms.get(fieldname)
        if not wanted:
            continue
        analyzer = schema[fieldname].analyzer
        for token in analyzer(text, chars=True, mode="query"):  # query mode: folds too
            if token.text in wanted:
                found.append((token.startchar, token.endchar))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
