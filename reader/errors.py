"""The one error base: every problem a user should read as one line is a `ReaderError`.

Each package raises its own subclass (`StoreError`, `TagError`, `QueryError`, `GitError`,
...); the command line and the app catch `ReaderError` once, so anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations


class ReaderError(Exception):
    """A user-facing problem; `str()` is one line that says what and where."""


class WorkspaceError(ReaderError):
    """An unknown article, a bad passage reference, a missing corpus folder."""


class QueryError(ReaderError, ValueError):
    """A query that cannot be parsed; the message says what is wrong, in one line."""


class IndexBusyError(ReaderError):
    """Another process is writing the index and did not finish in time."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name when it has none)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
