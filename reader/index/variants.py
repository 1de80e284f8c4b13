"""Spelling variants: groups of words (or several words) that search treats as one.

The groups come from `annotations/variants.yaml` (see `reader.annotations.variants`):
`- [Zelensky, Zelenskyy, Zelenskiy, Selenskyj]`, `- [US, U.S., United States]`. Each
member is analysed as a query would be (`US` in capitals is the acronym), and a word, a
phrase slot or a prefix expansion whose terms equal a member's is searched as any member.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .analysis import typed
from .sequences import Alternative


class VariantTable:
    """Member terms -> every member's terms; empty when there are no groups."""

    def __init__(self, groups: Iterable[Sequence[str]] = ()) -> None:
        self._by_key: dict[Alternative, tuple[Alternative, ...]] = {}
        self.longest = 1
        for group in groups:
            members = [tuple(t.term for t in typed(member)) for member in group]
            members = [m for m in dict.fromkeys(members) if m]
            if len(members) < 2:
                continue
            for member in members:
                merged = self._by_key.get(member, ())
                self._by_key[member] = tuple(dict.fromkeys((*merged, *members)))
                self.longest = max(self.longest, len(member))

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def alternatives(self, key: Alternative) -> tuple[Alternative, ...]:
        """Every spelling of the member `key` (just `key` when it is in no group)."""
        return self._by_key.get(key, (key,))

    def runs(self, terms: Sequence[str]) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) ranges of `terms` that spell a member of several
        words, longest first from the left (`united state` in `unit state offici`)."""
        found = []
        at = 0
        while at < len(terms):
            for size in range(min(self.longest, len(terms) - at), 1, -1):
                if tuple(terms[at : at + size]) in self._by_key:
                    found.append((at, at + size))
                    at += size
                    break
            else:
                at += 1
        return found


NO_VARIANTS = VariantTable()
