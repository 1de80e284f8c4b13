"""`reader changes [REV]`: what happened to the annotations between REV and HEAD, by author.

The comparison is between two commits (REV and HEAD), not the work tree, so a person's own
uncommitted edits do not show up as news. The default REV is `ORIG_HEAD` (where HEAD was
before the last pull, merge or rebase), else `HEAD@{1}`. An addition is credited to the
annotation's own author (whoever committed it), a change or removal to the git author of
the last commit in REV..HEAD that touched the file (`authors` lists every committer, newest
first); with no such commit, the annotation's own author.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from reader.annotations.yamlio import AnnotationFileError, load_annotation_bytes
from reader.gitshare.repo import (
    GitError,
    git,
    git_text,
    read_blobs,
    relative_to_root,
    repo_root,
    rev_exists,
)

DEFAULT_REVS = ("ORIG_HEAD", "HEAD@{1}")


@dataclass
class Change:
    """One annotation file that changed: `kind` is added, changed, removed or invalid
    (the file at one end cannot be read; `fields` holds the reason)."""

    path: str
    kind: str
    author: str
    article: str = ""
    passage: int | None = None
    annotation: str = ""
    tags_added: list[str] = field(default_factory=list)
    tags_removed: list[str] = field(default_factory=list)
    note_before: str | None = None
    note_after: str | None = None
    fields: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    @property
    def note_changed(self) -> bool:
        return (self.note_before or "") != (self.note_after or "")

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "note_changed": self.note_changed}


def default_rev(annotations_dir: Path) -> str:
    """ORIG_HEAD, else HEAD@{1}; GitError saying what to pass when neither exists."""
    root = _root(annotations_dir)
    for rev in DEFAULT_REVS:
        if rev_exists(root, rev):
            return rev
    raise GitError("no earlier state to compare with (no pull yet): pass a revision, e.g. HEAD~1")


def changes_since(annotations_dir: str | Path, rev: str | None = None) -> list[Change]:
    """The annotation changes from `rev` (default: `default_rev`) to HEAD, sorted by path."""
    folder = Path(annotations_dir)
    root = _root(folder)
    rev = rev or default_rev(folder)
    if not rev_exists(root, rev):
        raise GitError(f"unknown revision {rev!r}")
    rel = relative_to_root(folder, root) or "."
    diff = git(["diff", "--name-status", "-z", "--no-renames", rev, "HEAD", "--", rel], root)
    fields = diff.stdout.decode("utf-8", "surrogateescape").split("\0")
    paths = [fields[i + 1] for i in range(0, len(fields) - 1, 2) if fields[i + 1].endswith(".yaml")]
    before = read_blobs(root, [f"{rev}:{p}" for p in paths])
    after = read_blobs(root, [f"HEAD:{p}" for p in paths])
    authors = _authors(root, rev, rel)
    changes = []
    for path in paths:
        try:
            old = _parse(before[f"{rev}:{path}"], f"{rev}:{path}")
            new = _parse(after[f"HEAD:{path}"], path)
        except AnnotationFileError as exc:
            who = (authors.get(path) or ["unknown"])[0]
            changes.append(Change(path=path, kind="invalid", author=who, fields=[exc.message]))
            continue
        change = compare_versions(path, old, new, authors.get(path, []))
        if change is not None:
            changes.append(change)
    return changes


def _root(folder: Path) -> Path:
    root = repo_root(folder)
    if root is None:
        raise GitError(f"{folder} is not inside a git work tree")
    return root


def _authors(root: Path, rev: str, rel: str) -> dict[str, list[str]]:
    """Path -> the authors of the commits in REV..HEAD that touched it, newest first."""
    # --cherry-pick drops our own commits that a rebase re-made (same patch, new id).
    log = ["log", "--no-renames", "--format=%x01%an", "--name-only"]
    log += ["--cherry-pick", "--right-only", f"{rev}...HEAD"]
    out = git_text(["-c", "core.quotepath=off", *log, "--", rel], root)
    authors: dict[str, list[str]] = {}
    author = ""
    for line in out.splitlines():
        if line.startswith("\x01"):
            author = line[1:]
        elif line:
            found = authors.setdefault(line, [])
            if author not in found:
                found.append(author)
    return authors


def _parse(blob: bytes | None, path: str) -> dict[str, Any] | None:
    """The mapping in a blob (None: no file); AnnotationFileError if it is not valid."""
    if blob is None:
        return None
    return load_annotation_bytes(blob, path)


def _live(data: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if data is None or data.get("deleted") is True else data


def compare_versions(
    path: str, old: dict[str, Any] | None, new: dict[str, Any] | None, authors: list[str]
) -> Change | None:
    old, new = _live(old), _live(new)
    if old is None and new is None:
        return None
    kind = "added" if old is None else "removed" if new is None else "changed"
    current = new or old or {}
    # An addition is credited to who made it, a change or removal to who made it last.
    who = _author_name(current) if kind == "added" or not authors else authors[0]
    change = Change(path=path, kind=kind, author=who, annotation=str(current.get("id", "")))
    change.authors = authors or [who]
    change.article = str(current.get("article", ""))
    target = current.get("target")
    if isinstance(target, dict) and isinstance(target.get("passage"), int):
        change.passage = target["passage"]
    old_tags, new_tags = _tags(old), _tags(new)
    change.tags_added = sorted(new_tags - old_tags)
    change.tags_removed = sorted(old_tags - new_tags)
    change.note_before = _note(old)
    change.note_after = _note(new)
    if kind == "changed":
        keys = (set(old or {}) | set(new or {})) - {"tags", "note", "updated", "deleted"}
        change.fields = sorted(k for k in keys if (old or {}).get(k) != (new or {}).get(k))
    if kind == "changed" and not (
        change.tags_added or change.tags_removed or change.note_changed or change.fields
    ):
        return None
    return change


def _author_name(data: dict[str, Any]) -> str:
    author = data.get("author")
    if isinstance(author, dict):
        return str(author.get("name") or author.get("email") or "unknown")
    return "unknown"


def _tags(data: dict[str, Any] | None) -> set[str]:
    tags = (data or {}).get("tags")
    return {t for t in tags if isinstance(t, str)} if isinstance(tags, list) else set()


def _note(data: dict[str, Any] | None) -> str | None:
    note = (data or {}).get("note")
    return note if isinstance(note, str) and note else None
