"""Article metadata a user sets (date, title, source): `<article-id>/article.yaml`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.annotations.changes import Change, rewrite
from reader.annotations.files import FileCache, StoreError
from reader.annotations.record import SCHEMA
from reader.dates import PartialDate
from reader.records import ArticleMeta

FIELDS = ("date", "title", "source")


def read_meta(cache: FileCache, path: Path) -> ArticleMeta | None:
    """The metadata in `path`, or None when there is none (or the file is invalid)."""
    loaded = cache.load(path)
    if loaded is None:
        return None
    data = loaded.data
    date = PartialDate.parse(data.get("date")) if data.get("date") else None
    title = _text(data.get("title"))
    source = _text(data.get("source"))
    if date is None and title is None and source is None:
        return None
    return ArticleMeta(date=date, title=title, source=source)


def write_meta(
    path: Path,
    shown: str,
    article_id: str,
    date: str | None,
    title: str | None,
    source: str | None,
) -> Change:
    """Set the given fields (None: unchanged, "": cleared); an empty file is a no-op."""
    values: dict[str, str | None] = {"date": date, "title": title, "source": source}
    if date:
        parsed = PartialDate.parse(date)
        if parsed is None:
            raise StoreError(f"not a date: {date!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
        values["date"] = str(parsed)
    for name in ("title", "source"):
        value = values[name]
        if value is not None:
            values[name] = " ".join(value.split())

    def edit(data: dict[str, Any] | None) -> dict[str, Any] | None:
        data = {"schema": SCHEMA, "article": article_id} if data is None else data
        for name, value in values.items():
            if value is None:
                continue
            if value:
                data[name] = value
            else:
                data.pop(name, None)
        return data

    changed = rewrite(path, edit, shown, stamp=False)
    return Change(f"metadata of {article_id}", (changed,) if changed else ())


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    return str(value)
