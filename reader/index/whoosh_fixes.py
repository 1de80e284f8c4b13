"""Small fixes to Whoosh 2.7 (whoosh-reloaded 2.7.x), applied when the index is imported.

- `W3PerDocReader._cached_reader` remembers only the length columns it found, so while a
  segment is written, every posting of a field without lengths (IDs, keywords) asks the
  file system again whether the column exists: one `stat` per posting. Remember misses.
- While a new segment's postings are written, `FieldWriter.add_postings` asks the segment's
  per-document file for a field length at every posting (a seek and a read each: about a
  sixth of a build). Read each field's lengths once into a list instead.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec import base, whoosh3

_MISSING = object()


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    readers = self._readers
    if fieldname not in readers:
        readers[fieldname] = (
            self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        )
    return readers[fieldname]


class _LengthTable:
    """`doc_field_length` of a new segment from lists read once per field (same answers:
    None for a zero length byte, `default` for a field without lengths)."""

    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._tables: dict[str, Any] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        table = self._tables.get(fieldname, _MISSING)
        if table is _MISSING:
            table = self._tables[fieldname] = self._load(fieldname)
        if table is None:
            return default
        length: int | None = table[docnum]
        return length

    def _load(self, fieldname: str) -> list[int | None] | None:
        reader = self._lengths._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        if reader is None:
            return None
        to_length = whoosh3.byte_to_length
        return [to_length(b) if b else None for b in reader]


_add_postings = base.FieldWriter.add_postings


def _add_postings_with_table(self: Any, schema: Any, lengths: Any, items: Any) -> Any:
    if isinstance(lengths, whoosh3.W3PerDocReader):
        lengths = _LengthTable(lengths)
    return _add_postings(self, schema, lengths, items)


def apply() -> None:
    """Install the fixes (idempotent)."""
    reader_class = getattr(whoosh3, "W3PerDocReader", None)
    if reader_class is not None and hasattr(reader_class, "_cached_reader"):
        reader_class._cached_reader = _cached_reader
    if getattr(base.FieldWriter.add_postings, "__name__", "") == "add_postings":
        base.FieldWriter.add_postings = _add_postings_with_table


apply()
