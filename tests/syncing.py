"""Helpers for the `reader sync` tests: run the core in-process as one person of a team, and
tag passages through the real store."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from gitrepos import ARTICLE, Clone

from reader.gitshare.sync import Progress, SyncResult, sync
from reader.workspace import Workspace

IDENTITY = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")


@contextlib.contextmanager
def person(clone: Clone) -> Iterator[None]:
    """git (and the store's author) see `clone`'s person while inside."""
    saved = {name: os.environ.get(name) for name in IDENTITY}
    env = clone.env()
    os.environ.update({name: env[name] for name in IDENTITY})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def sync_as(clone: Clone, *, push: bool = True, progress: Progress | None = None) -> SyncResult:
    with person(clone):
        return sync(clone.annotations, push=push, progress=progress)


def synced(clone: Clone, **kwargs: bool) -> SyncResult:
    """A sync that must succeed."""
    result = sync_as(clone, **kwargs)
    assert result.ok, result.error
    return result


def tag(clone: Clone, passage: int, *tags: str) -> None:
    with person(clone):
        Workspace(clone.corpus).store.tag(ARTICLE, passage, tags)


def note(clone: Clone, passage: int, text: str) -> None:
    with person(clone):
        Workspace(clone.corpus).store.set_note(ARTICLE, passage, text)


def tags_of(clone: Clone, passage: int) -> list[str]:
    """Every tag on a passage, as the store reads the files (all authors)."""
    ws = Workspace(clone.corpus)
    found = ws.store.passage_annotations(ws.article(ARTICLE)).get(passage)
    return sorted(found.tags) if found else []


def notes_of(clone: Clone, passage: int) -> dict[str, str]:
    ws = Workspace(clone.corpus)
    found = ws.store.passage_annotations(ws.article(ARTICLE)).get(passage)
    return {n.author: n.text for n in found.notes} if found else {}


def porcelain(clone: Clone) -> str:
    return clone.git("status", "--porcelain", "--untracked-files=all").stdout


def head(clone: Clone, rev: str = "HEAD") -> str:
    return clone.git("rev-parse", rev).stdout.strip()


def committed_files(clone: Clone, span: str) -> set[str]:
    """Every file a commit in `span` (e.g. `origin/main~3..origin/main`) touched."""
    out = clone.git("log", "--format=", "--name-only", "-m", span).stdout
    return {line for line in out.splitlines() if line}


def leftover(clone: Clone) -> Path:
    """A temporary file as an interrupted atomic write leaves it (its writer, PID
    99999999, is surely gone: the next write in its folder removes it)."""
    path = clone.annotations / ARTICLE / ".tmp-01JZZZZZZZZZZZZZZZZZZZZZZZ.yaml.99999999"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("schema: 1\ntags: [half-writ")
    return path
