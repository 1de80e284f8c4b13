"""A big build split over processes: each reads and indexes its share of the files.

Worker processes (`python -m reader.index.worker`, fresh interpreters: safe from a threaded
app and from scripts without a main guard) each write one segment of their own; this
process writes its share into the main writer, then commits every segment in one table of
contents, as Whoosh's `MpWriter(multisegment=True)` does. Unlike MpWriter, the corpus is
read in the workers too, and no document is pickled between processes.
"""

from __future__ import annotations

import contextlib
import queue as queue_module
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from whoosh.index import Index
from whoosh.writing import NO_MERGE, SegmentWriter

from reader.corpus import SourceFile

from .feed import DocumentFeed
from .manifest import file_key
from .reading import WRITER_LIMIT_MB, BuildResult, Progress, read_into
from .worker import read_messages, send

Worker = subprocess.Popen[bytes]
Messages = queue_module.Queue[tuple[Any, ...]]
"""Messages from the workers, each `(worker number, kind, *payload)`."""


def write_parallel(
    ix: Index,
    feed: DocumentFeed,
    sources: list[SourceFile],
    deletions: list[str],
    tokens: dict[str, str | None],
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    procs: int,
    duplicates: bool = True,
) -> BuildResult:
    """Like `build.write`, with `procs - 1` worker processes beside this one.

    A worker that cannot start or dies has its share indexed here afterwards.
    """
    chunks = [sources[i::procs] for i in range(procs)]
    messages: Messages = queue_module.Queue()
    workers = [
        _start(n, feed, ix, chunk, tokens, messages, duplicates) for n, chunk in enumerate(chunks)
    ]
    writer = ix.writer(limitmb=WRITER_LIMIT_MB)
    counter = _Counter(len(sources), progress)
    stopped = False

    def poll() -> bool:
        nonlocal stopped
        counter.drain(messages)
        if not stopped and cancelled is not None and cancelled():
            stopped = True
            for worker in workers:
                _stop(worker)
        return stopped

    try:
        for article_id in deletions:
            writer.delete_by_term("article", article_id)
        result = read_into(writer, feed, chunks[0], tokens, counter.one, poll, duplicates)
        # Write this process's segment now, while the workers are still busy with theirs.
        own = writer._finalize_segment() if writer._added else writer._close_segment()
        segments, failed = _collect(workers, messages, counter, result)
        for n in failed:  # do a lost worker's share here
            extra = SegmentWriter(ix, _lk=False, limitmb=WRITER_LIMIT_MB)
            part = read_into(extra, feed, chunks[n], tokens, counter.one, poll, duplicates)
            segment = extra._finalize_segment() if extra._added else extra._close_segment()
            _merge(result, part, segment, segments)
        if own is not None:
            segments.append(own)
    except BaseException:
        writer.cancel()
        for worker in workers:
            if worker is not None:
                worker.kill()
                worker.wait()
        raise
    _commit(writer, segments)
    return result


def _start(
    n: int,
    feed: DocumentFeed,
    ix: Index,
    chunk: list[SourceFile],
    tokens: dict[str, str | None],
    messages: Messages,
    duplicates: bool = True,
) -> Worker | None:
    """Start worker `n` on `chunk` (None for n = 0, this process's own share, or if the
    process cannot start); a thread forwards its messages, numbered, to `messages`."""
    if n == 0:
        return None
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "reader.index.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
    except OSError:
        messages.put((n, "exit", None))
        return None
    job = {
        "feed": feed,
        "index_dir": ix.storage.folder,
        "chunk": chunk,
        "tokens": {file_key(s): tokens.get(file_key(s)) for s in chunk},
        "limitmb": WRITER_LIMIT_MB,
        "duplicates": duplicates,
    }
    stdin, stdout = process.stdin, process.stdout
    assert stdin is not None and stdout is not None  # both are pipes
    with contextlib.suppress(OSError):  # if it died at once, its exit is reported below
        send(stdin, job)

    def forward() -> None:
        for message in read_messages(stdout):
            messages.put((n, *message))
        messages.put((n, "exit", process.wait()))

    threading.Thread(target=forward, daemon=True).start()
    return process


def _stop(worker: Worker | None) -> None:
    """Ask a worker to stop after its current file (it keeps what it wrote)."""
    if worker is not None and worker.stdin is not None:
        with contextlib.suppress(OSError):
            worker.stdin.close()


def _collect(
    workers: list[Worker | None], messages: Messages, counter: _Counter, result: BuildResult
) -> tuple[list[Any], list[int]]:
    """Wait for the workers' segments, merged into `result`; also the workers that failed."""
    segments: list[Any] = []
    pending = set(range(1, len(workers)))
    failed: list[int] = []
    while pending:
        n, kind, *payload = counter.early.pop(0) if counter.early else messages.get()
        if kind == "progress":
            counter.add(payload[0])
        elif kind == "done" and n in pending:
            pending.discard(n)
            _merge(result, payload[1], payload[0], segments)
        elif kind in ("error", "exit") and n in pending:
            pending.discard(n)
            failed.append(n)
    for worker in workers:
        _stop(worker)
        if worker is not None:
            worker.wait()
    return segments, sorted(failed)


def _merge(result: BuildResult, part: BuildResult, segment: Any, segments: list[Any]) -> None:
    if segment is not None:
        segments.append(segment)
    result.entries.update(part.entries)
    result.warnings.extend(part.warnings)
    result.words |= part.words
    result.duplicates.update(part.duplicates)
    result.cancelled = result.cancelled or part.cancelled


def _commit(writer: SegmentWriter, segments: list[Any]) -> None:
    """Commit the existing segments (with their deletions) and the new ones in one TOC."""
    final = writer._merge_segments(NO_MERGE, False, False)
    writer._commit_toc(final + segments)
    writer._finish()


class _Counter:
    """Progress over all processes: this one's files plus the workers' reports."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self.progress = progress
        self.early: list[tuple[Any, ...]] = []

    def one(self, _done: int, _total: int) -> None:
        self.add(1)

    def add(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)

    def drain(self, messages: Messages) -> None:
        """Take the progress reports waiting; keep any other message for `_collect`."""
        while True:
            try:
                message = messages.get_nowait()
            except queue_module.Empty:
                return
            if message[1] == "progress":
                self.add(message[2])
            else:
                self.early.append(message)
