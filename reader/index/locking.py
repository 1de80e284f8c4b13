"""One writer at a time: an OS file lock beside the index, released if the holder dies."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

from reader.errors import IndexBusyError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "reader-update.lock"
BUSY_MESSAGE = "index is busy: another reader is updating it"


class UpdateLock:
    """`with UpdateLock(folder, timeout):` waits up to `timeout` s, then IndexBusyError."""

    def __init__(self, folder: Path, timeout: float = 3.0) -> None:
        self.path = Path(folder) / LOCK_NAME
        self.timeout = timeout
        self._fd: int | None = None

    def __enter__(self) -> UpdateLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise IndexBusyError(BUSY_MESSAGE) from None
                time.sleep(0.05)
        self._fd = fd
        return self

    @staticmethod
    def held(folder: Path) -> bool:
        """Whether another writer holds the lock now (asked without waiting)."""
        if fcntl is None:
            return False
        try:
            fd = os.open(Path(folder) / LOCK_NAME, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        finally:
            os.close(fd)  # closing releases the lock if we got it
        return False

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
