"""Turning articles and their annotations into index documents (plain dicts)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from reader.corpus import SourceFile, read_source
from reader.model import Article, CorpusWarning, PassageAnnotations
from reader.workspace import Workspace

from .schema import date_tokens

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
    article: Article, file_id: str, notes: dict[int, PassageAnnotations]
) -> Iterator[dict[str, Any]]:
    """One document per passage that is not a repeat of an earlier one."""
    date = article.date
    low, high = date.bounds() if date else (0, 0)
    for passage in article.passages:
        if passage.duplicate_of is not None:
            continue
        ann = notes.get(passage.number) or PassageAnnotations()
        doc: dict[str, Any] = {
            "key": passage.ref,
            "file": file_id,
            "article": article.id,
            "passage": passage.number,
            "text": passage.text,
            "exact": passage.text,
            "date": date_tokens(date),
            "date_text": str(date) if date else None,
            "day_lo": low,
            "day_hi": high,
            "tags": sorted(set(ann.tags)),
        }
        if article.title:
            doc["title"] = article.title
        if article.source:
            doc["source"] = article.source
        if ann.tags:
            doc["tag"] = tag_tokens(ann.tags)
        if ann.notes:
            doc["note"] = "\n\n".join(note.text for note in ann.notes)
        authors = list(ann.authors) + [note.author for note in ann.notes]
        if authors:
            doc["author"] = author_tokens(authors)
        yield doc


def source_documents(
    ws: Workspace, source: SourceFile
) -> tuple[list[dict[str, Any]], list[str], list[CorpusWarning]]:
    """The documents of one corpus file, its article ids and the warnings met reading it."""
    articles, warnings = read_source(source)
    docs: list[dict[str, Any]] = []
    ids: list[str] = []
    for article in articles:
        article = ws.with_meta(article)
        ids.append(article.id)
        docs.extend(article_documents(article, source.id, ws.store.passage_annotations(article)))
    return docs, ids, warnings
