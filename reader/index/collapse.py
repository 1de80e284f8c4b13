"""One hit per group of copies: the earliest dated copy that matched, the others as `also_in`.

The groups (`duplicates.py`) name passages by article and number; `Copies` maps them onto
one searcher's document numbers once (a term lookup per article that has copies, and the
`number` and `day` columns), so each search only looks numbers up.
"""

from __future__ import annotations

from whoosh.searching import Searcher

from reader.dates import PartialDate
from reader.model import AlsoIn

from .duplicates import Member


class Copies:
    """The groups of copies as document numbers of one searcher."""

    def __init__(self, groups: list[list[Member]], searcher: Searcher) -> None:
        self.searcher = searcher
        self.group_of: dict[int, int] = {}
        self.members: list[list[int]] = []
        if not groups:
            return
        reader = searcher.reader()
        numbers = reader.column_reader("number")
        days = reader.column_reader("day")
        docs_of: dict[str, list[int]] = {}
        for article_id in sorted({a for g in groups for a, _ in g}):
            docs_of[article_id] = list(searcher.document_numbers(article=article_id))
        self._order: dict[int, tuple[bool, int, str, int]] = {}
        for members in groups:
            wanted = set(members)
            docs = []
            for article_id in sorted({a for a, _ in members}):
                for d in docs_of[article_id]:
                    if (article_id, numbers[d]) in wanted:
                        docs.append(d)
                        day = days[d]
                        self._order[d] = (day == 0, day, article_id, numbers[d])
            if len(docs) < 2:
                continue  # a copy has gone since the groups were made
            docs.sort(key=self._order.__getitem__)
            for d in docs:
                self.group_of[d] = len(self.members)
            self.members.append(docs)
        self._also: dict[int, AlsoIn] = {}

    def __bool__(self) -> bool:
        return bool(self.members)

    @property
    def size(self) -> int:
        """How many documents are copies of another."""
        return len(self.group_of)

    def earliest(self, group: int, matching: set[int]) -> int:
        """The earliest dated copy of `group` among `matching` (undated last)."""
        return next(d for d in self.members[group] if d in matching)

    def also_in(self, docnum: int) -> tuple[AlsoIn, ...]:
        """The other copies of the passage `docnum`, earliest first."""
        group = self.group_of.get(docnum)
        if group is None:
            return ()
        return tuple(self._describe(d) for d in self.members[group] if d != docnum)

    def _describe(self, docnum: int) -> AlsoIn:
        found = self._also.get(docnum)
        if found is None:
            stored = self.searcher.stored_fields(docnum)
            found = self._also[docnum] = AlsoIn(
                article=stored["article"],
                passage=int(stored["passage"]),
                date=PartialDate.parse(stored.get("date_text")),
                source=stored.get("source"),
                title=stored.get("title_text"),
            )
        return found


def collapse(
    ranked: list[tuple[int, float]],
    matching: set[int],
    copies: Copies,
    limit: int | None,
    by_date: bool,
) -> tuple[list[tuple[int, float]], int]:
    """The ranked documents with each group of copies listed once, and how many copies
    were left out. By relevance a group sits where its best copy ranked; by date, where
    the copy it shows (the earliest) sits."""
    picked: list[tuple[int, float]] = []
    seen: set[int] = set()
    for docnum, score in ranked:
        if limit is not None and len(picked) >= limit:
            break
        group = copies.group_of.get(docnum)
        if group is None:
            picked.append((docnum, score))
            continue
        if group in seen:
            continue
        shown = copies.earliest(group, matching)
        if by_date and shown != docnum:
            continue
        seen.add(group)
        picked.append((shown, score))
    per_group: dict[int, int] = {}
    for docnum in matching:
        group = copies.group_of.get(docnum)
        if group is not None:
            per_group[group] = per_group.get(group, 0) + 1
    return picked, sum(count - 1 for count in per_group.values())
