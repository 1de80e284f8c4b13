"""Annotation records: what a YAML annotation file holds, parsed once when it is loaded.

Code above the loader speaks in these attributes; the raw mapping survives only where bytes
are written (`reader.annotations.edits`, the merge driver), so unknown keys are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reader.dates import PartialDate


@dataclass(frozen=True)
class Author:
    """A person who annotates: `name` and `email` (possibly empty)."""

    name: str
    email: str = ""

    @classmethod
    def from_mapping(cls, data: object) -> Author:
        """An annotation's `author` mapping as an Author ("unknown" when it has none)."""
        if not isinstance(data, Mapping):
            return cls("unknown")
        name, email = str(data.get("name") or ""), str(data.get("email") or "")
        return cls(name or email or "unknown", email)

    def same_person(self, other: Author) -> bool:
        """Whether `other` is this person: by email when both have one, else by name."""
        if self.email and other.email:
            return other.email.casefold() == self.email.casefold()
        return other.name == self.name

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "email": self.email}


@dataclass(frozen=True)
class Target:
    """Where an annotation points (W3C TextQuoteSelector plus position hints).

    `passage`, `start`, `end` are hints (offsets within the passage text); `quote` is the
    text itself, `prefix` and `suffix` a little of the article around it.
    """

    quote: str
    passage: int | None = None
    start: int | None = None
    end: int | None = None
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def from_mapping(cls, data: object) -> Target:
        data = data if isinstance(data, Mapping) else {}
        return cls(
            quote=_text(data.get("quote")),
            passage=_int(data.get("passage")),
            start=_int(data.get("start")),
            end=_int(data.get("end")),
            prefix=_text(data.get("prefix")),
            suffix=_text(data.get("suffix")),
        )

    def as_dict(self) -> dict[str, Any]:
        """The mapping written to the file (hints left out when unknown)."""
        data: dict[str, Any] = {}
        for name in ("passage", "start", "end"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        data.update(prefix=self.prefix, quote=self.quote, suffix=self.suffix)
        return data


@dataclass(frozen=True)
class Annotation:
    """One annotation file: tags and a note by one author on one passage (or a span).

    `path` is the file as shown to users (`annotations/<article>/<id>.yaml`), "" when the
    record did not come from a file (a git blob, say).
    """

    id: str
    article: str
    target: Target
    tags: tuple[str, ...] = ()
    note: str | None = None
    author: Author = field(default_factory=lambda: Author("unknown"))
    created: str = ""
    updated: str = ""
    deleted: bool = False
    schema: int = 1
    path: str = field(default="", compare=False)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: str = "") -> Annotation:
        """A well-shaped mapping (see `annotations.record.problems`) as a record."""
        note = data.get("note")
        tags = data.get("tags") or []
        return cls(
            id=_text(data.get("id")),
            article=_text(data.get("article")),
            target=Target.from_mapping(data.get("target")),
            tags=tuple(t for t in tags if isinstance(t, str)),
            note=note if isinstance(note, str) and note.strip() else None,
            author=Author.from_mapping(data.get("author")),
            created=_text(data.get("created")),
            updated=_text(data.get("updated")),
            deleted=data.get("deleted") is True,
            schema=_int(data.get("schema")) or 1,
            path=path,
        )

    @property
    def live(self) -> bool:
        """Not a tombstone."""
        return not self.deleted

    @property
    def whole_passage(self) -> bool:
        """Whether it covers its whole passage rather than a span inside it."""
        return not self.target.start and self.target.end in (None, len(self.target.quote))


@dataclass(frozen=True)
class Orphan:
    """An annotation that cannot be placed on its article as it is now (kept on disk)."""

    article: str
    path: str
    reason: str
    annotation: str = ""  # its id (ULID); "" when no annotation file could be read
    passage: int | None = None  # the passage it was on
    tags: tuple[str, ...] = ()
    quote: str = ""

    @classmethod
    def of(cls, annotation: Annotation, reason: str) -> Orphan:
        return cls(
            article=annotation.article,
            path=annotation.path,
            reason=reason,
            annotation=annotation.id,
            passage=annotation.target.passage,
            tags=annotation.tags,
            quote=annotation.target.quote,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "article": self.article,
            "passage": self.passage,
            "tags": list(self.tags),
            "reason": self.reason,
            "annotation": self.annotation,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class PassageNote:
    """One author's note on a passage."""

    author: str
    text: str


@dataclass
class PassageAnnotations:
    """The union of every annotation on one passage: what the passage shows."""

    tags: list[str] = field(default_factory=list)
    notes: list[PassageNote] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleMeta:
    """Date, title and source a user set for an article; None means 'as in the file'."""

    date: PartialDate | None = None
    title: str | None = None
    source: str | None = None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
