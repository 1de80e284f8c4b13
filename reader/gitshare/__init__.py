"""Sharing annotations through git: the merge driver, its installation, conflict repair and
what changed since a revision. Everything here runs `git` as a subprocess.

What the rest of reader calls:
- `driver_status(annotations_dir)`: a one-line warning when this clone lacks the driver.
- `find_conflicted(annotations_dir)`: annotation files holding git conflict markers.
- `changes_since(annotations_dir, rev=None)`: what changed since `rev` (default: before
  the last pull), as `Change` objects.
- `merge_annotation(base, ours, theirs)`: the field merge itself, on mappings.

Sharing in one step (imported from their modules, so that the merge driver, which git
starts once per file, does not load them):
- `reader.gitshare.sync.sync(annotations_dir, push=True, progress=None)`: `reader sync`
  (commit, pull, push), a `SyncResult`; `reader.gitshare.plan.plan(annotations_dir)`: what
  it would do (`--dry-run`).
- `reader.gitshare.status.repo_status(annotations_dir, detail=True)`: `reader status`, a
  `RepoStatus`; `status_line(annotations_dir)`: its short line ("3 unshared · 12 new from
  Bob").
"""

from reader.gitshare.changes import Change, changes_since
from reader.gitshare.conflicts import find_conflicted
from reader.gitshare.install import driver_status
from reader.gitshare.merge import MergeResult, merge_annotation
from reader.gitshare.repo import GitError

__all__ = [
    "Change",
    "GitError",
    "MergeResult",
    "changes_since",
    "driver_status",
    "find_conflicted",
    "merge_annotation",
]
