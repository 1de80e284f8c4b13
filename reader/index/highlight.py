"""Character spans of what a query matched in a passage (no HTML, no markup).

A term is marked wherever it occurs; a phrase only where the whole phrase occurs, from its
first word to its last (so `"long and meaningful"` marks those three words together, not
every `and` of the passage); words within N of each other each where they matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query
from whoosh.fields import Schema
from whoosh.reading import IndexReader

from .analysis import Tok, tokens
from .query import positive_leaves
from .sequences import Slot, SlotPhrase, find_matches, occurrences

HIGHLIGHT_FIELDS = ("text",)


@dataclass
class Marks:
    """What to mark in passages: single terms, and phrases as slots."""

    terms: set[str] = field(default_factory=set)
    phrases: list[tuple[tuple[Slot, ...], int | None]] = field(default_factory=list)
    _heads: set[str] | None = None

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    def heads(self) -> set[str]:
        """The first two letters of every term wanted (a Porter2 stem keeps a word's first
        two letters), so that highlighting stems only the words that may match."""
        if self._heads is None:
            wanted = set(self.terms)
            for slots, _ in self.phrases:
                wanted.update(term for slot in slots for alt in slot for term in alt)
            self._heads = {term[:2].lower() for term in wanted}
        return self._heads


def matched_terms(q: query.Query, reader: IndexReader | None = None) -> dict[str, Marks]:
    """What each highlighted field should mark for the query (expansions already done)."""
    marks = {name: Marks() for name in HIGHLIGHT_FIELDS}
    for leaf in positive_leaves(q):
        wanted = marks.get(leaf.field())
        if wanted is None:
            continue
        if isinstance(leaf, SlotPhrase):
            wanted.phrases.append((leaf.slots, leaf.within))
        elif isinstance(leaf, query.Phrase):
            slots = tuple(((word,),) for word in leaf.words)
            wanted.phrases.append((slots, None if leaf.slop <= 1 else leaf.slop))
        elif isinstance(leaf, query.Term):
            text = leaf.text
            wanted.terms.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return marks


def spans(
    text: str, marks: dict[str, Marks], schema: Schema | None = None
) -> tuple[tuple[int, int], ...]:
    """Sorted, merged `(start, end)` spans of `text` that the marks match."""
    found: list[tuple[int, int]] = []
    for fieldname in HIGHLIGHT_FIELDS:
        wanted = marks.get(fieldname)
        if not wanted:
            continue
        toks = tokens(text, heads=wanted.heads())
        found.extend((t.start, t.end) for t in toks if t.term in wanted.terms)
        if wanted.phrases:
            found.extend(_phrase_spans(toks, wanted.phrases))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _phrase_spans(
    toks: list[Tok], phrases: list[tuple[tuple[Slot, ...], int | None]]
) -> list[tuple[int, int]]:
    at: dict[str, list[int]] = {}
    where: dict[int, tuple[int, int]] = {}
    for tok in toks:
        at.setdefault(tok.term, []).append(tok.pos)
        where.setdefault(tok.pos, (tok.start, tok.end))
    found = []
    for slots, within in phrases:
        occ = [occurrences(slot, lambda term: at.get(term, [])) for slot in slots]
        if not all(occ):
            continue
        for match in find_matches(occ, within):
            if within is None:  # the whole phrase, words and what lies between them
                first, last = match[0][0], match[-1][0] + match[-1][1] - 1
                found.append((where[first][0], where[last][1]))
            else:
                for start, size in match:
                    found.append((where[start][0], where[start + size - 1][1]))
    return found
