"""An indexing worker process: `python -m reader.index.worker`, driven by `parallel.py`.

It reads one pickled job on stdin (the document feed, the index folder, its share of the
files, their annotation tokens), indexes those files into a segment of its own, and writes
pickled messages on stdout: `("progress", n)` as it goes, then `("done", segment, BuildResult)` or
`("error", text)`. Closing its stdin asks it to stop after the current file. When its
parent is gone (killed, or its pipe closed), it stops and exits quietly: no traceback.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import threading
from collections.abc import Iterator
from typing import IO, Any

_HEADER = struct.Struct("<Q")
PROGRESS_EVERY = 25


def send(stream: IO[bytes], value: Any) -> None:
    """Write one length-prefixed pickle and flush."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """Read one length-prefixed pickle; EOFError at the end of the stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # only ever from our own parent or child process


def read_messages(stream: IO[bytes]) -> Iterator[Any]:
    """Every message on `stream` until it closes."""
    while True:
        try:
            yield receive(stream)
        except EOFError:
            return


def main() -> int:
    """Run one job; exit quietly (no traceback) when the parent is gone."""
    try:
        return _run()
    except (BrokenPipeError, ConnectionResetError):  # the parent died: nobody to tell
        _silence_stdout()
        return 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the flush at exit does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _run() -> int:
    from whoosh import index as whoosh_index
    from whoosh.writing import SegmentWriter

    from reader.index.reading import read_into
    from reader.index.schema import build_schema

    out = sys.stdout.buffer
    parent = os.getppid()
    try:
        job = receive(sys.stdin.buffer)
        stop = threading.Event()

        def watch_stdin() -> None:
            while os.read(sys.stdin.fileno(), 4096):  # unbuffered: no lock at shutdown
                pass
            stop.set()

        threading.Thread(target=watch_stdin, daemon=True).start()
        feed = job["feed"]  # unpickling imports the feed's own module (the workspace's)
        ix = whoosh_index.open_dir(job["index_dir"], schema=build_schema())
        writer = SegmentWriter(ix, _lk=False, limitmb=job["limitmb"])
        pending = [0]

        def stopped() -> bool:  # asked to stop (stdin closed), or orphaned
            return stop.is_set() or os.getppid() != parent

        def report(_done: int, _total: int) -> None:
            pending[0] += 1
            if pending[0] >= PROGRESS_EVERY:
                send(out, ("progress", pending[0]))
                pending[0] = 0

        duplicates = job.get("duplicates", True)
        result = read_into(writer, feed, job["chunk"], job["tokens"], report, stopped, duplicates)
        if os.getppid() != parent:  # orphaned: its segment would never be committed
            writer.cancel()
            return 1
        if pending[0]:
            send(out, ("progress", pending[0]))
        if writer._added:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        send(out, ("done", segment, result))
    except (BrokenPipeError, ConnectionResetError):
        raise
    except BaseException as exc:
        if os.getppid() != parent:  # the parent went (its folder too, maybe): say nothing
            return 1
        send(out, ("error", f"{type(exc).__name__}: {exc}"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
