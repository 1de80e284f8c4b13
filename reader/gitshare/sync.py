"""`reader sync`: share this clone's annotation changes and bring in the others', in one go.

1. the merge driver is installed in this clone when it is missing (`install.py`);
2. the annotation changes are committed, and only they (`pending.py`), with a message in
   words (`summary.py`);
3. the upstream is fetched (`remote.py`) and merged, or our commits rebased when the
   repository pulls with rebase, in git's object store (`integrate.py`); the branch, index
   and work tree then move in one resumable step (`advance.py`);
4. the result is pushed; when the remote moved meanwhile, steps 2-4 run again (at most
   MAX_ROUNDS times). Never a force-push: only commits already on the upstream are ever
   built upon, so published history is never rewritten.

Every failure ends the sync with one line (`SyncResult.error`) and a state from which the
next `reader sync`, or the git command the line names, carries on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.gitshare.advance import Blocked, advance, recover
from reader.gitshare.changes import Change, changes_since
from reader.gitshare.install import attributes_line, install
from reader.gitshare.install import status as install_status
from reader.gitshare.integrate import integrate
from reader.gitshare.pending import commit_entries, hash_blob, pending, prepare, stage
from reader.gitshare.remote import fetch, push
from reader.gitshare.repo import GitError, read_blobs
from reader.gitshare.state import (
    RepoState,
    SyncError,
    identity,
    no_upstream,
    pulls_with_rebase,
    read_state,
    sync_lock,
    unmerged_paths,
)
from reader.gitshare.summary import ChangeSummary, commit_message, summarize_revs

Progress = Callable[[int, int, str], None]
"""`progress(step, STEPS, message)`, called as each step starts (steps repeat on a retry)."""

STEPS = 5
MAX_ROUNDS = 3
"""Commit-pull-push rounds before giving up on a remote that keeps moving."""


@dataclass
class Committed:
    """One commit this sync made."""

    commit: str
    message: str
    summary: ChangeSummary


@dataclass
class SyncResult:
    """What a sync did; `error` is the one line saying why it stopped (None: it finished)."""

    branch: str | None = None
    upstream: str | None = None
    error: str | None = None
    error_kind: str = ""
    installed: list[str] = field(default_factory=list)
    commits: list[Committed] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    pull: str = ""
    pulled_commits: int = 0
    incoming: list[Change] = field(default_factory=list)
    pushed: bool = False
    shared: bool = False
    sent: ChangeSummary | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "error": self.error,
            "error_kind": self.error_kind or None,
            "branch": self.branch,
            "upstream": self.upstream,
            "installed": self.installed,
            "commits": [
                {"commit": c.commit, "message": c.message, "summary": c.summary.to_json()}
                for c in self.commits
            ],
            "left_out": self.left_out,
            "resolved": self.resolved,
            "pull": self.pull,
            "pulled_commits": self.pulled_commits,
            "incoming": [c.to_json() for c in self.incoming],
            "pushed": self.pushed,
            "shared": self.shared,
            "sent": self.sent.to_json() if self.sent else None,
            "notes": self.notes,
        }


def sync(folder: str | Path, *, push: bool = True, progress: Progress | None = None) -> SyncResult:
    """Commit, pull and push the annotations in `folder` (see the module doc). Slow (the
    network): run it off the event loop. Never raises for a git or sharing problem."""
    result = SyncResult()
    say = progress or (lambda step, total, message: None)
    try:
        state = read_state(folder)
        result.branch = state.branch
        result.upstream = state.upstream.name if state.upstream else None
        with sync_lock(state):
            _Sync(state, result, say).run(push)
    except SyncError as exc:
        result.error, result.error_kind = str(exc), exc.kind
    except GitError as exc:
        result.error = f"git failed: {exc}"
    except OSError as exc:
        result.error = f"{exc.filename or 'a file'}: {exc.strerror or exc}"
    return result


def fetch_upstream(folder: str | Path) -> str | None:
    """Fetch the upstream (nothing else changes: only the remote-tracking branch moves), so
    that `status_line` can say what is new from the others; the one-line reason when it
    cannot. Slow (the network): run it off the event loop."""
    try:
        state = read_state(folder)
        if state.upstream is None:
            return no_upstream(state.branch, state.remotes)
        fetch(state, state.upstream)
    except GitError as exc:
        return str(exc)
    return None


class _Sync:
    """One run of `sync`, its steps as methods."""

    def __init__(self, state: RepoState, result: SyncResult, say: Progress) -> None:
        self.state = state
        self.result = result
        self.say = say

    def run(self, push_after: bool) -> None:
        state, result = self.state, self.result
        for stale in state.git_dir.glob("reader-sync-index.*"):  # a crashed sync's
            stale.unlink(missing_ok=True)
        note = recover(state)
        if note:
            result.notes.append(note)
        refusal = state.refusal()
        if refusal:
            raise SyncError(refusal)
        unmerged = unmerged_paths(state)
        if unmerged:
            raise SyncError(
                f"{_some(unmerged)} in conflict: resolve (`reader resolve --add` for "
                "annotation files) and commit, then run reader sync"
            )
        author = identity(state)
        self.say(1, STEPS, "checking the merge driver")
        self._driver()
        first_old: str | None = None
        for attempt in range(MAX_ROUNDS):
            self.say(2, STEPS, "committing annotation changes")
            self._commit(author)
            upstream = state.upstream
            if upstream is None:
                if push_after:
                    raise SyncError(f"{self._saved()}; {no_upstream(state.branch, state.remotes)}")
                result.notes.append("nothing to pull: " + no_upstream(state.branch, state.remotes))
                return
            self.say(3, STEPS, f"fetching from {upstream.remote}")
            try:
                fetch(state, upstream)
            except SyncError as exc:
                raise self._network(exc) from None
            theirs = state.upstream_head()
            self.say(4, STEPS, f"merging {upstream.name}")
            merged = integrate(state, upstream, theirs, pulls_with_rebase(state))
            old = state.head
            if merged.target is not None and merged.target != old:
                reason = f"reader sync: {merged.action} {upstream.name}"
                try:
                    advance(state, old, merged.target, reason, lambda m: self.say(4, STEPS, m))
                except Blocked as exc:
                    if attempt + 1 < MAX_ROUNDS and all(state.shared(p) for p in exc.paths):
                        continue  # annotations written meanwhile: commit them and pull again
                    raise
                if first_old is None:
                    first_old = old
            result.pull = merged.action if not result.pull or merged.incoming else result.pull
            result.pulled_commits += merged.incoming
            result.resolved += merged.resolved
            result.notes += merged.notes
            if not push_after or state.head is None or state.head == theirs:
                break
            self.say(5, STEPS, f"pushing to {upstream.name}")
            try:
                landed = push(state, upstream, state.head)
            except SyncError as exc:
                raise self._network(exc) from None
            if landed:
                result.pushed = True
                result.sent = self._sent(theirs, state.head)
                break
            result.notes.append(f"{upstream.name} moved while pushing: pulled again")
        else:
            raise SyncError(
                f"{state.upstream.name if state.upstream else 'the remote'} kept changing "
                f"while pushing ({MAX_ROUNDS} tries): {self._saved()}; run reader sync again"
            )
        result.shared = state.head is not None and state.head == state.upstream_head()
        if first_old is not None:
            try:
                result.incoming = changes_since(state.folder, first_old)
            except GitError as exc:
                result.notes.append(f"cannot list what came in: {exc}")

    def _driver(self) -> None:
        """Install the merge driver when this clone lacks it."""
        found = install_status(self.state.folder)
        if found is not None and found.problem() is None:
            if not found.ignores_temp:
                install(self.state.folder)  # a clone set up before reader ignored `.tmp-*`
            return
        install(self.state.folder)
        self.result.installed = ["installed the merge driver in this clone"]

    def _attributes(self) -> dict[str, str]:
        """`.gitattributes` with reader's line, to commit when HEAD lacks the line but this
        clone's file has it (`install` just wrote it): HEAD's text plus that line only, so
        other edits to the file are not committed; nothing if the user staged the file."""
        state = self.state
        line = attributes_line(state.folder, state.root)
        spec = f"{state.head}:.gitattributes"
        committed = (read_blobs(state.root, [spec]).get(spec) if state.head else None) or b""
        text = committed.decode("utf-8", "surrogateescape")
        if line in (existing.strip() for existing in text.splitlines()):
            return {}
        path = state.root / ".gitattributes"
        here = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        if line not in (existing.strip() for existing in here.splitlines()):
            return {}
        staged = state.git("diff", "--cached", "--quiet", "--", ".gitattributes", check=False)
        if state.head and staged.returncode != 0:
            self.result.notes.append(
                "commit .gitattributes yourself: you have staged changes to it"
            )
            return {}
        text += ("" if not text or text.endswith("\n") else "\n") + line + "\n"
        oid = hash_blob(state, text.encode("utf-8", "surrogateescape"))
        return {".gitattributes": f"100644 {oid}"}

    def _commit(self, author: str) -> None:
        state, result = self.state, self.result
        found = pending(state)
        ready = prepare(state, found.changed)
        result.resolved += ready.resolved
        result.left_out += [p for p in ready.left_out if p not in result.left_out]
        extra = self._attributes()
        if not ready.ready and not extra:
            return
        entries = stage(state, ready.ready, extra)
        summary = summarize_revs(state.root, ready.ready, state.head, "", state.prefix)
        message = commit_message(author, summary) if summary.files else ""
        if extra:
            line = "use reader's merge driver for annotations (.gitattributes)"
            message = message.replace("\n", f"; {line}\n", 1) if message else f"{author}: {line}\n"
        commit = commit_entries(state, entries, message)
        if commit is not None:
            result.commits.append(Committed(commit, message.splitlines()[0], summary))

    def _sent(self, old: str | None, new: str) -> ChangeSummary:
        state = self.state
        return summarize_revs(state.root, state.changed(old, new), old, new, state.prefix)

    def _saved(self) -> str:
        if self.result.commits:
            return "your annotations are committed in this clone"
        return "nothing here was changed"

    def _network(self, exc: SyncError) -> SyncError:
        again = "run reader sync again when online"
        if exc.kind == "auth":
            again = "check your access to it (ssh key or token), then run reader sync again"
        return SyncError(f"{exc}: {self._saved()}; {again}", kind=exc.kind)


def _some(paths: list[str]) -> str:
    return ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
