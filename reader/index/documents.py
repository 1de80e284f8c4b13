"""Turning articles and their annotations into index documents (plain dicts)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from reader.corpus import SourceFile
from reader.model import Article, CorpusWarning
from reader.records import PassageAnnotations
from reader.tagnames import index_terms

from .analysis import Written
from .feed import DocumentFeed
from .schema import date_tokens, sort_day, words_of

_AUTHOR_SPLIT = re.compile(r"[\s<>()\[\],;\"']+")


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
    """One document per passage. A paragraph repeating an earlier one of the article gets
    a document only when it is annotated itself: text search lists it once, and its tags
    and notes stay with the passage they were put on."""
    date = article.date
    tokens = date_tokens(date)
    day = sort_day(date)
    date_text = str(date) if date else None
    title = Written.of(article.title) if article.title else None
    year = f"{date.year:04d}" if date else ""
    for passage in article.passages:
        ann = notes.get(passage.number) or PassageAnnotations()
        if passage.duplicate_of is not None and not (ann.tags or ann.notes):
            continue
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
            doc["tag"] = ",".join(index_terms(ann.tags))
        if ann.notes:
            doc["note"] = Written.of("\n\n".join(note.text for note in ann.notes))
        authors = list(ann.authors) + [note.author for note in ann.notes]
        if authors:
            doc["author"] = author_tokens(authors)
        yield doc


def source_documents(
    feed: DocumentFeed, source: SourceFile, raw: bytes | None = None
) -> tuple[list[dict[str, Any]], list[str], list[CorpusWarning], set[str]]:
    """The documents of one corpus file (`raw`: its bytes, if already read), its article
    ids, its warnings and its words."""
    articles, warnings = feed.read(source, raw)
    docs: list[dict[str, Any]] = []
    ids: list[str] = []
    words: set[str] = set()
    for article, notes in articles:
        ids.append(article.id)
        for doc in article_documents(article, notes):
            words |= words_of(doc["text"])
            docs.append(doc)
    return docs, ids, warnings, words
