"""JSON Lines: one resolved annotation per line, written as the segments arrive."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from reader.export.segments import Segment
from reader.textnorm import json_safe


def segment_json(segment: Segment) -> dict[str, Any]:
    """One annotation with what it is on: the passage's current text, date, source."""
    record, article = segment.annotation, segment.article
    date = article.date
    return {
        "id": str(segment.ref),
        "annotation": record.id,
        "article": article.id,
        "passage": segment.passage.number,
        "date": str(date) if date else None,
        "date_precision": date.precision if date else None,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "tags": list(record.tags),
        "note": record.note,
        "author": record.author.as_dict(),
        "quote": segment.quote,
        "start": segment.start,
        "end": segment.end,
        "whole_passage": segment.whole_passage,
        "text": segment.passage.text,
        "created": record.created or None,
        "updated": record.updated or None,
        "file": record.path,
    }


def write_jsonl(segments: Iterable[Segment], out: TextIO) -> int:
    """Write one JSON object per line; returns the number written."""
    count = 0
    for segment in segments:
        line = json.dumps(segment_json(segment), ensure_ascii=False, separators=(",", ":"))
        out.write(json_safe(line) + "\n")
        count += 1
    return count
