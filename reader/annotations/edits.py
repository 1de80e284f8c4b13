"""The edits the store makes to one annotation mapping (each with its inverse)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reader.annotations.changes import Edit
from reader.tagnames import renamed, sorted_tags, tag_key

Factory = Callable[[], dict[str, Any]]
"""Makes a new annotation when the file does not exist yet."""


def _settle(data: dict[str, Any]) -> dict[str, Any]:
    """An annotation with neither tags nor note becomes a tombstone; otherwise it lives."""
    if data.get("tags") or data.get("note"):
        data.pop("deleted", None)
    else:
        data["deleted"] = True
    return data


def add_tags(tags: list[str], factory: Factory) -> tuple[Edit, Edit]:
    """Add `tags` (set union, case-insensitive); the inverse removes what it added."""
    added: list[str] = []

    def edit(data: dict[str, Any] | None) -> dict[str, Any] | None:
        data = factory() if data is None else data
        have = {tag_key(t) for t in data.get("tags") or []}
        if data.get("deleted"):
            have = set()
            data["tags"] = []
        new = [t for t in tags if tag_key(t) not in have]
        added[:] = new
        if not new and not data.get("deleted"):
            return data
        data["tags"] = sorted_tags([*(data.get("tags") or []), *new])
        return _settle(data)

    return edit, remove_tags_edit(added)


def remove_tags(tags: list[str]) -> tuple[Edit, Edit]:
    """Remove `tags` (case-insensitive); the inverse adds back what it removed."""
    removed: list[str] = []

    def edit(data: dict[str, Any] | None) -> dict[str, Any] | None:
        if data is None or data.get("deleted"):
            return data
        drop = {tag_key(t) for t in tags}
        current = data.get("tags") or []
        removed[:] = [t for t in current if tag_key(t) in drop]
        if not removed:
            return data
        data["tags"] = [t for t in current if tag_key(t) not in drop]
        return _settle(data)

    def undo(data: dict[str, Any] | None) -> dict[str, Any] | None:
        if data is None:
            return None
        data.pop("deleted", None)
        data["tags"] = sorted_tags([*(data.get("tags") or []), *removed])
        return _settle(data)

    return edit, undo


def remove_tags_edit(tags: list[str]) -> Edit:
    """An edit that removes `tags` (the list is read when the edit runs)."""

    def edit(data: dict[str, Any] | None) -> dict[str, Any] | None:
        if data is None:
            return None
        drop = {tag_key(t) for t in tags}
        data["tags"] = [t for t in data.get("tags") or [] if tag_key(t) not in drop]
        return _settle(data)

    return edit


def set_note(text: str, factory: Factory) -> tuple[Edit, Edit]:
    """Set the note (blank text removes it); the inverse puts the previous note back."""
    previous: list[str | None] = [None]

    def edit(data: dict[str, Any] | None) -> dict[str, Any] | None:
        if data is None:
            if not text.strip():
                return None
            data = factory()
        old = data.get("note") if not data.get("deleted") else None
        previous[0] = old if isinstance(old, str) else None
        if data.get("deleted"):
            data["tags"] = []
        if text.strip():
            data["note"] = text
        else:
            data.pop("note", None)
        return _settle(data)

    def undo(data: dict[str, Any] | None) -> dict[str, Any] | None:
        if data is None:
            return None
        if previous[0]:
            data["note"] = previous[0]
        else:
            data.pop("note", None)
        return _settle(data)

    return edit, undo


def rename_tags(old: str, new: str) -> Edit:
    """Rename `old` (and `old/...`) to `new` (and `new/...`); merges onto existing tags."""

    def edit(data: dict[str, Any] | None) -> dict[str, Any] | None:
        if data is None:
            return None
        tags = data.get("tags") or []
        changed = [renamed(t, old, new) or t for t in tags]
        if changed == tags:
            return data
        data["tags"] = sorted_tags(changed)
        return data

    return edit
