"""The codebook, `<annotations>/codebook.yaml`: each tag's description, colour and key.

schema: 1
tags:
  actor/china:
    colour: red
    description: China, its government and officials
    key: c
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from reader.annotations.changes import FileChange, rewrite
from reader.annotations.files import CODEBOOK_NAME, FileCache
from reader.tagnames import TagError, normalise_tag, renamed, tag_key


@dataclass(frozen=True)
class CodebookEntry:
    """What the codebook says about one tag. `key` is a single character or ""."""

    tag: str
    description: str = ""
    colour: str = ""
    key: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.extra)
        for name in ("description", "colour", "key"):
            value = getattr(self, name)
            if value:
                data[name] = value
            else:
                data.pop(name, None)
        return data


class Codebook:
    """Reads and writes `codebook.yaml` under the annotations folder."""

    def __init__(self, root: Any, cache: FileCache) -> None:
        self.path = root / CODEBOOK_NAME
        self.cache = cache

    def entries(self) -> dict[str, CodebookEntry]:
        """Tag -> entry, sorted case-insensitively; {} when missing or invalid (see errors)."""
        loaded = self.cache.load(self.path)
        tags = loaded.data.get("tags") if loaded else None
        if not isinstance(tags, dict):
            return {}
        found: dict[str, CodebookEntry] = {}
        for raw_tag, value in tags.items():
            try:
                tag = normalise_tag(raw_tag)
            except TagError:
                continue
            value = value if isinstance(value, dict) else {}
            found[tag] = CodebookEntry(
                tag,
                _text(value.get("description")),
                _text(value.get("colour") or value.get("color")),
                _text(value.get("key"))[:1],
                {k: v for k, v in value.items() if k not in ("description", "colour", "key")},
            )
        return dict(sorted(found.items(), key=lambda kv: tag_key(kv[0])))

    def save(self, entries: dict[str, CodebookEntry]) -> None:
        """Replace the tag entries (other top-level keys of the file are kept)."""
        wanted = {normalise_tag(tag): entry.as_dict() for tag, entry in entries.items()}

        def edit(data: dict[str, Any] | None) -> dict[str, Any]:
            data = data if data is not None else {"schema": 1}
            data["tags"] = wanted
            return data

        rewrite(self.path, edit, self.cache.display(self.path), stamp=False)

    def add(self, entries: Iterable[CodebookEntry]) -> FileChange | None:
        """Add entries for tags the codebook does not have yet (compared by `tag_key`);
        an entry already there is kept as it is. None when nothing was added."""
        wanted = [(normalise_tag(entry.tag), entry.as_dict()) for entry in entries]

        def edit(data: dict[str, Any] | None) -> dict[str, Any]:
            data = data if data is not None else {"schema": 1}
            found = data.get("tags")
            tags: dict[str, Any] = found if isinstance(found, dict) else {}
            present = {tag_key(str(tag)) for tag in tags}
            for tag, value in wanted:
                if tag_key(tag) not in present:
                    tags[tag] = value
                    present.add(tag_key(tag))
            data["tags"] = dict(sorted(tags.items(), key=lambda kv: tag_key(str(kv[0]))))
            return data

        return rewrite(self.path, edit, self.cache.display(self.path), stamp=False)

    def rename(self, old: str, new: str) -> FileChange | None:
        """Rename `old` (and `old/...`) entries; an existing entry for the new name wins."""

        def edit(data: dict[str, Any] | None) -> dict[str, Any] | None:
            if data is None or not isinstance(data.get("tags"), dict):
                return data
            tags: dict[str, Any] = {}
            moved = []
            for tag, value in data["tags"].items():
                target = renamed(str(tag), old, new)
                if target is None:
                    tags[tag] = value
                else:
                    moved.append((target, value))
            for target, value in moved:
                tags.setdefault(target, value)
            data["tags"] = tags
            return data

        return rewrite(self.path, edit, self.cache.display(self.path), stamp=False)


def _text(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)
