"""Small fixes to Whoosh 2.7 (whoosh-reloaded 2.7.x), applied when the index is imported.

- `W3PerDocReader._cached_reader` remembers only the length columns it found, so while a
  segment is written, every posting of a field without lengths (IDs, keywords) asks the
  file system again whether the column exists: one `stat` per posting. Remember misses.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec import whoosh3


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    readers = self._readers
    if fieldname not in readers:
        readers[fieldname] = (
            self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        )
    return readers[fieldname]


def apply() -> None:
    """Install the fixes (idempotent)."""
    reader_class = getattr(whoosh3, "W3PerDocReader", None)
    if reader_class is not None and hasattr(reader_class, "_cached_reader"):
        reader_class._cached_reader = _cached_reader


apply()
