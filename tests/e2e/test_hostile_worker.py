"""Orphaned index workers (issue 9, item 7): killing the parent of a parallel build leaves
no traceback behind; deleting the index folder under a build is one line, not a trace.

The parent indexes in a real process with a worker process beside it and kills itself
(TERM or KILL) once its own share is under way; the test reads the whole process tree's
stderr until the worker has gone too.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PARENT = """
import os, signal, sys
from pathlib import Path
from reader.index import PassageIndex
from reader.workspace import Workspace

corpus, index_dir, how = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
ws = Workspace(corpus, index_dir=index_dir)
ws.index.procs = 2
ws.index.parallel_min_files = 10

def progress(done, total):
    if done == 3:
        if how == "delete":
            import shutil
            shutil.rmtree(index_dir)
        else:
            os.kill(os.getpid(), getattr(signal, how))

try:
    ws.update_index(progress=progress)
except OSError as exc:  # as the command line reports it: one line
    print(f"reader: {exc.filename}: {exc.strerror}", file=sys.stderr)
    sys.exit(1)
print("finished", flush=True)
"""


def corpus_of(tmp_path: Path, files: int = 60) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(files):
        text = "\n\n".join(f"Paragraph {k} of article {n} about talks in Geneva." for k in range(8))
        (corpus / f"a{n:03}.txt").write_text(text)
    return corpus


def run_parent(tmp_path: Path, how: str) -> tuple[int, str, str]:
    corpus = corpus_of(tmp_path)
    start = time.monotonic()
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(corpus), str(tmp_path / "index"), how],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    # The pipes stay open until every process holding them (the worker too) has exited.
    out, err = parent.communicate(timeout=30)
    assert time.monotonic() - start < 20
    return parent.returncode, out, err


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_a_worker_whose_parent_is_killed_exits_quietly(tmp_path: Path, how: str) -> None:
    status, out, err = run_parent(tmp_path, how)
    assert status == -getattr(signal, how) and out == ""
    assert "Traceback" not in err and "Error" not in err and "Exception" not in err, err


def test_the_index_folder_deleted_under_a_build_is_one_line(tmp_path: Path) -> None:
    status, out, err = run_parent(tmp_path, "delete")
    assert "Traceback" not in err and len(err.splitlines()) <= 1, err
    assert (status, out) in ((0, "finished\n"), (1, ""))
