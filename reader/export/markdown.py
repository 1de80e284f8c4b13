"""A readable report by tag, in Markdown: what each code means, then its passages with the
quote and every coder's note.

    ## theme/peace
    Peace talks, ceasefire, a political settlement of the war

    ### 2023-04-26 · `000_6d362e06adb48299#4`
    > "Whether that's gonna lead to some sort of meaningful peace movement ..."

    - **Ana Lima**: Kirby hedges here.

Text from files is escaped, so a quote can never turn into a heading, a link or HTML, and
control characters (terminal escapes among them) are written as visible `\\x1b` stand-ins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TextIO

from reader.annotations.codebook import CodebookEntry
from reader.export.segments import Segment
from reader.refs import PassageRef
from reader.tagnames import sorted_tags, tag_key
from reader.textnorm import printable

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!~])")
UNTAGGED = "(no tag)"


@dataclass
class _Passage:
    """One passage under one tag: its segments (span quotes, notes) in arrival order."""

    first: Segment
    quotes: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)


def escape(text: str) -> str:
    """Markdown-inert text on one line (line breaks become spaces), control characters
    made visible: a report is read on screens and printed, never a carrier of escapes."""
    return _SPECIAL.sub(r"\\\1", printable(" ".join(text.split())))


@lru_cache(maxsize=256)
def _escaped(quote: str) -> str:
    """A quote escaped once, however many tags list its passage."""
    return escape(quote)


def heading(segment: Segment) -> str:
    """`DATE · SOURCE-or-TITLE · ARTICLE#N` (undated articles say so)."""
    article = segment.article
    parts = [str(article.date) if article.date else "undated"]
    if article.source or article.title:
        parts.append(escape(article.source or article.title or ""))
    parts.append(code(str(segment.ref)))
    return " · ".join(parts)


def code(text: str) -> str:
    """`text` as a code span (escaped text when it holds a backtick or a line break)."""
    if "`" in text or "\n" in text:
        return escape(text)
    return f"`{text}`"


def write_markdown(
    segments: Iterable[Segment],
    out: TextIO,
    codebook: Mapping[str, CodebookEntry],
    selection: str = "",
) -> int:
    """Write the report; returns the number of annotations in it."""
    by_tag: dict[str, dict[PassageRef, _Passage]] = {}
    spelling: dict[str, str] = {}
    notes: dict[PassageRef, list[tuple[str, str]]] = {}
    count = 0
    for segment in segments:
        count += 1
        record = segment.annotation
        if record.note:
            notes.setdefault(segment.ref, []).append((record.author.name, record.note))
        for tag in record.tags or (UNTAGGED,):
            key = tag_key(tag)
            spelling.setdefault(key, tag)
            entry = by_tag.setdefault(key, {}).setdefault(segment.ref, _Passage(segment))
            if segment.quote not in entry.quotes:
                entry.quotes.append(segment.quote)
            if record.author.name not in entry.coders:
                entry.coders.append(record.author.name)
    descriptions = {tag_key(tag): entry.description for tag, entry in codebook.items()}
    shown: dict[PassageRef, tuple[str, str]] = {}
    out.write("# Coded passages\n\n")
    passages = {ref for entries in by_tag.values() for ref in entries}
    summary = f"{count} annotations on {len(passages)} passages, {len(by_tag)} tags"
    out.write(f"{escape(selection)}{'; ' if selection else ''}{summary}.\n")
    order = [t for t in sorted_tags(spelling.values()) if t != UNTAGGED]
    if tag_key(UNTAGGED) in by_tag:
        order.append(UNTAGGED)
    for tag in order:
        key = tag_key(tag)
        out.write(f"\n## {escape(tag)}\n\n")
        if descriptions.get(key):
            out.write(f"{escape(descriptions[key])}\n\n")
        entries = sorted(by_tag[key].values(), key=lambda p: p.first.ref)
        out.write(f"{len(entries)} passage{'s' if len(entries) != 1 else ''}.\n")
        for entry in entries:
            ref = entry.first.ref
            if ref not in shown:  # a passage under several tags is written out once
                shown[ref] = _passage_text(entry.first, notes.get(ref, []))
            quotes = "".join(f"> {_escaped(quote)}\n\n" for quote in entry.quotes)
            head, tail = shown[ref]
            out.write(f"{head}{quotes}Coded by {escape(', '.join(entry.coders))}.\n{tail}")
    return count


def _passage_text(first: Segment, notes: list[tuple[str, str]]) -> tuple[str, str]:
    """A passage's heading, and its notes by author (the parts that do not depend on the
    tag it is listed under)."""
    head = f"\n### {heading(first)}\n\n"
    lines = ["\n"] if notes else []
    for author, text in notes:
        parts = [escape(line) for line in text.strip().splitlines() if line.strip()]
        lines.append(f"- **{escape(author)}**: " + "\n  ".join(parts) + "\n")
    return head, "".join(lines)
