"""Turning articles and their annotations into index documents (plain dicts)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from reader.corpus import SourceFile, read_source
from reader.model import Article, CorpusWarning, PassageAnnotations
from reader.workspace import Workspace

from .analysis import Written
from .schema import date_tokens, sort_day, words_of

_AUTHOR_SPLIT = re.compile(r"[\s<>()\[\],;\"']+")


def tag_tokens(tags: list[str]) -> str:
    """Each tag with every ancestor: `actor/china` also indexes `actor`."""
    tokens: set[str] = set()
    for tag in tags:
        parts = [p for p in tag.strip().lower().split("/") if p]
        for cut in range(1, len(parts) + 1):
            tokens.add("/".join(parts[:cut]))
    return ",".join(sorted(tokens))


def author_tokens(authors: list[str]) -> str:
    """Names and emails of authors: every word, each email and the part before its `@`."""
    tokens: set[str] = set()
    for author in authors:
        for word in _AUTHOR_SPLIT.split(author.lower()):
            if word:
                tokens.add(word)
                if "@" in word:
                    tokens.add(word.partition("@")[0])
    return " ".join(sorted(tokens))


def article_documents(
    article: Article, notes: dict[int, PassageAnnotations]
) -> Iterator[dict[str, Any]]:
    """One document per passage that is not a repeat of an earlier one; a repeat's tags
    and notes go to the first occurrence's document (the one search lists)."""
    notes = _with_repeats(article, notes)
    date = article.date
    tokens = date_tokens(date)
    day = sort_day(date)
    date_text = str(date) if date else None
    title = Written.of(article.title) if article.title else None
    year = f"{date.year:04d}" if date else ""
    for passage in article.passages:
        if passage.duplicate_of is not None:
            continue
        ann = notes.get(passage.number) or PassageAnnotations()
        doc: dict[str, Any] = {
            "article": article.id,
            "passage": passage.number,
            "number": passage.number,
            "body": passage.text,
            "text": Written.of(passage.text),
            "date": tokens,
            "year": year,
            "date_text": date_text,
            "day": day,
            "tags": sorted(set(ann.tags)),
        }
        if title:
            doc["title"] = title
            doc["title_text"] = article.title
        if article.source:
            doc["source"] = article.source
        if ann.tags:
            doc["tag"] = tag_tokens(ann.tags)
        if ann.notes:
            doc["note"] = Written.of("\n\n".join(note.text for note in ann.notes))
        authors = list(ann.authors) + [note.author for note in ann.notes]
        if authors:
            doc["author"] = author_tokens(authors)
        yield doc


def source_documents(
    ws: Workspace, source: SourceFile, raw: bytes | None = None
) -> tuple[list[dict[str, Any]], list[str], list[CorpusWarning], set[str]]:
    """The documents of one corpus file (`raw`: its bytes, if already read), its article
    ids, its warnings and its words."""
    articles, warnings = read_source(source, raw)
    docs: list[dict[str, Any]] = []
    ids: list[str] = []
    words: set[str] = set()
    for article in articles:
        article = ws.with_meta(article)
        ids.append(article.id)
        for doc in article_documents(article, ws.store.passage_annotations(article)):
            words |= words_of(doc["text"])
            docs.append(doc)
    return docs, ids, warnings, words


def _with_repeats(
    article: Article, notes: dict[int, PassageAnnotations]
) -> dict[int, PassageAnnotations]:
    """`notes` with each repeated paragraph's annotations added to its first occurrence."""
    merged = dict(notes)
    for passage in article.passages:
        extra = notes.get(passage.number)
        if passage.duplicate_of is None or extra is None:
            continue
        first = merged.get(passage.duplicate_of) or PassageAnnotations()
        merged[passage.duplicate_of] = PassageAnnotations(
            [*first.tags, *extra.tags],
            [*first.notes, *extra.notes],
            [*first.authors, *extra.authors],
        )
    return merged
