"""Moving the branch to the commit a pull produced, with the index and the work tree, so
that a crash at any point is finished by the next `reader sync`.

1. a journal, `<git dir>/reader-sync.json`, records the move (from, to);
2. `git read-tree -m -u FROM TO` carries the index and work tree from one commit to the
   other, as `git checkout` and a fast-forward do: files the move does not touch keep the
   user's staged and unstaged changes, and if the move would overwrite a changed or an
   untracked file, it refuses before writing anything;
3. `git update-ref HEAD TO FROM` moves the branch if it is still at FROM; ORIG_HEAD is set
   to FROM, as after `git pull`, so `reader changes` lists what came in;
4. the journal is removed.

`recover` (run first by every sync) finishes a move the journal names when HEAD is still at
FROM: step 2 is idempotent (entries already at TO stay), so it does not matter whether the
crash came before it or after it.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable

from reader.fsio import atomic_write
from reader.gitshare.state import RepoState, SyncError

JOURNAL = "reader-sync.json"
_QUOTED = re.compile(r"'(.+?)'(?: not uptodate| would be overwritten)")


class Blocked(SyncError):
    """The move would overwrite files changed in the work tree (`paths`)."""

    def __init__(self, message: str, paths: list[str]) -> None:
        super().__init__(message)
        self.paths = paths


def advance(
    state: RepoState, old: str | None, new: str, reason: str, step: Callable[[str], None]
) -> None:
    """Move HEAD from `old` to `new` with the index and work tree (see the module doc)."""
    if old == new:
        return
    state.git("update-index", "-q", "--refresh", check=False)
    journal = state.git_dir / JOURNAL
    atomic_write(journal, json.dumps({"from": old, "to": new, "reason": reason}) + "\n")
    try:
        step("updating files")
        _read_tree(state, old, new)
    except SyncError:
        with contextlib.suppress(FileNotFoundError):
            journal.unlink()
        raise
    step("recording the pull")
    _finish(state, old, new, reason)


def _read_tree(state: RepoState, old: str | None, new: str) -> None:
    source = old or state.empty_tree()
    done = state.git("read-tree", "-m", "-u", source, new, check=False)
    if done.returncode == 0:
        return
    errors = done.stderr.decode("utf-8", "surrogateescape")
    paths = sorted(set(_QUOTED.findall(errors)))
    paths += [line.strip() for line in errors.splitlines() if line.startswith("\t")]
    if not paths:
        raise SyncError(f"cannot update the files: {errors.strip().splitlines()[-1]}")
    shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    raise Blocked(
        f"the incoming changes touch {shown}, which you changed and did not commit: commit "
        "or undo your change, then run reader sync (your annotations are committed)",
        paths,
    )


def _finish(state: RepoState, old: str | None, new: str, reason: str) -> None:
    state.git("update-ref", "-m", reason, "HEAD", new, old or "")
    if old:
        state.git("update-ref", "ORIG_HEAD", old)
    state.head = new
    with contextlib.suppress(FileNotFoundError):
        (state.git_dir / JOURNAL).unlink()


def interrupted(state: RepoState) -> bool:
    """Whether a sync died while moving the branch (the next sync finishes it)."""
    return (state.git_dir / JOURNAL).exists()


def recover(state: RepoState) -> str | None:
    """Finish a move a crashed sync left in the journal; a line saying what was done."""
    journal = state.git_dir / JOURNAL
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        old, new, reason = data.get("from"), str(data["to"]), str(data.get("reason", ""))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        journal.unlink(missing_ok=True)
        return "removed an unreadable note of an interrupted sync"
    if state.head == new:
        _finish(state, old, new, reason)
        return "finished an interrupted sync"
    if state.head != old or state.rev(new) is None:
        journal.unlink(missing_ok=True)
        return "an interrupted sync was left behind and the branch has moved since: ignored it"
    try:
        _read_tree(state, old, new)
    except SyncError as exc:
        journal.unlink(missing_ok=True)
        return f"could not finish an interrupted sync ({exc}); starting afresh"
    _finish(state, old, new, reason)
    return "finished an interrupted sync"
