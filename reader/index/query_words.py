"""What a typed word or quoted phrase searches: spellings, compounds and common words.

- A **common word** (`the`, `of`, `us`, a single letter) typed in a plain query is left
  out, and the search says so (`SearchResults.dropped`); a query of nothing else searches
  them after all, and inside quotes every word counts, in its place.
- A word typed **in capitals** that is a common word (`US`, `IT`) is the acronym.
- A **hyphenated word** is a phrase of its parts or the parts written together
  (`cease-fire` finds "cease-fire", "cease fire" and "ceasefire"); a word the corpus also
  writes with a hyphen finds that too (`ceasefire` finds "cease-fire"); two words side by
  side that the corpus also writes as one find it (`cease fire` finds "ceasefire").
- **Variants** (`variants.py`) widen a word, a phrase slot or an expansion to its group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from whoosh import query

from .analysis import Typed, stem, typed
from .sequences import Alternative, SlotPhrase
from .variants import NO_VARIANTS, VariantTable
from .vocabulary import Vocabulary


class Dropped(query.Term):
    """A common word of a plain query: left out unless the query holds nothing else."""

    def __init__(self, fieldname: str, text: str, typed_as: str, boost: float = 1.0) -> None:
        super().__init__(fieldname, text, boost=boost)
        self.typed_as = typed_as


class Words:
    """What turning words into queries consults: the vocabulary (loaded on first need)
    and the variant groups."""

    def __init__(
        self,
        vocabulary: Callable[[], Vocabulary] | None = None,
        variants: VariantTable = NO_VARIANTS,
    ) -> None:
        self._load = vocabulary
        self._vocab: Vocabulary | None = None
        self.variants = variants

    @property
    def vocab(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = self._load() if self._load is not None else Vocabulary()
        return self._vocab

    def slot(self, positions: Sequence[Typed]) -> tuple[Alternative, ...]:
        """The spellings of one word (or of a run of words spelling one variant)."""
        key = tuple(p.term for p in positions)
        alts = dict.fromkeys(self.variants.alternatives(key))
        if len(positions) == 1:
            for hyphenated in self.vocab.hyphenated(positions[0].word):
                alts[tuple(stem(p) for p in hyphenated.split("-") if p)] = None
        else:
            joined = "".join(p.word for p in positions)
            if all(p.word.isalnum() for p in positions) and self.vocab.has(joined):
                alts[(stem(joined),)] = None
        return tuple(alts)

    def word(self, fieldname: str, text: str, boost: float = 1.0) -> query.Query | None:
        """The query for one word of a plain query (None when it holds no word)."""
        positions = typed(text)
        if not positions:
            return None
        if len(positions) == 1:
            found: query.Query
            if positions[0].common:
                found = Dropped(fieldname, positions[0].term, text, boost)
            else:
                found = alternatives_query(fieldname, self.slot(positions), boost)
            found.typed_word = positions[0]  # read by join_runs
            return found
        phrase = SlotPhrase(fieldname, self.phrase_slots(positions))
        joined = "".join(p.word for p in positions)
        whole = alternatives_terms(fieldname, [(stem(joined),)] if self.vocab.has(joined) else [])
        return query.Or([phrase, *whole], boost=boost) if whole else phrase.with_boost(boost)

    def phrase(
        self, fieldname: str, text: str, within: int | None, boost: float = 1.0
    ) -> query.Query:
        """The query for a quoted phrase (`within`: `"a b"~N`)."""
        positions = typed(text)
        if not positions:
            return query.NullQuery
        slots = self.phrase_slots(positions)
        if within is None and all(len(s) == 1 and len(s[0]) == 1 for s in slots):
            if len(slots) == 1:
                return query.Term(fieldname, slots[0][0][0], boost=boost)
            return query.Phrase(fieldname, [s[0][0] for s in slots], boost=boost)
        return SlotPhrase(fieldname, slots, within, boost).normalize()

    def phrase_slots(self, positions: Sequence[Typed]) -> list[tuple[Alternative, ...]]:
        """Slots of a phrase: each word with its spellings (see `slot_ranges`)."""
        return [self.slot(positions[start:end]) for start, end in self.slot_ranges(positions)]

    def slot_ranges(self, positions: Sequence[Typed]) -> list[tuple[int, int]]:
        """Where the slots of a phrase start and end: a run of words spelling a variant of
        several words, or two words the corpus also writes as one, is one slot."""
        runs = dict(self.variants.runs([p.term for p in positions]))
        ranges = []
        at = 0
        while at < len(positions):
            end = runs.get(at, at + 1)
            if end == at + 1 and at + 1 < len(positions):
                first, second = positions[at], positions[at + 1]
                joined = first.word + second.word
                if first.word.isalnum() and second.word.isalnum() and self.vocab.has(joined):
                    end = at + 2
            ranges.append((at, end))
            at = end
        return ranges

    def join_runs(self, node: query.Query) -> query.Query:
        """Words of a plain query side by side that spell a variant of several words, or
        one word of the corpus, also find that (`Wall Street Journal` finds `WSJ`, `cease
        fire` finds "ceasefire"); for `Query.accept`."""
        if not isinstance(node, query.And):
            return node
        children = list(node.subqueries)
        words = [getattr(child, "typed_word", None) for child in children]
        out: list[query.Query] = []
        at = 0
        while at < len(children):
            end = at
            while end < len(children) and words[end] is not None:
                end += 1
            if end - at < 2:
                out.append(children[at])
                at += 1
                continue
            run = [w for w in words[at:end] if w is not None]
            for start, stop in self.slot_ranges(run):
                group = children[at + start : at + stop]
                if len(group) == 1:
                    out.append(group[0])
                    continue
                field = group[0].field() or "text"
                spellings = alternatives_terms(field, self.slot(run[start:stop]))
                out.append(query.Or([query.And(group), *spellings]))
            at = end
        return query.And(out, boost=node.boost)


def alternatives_terms(fieldname: str, alts: Sequence[Alternative]) -> list[query.Query]:
    """One query per spelling: a term, or an exact phrase of several terms."""
    found: list[query.Query] = []
    for alt in alts:
        if len(alt) == 1:
            found.append(query.Term(fieldname, alt[0]))
        elif alt:
            found.append(SlotPhrase(fieldname, [(alt,)]))
    return found


def alternatives_query(
    fieldname: str, alts: Sequence[Alternative], boost: float = 1.0
) -> query.Query:
    """Any of the spellings (a single term when there is one)."""
    found = alternatives_terms(fieldname, alts)
    if len(found) == 1:
        return found[0].with_boost(boost) if boost != 1.0 else found[0]
    return query.Or(found, boost=boost)
