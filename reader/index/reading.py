"""Reading corpus files into a Whoosh writer: what a build does in each process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reader.corpus import SourceFile
from reader.model import CorpusWarning

from .documents import source_documents
from .duplicates import Entry, signatures
from .feed import DocumentFeed
from .manifest import FileEntry, content_hash, file_key

WRITER_LIMIT_MB = 512
Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    """The manifest entries of the files written, and what reading them warned about."""

    entries: dict[str, FileEntry] = field(default_factory=dict)
    warnings: list[CorpusWarning] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    duplicates: dict[str, list[Entry]] = field(default_factory=dict)  # article -> signatures
    cancelled: bool = False


def read_into(
    writer: Any,
    feed: DocumentFeed,
    sources: list[SourceFile],
    tokens: dict[str, str | None],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    duplicates: bool = True,
) -> BuildResult:
    """Read each file and add its passages to `writer`; stop early when `cancelled()`.

    With `duplicates`, each passage's near-duplicate signature is kept too.
    """
    result = BuildResult()
    for number, source in enumerate(sources, start=1):
        if cancelled is not None and cancelled():
            result.cancelled = True
            break
        raw = None if source.problem else read_bytes(source)
        docs, ids, warnings, words = source_documents(feed, source, raw)
        result.words |= words
        for doc in docs:
            writer.add_document(**doc)
        if duplicates:
            result.duplicates.update(signatures(docs))
        result.warnings.extend(w for w in warnings if not w.hidden)
        result.entries[file_key(source)] = FileEntry(
            source.size,
            source.mtime_ns,
            "" if raw is None else content_hash(raw),  # the bytes indexed, read once
            tokens.get(file_key(source)),
            ids,
            len(docs),
            hidden_lines(warnings),
        )
        if progress is not None:
            progress(number, len(sources))
    return result


def read_bytes(source: SourceFile) -> bytes | None:
    """The file's bytes, or None when it cannot be read (read_source then warns)."""
    try:
        return source.path.read_bytes()
    except OSError:
        return None


def hidden_lines(warnings: list[CorpusWarning]) -> list[str]:
    """The annotation files left out (invalid), one line each, for the manifest."""
    return sorted({str(w) for w in warnings if w.hidden})
