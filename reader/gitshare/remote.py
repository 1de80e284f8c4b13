"""Talking to the remote: `git fetch` and `git push`, with git's failures turned into one
line. Never a prompt (no terminal prompts; ssh in batch mode unless the user configured
ssh for git), a time limit on each call, and never `--force`: a push the remote refuses
because someone pushed meanwhile is reported as such, for the caller to pull and try again.
"""

from __future__ import annotations

import os
import subprocess

from reader.gitshare.repo import GitError, config_get
from reader.gitshare.state import RepoState, SyncError, Upstream

NETWORK_TIMEOUT = 180.0
"""Seconds a fetch or push may take before the sync gives up on it."""

_RACES = ("failed to update ref", "cannot lock ref", "failed to lock", "incorrect old value")
"""A `[remote rejected]` reason that means another push got there at the same moment."""

_AUTH = (
    "authentication failed",
    "permission denied",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "access denied",
    "host key verification failed",
    "the requested url returned error: 401",
    "the requested url returned error: 403",
)


def fetch(state: RepoState, upstream: Upstream) -> None:
    """`git fetch REMOTE`; SyncError (kind "offline" or "auth") when it fails."""
    done = _network(state, upstream, "fetch", "--quiet", upstream.remote)
    if done.returncode != 0:
        raise _failure(upstream, done.stderr)


def push(state: RepoState, upstream: Upstream, commit: str) -> bool:
    """Push `commit` to the upstream branch (a fast-forward or nothing); False when the
    remote refused because it moved meanwhile; SyncError for any other failure."""
    refspec = f"{commit}:refs/heads/{upstream.branch}"
    done = _network(state, upstream, "push", "--porcelain", upstream.remote, refspec)
    if done.returncode == 0:
        return True
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("!"):
            why = line.rsplit("\t", 1)[-1].strip()
            if "[rejected]" in why or any(mark in why for mark in _RACES):
                return False
            raise SyncError(f"{upstream.remote} refused the push: {why}", kind="refused")
    raise _failure(upstream, done.stderr)


def _network(
    state: RepoState, upstream: Upstream, *args: str
) -> subprocess.CompletedProcess[bytes]:
    try:
        return state.git(*args, check=False, env=_env(state), timeout=NETWORK_TIMEOUT)
    except GitError as exc:  # the time limit
        raise SyncError(f"cannot reach {upstream.remote} ({exc})", kind="offline") from None


def _env(state: RepoState) -> dict[str, str]:
    """Batch-mode ssh (a missing key fails at once instead of asking for a passphrase),
    unless the user set up ssh for git themselves."""
    if os.environ.get("GIT_SSH_COMMAND") or os.environ.get("GIT_SSH"):
        return {}
    if config_get(state.root, "core.sshCommand"):
        return {}
    return {"GIT_SSH_COMMAND": "ssh -o BatchMode=yes"}


def _failure(upstream: Upstream, stderr: bytes) -> SyncError:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line and not line.startswith("hint:")]
    reason = next((line for line in lines if line.startswith(("fatal:", "error:"))), "")
    reason = (reason or (lines[0] if lines else "no answer")).split(":", 1)[-1].strip()
    text = " ".join(lines).lower()
    if any(mark in text for mark in _AUTH):
        return SyncError(f"{upstream.remote} refused the login ({reason})", kind="auth")
    return SyncError(f"cannot reach {upstream.remote} ({reason})", kind="offline")
