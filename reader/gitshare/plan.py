"""`reader sync --dry-run`: what a sync would commit, pull and push, changing nothing (no
fetch either: what would be pulled is what the last fetch brought)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.gitshare.pending import problem
from reader.gitshare.repo import read_blobs
from reader.gitshare.state import identity, read_state, unmerged_paths
from reader.gitshare.status import RepoStatus, repo_status
from reader.gitshare.summary import ChangeSummary, commit_message, summarize, summarize_revs


@dataclass
class SyncPlan:
    """What `sync` would do now."""

    status: RepoStatus
    refusal: str | None = None
    message: str = ""
    commit: ChangeSummary = field(default_factory=ChangeSummary)
    to_merge: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    incoming: ChangeSummary = field(default_factory=ChangeSummary)

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": True,
            "refusal": self.refusal,
            "install_driver": self.status.driver is not None,
            "commit_message": self.message,
            "commit": self.commit.to_json(),
            "conflicts_to_merge": self.to_merge,
            "left_out": self.left_out,
            "pull_commits": self.status.behind,
            "pull": self.incoming.to_json(),
            "push_commits": (self.status.ahead or 0) + (1 if self.message else 0),
            "upstream": self.status.upstream,
            "last_fetch": self.status.fetched,
        }


def plan(folder: str | Path) -> SyncPlan:
    """What `sync(folder)` would do; SyncError when the folder is not in git."""
    state = read_state(folder)
    status = repo_status(folder, detail=False)
    result = SyncPlan(status)
    unmerged = unmerged_paths(state)
    result.refusal = state.refusal() or (
        f"{len(unmerged)} files in conflict: resolve and commit them first" if unmerged else None
    )
    ready = []
    for path in status.pending:
        found = problem(state, path)
        if found == "markers":
            result.to_merge.append(path)
        elif found:
            result.left_out.append(found)
        else:
            ready.append(path)
    before = read_blobs(state.root, [f"{state.head}:{p}" for p in ready]) if state.head else {}
    result.commit = summarize(
        [(p, before.get(f"{state.head}:{p}"), state.read(p)) for p in ready],
        state.prefix,
    )
    if result.commit.files:
        author = identity(state) if result.refusal is None else ""
        result.message = commit_message(author, result.commit)
    theirs = state.upstream_head()
    if theirs and status.behind:
        meet = state.git("merge-base", state.head, theirs, check=False) if state.head else None
        old = (meet.stdout.decode().strip() or None) if meet else None
        shared = state.changed(old, theirs)
        result.incoming = summarize_revs(state.root, shared, old, theirs, state.prefix)
    return result
