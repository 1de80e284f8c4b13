"""W3C Web Annotation JSON-LD: an `AnnotationCollection` with one `Annotation` per segment.

Each annotation targets its article (`urn:x-reader:article:<id>`) with a
`TextQuoteSelector` (the quote and about 32 characters around it) and a
`TextPositionSelector` (character offsets in the article's text: its passages joined by
blank lines, as `reader export --format qdpx` writes it). Tags are `TextualBody`s with
purpose `tagging`, the note one with purpose `commenting`. Ids are `urn:uuid:`s derived
from the annotation's ULID, so they are the same in every export. The annotations are
written as they arrive; the collection's `total` comes last.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, TextIO
from urllib.parse import quote

from reader.export.guids import urn
from reader.export.segments import Segment, coder_key, is_timestamp
from reader.records import Author
from reader.tagnames import sorted_tags
from reader.textnorm import json_safe

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32


@lru_cache(maxsize=1024)
def article_iri(article_id: str) -> str:
    """The IRI an article is known by in exports (stable, whatever the folder)."""
    return "urn:x-reader:article:" + quote(article_id, safe="/-._~")


@lru_cache(maxsize=1024)
def creator(author: Author) -> dict[str, Any]:
    """A W3C `Person` for an author (`mailto:` email when known); the same dict for every
    annotation of one author (read only)."""
    agent: dict[str, Any] = {"id": urn("person", coder_key(author)), "type": "Person"}
    agent["name"] = author.name
    if author.email:
        agent["email"] = "mailto:" + quote(author.email, safe="@.+-_")
    return agent


def annotation_json(segment: Segment, text: str | None = None) -> dict[str, Any]:
    """One segment as a W3C annotation (`text`: its article's text, when known)."""
    record = segment.annotation
    text = segment.article.text if text is None else text
    start, end = segment.article_start, segment.article_end
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "value": tag, "purpose": "tagging", "format": "text/plain"}
        for tag in sorted_tags(record.tags)
    ]
    if record.note:
        bodies.append(
            {
                "type": "TextualBody",
                "value": record.note,
                "purpose": "commenting",
                "format": "text/plain",
                "creator": creator(record.author),
            }
        )
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": urn("annotation", record.id),
        "type": "Annotation",
        "motivation": "tagging" if record.tags else "commenting",
        "creator": creator(record.author),
    }
    if is_timestamp(record.created):
        data["created"] = record.created
    if is_timestamp(record.updated):
        data["modified"] = record.updated
    data["body"] = bodies
    data["target"] = {
        "source": article_iri(segment.article.id),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
                "suffix": text[end : end + QUOTE_CONTEXT],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }
    return data


def write_w3c(segments: Iterable[Segment], out: TextIO, label: str, key: str) -> int:
    """Write the collection (`key` names it, for a stable id); returns the count."""
    head = {
        "@context": CONTEXT,
        "id": urn("collection", key),
        "type": "AnnotationCollection",
        "label": label,
    }
    out.write(json_safe(json.dumps(head, ensure_ascii=False, indent=1))[:-2] + ",\n")
    page = {"id": urn("page", key), "type": "AnnotationPage", "startIndex": 0}
    out.write(' "first": ' + json.dumps(page, ensure_ascii=False)[:-1] + ', "items": [')
    count = 0
    article, text = None, ""
    for segment in segments:
        if segment.article is not article:  # segments come article by article
            article, text = segment.article, segment.article.text
        item = json.dumps(annotation_json(segment, text), ensure_ascii=False)
        out.write(("," if count else "") + "\n  " + json_safe(item))
        count += 1
    out.write("\n ]},\n" + f' "total": {count}\n}}\n')
    return count
