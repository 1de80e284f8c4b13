"""Files that must survive crashes and concurrent writers: atomic writes, folder locks.

Used by the annotations, the index's manifest and vocabulary, and the app's config.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

TEMP_PREFIX = ".tmp-"
"""Temporary files start with this (and are hidden); loaders skip them."""


def atomic_write(path: str | Path, text: str | bytes) -> None:
    """Write `text` (UTF-8) to `path` atomically.

    The bytes go to a temporary file in the same folder, which is fsynced and renamed over
    `path`; then the folder is fsynced so the rename itself survives a power cut. The new
    file keeps the old one's permission bits. OSError on failure (the old file untouched).
    """
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    folder = path.parent
    temp = folder / f"{TEMP_PREFIX}{path.name}.{os.getpid()}"
    mode = 0o644
    with contextlib.suppress(FileNotFoundError):
        mode = path.stat().st_mode & 0o777
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(folder)


def fsync_dir(folder: str | Path) -> None:
    """fsync a folder so that renames and new entries in it are durable (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on `folder` (flock on the folder itself: no lock files to commit)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
