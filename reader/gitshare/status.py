"""`reader status`: what this clone has not shared, what the last fetch brought from the
others, and what needs attention first. Local information only (no network): the app can
ask every few seconds (about ten quick git calls; `detail=False` skips reading the files).

Exit status, for scripts: 0 everything is shared and nothing needs attention; 3 there is
something to sync (unshared changes, commits to push or to pull as of the last fetch);
4 something needs attention first (files in conflict, no merge driver, temporary files a
crash left, an interrupted sync, a merge or rebase in progress, a detached HEAD, no
upstream to share with); 1 an error (the folder is not in a git repository).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.gitshare.advance import interrupted
from reader.gitshare.conflicts import has_markers
from reader.gitshare.install import driver_status
from reader.gitshare.pending import pending
from reader.gitshare.repo import GitError, read_blobs
from reader.gitshare.state import RepoState, no_upstream, read_state
from reader.gitshare.summary import ChangeSummary, summarize
from reader.textnorm import plural

EXIT_CLEAN = 0
EXIT_ERROR = 1
EXIT_TO_SYNC = 3
EXIT_ATTENTION = 4


@dataclass
class RepoStatus:
    """The sharing state of one clone (see the module doc)."""

    root: str
    branch: str | None
    upstream: str | None
    remotes: list[str]
    ahead: int | None = None
    behind: int | None = None
    fetched: str | None = None
    driver: str | None = None
    pending: list[str] = field(default_factory=list)
    unshared: list[str] = field(default_factory=list)
    summary: ChangeSummary | None = None
    incoming: dict[str, int] = field(default_factory=dict)
    conflicted: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    operation: str | None = None
    interrupted: bool = False

    def attention(self) -> list[str]:
        """What to deal with before (or by) syncing, one line each."""
        lines = []
        if self.operation:
            lines.append(f"a {self.operation} is in progress: finish or abort it first")
        if self.branch is None:
            lines.append("HEAD is detached: go back to your branch (`git switch main`)")
        if self.interrupted:
            lines.append("a sync was interrupted: run `reader sync` to finish it")
        if self.conflicted:
            lines.append(f"{plural(len(self.conflicted), 'file')} in conflict: run `reader sync`")
        if self.driver:
            lines.append("the merge driver is not set up in this clone: `reader sync` sets it up")
        if self.leftovers:
            count = plural(len(self.leftovers), "temporary file")
            lines.append(f"{count} left by a crash (never shared; safe to delete)")
        if self.upstream is None:
            lines.append(no_upstream(self.branch, self.remotes))
        return lines

    @property
    def exit_code(self) -> int:
        if self.attention():
            return EXIT_ATTENTION
        if self.unshared or self.ahead or self.behind:
            return EXIT_TO_SYNC
        return EXIT_CLEAN

    def line(self) -> str:
        """A short line for a status bar: "3 unshared · 12 new from Bob"."""
        parts = []
        if self.conflicted:
            parts.append(f"{len(self.conflicted)} in conflict")
        if self.unshared:
            parts.append(f"{len(self.unshared)} unshared")
        if self.incoming:
            parts.append(new_from(self.incoming))
        elif self.behind:
            parts.append(f"{plural(self.behind, 'commit')} to pull")
        if self.driver:
            parts.append("no merge driver")
        if self.operation:
            parts.append(f"{self.operation} in progress")
        if not parts:
            parts.append("all shared" if self.upstream else "not shared: no upstream")
        return " · ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "branch": self.branch,
            "upstream": self.upstream,
            "ahead": self.ahead,
            "behind": self.behind,
            "last_fetch": self.fetched,
            "driver_installed": self.driver is None,
            "driver_problem": self.driver,
            "uncommitted": self.pending,
            "unshared": self.unshared,
            "unshared_summary": self.summary.to_json() if self.summary else None,
            "new_from_others": self.incoming,
            "conflicted": self.conflicted,
            "leftovers": self.leftovers,
            "operation": self.operation,
            "interrupted_sync": self.interrupted,
            "attention": self.attention(),
            "line": self.line(),
            "exit_status": self.exit_code,
        }


def repo_status(folder: str | Path, *, detail: bool = True) -> RepoStatus:
    """The sharing state of the clone holding `folder`; SyncError when not in git.
    `detail` also reads the unshared files to count tags and notes (`summary`)."""
    state = read_state(folder)
    found = pending(state)
    status = RepoStatus(
        root=str(state.root),
        branch=state.branch,
        upstream=state.upstream.name if state.upstream else None,
        remotes=state.remotes,
        pending=found.changed,
        leftovers=found.leftovers,
        operation=state.operation[0] if state.operation else None,
        interrupted=interrupted(state),
        driver=driver_status(state.folder),
    )
    fetch_head = state.git_dir / "FETCH_HEAD"
    if fetch_head.exists():
        stamp = datetime.fromtimestamp(fetch_head.stat().st_mtime, UTC)
        status.fetched = stamp.isoformat(timespec="seconds").replace("+00:00", "Z")
    theirs = state.upstream_head()
    base = _base(state, status, theirs)
    committed = state.changed(base, state.head) if state.head and base != state.head else []
    status.unshared = sorted(set(committed) | set(found.changed))
    status.conflicted = sorted(set(found.unmerged) | set(_marked(state, found.changed)))
    if theirs:
        status.incoming = _incoming(state, theirs)
    if detail:
        before = read_blobs(state.root, [f"{base}:{p}" for p in status.unshared]) if base else {}
        status.summary = summarize(
            [(p, before.get(f"{base}:{p}"), state.read(p)) for p in status.unshared],
            state.prefix,
        )
    return status


def status_line(folder: str | Path) -> str:
    """`repo_status(folder, detail=False).line()`, or "" when the folder is not in git."""
    try:
        return repo_status(folder, detail=False).line()
    except GitError:
        return ""


def _base(state: RepoState, status: RepoStatus, theirs: str | None) -> str | None:
    """What "shared" is measured against: where this branch and the upstream's last known
    state meet (None: nothing is shared yet); with no upstream, HEAD."""
    if state.upstream is None:
        return state.head
    if state.head is None:
        status.ahead, status.behind = 0, _count(state, theirs) if theirs else 0
        return None
    if theirs is None:
        status.ahead, status.behind = _count(state, state.head), 0
        return None
    counts = state.text("rev-list", "--left-right", "--count", f"{state.head}...{theirs}")
    status.ahead, status.behind = (int(n) for n in counts.split())
    found = state.git("merge-base", state.head, theirs, check=False)
    return found.stdout.decode().strip() or None


def _count(state: RepoState, rev: str) -> int:
    return int(state.text("rev-list", "--count", rev))


def _incoming(state: RepoState, theirs: str) -> dict[str, int]:
    """Shared files changed upstream since the last pull, by who changed each last."""
    span = f"{state.head}..{theirs}" if state.head else theirs
    out = state.text(
        "-c", "core.quotepath=off", "log", "--no-renames", "--format=%x01%an", "--name-only",
        span, "--", state.pathspec,
    )  # fmt: skip
    last: dict[str, str] = {}
    author = ""
    for line in out.splitlines():
        if line.startswith("\x01"):
            author = line[1:]
        elif line and state.shared(line):
            last.setdefault(line, author)
    counts: dict[str, int] = {}
    for who in last.values():
        counts[who] = counts.get(who, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _marked(state: RepoState, paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        data = state.read(path)
        if data and has_markers(data.decode("utf-8", "replace")):
            found.append(path)
    return found


def new_from(counts: dict[str, int]) -> str:
    """ "12 new from Bob", "3 new from Ana and Bob": changed files by who changed them."""
    return f"{sum(counts.values())} new from {_names(counts)}"


def _names(counts: dict[str, int]) -> str:
    names = list(counts)
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]}, {names[1]} and {plural(len(names) - 2, 'other')}"
