"""Bringing the upstream's commits in, computed in git's object store: nothing the user sees
changes here (`advance.py` moves the branch afterwards).

The merge is `git merge-tree --write-tree` (merge-ort, the engine of `git merge`; reader's
merge driver runs for annotation files as in any merge, the work tree's `.gitattributes`
naming it). What the driver leaves as a conflict in an annotation file is merged with
`reader resolve`'s rules. A conflict in any other file stops the pull before anything
changed, with a line saying so. When the repository pulls with rebase, our commits that are
not upstream are replayed one by one on top of it the same way (each a three-way merge
against its own parent, as `git rebase` does); those already upstream are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from reader.annotations.yamlio import AnnotationFileError, dump_annotation, load_annotation_bytes
from reader.gitshare.conflicts import has_markers, resolve_text
from reader.gitshare.oversize import extra_path
from reader.gitshare.pending import build_tree, commit_tree, hash_blob
from reader.gitshare.repo import read_blobs
from reader.gitshare.state import RepoState, SyncError, Upstream

MERGE_TREE_GIT = (2, 38)
"""The first git whose `merge-tree` merges without a work tree (`--write-tree`)."""


@dataclass
class Integration:
    """Where HEAD should go, and how it got there."""

    target: str | None
    action: str
    incoming: int = 0
    resolved: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def integrate(
    state: RepoState, upstream: Upstream, theirs: str | None, rebase: bool
) -> Integration:
    """The commit HEAD should become to include `theirs` (the upstream's commit)."""
    head = state.head
    if theirs is None or theirs == head:
        return Integration(head, "up to date")
    if head is None:
        return Integration(theirs, "fast-forward", _count(state, theirs, None))
    if _is_ancestor(state, theirs, head):
        return Integration(head, "up to date")
    incoming = _count(state, theirs, head)
    if _is_ancestor(state, head, theirs):
        return Integration(theirs, "fast-forward", incoming)
    if state.git("merge-base", head, theirs, check=False).returncode != 0:
        raise SyncError(
            f"this branch and {upstream.name} share no history (is {upstream.remote} the "
            "team's repository?): nothing was pulled"
        )
    _check_version(state)
    result = Integration(None, "rebase" if rebase else "merge", incoming)
    if rebase:
        result.target = _rebase(state, upstream, head, theirs, result)
    else:
        tree = _merge(state, upstream, head, theirs, result)
        message = f"Merge remote-tracking branch '{upstream.name}'\n"
        if result.resolved:
            message += "\nMerged by reader (field by field):\n"
            message += "".join(f"  {p}\n" for p in result.resolved)
        result.target = commit_tree(state, tree, [head, theirs], message)
    return result


def _merge(
    state: RepoState, upstream: Upstream, ours: str, theirs: str, result: Integration
) -> str:
    """The merged tree of two commits, annotation conflicts merged; SyncError otherwise."""
    done = state.git("merge-tree", "--write-tree", "-z", ours, theirs, check=False)
    if done.returncode not in (0, 1):
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason_text = (reason[-1] if reason else "git merge-tree failed").removeprefix("fatal: ")
        raise SyncError(
            f"cannot merge {upstream.name} ({reason_text}): nothing was pulled; "
            "your work is committed in this clone"
        )
    for line in done.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("reader merge-driver: "):
            result.notes.append(line.removeprefix("reader merge-driver: "))
    fields = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    tree = fields[0]
    if done.returncode == 0:
        return tree
    stages: dict[str, dict[int, str]] = {}
    for entry in fields[1:]:
        if not entry:
            break
        info, path = entry.split("\t", 1)
        _mode, oid, stage = info.split()
        stages.setdefault(path, {})[int(stage)] = oid
    return _resolve(state, upstream, tree, stages, result)


def _resolve(
    state: RepoState,
    upstream: Upstream,
    tree: str,
    stages: dict[str, dict[int, str]],
    result: Integration,
) -> str:
    """Merge each conflicted annotation file of `tree` (stages: path -> {stage: blob})."""
    others = sorted(p for p in stages if not state.shared(p))
    if others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        raise SyncError(
            f"{shown} changed both here and on {upstream.name} and cannot be merged "
            "automatically: nothing was pulled; merge by hand (`git pull`), then run "
            "reader sync"
        )
    blobs = read_blobs(state.root, [f"{tree}:{p}" for p in stages])
    replaced: dict[str, str | None] = {}
    for path, found in sorted(stages.items()):
        data = blobs.get(f"{tree}:{path}")
        try:
            if data is None:
                raise AnnotationFileError(path, None, "the merge left no file")
            if has_markers(data.decode("utf-8", "replace")):
                merged = resolve_text(data, path, partial(_base, state, found.get(1), path))
                for dropped in merged.dropped:
                    result.notes.append(f"{path}: both sides changed {dropped}; kept the later")
                oid = hash_blob(state, dump_annotation(merged.data).encode("utf-8"))
                replaced[path] = f"100644 {oid}"
                if merged.extra is not None:  # both notes kept, as two annotations
                    extra = dump_annotation(merged.extra).encode("utf-8")
                    replaced[extra_path(path, merged.extra)] = f"100644 {hash_blob(state, extra)}"
                    result.notes.append(f"{path}: the two notes did not fit one file; kept both")
            else:  # modified on one side, deleted on the other: the edit is kept
                load_annotation_bytes(data, path)
        except AnnotationFileError as exc:
            raise SyncError(
                f"cannot merge {exc}: nothing was pulled; fix the file on either side, "
                "then run reader sync"
            ) from None
        result.resolved.append(path)
    return build_tree(state, tree, replaced) if replaced else tree


def _base(state: RepoState, oid: str | None, path: str) -> dict[str, Any] | None:
    """The merge base's version of a conflicted file (stage 1), if it is valid."""
    if oid is None:
        return None
    blob = read_blobs(state.root, [oid]).get(oid)
    try:
        return load_annotation_bytes(blob, f"{path} (base)") if blob else None
    except AnnotationFileError:
        return None


def _rebase(
    state: RepoState, upstream: Upstream, head: str, theirs: str, result: Integration
) -> str:
    """Replay our commits that `theirs` lacks on top of it, oldest first."""
    listed = state.text(
        "rev-list", "--reverse", "--topo-order", "--no-merges", "--cherry-pick", "--right-only",
        f"{theirs}...{head}",
    )  # fmt: skip
    base = theirs
    for commit in listed.split():
        parent = state.text("rev-parse", f"{commit}^")
        # A stand-in for `base` whose parent is `commit`'s: merge-tree then merges the two
        # with `commit`'s parent as the base, which is what a cherry-pick does.
        stand_in = commit_tree(state, f"{base}^{{tree}}", [parent], "reader sync: replay\n")
        tree = _merge(state, upstream, stand_in, commit, result)
        if tree == state.text("rev-parse", f"{base}^{{tree}}"):
            continue  # already upstream
        base = _recommit(state, commit, tree, base)
    return base


def _recommit(state: RepoState, commit: str, tree: str, parent: str) -> str:
    """`commit` again on `parent`, with its author, date and message."""
    info = state.text("log", "-1", "--format=%an%x00%ae%x00%ad", "--date=raw", commit)
    name, email, date = info.split("\0")
    message = state.git("log", "-1", "--format=%B", commit).stdout
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date}
    args = ["commit-tree", tree, "-p", parent, "-F", "-"]
    return state.git(*args, input_bytes=message, env=env).stdout.decode().strip()


def _check_version(state: RepoState) -> None:
    """`git merge-tree --write-tree` came with git 2.38; say so plainly before an older
    git fails on it."""
    found = re.search(r"(\d+)\.(\d+)", state.text("version"))
    if found and (int(found[1]), int(found[2])) < MERGE_TREE_GIT:
        raise SyncError(
            f"merging needs git {'.'.join(map(str, MERGE_TREE_GIT))} or newer (this is "
            f"{found[0]}): your annotations are committed in this clone; update git, or "
            "pull by hand (`git pull`) and run reader sync again"
        )


def _is_ancestor(state: RepoState, older: str, newer: str) -> bool:
    return state.git("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0


def _count(state: RepoState, theirs: str, head: str | None) -> int:
    args = [theirs] + ([f"^{head}"] if head else [])
    return int(state.text("rev-list", "--count", *args) or 0)
