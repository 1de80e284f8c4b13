"""Files that must survive crashes and concurrent writers: atomic writes, folder locks.

Used by the annotations, the index's manifest and vocabulary, the app's config and exports.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".tmp-"
"""Temporary files start with this (and are hidden); loaders skip them."""
STALE_SECONDS = 300
"""A temporary file older than this is a leftover, whatever its writer's PID says."""
_TEMP_RE = re.compile(re.escape(TEMP_PREFIX) + r".+\.([0-9]+)")


def atomic_write(path: str | Path, text: str | bytes, *, sync: bool = True) -> None:
    """Write `text` (UTF-8) to `path` atomically.

    The bytes go to a temporary file in the same folder (`.tmp-NAME.PID`), which is
    fsynced and renamed over `path`; then the folder is fsynced so the rename itself
    survives a power cut. The new file keeps the old one's permission bits. OSError on
    failure, naming `path` (the old file untouched). Temporary files that killed writers
    left in the folder are removed first (see `sweep`). `sync=False` skips the fsyncs
    (still atomic, not durable: for caches).
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    with atomic_stream(path, sync=sync) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_stream(path: str | Path, *, sync: bool = True) -> Iterator[BinaryIO]:
    """A binary file whose bytes replace `path` atomically when the block ends cleanly.

    For output written piece by piece (an export streamed row by row): the same temporary
    file, fsync, rename and folder fsync as `atomic_write`. If the block raises, the
    temporary file is removed and `path` is left as it was. OSError when the folder cannot
    be written.
    """
    path = Path(path)
    folder = path.parent
    sweep(folder)
    temp = folder / f"{TEMP_PREFIX}{path.name}.{os.getpid()}"
    mode = 0o644
    with contextlib.suppress(FileNotFoundError):
        mode = path.stat().st_mode & 0o777
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        try:
            os.replace(temp, path)
        except OSError as exc:  # e.g. a folder in its place: name the file, not the temp
            raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if sync:
        fsync_dir(folder)


def sweep(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files of interrupted writes from `folder`: those whose writer
    (the PID in the name) is gone, and any older than STALE_SECONDS (a PID can be reused).
    Best effort (what cannot be removed stays); returns what was removed."""
    removed: list[Path] = []
    try:
        with os.scandir(folder) as entries:
            found = [e for e in entries if e.name.startswith(TEMP_PREFIX)]
    except OSError:
        return removed
    now = time.time() if now is None else now
    for entry in found:
        match = _TEMP_RE.fullmatch(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            stale = now - info.st_mtime > STALE_SECONDS
            if stale or not _alive(int(match.group(1))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    """Whether a process with this PID exists (ours counts: a write of ours may be on)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # gone, or a number no PID can be
        return False
    except PermissionError:  # another user's process
        return True
    return True


def read_plain(path: str | Path, limit: int) -> bytes:
    """Up to `limit` bytes of a plain file. A link, FIFO, device or socket is never read
    (a FIFO would block forever): OSError(EINVAL) names what it is instead."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, f"not a plain file ({file_kind(mode)})", str(path))
        chunks = []
        left = limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def file_kind(mode: int) -> str:
    """What a file that is not a plain file is, in words (`a FIFO`, `a socket`, ...)."""
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a link"),
    ):
        if test(mode):
            return name
    return "not a plain file"


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
