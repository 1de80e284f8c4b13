"""Real processes: SIGKILL in the middle of writing, and two writers on one passage."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from reader.annotations.store import AnnotationStore
from reader.annotations.yamlio import load_annotation_file
from reader.model import Article, Passage

WRITER = """
import sys
from pathlib import Path
from reader.annotations.store import AnnotationStore
from reader.model import Article, Passage

PARAS = {paras!r}
passages, at = [], 0
for number, text in enumerate(PARAS, 1):
    passages.append(Passage("a", number, text, at, at + len(text)))
    at += len(text) + 2
article = Article("a", Path("a.txt"), passages)
store = AnnotationStore(Path(sys.argv[1]))
prefix, first, count = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
for i in range(first, first + count):
    number = i % len(PARAS) + 1
    store.tag(article, number, [f"{{prefix}}{{i}}"])
    if i % 4 == 0:
        store.set_note(article, number, f"note {{i}}\\nsecond line\\twith tab")
    print(i, flush=True)
"""
PARAS = ["First paragraph here.", "Second paragraph, longer.", "Third and last."]


def article() -> Article:
    passages, at = [], 0
    for number, text in enumerate(PARAS, 1):
        passages.append(Passage("a", number, text, at, at + len(text)))
        at += len(text) + 2
    return Article("a", Path("a.txt"), passages)


def writer(tmp_path: Path, root: Path, prefix: str, first: int, count: int, **env: str):
    script = tmp_path / "writer.py"
    if not script.exists():
        script.write_text(WRITER.format(paras=PARAS))
    return subprocess.Popen(
        [sys.executable, str(script), str(root), prefix, str(first), str(count)],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, **env),
    )


def all_tags(root: Path) -> set[str]:
    found: set[str] = set()
    for path in root.rglob("*.yaml"):
        if not path.name.startswith("."):
            found.update(load_annotation_file(path)["tags"])  # raises if any file is broken
    return found


def test_sigkill_while_writing_never_breaks_a_file_or_loses_a_saved_tag(tmp_path: Path) -> None:
    root = tmp_path / "annotations"
    rng = random.Random(1)
    saved: set[str] = set()
    first = 0
    for _ in range(20):
        proc = writer(tmp_path, root, "t", first, 10_000)
        assert proc.stdout is not None
        done = [int(proc.stdout.readline())]  # it is running and has saved one
        time.sleep(rng.uniform(0, 0.04))  # then kill it at an arbitrary moment
        proc.send_signal(signal.SIGKILL)
        done += [int(line) for line in proc.stdout.read().split()]
        proc.wait()
        saved.update(f"t{i}" for i in done)
        first = max(done) + 1
        assert saved <= all_tags(root)  # every file parses, nothing saved is lost
    store = AnnotationStore(root)
    shown = store.passage_annotations(article())
    assert store.load_errors == []
    assert saved <= {t for p in shown.values() for t in p.tags}
    assert first > 20


def test_two_processes_tagging_one_passage_at_once_keep_every_tag(tmp_path: Path) -> None:
    root = tmp_path / "annotations"
    same = [writer(tmp_path, root, "p", 0, 15), writer(tmp_path, root, "q", 0, 15)]
    other = writer(
        tmp_path, root, "r", 0, 15, GIT_AUTHOR_NAME="Other", GIT_AUTHOR_EMAIL="o@example.org"
    )
    for proc in [*same, other]:
        proc.communicate()
        assert proc.returncode == 0
    expected = {f"{p}{i}" for p in "pqr" for i in range(15)}
    assert all_tags(root) == expected
    shown = AnnotationStore(root).passage_annotations(article())
    assert {t for p in shown.values() for t in p.tags} == expected
