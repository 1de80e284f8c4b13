"""Where an export goes: standard output, or a file written atomically.

A file is written to a temporary file beside it and renamed over it at the end, so a
failure halfway (a full disk, an interrupted export) leaves the old file or none, never
half of a new one. An existing file is replaced only when asked (`--force`). Text sent to
a terminal has its control characters made visible, so article text never drives it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from reader.errors import ReaderError
from reader.fsio import atomic_stream
from reader.textnorm import printable


class ExportError(ReaderError):
    """An export or report that cannot be done; the message says why, in one line."""


class _PrintableText(io.TextIOBase):
    """Writes to a terminal with control characters made visible."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text.replace("\r\n", "\n")))  # CSV's CRLF, shown as lines
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def check_destination(path: Path, force: bool) -> None:
    """ExportError when `path` cannot be written: a folder, missing folder, or a file that
    exists without `force`."""
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; name a file to write")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: folder {path.parent} does not exist")
    if path.exists() and not force:
        raise ExportError(f"{path}: already exists (--force replaces it)")


@contextlib.contextmanager
def binary_output(path: Path | None, force: bool = False) -> Iterator[BinaryIO]:
    """A binary stream to `path` (atomic) or, with None, standard output (not a terminal)."""
    if path is None:
        if sys.stdout.isatty():
            raise ExportError("this format is binary: write it to a file with -o FILE")
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    check_destination(path, force)
    try:
        with atomic_stream(path) as handle:
            yield handle
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from None


@contextlib.contextmanager
def text_output(path: Path | None, force: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text stream to `path` (atomic) or standard output (made printable on a
    terminal). Newlines are written as given (CSV writes its own CRLF)."""
    if path is None:
        if sys.stdout.isatty():
            yield _PrintableText(sys.stdout)  # type: ignore[misc]
        else:
            yield sys.stdout
        sys.stdout.flush()
        return
    with binary_output(path, force) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
        try:
            yield text
            text.flush()
        finally:
            text.detach()


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the working folder when below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
