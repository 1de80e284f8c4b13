"""The repository around the annotations folder, as `reader sync` and `reader status` see it:
where it is, the branch and its upstream, an operation in progress, and which paths are
shared annotation files.

A shared annotation file is a `.yaml` file under the annotations folder with no hidden part
in its path (what the store reads). Hidden files, the temporary files of an interrupted
write (`.tmp-*`) among them, are never shared.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.annotations.author import parse_ident
from reader.fsio import TEMP_PREFIX
from reader.gitshare.repo import GitError, git, git_text, relative_to_root, repo_root
from reader.yamlsafe import MAX_BYTES

OPERATIONS = (
    ("MERGE_HEAD", "merge", "finish it (`reader resolve --add`, then `git commit`) or abort it "
     "(`git merge --abort`)"),
    ("rebase-merge", "rebase", "finish it (`git rebase --continue`) or abort it "
     "(`git rebase --abort`)"),
    ("rebase-apply", "rebase", "finish it (`git rebase --continue`) or abort it "
     "(`git rebase --abort`)"),
    ("CHERRY_PICK_HEAD", "cherry-pick", "finish it (`git cherry-pick --continue`) or abort it "
     "(`git cherry-pick --abort`)"),
    ("REVERT_HEAD", "revert", "finish it (`git revert --continue`) or abort it "
     "(`git revert --abort`)"),
    ("BISECT_LOG", "bisect", "end it (`git bisect reset`)"),
)  # fmt: skip
"""(file in the git folder, operation, what to do about it)."""

REBASE_VALUES = frozenset({"true", "yes", "on", "1", "merges", "m", "interactive", "i", "p"})
"""`pull.rebase` / `branch.<name>.rebase` values under which `git pull` rebases."""


MAX_READ = MAX_BYTES + 1
"""Bytes read of a work-tree file to summarize it (annotation files are at most MAX_BYTES)."""


class SyncError(GitError):
    """A sync or status step that cannot go on: one line saying what happened and what to
    do. `kind` lets callers tell "offline" and "auth" failures from the rest."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Upstream:
    """The branch this one pulls from and pushes to."""

    remote: str
    branch: str

    @property
    def name(self) -> str:
        return f"{self.remote}/{self.branch}"

    @property
    def ref(self) -> str:
        """The remote-tracking ref the last fetch updated."""
        return f"refs/remotes/{self.remote}/{self.branch}"


@dataclass
class RepoState:
    """What a sync needs to know about the repository, read once (`read_state`)."""

    folder: Path
    root: Path
    git_dir: Path
    rel: str
    branch: str | None
    head: str | None
    upstream: Upstream | None
    remotes: list[str] = field(default_factory=list)
    operation: tuple[str, str] | None = None

    @property
    def prefix(self) -> str:
        """The annotations folder as a path prefix relative to the root ('' at the root)."""
        return f"{self.rel}/" if self.rel else ""

    @property
    def pathspec(self) -> str:
        """The annotations folder as a git pathspec, taken literally."""
        return f":(literal){self.rel}" if self.rel else "."

    def shared(self, path: str) -> bool:
        """Whether `path` (relative to the root) is a shared annotation file."""
        return is_shared(path, self.prefix)

    def git(
        self,
        *args: str,
        check: bool = True,
        input_bytes: bytes | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """`git ARGS` at the root (see `repo.git`)."""
        return git(args, self.root, check=check, input_bytes=input_bytes, env=env, timeout=timeout)

    def text(self, *args: str) -> str:
        return git_text(args, self.root)

    def rev(self, name: str) -> str | None:
        """The commit `name` resolves to here, or None."""
        done = git(["rev-parse", "-q", "--verify", f"{name}^{{commit}}"], self.root, check=False)
        return done.stdout.decode().strip() if done.returncode == 0 else None

    def empty_tree(self) -> str:
        """The id of the empty tree (what "no files yet" is compared from)."""
        return self.text("hash-object", "-w", "-t", "tree", "--stdin")

    def changed(self, old: str | None, new: str) -> list[str]:
        """Shared files that differ between two commits (`old` None: all of `new`'s)."""
        spec = ("diff", "--name-only", "-z", "--no-renames", old or self.empty_tree(), new)
        out = self.git(*spec, "--", self.pathspec).stdout.decode("utf-8", "surrogateescape")
        return [p for p in out.split("\0") if p and self.shared(p)]

    def read(self, path: str) -> bytes | None:
        """The work tree's file at `path` (relative to the root); None if none (or a link)."""
        full = self.root / path
        try:
            if full.is_symlink() or not full.is_file():
                return None
            with open(full, "rb") as handle:
                return handle.read(MAX_READ)
        except OSError:
            return None

    def upstream_head(self) -> str | None:
        """The upstream's commit as of the last fetch (None: no upstream, or never fetched)."""
        return self.rev(self.upstream.ref) if self.upstream else None

    def refusal(self) -> str | None:
        """Why a sync cannot start here (an operation in progress, a detached HEAD)."""
        if self.operation is not None:
            name, advice = self.operation
            return f"a {name} is in progress in this repository: {advice}, then run reader sync"
        if (self.git_dir / "index.lock").exists():
            return (
                f"another git command is running here ({self.git_dir / 'index.lock'} exists): "
                "wait for it (if none is running, delete that file), then run reader sync"
            )
        if self.branch is None:
            return (
                "HEAD is detached (you are not on a branch): go back to your branch "
                "(`git switch main`, or its name), then run reader sync"
            )
        return None


def is_shared(path: str, prefix: str) -> bool:
    """`path` lies under `prefix`, ends in `.yaml` and has no hidden part."""
    if not path.startswith(prefix):
        return False
    parts = path[len(prefix) :].split("/")
    return parts[-1].endswith(".yaml") and all(p and not p.startswith(".") for p in parts)


def is_leftover(path: str, prefix: str) -> bool:
    """A temporary file an interrupted write left under the annotations folder."""
    return path.startswith(prefix) and path.rsplit("/", 1)[-1].startswith(TEMP_PREFIX)


def read_state(folder: str | Path) -> RepoState:
    """The repository holding `folder`; SyncError when there is none."""
    folder = Path(os.path.abspath(folder))
    root = repo_root(folder)
    if root is None:
        raise SyncError(
            f"{folder} is not inside a git repository: clone your team's repository "
            "and work in it (reader shares annotations through git)"
        )
    git_dir = Path(git_text(["rev-parse", "--absolute-git-dir"], root))
    branch_ref = git(["symbolic-ref", "-q", "HEAD"], root, check=False).stdout.decode().strip()
    branch = branch_ref.removeprefix("refs/heads/") if branch_ref else None
    found = git(["rev-parse", "-q", "--verify", "HEAD"], root, check=False)
    head = found.stdout.decode().strip() if found.returncode == 0 else ""
    remotes = git_text(["remote"], root).split()
    state = RepoState(
        folder=folder,
        root=root,
        git_dir=git_dir,
        rel=relative_to_root(folder, root),
        branch=branch,
        head=head or None,
        upstream=_upstream(root, branch, remotes),
        remotes=remotes,
    )
    for name, operation, advice in OPERATIONS:
        if (git_dir / name).exists():
            state.operation = (operation, advice)
            break
    return state


def _upstream(root: Path, branch: str | None, remotes: list[str]) -> Upstream | None:
    if branch is None:
        return None
    remote = _config(root, f"branch.{branch}.remote")
    merge = _config(root, f"branch.{branch}.merge")
    if not remote or not merge or remote not in remotes:
        return None
    return Upstream(remote, merge.removeprefix("refs/heads/"))


def _config(root: Path, key: str) -> str | None:
    done = git(["config", "--get", key], root, check=False)
    return done.stdout.decode("utf-8", "surrogateescape").strip() if done.returncode == 0 else None


def no_upstream(branch: str | None, remotes: list[str]) -> str:
    """How to give this branch somewhere to share with, in one line."""
    name = branch or "main"
    if not remotes:
        return (
            "no remote to share with: add the team's repository (`git remote add origin URL`, "
            f"then `git push -u origin {name}`)"
        )
    return f"branch {name} has no upstream: run `git push -u {remotes[0]} {name}` once"


def pulls_with_rebase(state: RepoState) -> bool:
    """Whether `git pull` rebases here (`branch.<name>.rebase`, else `pull.rebase`)."""
    for key in (f"branch.{state.branch}.rebase", "pull.rebase"):
        value = _config(state.root, key)
        if value is not None:
            return value.lower() in REBASE_VALUES
    return False


def unmerged_paths(state: RepoState) -> list[str]:
    """Paths git's index holds as unresolved conflicts (any folder)."""
    out = git(["ls-files", "-u", "-z"], state.root).stdout.decode("utf-8", "surrogateescape")
    return sorted({entry.split("\t", 1)[1] for entry in out.split("\0") if "\t" in entry})


def identity(state: RepoState) -> str:
    """The name git commits with here; SyncError saying how to set one when git has none."""
    for variable in ("GIT_COMMITTER_IDENT", "GIT_AUTHOR_IDENT"):
        done = state.git("var", variable, check=False)
        if done.returncode != 0:
            raise SyncError(
                'git does not know who you are: run `git config --global user.name "Your '
                'Name"` and `git config --global user.email you@example.org`, then reader sync'
            )
    found = parse_ident(done.stdout.decode("utf-8", "replace"))
    return found.name if found else ""


@contextlib.contextmanager
def sync_lock(state: RepoState) -> Iterator[None]:
    """One `reader sync` at a time in a clone (a lock on a file in the git folder; the OS
    releases it when the process dies, so a crash leaves no stale lock)."""
    fd = os.open(state.git_dir / "reader-sync.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncError("another reader sync is running in this clone: wait for it") from None
        yield
    finally:
        os.close(fd)
