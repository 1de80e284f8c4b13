"""The annotation file cache, read from several threads at once (the app does)."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from reader.annotations.files import FileCache


def test_forget_gone_while_another_thread_loads_files(tmp_path: Path) -> None:
    """The app reads annotations in several threads at once (the article, the tag counts,
    the index after a sync): forgetting the files gone from one folder must not trip over
    another thread's load adding or dropping an entry meanwhile."""
    root = tmp_path / "annotations"
    cache = FileCache(root)
    for n in range(1000):
        path = root / f"a{n % 20}" / f"{n}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not: [valid")
        cache.load(path)
    churn = root / "b" / "churn.yaml"
    churn.parent.mkdir()
    stop = threading.Event()

    def loads() -> None:
        while not stop.is_set():
            churn.write_text("x: [")
            cache.load(churn)  # an entry added
            churn.unlink()
            cache.load(churn)  # and dropped

    thread = threading.Thread(target=loads)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns often, as under load
    thread.start()
    try:
        deadline = time.monotonic() + 0.2
        while time.monotonic() < deadline:
            cache.forget_gone(root / "a0", [])
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(interval)
