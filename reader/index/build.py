"""Writing corpus files into the index: in this process, or split over worker processes."""

from __future__ import annotations

from collections.abc import Callable

from whoosh.index import Index

from reader.corpus import SourceFile

from .feed import DocumentFeed
from .reading import WRITER_LIMIT_MB, BuildResult, Progress, read_into


def write(
    ix: Index,
    feed: DocumentFeed,
    sources: list[SourceFile],
    deletions: list[str],
    tokens: dict[str, str | None],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    procs: int = 1,
    duplicates: bool = True,
) -> BuildResult:
    """Delete the passages of `deletions` (article ids), add those of `sources`, commit once.

    With `duplicates`, the passages' near-duplicate signatures come back in the result."""
    if procs > 1 and len(sources) >= 2 * procs:
        from .parallel import write_parallel

        return write_parallel(
            ix, feed, sources, deletions, tokens, progress, cancelled, procs, duplicates
        )
    writer = ix.writer(limitmb=WRITER_LIMIT_MB)
    try:
        for article_id in deletions:
            writer.delete_by_term("article", article_id)
        result = read_into(writer, feed, sources, tokens, progress, cancelled, duplicates)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return result
