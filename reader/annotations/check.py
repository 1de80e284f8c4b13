"""`reader check`: every annotation file validated, every anchor placed, problems listed."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.annotations.files import META_NAME, walk
from reader.annotations.store import AnnotationStore
from reader.annotations.ulid import is_ulid
from reader.annotations.yamlio import AnnotationFileError
from reader.dates import PartialDate
from reader.fsio import TEMP_PREFIX
from reader.model import Article
from reader.records import Orphan


@dataclass
class CheckReport:
    """What `check` found: files read, invalid files, orphans, moved anchors, warnings."""

    files: int = 0
    annotations: int = 0
    errors: list[AnnotationFileError] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # files whose anchor is elsewhere now
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No invalid file and no orphan."""
        return not self.errors and not self.orphans

    @property
    def conflicted(self) -> list[AnnotationFileError]:
        """The invalid files that hold git conflict markers."""
        return [e for e in self.errors if "conflict marker" in e.message]

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files": self.files,
            "annotations": self.annotations,
            "errors": [{"path": e.path, "line": e.line, "message": e.message} for e in self.errors],
            "orphans": [o.as_json() for o in self.orphans],
            "moved": self.moved,
            "warnings": self.warnings,
        }


def check(store: AnnotationStore, articles: Iterable[Article]) -> CheckReport:
    """Validate every file under the store's folder and place every live annotation."""
    by_id = {a.id: a for a in articles}
    report = CheckReport()
    store.forget_errors()
    store.codebook()
    for article_id, entries in walk(store.root):
        article = by_id.get(article_id)
        for entry in entries:
            report.files += 1
            path = Path(entry.path)
            if entry.name == META_NAME:
                report.warnings.extend(_meta_warnings(store, path))
                continue
            loaded = store.load(path, entry.stat())
            if loaded is None or loaded.record is None:
                continue
            record = loaded.record
            shown = store.display(path)
            if not is_ulid(path.stem) or record.id != path.stem:
                report.warnings.append(f"{shown}: id {record.id!r} differs from the file name")
            if record.article != article_id:  # the folder decides where it belongs
                report.warnings.append(
                    f"{shown}: article {record.article!r} differs from its folder ({article_id})"
                )
            if record.deleted:
                continue
            report.annotations += 1
            if article is None:
                report.orphans.append(Orphan.of(record, "the article is not in the corpus"))
        if article is not None:
            for placed in store.placed(article):
                if placed.annotation.deleted:
                    continue
                if placed.passage is None:
                    report.orphans.append(Orphan.of(placed.annotation, placed.placement.reason))
                elif placed.placement.method != "position":
                    report.moved.append(placed.annotation.path)
    report.errors = store.load_errors
    report.warnings.extend(_leftovers(store.root))
    report.warnings.extend(_linked_folders(store.root))
    return report


def _linked_folders(root: Path) -> list[str]:
    """Links to folders under the root: never followed, so what they lead to is not read."""
    found = []
    for folder, dirs, _ in os.walk(root):
        for name in sorted(dirs):
            path = Path(folder) / name
            if path.is_symlink() and not name.startswith("."):
                found.append(
                    f"{path}: a link to a folder; not read (annotation folders must be real)"
                )
    return found


def _meta_warnings(store: AnnotationStore, path: Path) -> list[str]:
    loaded = store.load(path)
    date = loaded.data.get("date") if loaded else None
    if date is not None and PartialDate.parse(date) is None:
        return [f"{store.display(path)}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD"]
    return []


def _leftovers(root: Path) -> list[str]:
    found = sorted(root.rglob(f"{TEMP_PREFIX}*")) if root.is_dir() else []
    return [f"{p}: leftover temporary file of an interrupted write (safe to delete)" for p in found]
