"""Annotation changes counted in words: the message of a `reader sync` commit ("Ann: 5 tags,
2 notes on 3 articles; codebook: 1 code added"), what `reader status` calls unshared, and
what a sync sent.

The input is the two versions of each changed file (bytes, None for "no file"). Annotation
files are compared with `reader changes`' rules (`changes.compare_versions`); `codebook.yaml` by
code, `<article>/article.yaml` as an article's details; any other shared file by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.annotations.files import CODEBOOK_NAME, META_NAME
from reader.annotations.yamlio import AnnotationFileError, load_annotation_bytes
from reader.gitshare.changes import compare_versions
from reader.gitshare.repo import read_blobs
from reader.refs import where
from reader.textnorm import printable

DETAIL_LINES = 30
"""At most this many per-passage lines in a commit message's body."""


@dataclass
class ChangeSummary:
    """Counts of what changed in a set of annotation files."""

    files: list[str] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    tags_added: int = 0
    tags_removed: int = 0
    notes: int = 0
    notes_removed: int = 0
    deleted: int = 0
    moved: int = 0
    other_changes: int = 0
    details: set[str] = field(default_factory=set)
    codes_added: int = 0
    codes_changed: int = 0
    codes_removed: int = 0
    other_files: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def words(self) -> str:
        """One line: "5 tags, 2 notes on 3 articles; codebook: 1 code added"."""
        parts = [
            _count(self.tags_added, "tag"),
            _count(self.tags_removed, "tag", "removed"),
            _count(self.notes, "note"),
            _count(self.notes_removed, "note", "removed"),
            _count(self.deleted, "annotation", "deleted"),
            _count(self.moved, "anchor", "moved"),
            _count(self.other_changes, "annotation", "changed"),
        ]
        sections = []
        annotations = ", ".join(p for p in parts if p)
        if annotations:
            sections.append(f"{annotations} on {_count(len(self.articles), 'article')}")
        if self.details:
            sections.append(f"details of {_count(len(self.details), 'article')}")
        codes = [
            _count(self.codes_added, "code", "added"),
            _count(self.codes_changed, "code", "changed"),
            _count(self.codes_removed, "code", "removed"),
        ]
        if any(codes):
            sections.append("codebook: " + ", ".join(c for c in codes if c))
        if self.other_files:
            sections.append(", ".join(self.other_files) + " changed")
        if self.invalid:
            sections.append(_count(len(self.invalid), "unreadable file"))
        return "; ".join(sections) or _count(len(self.files), "file") + " (no visible change)"

    def to_json(self) -> dict[str, Any]:
        return {
            "words": self.words() if self.files else "",
            "files": self.files,
            "articles": sorted(self.articles),
            "tags_added": self.tags_added,
            "tags_removed": self.tags_removed,
            "notes": self.notes,
            "notes_removed": self.notes_removed,
            "annotations_deleted": self.deleted,
            "anchors_moved": self.moved,
            "annotations_changed": self.other_changes,
            "details": sorted(self.details),
            "codes_added": self.codes_added,
            "codes_changed": self.codes_changed,
            "codes_removed": self.codes_removed,
            "other_files": self.other_files,
            "invalid": self.invalid,
        }


def summarize(items: list[tuple[str, bytes | None, bytes | None]], prefix: str) -> ChangeSummary:
    """Count the changes in (path, before, after) triples; paths relative to the root,
    `prefix` the annotations folder's (see `RepoState.prefix`)."""
    summary = ChangeSummary()
    for path, before, after in sorted(items, key=lambda item: item[0]):
        if before == after:
            continue
        summary.files.append(path)
        rest = path[len(prefix) :]
        try:
            old = _load(before, path)
            new = _load(after, path)
        except AnnotationFileError as exc:
            summary.invalid.append(str(exc))
            continue
        if rest == CODEBOOK_NAME:
            _codebook(summary, old, new)
        elif "/" not in rest:
            summary.other_files.append(rest)
        elif rest.rsplit("/", 1)[1] == META_NAME:
            if (old or {}) != (new or {}):
                summary.details.add(rest.rsplit("/", 1)[0])
        else:
            _annotation(summary, path, rest.rsplit("/", 1)[0], old, new)
    return summary


def summarize_revs(
    root: Path, paths: list[str], old: str | None, new: str, prefix: str
) -> ChangeSummary:
    """Summarize `paths` between two revisions (`old` None: as if nothing was there; `new`
    may be "" for the index, as git's `:path` syntax has it)."""
    before = read_blobs(root, [f"{old}:{p}" for p in paths]) if old else {}
    after = read_blobs(root, [f"{new}:{p}" for p in paths])
    return summarize(
        [(p, before.get(f"{old}:{p}") if old else None, after[f"{new}:{p}"]) for p in paths],
        prefix,
    )


def commit_message(author: str, summary: ChangeSummary) -> str:
    """`AUTHOR: words`, then one line per changed passage (at most DETAIL_LINES)."""
    subject = f"{author}: {summary.words()}" if author else summary.words()
    body = summary.lines[:DETAIL_LINES]
    if len(summary.lines) > DETAIL_LINES:
        body.append(f"... and {len(summary.lines) - DETAIL_LINES} more")
    # Tags and ids come from files (others' too): no terminal escapes in `git log`.
    lines = [printable(line).replace("\n", " ") for line in (subject, *body)]
    return lines[0] + ("\n\n" + "\n".join(lines[1:]) if body else "") + "\n"


def _load(data: bytes | None, path: str) -> dict[str, Any] | None:
    return None if data is None else load_annotation_bytes(data, path)


def _annotation(
    summary: ChangeSummary,
    path: str,
    folder: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> None:
    change = compare_versions(path, old, new, [])
    if change is None:
        return
    summary.articles.add(change.article or folder)
    counted = False
    if change.kind == "removed":
        summary.deleted += 1
        counted = True
    else:
        summary.tags_added += len(change.tags_added)
        summary.tags_removed += len(change.tags_removed)
        counted = bool(change.tags_added or change.tags_removed)
        if change.note_changed:
            if change.note_after:
                summary.notes += 1
            else:
                summary.notes_removed += 1
            counted = True
        if "target" in change.fields:
            summary.moved += 1
            counted = True
    if not counted:
        summary.other_changes += 1
    place = where(change.article or folder, change.passage)
    what = [f"+{t}" for t in change.tags_added] + [f"-{t}" for t in change.tags_removed]
    if change.kind == "removed":
        what.append("deleted")
    if change.note_changed:
        what.append("note" if change.note_after else "note removed")
    summary.lines.append(f"{place}: {' '.join(what) or 'changed'}")


def _codebook(
    summary: ChangeSummary, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> None:
    before = (old or {}).get("tags")
    after = (new or {}).get("tags")
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    summary.codes_added += len(after.keys() - before.keys())
    summary.codes_removed += len(before.keys() - after.keys())
    summary.codes_changed += sum(1 for k in after.keys() & before.keys() if after[k] != before[k])


def _count(number: int, word: str, suffix: str = "") -> str:
    if not number:
        return ""
    text = f"{number} {word}{'' if number == 1 else 's'}"
    return f"{text} {suffix}" if suffix else text
