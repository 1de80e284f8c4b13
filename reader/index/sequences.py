"""Phrases whose words may each be spelt several ways, and words within N of each other.

A `SlotPhrase` is a list of slots; each slot is one of several alternatives, and an
alternative is one or more terms side by side. That one shape covers what a quoted
phrase needs once spellings are involved: `"President Zelensky"` with the variants of
`Zelensky` in its second slot, `"a ceasefire deal"` whose middle slot is `ceasefire` or
`cease` `fire`, `"US officials"` whose first slot is `US` or `United States`.

`within=None` is an exact phrase: the slots in order, side by side. `within=N` (typed
`"a b"~N`) lets the slots come in any order with at most N other words among them.
Matching decodes positions only for documents that hold a term of every slot, found from
the rarest slot, as `phrase.AdjacentPhrase` does for plain phrases.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from whoosh import matching, query
from whoosh.searching import Searcher

Alternative = tuple[str, ...]
Slot = tuple[Alternative, ...]
Span = tuple[int, int]  # (first position, number of positions)
K1, B = 1.2, 0.75


class SlotPhrase(query.Query):
    """Documents where the slots occur as a phrase (or within `within` words)."""

    def __init__(
        self, fieldname: str, slots: Sequence[Slot], within: int | None = None, boost: float = 1.0
    ) -> None:
        self.fieldname = fieldname
        self.slots = tuple(tuple(dict.fromkeys(slot)) for slot in slots)
        self.within = within
        self.boost = boost

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SlotPhrase) and (
            self.fieldname,
            self.slots,
            self.within,
            self.boost,
        ) == (other.fieldname, other.slots, other.within, other.boost)

    def __hash__(self) -> int:
        return hash((self.fieldname, self.slots, self.within, self.boost))

    def __repr__(self) -> str:
        return f"SlotPhrase({self.fieldname!r}, {self.slots!r}, within={self.within})"

    def __unicode__(self) -> str:
        words = " ".join("|".join(" ".join(alt) for alt in slot) for slot in self.slots)
        return f'{self.fieldname}:"{words}"' + (f"~{self.within}" if self.within else "")

    __str__ = __unicode__

    def has_terms(self) -> bool:
        return True

    def terms(self, phrases: bool = False) -> Iterable[tuple[str, str]]:
        if phrases:
            for slot in self.slots:
                for alt in slot:
                    for term in alt:
                        yield self.fieldname, term

    def normalize(self) -> query.Query:
        if not self.slots:
            return query.NullQuery
        if len(self.slots) == 1 and all(len(alt) == 1 for alt in self.slots[0]):
            terms = [query.Term(self.fieldname, alt[0]) for alt in self.slots[0]]
            return (terms[0] if len(terms) == 1 else query.Or(terms)).with_boost(self.boost)
        return self

    def estimate_size(self, ixreader) -> int:  # type: ignore[no-untyped-def]
        return min(self._slot_size(ixreader, slot) for slot in self.slots)

    def estimate_min_size(self, ixreader) -> int:  # type: ignore[no-untyped-def]
        return 0

    def _slot_size(self, reader, slot: Slot) -> int:  # type: ignore[no-untyped-def]
        total = 0
        for alt in slot:
            sizes = [reader.doc_frequency(self.fieldname, term) for term in alt]
            total += min(sizes) if sizes else 0
        return total

    def matcher(self, searcher: Searcher, context=None):  # type: ignore[no-untyped-def]
        reader = searcher.reader()
        field = self.fieldname
        slots: list[list[Alternative]] = []
        for slot in self.slots:
            alts = [alt for alt in slot if alt and all((field, t) in reader for t in alt)]
            if not alts:
                return matching.NullMatcher()
            slots.append(alts)
        order = sorted(range(len(slots)), key=lambda i: self._slot_size(reader, tuple(slots[i])))
        lead: set[int] = set()
        for alt in slots[order[0]]:
            rarest = min(alt, key=lambda t: reader.doc_frequency(field, t))
            lead.update(reader.postings(field, rarest).all_ids())
        cursors = {t: reader.postings(field, t) for alts in slots for alt in alts for t in alt}
        ids: list[int] = []
        counts: list[int] = []
        for doc in sorted(lead):
            found: dict[str, list[int]] = {}

            def positions(
                term: str, doc: int = doc, found: dict[str, list[int]] = found
            ) -> list[int]:
                if term not in found:
                    cursor = cursors[term]
                    if cursor.is_active() and cursor.id() < doc:
                        cursor.skip_to(doc)
                    here = cursor.is_active() and cursor.id() == doc
                    found[term] = list(cursor.value_as("positions")) if here else []
                at: list[int] = found[term]
                return at

            occ: list[list[Span]] = [[] for _ in slots]
            for i in order:
                occ[i] = occurrences(slots[i], positions)
                if not occ[i]:
                    break
            else:
                count = len(find_matches(occ, self.within))
                if count:
                    ids.append(doc)
                    counts.append(count)
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(ids, _scores(reader, field, ids, counts, self.boost))


def _scores(reader, field: str, ids: list[int], counts: list[int], boost: float) -> list[float]:  # type: ignore[no-untyped-def]
    """BM25 over the phrase frequency (as `phrase.AdjacentPhrase`)."""
    total = max(1, reader.doc_count_all())
    average = max(1.0, reader.field_length(field) / total)
    idf = math.log(1 + (total - len(ids) + 0.5) / (len(ids) + 0.5))
    scores = []
    for docnum, count in zip(ids, counts, strict=True):
        norm = K1 * (1 - B + B * reader.doc_field_length(docnum, field, 1) / average)
        scores.append(boost * idf * count * (K1 + 1) / (count + norm))
    return scores


def occurrences(slot: Sequence[Alternative], positions) -> list[Span]:  # type: ignore[no-untyped-def]
    """Where any alternative of the slot occurs: sorted (start, length) spans.

    `positions(term)` gives a term's positions in the document (empty when absent).
    """
    spans: set[Span] = set()
    for alt in slot:
        first = positions(alt[0])
        if not first:
            continue
        if len(alt) == 1:
            spans.update((p, 1) for p in first)
            continue
        starts = set(first)
        for offset, term in enumerate(alt[1:], start=1):
            at = set(positions(term))
            starts = {p for p in starts if p + offset in at}
            if not starts:
                break
        spans.update((p, len(alt)) for p in starts)
    return sorted(spans)


def find_matches(occ: list[list[Span]], within: int | None) -> list[tuple[Span, ...]]:
    """The matches of a phrase given each slot's spans: for an exact phrase, every chain
    of spans side by side in slot order; with `within`, at most one match per span of the
    rarest slot (any order, non-overlapping, at most `within` other words among them)."""
    if within is None:
        chains: list[tuple[Span, ...]] = [(span,) for span in occ[0]]
        for spans in occ[1:]:
            by_start: dict[int, list[Span]] = {}
            for span in spans:
                by_start.setdefault(span[0], []).append(span)
            chains = [
                (*chain, nxt)
                for chain in chains
                for nxt in by_start.get(chain[-1][0] + chain[-1][1], ())
            ]
            if not chains:
                break
        return chains
    anchor = min(range(len(occ)), key=lambda i: len(occ[i]))
    longest = sum(max(span[1] for span in spans) for spans in occ)
    others = [i for i in range(len(occ)) if i != anchor]
    matches = []
    for span in occ[anchor]:
        chosen = _choose(occ, others, [span], within, longest)
        if chosen is not None:
            matches.append(tuple(sorted(chosen)))
    return matches


def _choose(
    occ: list[list[Span]], left: list[int], chosen: list[Span], within: int, longest: int
) -> list[Span] | None:
    """Extend `chosen` with one span of each slot in `left` (backtracking; `longest`, the
    most positions the slots can cover, bounds the window while slots are left)."""
    low = min(s for s, _ in chosen)
    high = max(s + n for s, n in chosen)
    if not left:
        return chosen if high - low - sum(n for _, n in chosen) <= within else None
    for span in occ[left[0]]:
        start, end = span[0], span[0] + span[1]
        if any(start < s + n and s < end for s, n in chosen):
            continue
        if max(high, end) - min(low, start) - longest > within:
            continue
        found = _choose(occ, left[1:], [*chosen, span], within, longest)
        if found is not None:
            return found
    return None
