"""What each passage shows: the union of the annotations placed on it, part by part."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader.model import Article
from reader.records import PartAnnotations, PassageAnnotations, PassageNote
from reader.tagnames import sorted_tags

if TYPE_CHECKING:
    from reader.annotations.store import Placed


def shown_by_passage(
    article: Article, placed_list: Iterable[Placed]
) -> dict[int, PassageAnnotations]:
    """Passage number -> what it shows: sorted unique tags, one note per author who wrote
    a non-empty one, the authors' names, and the same per part (the whole passage, each
    span). Orphans and tombstones are left out."""
    shown: dict[int, PassageAnnotations] = {}
    for placed in placed_list:
        record = placed.annotation
        if placed.passage is None or record.deleted:
            continue
        entry = shown.setdefault(placed.passage, PassageAnnotations())
        part = entry.part(placed.span)
        if part is None:
            text = article.passages[placed.passage - 1].text
            quote = text[placed.span[0] : placed.span[1]] if placed.span else ""
            part = PartAnnotations(placed.span, quote)
            entry.parts.append(part)
        for where in (entry, part):
            where.tags.extend(record.tags)
            if record.note:
                where.notes.append(PassageNote(record.author.name, record.note))
        if record.author.name not in entry.authors:
            entry.authors.append(record.author.name)
    for entry in shown.values():
        entry.tags = sorted_tags(reversed(entry.tags))
        entry.authors.sort(key=str.casefold)
        for part in entry.parts:
            part.tags = sorted_tags(reversed(part.tags))
        entry.parts.sort(key=lambda p: (-1, -1) if p.span is None else p.span)
    return shown
