"""Benchmark `reader sync` and `reader status` on a team repository of 10,000 annotations.

Run: `python benchmarks/git_sync.py [--files 10000] [--changed 50] [--runs 5]`. Builds a
bare origin and two clones in a temporary folder (driver installed), then times, with the
baseline the same changes shared by hand (`git add annotations && git commit && git pull
--no-edit && git push`) in the same run:

- `status_line` (what the app's status bar asks) and `repo_status(detail=True)`;
- `sync` of CHANGED edited annotation files: fast-forward, and a true merge against the
  other clone's CHANGED edits to other files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotations import populate
from reader.gitshare.install import install
from reader.gitshare.status import repo_status, status_line
from reader.gitshare.sync import sync


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def hermetic_git(tmp: Path) -> None:
    """Git reads a config of ours under `tmp` (branch `main`), never the user's."""
    os.environ["GIT_CONFIG_GLOBAL"] = str(tmp / "gitconfig")
    (tmp / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"


def as_person(name: str) -> None:
    for part in ("AUTHOR", "COMMITTER"):
        os.environ[f"GIT_{part}_NAME"] = name
        os.environ[f"GIT_{part}_EMAIL"] = f"{name.lower()}@example.org"


def edit(clone: Path, count: int, offset: int, stamp: str) -> None:
    """Rewrite `count` annotation files (a tag added), starting at the `offset`-th."""
    files = sorted((clone / "annotations").rglob("*.yaml"))[offset : offset + count]
    for path in files:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("tags:\n", f"tags:\n- bench/{stamp}\n", 1), encoding="utf-8")


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def by_hand(clone: Path) -> None:
    git(clone, "add", "annotations")
    git(clone, "commit", "-q", "-m", "by hand")
    git(clone, "pull", "-q", "--no-edit", "--no-rebase")
    git(clone, "push", "-q")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--changed", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="reader-sync-bench-"))
    try:
        hermetic_git(tmp)
        as_person("Alice")
        origin, alice, bob = tmp / "origin.git", tmp / "alice", tmp / "bob"
        git(tmp, "init", "-q", "--bare", "-b", "main", str(origin))
        git(tmp, "clone", "-q", str(origin), str(alice))
        populate(alice / "annotations", args.files)
        install(alice / "annotations")
        git(alice, "add", "-A")
        git(alice, "commit", "-q", "-m", "annotations")
        git(alice, "push", "-q", "-u", "origin", "main")
        git(tmp, "clone", "-q", str(origin), str(bob))
        install(bob / "annotations")
        for clone in (alice, bob):
            git(clone, "config", "pull.rebase", "false")
        folder = alice / "annotations"
        n, runs = args.changed, args.runs
        print(f"{args.files} annotation files, {n} changed per sync, medians of {runs}")
        print(
            f"status_line, nothing to share: {median_ms(lambda: status_line(folder), runs):.0f} ms"
        )
        edit(alice, n, 0, "s")
        quick = median_ms(lambda: status_line(folder), runs)
        print(f"status_line, {n} files unshared: {quick:.0f} ms")
        detail = median_ms(lambda: repo_status(folder, detail=True), runs)
        print(f"repo_status(detail=True), {n} files unshared: {detail:.0f} ms")
        fast, hand, merged, hand_merged = [], [], [], []
        for run in range(runs):
            as_person("Alice")
            edit(alice, n, 0, f"a{run}")
            fast.append(timed(lambda: sync(folder)))  # commit, fetch, push
            as_person("Bob")
            edit(bob, n, n, f"b{run}")
            merged.append(timed(lambda: sync(bob / "annotations")))  # commit, merge, push
            as_person("Alice")
            edit(alice, n, 2 * n, f"h{run}")
            hand_merged.append(timed(lambda: by_hand(alice)))  # commit, merge bob's, push
            as_person("Bob")
            sync(bob / "annotations")
            edit(bob, n, 3 * n, f"i{run}")
            hand.append(timed(lambda: by_hand(bob)))  # commit, fast-forward pull, push
            as_person("Alice")
            sync(folder)
        print(f"sync, {n} files, nothing to merge: {statistics.median(fast):.0f} ms")
        print(f"  by hand (add, commit, pull, push): {statistics.median(hand):.0f} ms")
        print(f"sync, {n} files, a merge with {n} others: {statistics.median(merged):.0f} ms")
        hand_ms = statistics.median(hand_merged)
        print(f"  by hand (add, commit, pull with merge, push): {hand_ms:.0f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
