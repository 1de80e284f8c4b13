"""Benchmark sharing in the app: the status line's git work and a sync on `S`.

Run: `python benchmarks/app_sync.py [--files 10000] [--changed 50] [--runs 5]`. Builds a
bare origin and a clone holding the seeds and FILES annotation files (driver installed)
in a temporary folder, opens the app on it headless (`run_test`), and times, with the core
called directly in the same run as the baseline:

- the status line: from `Sharing.refresh()` to its line handled on the event loop (a
  thread worker runs `status_line`), and how long the event loop spends on it;
- a sync of CHANGED edited annotation files (commit, fetch, push): from `S` to its end
  handled, the writer's wait, the watcher's look and the status after it included.

Timed once the app has settled (its start-up tag counts read all FILES files, ~3 s for
10,000, in a thread that would otherwise share the interpreter with the sync).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # apphelpers

from apphelpers import ready, wait_until
from git_sync import as_person, edit, git, hermetic_git

from annotations import populate
from reader.gitshare.install import install
from reader.gitshare.status import status_line
from reader.gitshare.sync import sync
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from reader.workspace import Workspace

HERE = Path(__file__).resolve().parent


def team(tmp: Path, files: int) -> Path:
    """A bare origin and Alice's clone with the seeds and `files` annotations."""
    origin, alice = tmp / "origin.git", tmp / "alice"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(origin))
    git(tmp, "clone", "-q", str(origin), str(alice))
    shutil.copytree(HERE.parent / "seeds", alice / "seeds")
    populate(alice / "annotations", files)
    install(alice / "annotations")
    git(alice, "add", "-A")
    git(alice, "commit", "-q", "-m", "corpus and annotations")
    git(alice, "push", "-q", "-u", "origin", "main")
    git(alice, "config", "pull.rebase", "false")
    return alice


class Clock:
    """Wraps a Sharing method to count its calls and the event loop's time inside it."""

    def __init__(self, screen: MainScreen, name: str) -> None:
        self.calls = 0
        self.loop_ms: list[float] = []
        original = getattr(screen.sharing, name)

        def wrapped(event: object) -> None:
            start = time.perf_counter()
            original(event)
            self.loop_ms.append((time.perf_counter() - start) * 1000)
            self.calls += 1

        setattr(screen.sharing, name, wrapped)


async def in_app(alice: Path, tmp: Path, n: int, runs: int) -> tuple[list[float], ...]:
    ws = Workspace(alice / "seeds", alice / "annotations", tmp / "index")
    app = ReaderApp(ws, save=False)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await ready(pilot)
        screen.sharing.every = 1e9  # only the refreshes asked for here
        await wait_until(pilot, lambda: screen.sharing.in_git, "the first status", 60)
        await wait_until(pilot, lambda: screen.state.tag_counts, "the tag counts", 120)
        await app.workers.wait_for_complete()  # a settled app: nothing else reading files
        statuses, syncs = Clock(screen, "status"), Clock(screen, "done")
        status_ms = []
        for _ in range(runs):
            before = statuses.calls
            start = time.perf_counter()
            screen.sharing.refresh()
            await wait_until(pilot, lambda b=before: statuses.calls > b, "the status", 60)
            status_ms.append((time.perf_counter() - start) * 1000)
        sync_ms = []
        for run in range(runs):
            edit(alice, n, 0, f"app{run}")
            before = syncs.calls
            start = time.perf_counter()
            screen.action_sync()
            await wait_until(pilot, lambda b=before: syncs.calls > b, "the sync", 120)
            sync_ms.append((time.perf_counter() - start) * 1000)
            await app.workers.wait_for_complete()  # the re-index and tag counts after it
            assert screen.sharing.failed is False, screen.sharing.after
        return status_ms, statuses.loop_ms, sync_ms, syncs.loop_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--changed", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="reader-app-sync-bench-"))
    try:
        hermetic_git(tmp)
        os.environ["READER_CONFIG_DIR"] = str(tmp / "config")
        os.environ["READER_CACHE_DIR"] = str(tmp / "cache")
        as_person("Alice")
        alice = team(tmp, args.files)
        folder, n, runs = alice / "annotations", args.changed, args.runs
        direct = []
        for _ in range(runs):
            start = time.perf_counter()
            status_line(folder)
            direct.append((time.perf_counter() - start) * 1000)
        core = []
        for run in range(runs):
            edit(alice, n, 0, f"core{run}")
            start = time.perf_counter()
            assert sync(folder).ok
            core.append((time.perf_counter() - start) * 1000)
        status_ms, status_loop, sync_ms, sync_loop = asyncio.run(in_app(alice, tmp, n, runs))
        med = statistics.median
        print(f"{args.files} annotation files, {n} changed per sync, medians of {runs}")
        print(f"status line in the app: {med(status_ms):.0f} ms to shown")
        print(f"  status_line() called directly: {med(direct):.0f} ms")
        print(f"  event loop time per status: {med(status_loop):.2f} ms")
        print(f"sync on S in the app, {n} files: {med(sync_ms):.0f} ms to done")
        print(f"  sync() called directly: {med(core):.0f} ms")
        print(f"  event loop time at its end: {med(sync_loop):.2f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
