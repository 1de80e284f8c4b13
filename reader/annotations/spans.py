"""Spans: the part of a passage an annotation covers, checked and described.

A span is `(start, end)`, characters of the passage's text; `None` stands for the whole
passage (and a span that covers all of it is the whole passage).
"""

from __future__ import annotations

from reader.annotations.anchors import Placement
from reader.annotations.files import StoreError
from reader.model import Article
from reader.records import Span


def checked_span(article: Article, passage: int, span: Span | None) -> Span | None:
    """`span` if it lies inside passage `passage` (None: the whole passage, and a span
    covering all of it is the whole passage); StoreError (saying why) otherwise."""
    try:
        text = article.passage(passage).text
    except KeyError as exc:
        raise StoreError(exc.args[0]) from None
    if span is None:
        return None
    start, end = span
    if not 0 <= start < end <= len(text):
        raise StoreError(
            f"{article.id}#{passage}:{start}-{end} is not a span of the passage "
            f"(its text has {len(text)} characters: 0-{len(text)})"
        )
    if not text[start:end].strip():
        raise StoreError(f"{article.id}#{passage}:{start}-{end} holds only white space")
    return None if (start, end) == (0, len(text)) else (start, end)


def placed_span(article: Article, placement: Placement) -> Span | None:
    """The part of its passage a placement covers (None: the whole passage, or none)."""
    if placement.passage is None:
        return None
    length = len(article.passages[placement.passage - 1].text)
    return (
        None
        if (placement.start, placement.end) == (0, length)
        else (placement.start, placement.end)
    )


def describe(verb: str, article: Article, passage: int, span: Span | None) -> str:
    """`tag ARTICLE#N` or `tag ARTICLE#N:START-END`: what a change was about."""
    where = f"{article.id}#{passage}"
    return f"{verb} {where}" + (f":{span[0]}-{span[1]}" if span else "")
