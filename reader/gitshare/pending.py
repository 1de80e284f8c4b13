"""The annotation changes this clone has not committed, and committing them (only them).

`pending` asks `git status` about the annotations folder alone. `prepare` merges files that
hold conflict markers (`reader resolve`'s rules) and leaves out files that are not valid
annotations, so a broken file never reaches the others. `stage` and `commit_entries` commit
exactly the given paths without touching the user's other work:

1. `git update-index --add --remove -z --stdin` stages those paths (and only those) in the
   user's index, as `git add` would (`stage`): a crash after this leaves staged annotation
   changes, which any later commit records correctly;
2. the commit's tree is built in a temporary index (`GIT_INDEX_FILE`): HEAD's tree plus
   those index entries, so whatever else the user staged is not in it;
3. `git commit-tree`, then `git update-ref HEAD NEW OLD` moves the branch only if it is
   still where it was (a compare-and-swap; git writes the reflog).

The user's other staged and unstaged changes, in the annotations folder or elsewhere, stay
exactly as they were: nothing is stashed, reset or checked out.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.annotations.files import CODEBOOK_NAME, META_NAME
from reader.annotations.record import problems
from reader.annotations.yamlio import MAX_BYTES, AnnotationFileError, load_annotation_bytes
from reader.gitshare.conflicts import has_markers, resolve_file
from reader.gitshare.state import RepoState, is_leftover

UNMERGED = frozenset({"DD", "AU", "UD", "UA", "DU", "AA", "UU"})


@dataclass
class Pending:
    """What `git status` says about the annotations folder."""

    changed: list[str] = field(default_factory=list)
    unmerged: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)


@dataclass
class Prepared:
    """The paths ready to commit, the conflicts merged on the way, the files left out."""

    ready: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def pending(state: RepoState) -> Pending:
    """Uncommitted shared files, conflicts and crash leftovers under the annotations folder
    (paths relative to the root; no index lock taken, so it is safe beside other git)."""
    args = ["--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=all"]
    args.append("--ignored=matching")  # crash leftovers are ignored (`install`), yet listed
    out = state.git(*args, "--no-renames", "--", state.pathspec).stdout
    found = Pending()
    for entry in out.decode("utf-8", "surrogateescape").split("\0"):
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if code in UNMERGED:
            found.unmerged.append(path)
        elif code in ("??", "!!") and is_leftover(path, state.prefix):
            found.leftovers.append(path)
        elif code == "!!":
            continue
        elif state.shared(path):
            found.changed.append(path)
    for name in ("changed", "unmerged", "leftovers"):
        setattr(found, name, sorted(set(getattr(found, name))))
    return found


def prepare(state: RepoState, paths: list[str]) -> Prepared:
    """Merge conflict-marked files in place, then keep the paths whose file is gone (a
    deletion) or is a valid annotation file; the others are listed in `left_out`."""
    result = Prepared()
    for path in paths:
        full = state.root / path
        if not os.path.lexists(full):
            result.ready.append(path)
            continue
        rest = path[len(state.prefix) :]
        problem = _problem(full, path, rest)
        if problem == "markers":
            try:
                done = resolve_file(full)
                result.resolved.append(path)
                problem = _problem(full, path, rest)
                added = [os.path.relpath(p, state.root).replace(os.sep, "/") for p in done.added]
                result.ready.extend(added)  # the second note of a merge too big for one file
            except (AnnotationFileError, OSError) as exc:
                problem = f"{exc} (conflict markers: `reader resolve` could not merge it)"
        if problem:
            result.left_out.append(problem)
        else:
            result.ready.append(path)
    return result


def _problem(full: Path, path: str, rest: str) -> str | None:
    """Why a file cannot be shared ("markers": it holds conflict markers), or None.
    `rest` is the path inside the annotations folder."""
    if full.is_symlink() or not full.is_file():
        return f"{path}: not a plain file"
    try:
        with open(full, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return f"{path}: cannot read: {exc.strerror}"
    if has_markers(data.decode("utf-8", "replace")):
        return "markers"
    if len(data) > MAX_BYTES:
        return f"{path}: too large (the limit is {MAX_BYTES // 1_000_000} MB)"
    name = rest.rsplit("/", 1)[-1]
    if "/" not in rest and name != CODEBOOK_NAME:
        return None  # another shared file (variants.yaml, ...): its owner checks its format
    try:
        loaded = load_annotation_bytes(data, path)
    except AnnotationFileError as exc:
        return str(exc)
    found = problems(loaded) if "/" in rest and name != META_NAME else []
    return f"{path}: {found[0][1]}" if found else None


@contextlib.contextmanager
def temp_index(state: RepoState) -> Iterator[dict[str, str]]:
    """An environment naming a temporary index file in the git folder (removed after)."""
    path = state.git_dir / f"reader-sync-index.{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    try:
        yield {"GIT_INDEX_FILE": str(path)}
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def build_tree(state: RepoState, base: str | None, entries: dict[str, str | None]) -> str:
    """The tree of `base` (a tree-ish; None: empty) with `entries` (path -> "MODE OID", or
    None to remove it) applied, built in a temporary index."""
    with temp_index(state) as env:
        state.git("read-tree", *([base] if base else ["--empty"]), env=env)
        present = "".join(f"{v}\t{p}\0" for p, v in entries.items() if v)
        if present:
            state.git("update-index", "-z", "--index-info", input_bytes=_encode(present), env=env)
        gone = "".join(f"{p}\0" for p, v in entries.items() if not v)
        if gone:
            args = ("update-index", "--force-remove", "-z", "--stdin")
            state.git(*args, input_bytes=_encode(gone), env=env)
        return state.git("write-tree", env=env).stdout.decode().strip()


def stage(
    state: RepoState, paths: list[str], extra: dict[str, str] | None = None
) -> dict[str, str | None]:
    """Stage `paths` in the user's index as they are in the work tree (and `extra`, path ->
    "MODE OID"); their index entries (None: removed), read back from the index."""
    if paths:
        listed = _encode("".join(f"{p}\0" for p in paths))
        state.git("update-index", "--add", "--remove", "-z", "--stdin", input_bytes=listed)
    if extra:
        lines = "".join(f"{v}\t{p}\0" for p, v in extra.items())
        state.git("update-index", "-z", "--index-info", input_bytes=_encode(lines))
    wanted = set(paths) | set(extra or {})
    entries: dict[str, str | None] = dict.fromkeys(wanted)
    specs = [state.pathspec, *(f":(literal){p}" for p in extra or {})]
    out = state.git("ls-files", "-s", "-z", "--", *specs).stdout
    for line in out.decode("utf-8", "surrogateescape").split("\0"):
        if "\t" in line:
            info, path = line.split("\t", 1)
            mode, oid, _stage = info.split()
            if path in entries:
                entries[path] = f"{mode} {oid}"
    return entries


def commit_tree(state: RepoState, tree: str, parents: list[str], message: str) -> str:
    """A commit object (nothing points at it yet)."""
    args = ["commit-tree", tree]
    for parent in parents:
        args += ["-p", parent]
    return state.git(*args, "-F", "-", input_bytes=message.encode()).stdout.decode().strip()


def move_head(state: RepoState, new: str, old: str | None, reason: str) -> None:
    """Point the branch at `new` if it still points at `old` (None: no commit yet)."""
    state.git("update-ref", "-m", reason, "HEAD", new, old or "")


def commit_entries(state: RepoState, entries: dict[str, str | None], message: str) -> str | None:
    """Commit HEAD's tree with `entries` (from `stage`) applied; the new HEAD, or None when
    that changes nothing. See the module doc for the steps."""
    base = f"{state.head}^{{tree}}" if state.head else None
    tree = build_tree(state, base, entries)
    if state.head and tree == state.text("rev-parse", f"{state.head}^{{tree}}"):
        return None
    commit = commit_tree(state, tree, [state.head] if state.head else [], message)
    move_head(state, commit, state.head, "reader sync: commit annotations")
    state.head = commit
    return commit


def problem(state: RepoState, path: str) -> str | None:
    """Why the file at `path` cannot be shared as it is (None: it can; "markers": it holds
    conflict markers, which `prepare` merges)."""
    return _problem(state.root / path, path, path[len(state.prefix) :])


def hash_blob(state: RepoState, data: bytes) -> str:
    """Store `data` as a blob; its id."""
    return state.git("hash-object", "-w", "--stdin", input_bytes=data).stdout.decode().strip()


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")
