"""The export formats, and writing one of them to standard output or a file.

| format | what | streamed |
| --- | --- | --- |
| csv | a row per segment and tag (`wide`: a row per passage, 0/1 per tag) | yes (long) |
| jsonl | a resolved annotation per line | yes |
| markdown | a report by tag: description, passages, quotes, notes | no |
| w3c | a W3C Web Annotation `AnnotationCollection` (JSON-LD) | yes |
| qdpx | a REFI-QDA project (zip) | no |
| qdc | the codebook as REFI-QDA | no |
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.annotations.codebook import CodebookEntry
from reader.export.csvout import write_long, write_wide
from reader.export.jsonl import write_jsonl
from reader.export.markdown import write_markdown
from reader.export.output import binary_output, text_output
from reader.export.qdpx import write_qdpx
from reader.export.refi_codes import write_qdc
from reader.export.segments import Segment
from reader.export.w3c import write_w3c
from reader.records import Author

FORMATS = ("csv", "jsonl", "markdown", "w3c", "qdpx", "qdc")
SUFFIX = {
    "csv": ".csv",
    "jsonl": ".jsonl",
    "markdown": ".md",
    "w3c": ".jsonld",
    "qdpx": ".qdpx",
    "qdc": ".qdc",
}
BINARY = ("qdpx", "qdc")


@dataclass(frozen=True)
class ExportContext:
    """What an export needs besides the segments."""

    codebook: Mapping[str, CodebookEntry]
    name: str  # the corpus folder's name (the project's, the collection's label)
    exporter: Author
    now: str  # RFC 3339
    selection: str = ""  # what was selected, in words ("" for everything)
    filtered: bool = False  # a query or an author narrowed it: only the codes used go out
    wide: bool = False


@dataclass
class ExportResult:
    """What an export wrote."""

    format: str
    annotations: int
    path: Path | None
    left_out: list[str] = field(default_factory=list)  # orphans and the like, one line each


def write_export(
    fmt: str,
    segments: Iterable[Segment],
    path: Path | None,
    context: ExportContext,
    *,
    force: bool = False,
) -> int:
    """Write `segments` as `fmt` to `path` (atomically) or standard output (None); the
    number of annotations written. ExportError on a destination that cannot be used."""
    if fmt in BINARY:
        with binary_output(path, force) as raw:
            if fmt == "qdpx":
                return write_qdpx(
                    segments,
                    raw,
                    context.codebook,
                    name=context.name,
                    exporter=context.exporter,
                    now=context.now,
                    all_codes=not context.filtered,
                )
            tags: set[str] = set()
            count = 0
            for segment in segments:
                tags.update(segment.annotation.tags)
                count += 1
            write_qdc(tags, context.codebook, raw, all_codes=not context.filtered)
            return count
    with text_output(path, force) as out:
        if fmt == "csv":
            return (write_wide if context.wide else write_long)(segments, out)
        if fmt == "jsonl":
            return write_jsonl(segments, out)
        if fmt == "markdown":
            return write_markdown(segments, out, context.codebook, context.selection)
        if fmt == "w3c":
            label = f"{context.name}: {context.selection or 'every annotation'}"
            return write_w3c(segments, out, label, f"{context.name}\0{context.selection}")
    raise ValueError(f"unknown format {fmt!r}")
