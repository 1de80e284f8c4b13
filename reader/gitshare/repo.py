"""Small helpers around the `git` command (a subprocess; never a prompt, never a pager)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from reader.errors import ReaderError


class GitError(ReaderError):
    """A git command failed, or git is not installed; the message is one line."""


def _env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", LC_ALL="C")
    env.update(extra or {})
    return env


def git(
    args: Sequence[str],
    cwd: str | Path,
    *,
    check: bool = True,
    input_bytes: bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run `git ARGS` in `cwd` (`env`: extra variables); GitError (with git's last error
    line) if it fails or outlives `timeout` seconds."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=input_bytes,
            stdin=None if input_bytes is not None else subprocess.DEVNULL,
            capture_output=True,
            env=_env(env),
            timeout=timeout,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except NotADirectoryError:
        raise GitError(f"not a folder: {cwd}") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} gave no answer within {timeout:.0f} s") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return done


def git_text(args: Sequence[str], cwd: str | Path) -> str:
    """The standard output of `git ARGS`, decoded, without the trailing newline."""
    return git(args, cwd).stdout.decode("utf-8", "surrogateescape").rstrip("\n")


def repo_root(path: str | Path) -> Path | None:
    """The top folder of the work tree holding `path` (a file or folder), or None."""
    folder = Path(path)
    while not folder.is_dir():
        if folder.parent == folder:
            return None
        folder = folder.parent
    try:
        done = git(["rev-parse", "--show-toplevel"], folder, check=False)
    except GitError:
        return None
    if done.returncode != 0:
        return None
    return Path(done.stdout.decode("utf-8", "surrogateescape").strip())


def relative_to_root(path: str | Path, root: Path) -> str:
    """`path` relative to the repository root, with `/` ('' for the root itself)."""
    real = Path(os.path.realpath(path))
    rel = real.relative_to(Path(os.path.realpath(root)))
    return rel.as_posix() if rel.parts else ""


def rev_exists(root: Path, rev: str) -> bool:
    """Whether `rev` names a commit here."""
    done = git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root, check=False)
    return done.returncode == 0


def read_blobs(root: Path, specs: Sequence[str]) -> dict[str, bytes | None]:
    """The contents of `REV:PATH` objects in one `git cat-file --batch`; None if missing."""
    if not specs:
        return {}
    done = git(["cat-file", "--batch"], root, input_bytes="".join(f"{s}\n" for s in specs).encode())
    out = done.stdout
    found: dict[str, bytes | None] = {}
    pos = 0
    for spec in specs:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) != 3 or header[1] != b"blob":
            found[spec] = None
            continue
        size = int(header[2])
        found[spec] = out[pos : pos + size]
        pos += size + 1
    return found


def config_get(root: Path, key: str) -> str | None:
    """`git config --get KEY` in this clone (any scope), or None when unset."""
    done = git(["config", "--get", key], root, check=False)
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape").strip()
