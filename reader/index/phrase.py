"""Phrases of adjacent words, matched with set arithmetic on word positions.

Whoosh's own phrase matcher walks generic spans in Python for every candidate passage (about
15-18 µs each); for the common case (words side by side, no slop) intersecting the words'
postings and comparing position sets is several times faster. Scores are BM25 over the
phrase frequency.
"""

from __future__ import annotations

import math
from typing import Any

from whoosh import matching, query
from whoosh.searching import Searcher

K1, B = 1.2, 0.75


class AdjacentPhrase(query.Phrase):
    """`query.Phrase` with a faster matcher when its words must be adjacent (slop 1)."""

    def matcher(self, searcher: Searcher, context: Any = None) -> Any:
        if self.slop != 1 or len(self.words) < 2:
            return super().matcher(searcher, context)
        reader = searcher.reader()
        field = self.fieldname
        if any((field, word) not in reader for word in self.words):
            return matching.NullMatcher()
        postings = [reader.postings(field, word) for word in self.words]
        rarest = min(range(len(postings)), key=lambda i: reader.doc_frequency(field, self.words[i]))
        ids, counts = _adjacent(postings, rarest)
        if not ids:
            return matching.NullMatcher()
        total = max(1, reader.doc_count_all())
        average = max(1.0, reader.field_length(field) / total)
        idf = math.log(1 + (total - len(ids) + 0.5) / (len(ids) + 0.5))
        scores = []
        for docnum, count in zip(ids, counts, strict=True):
            norm = K1 * (1 - B + B * reader.doc_field_length(docnum, field, 1) / average)
            scores.append(self.boost * idf * count * (K1 + 1) / (count + norm))
        return matching.ListMatcher(ids, scores)


def _adjacent(postings: list[Any], rarest: int) -> tuple[list[int], list[int]]:
    """The documents where the words occur in order side by side, and how often."""
    lead = postings[rarest]
    ids: list[int] = []
    counts: list[int] = []
    while lead.is_active():
        doc = lead.id()
        behind = None
        for m in postings:
            if m.id() < doc:
                m.skip_to(doc)
            if not m.is_active():
                return ids, counts
            if m.id() != doc:
                behind = m.id()
                break
        if behind is not None:
            lead.skip_to(behind)
            continue
        starts = set(postings[0].value_as("positions"))
        for offset, m in enumerate(postings[1:], start=1):
            at = set(m.value_as("positions"))
            starts = {p for p in starts if p + offset in at}
            if not starts:
                break
        if starts:
            ids.append(doc)
            counts.append(len(starts))
        lead.next()
    return ids, counts


def speed_up(node: query.Query) -> query.Query:
    """Swap plain phrases for `AdjacentPhrase` (for `Query.accept`)."""
    if type(node) is query.Phrase:
        return AdjacentPhrase(node.fieldname, node.words, node.slop, node.boost, node.char_ranges)
    return node
