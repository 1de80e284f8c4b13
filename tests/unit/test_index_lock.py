"""Two processes at once: the second writer waits briefly, then hears the index is busy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import IndexBusyError
from reader.workspace import Workspace

HOLDER = """
import sys
from pathlib import Path
from reader.index.locking import UpdateLock
with UpdateLock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_second_writer_is_told_the_index_is_busy(seeds_copy: Path, tmp_path: Path) -> None:
    ws = Workspace(seeds_copy, index_dir=tmp_path / "index")
    ws.update_index()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "index")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        ws.index.busy_timeout = 0.3
        with pytest.raises(IndexBusyError, match="index is busy"):
            ws.update_index()
        assert {h.article for h in ws.search("Kirby").hits}  # searching still works
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
    assert ws.update_index().rebuilt_because is None


def test_a_killed_writer_releases_the_lock(seeds_copy: Path, tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "index")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait(timeout=10)
    ws = Workspace(seeds_copy, index_dir=tmp_path / "index")
    assert ws.update_index().articles == 5


def test_two_updates_at_once_both_finish_or_report_busy(seeds_copy: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from reader.workspace import Workspace; from reader.errors import "
        "IndexBusyError\nws = Workspace(sys.argv[1], index_dir=sys.argv[2])\n"
        "try:\n    print(ws.update_index().articles)\nexcept IndexBusyError:\n    print('busy')"
    )
    args = [sys.executable, "-c", code, str(seeds_copy), str(tmp_path / "index")]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=60)[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert set(outputs) <= {"5", "busy"} and "5" in outputs
    ws = Workspace(seeds_copy, index_dir=tmp_path / "index")
    summary = ws.update_index()
    assert summary.rebuilt_because is None and summary.articles == 5


def test_search_is_not_held_up_by_an_update_in_progress(seeds_copy: Path, tmp_path: Path) -> None:
    import threading

    ws = Workspace(seeds_copy, index_dir=tmp_path / "index")
    ws.update_index()
    (seeds_copy / "new.txt").write_text("A new article about Kirby.\n")
    ws.index.busy_timeout = 0.2
    seen: dict[str, object] = {}

    def during_update(done: int, total: int) -> None:
        if seen:
            return

        def other_thread() -> None:
            seen["hits"] = ws.search("Kirby", limit=None).total
            try:
                ws.update_index()
            except IndexBusyError as exc:
                seen["busy"] = str(exc)

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join(timeout=20)
        seen["finished"] = not thread.is_alive()

    ws.update_index(progress=during_update)
    assert seen["finished"] is True
    assert seen["hits"] == 15  # the last commit, before the new article
    assert "busy" in str(seen["busy"])
    assert ws.search("Kirby", limit=None).total == 16
