"""Smaller holes (issue 9, item 8): crash leftovers, rebuild states, FIFOs, odd index entries.

- temporary files of killed writes are removed by the next write to their folder, and git
  ignores them once `reader git install` ran;
- `reader search` during another process's rebuild says so instead of "0 passages";
- a FIFO (or socket) in the corpus or among the annotations is skipped with a warning and
  never opened, so nothing hangs;
- an index file replaced by a folder gives an error naming the index file, not a temp path;
- U+200E and U+200F are escaped like every other control.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.annotations.store import AnnotationStore
from reader.cli.main import main
from reader.index.locking import UpdateLock
from reader.textnorm import printable

A = "000_6d362e06adb48299"


class Blocked(BaseException):
    """Raised by the alarm: not an OSError, so no `except OSError` swallows it."""


@pytest.fixture
def bounded() -> Iterator[None]:
    """Fail (instead of hanging the suite) if the test blocks for 20 s: a FIFO once did."""

    def expired(*_: object) -> None:
        raise Blocked("blocked for 20 s (a FIFO opened?)")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, 20, 1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run(capsys: pytest.CaptureFixture[str], corpus: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--corpus", str(corpus), "--index-dir", str(corpus.parent / "ix")])
    out, err = capsys.readouterr()
    return status, out, err


def test_temporary_files_of_dead_or_old_writers_go_with_the_next_write(seeds_copy: Path) -> None:
    folder = seeds_copy.parent / "annotations" / A
    folder.mkdir()
    dead = folder / ".tmp-01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml.99999999"
    old = folder / f".tmp-01HV5Z8Q3M6T9W2X4Y7Z0A1B2D.yaml.{os.getppid()}"
    live = folder / f".tmp-01HV5Z8Q3M6T9W2X4Y7Z0A1B2E.yaml.{os.getppid()}"
    other = folder / ".tmp-notes.txt"  # not named like ours: never touched
    for path in (dead, old, live, other):
        path.write_text("schema: 1\ntags: [half-wr")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    store = AnnotationStore(seeds_copy.parent / "annotations")
    store.tag(store_article(seeds_copy), 1, ["china"])
    left = sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp-"))
    assert left == sorted([live.name, other.name])


def store_article(corpus: Path):  # an Article
    from reader.workspace import Workspace

    return Workspace(corpus).article(A)


def test_git_install_makes_git_ignore_temporary_files(seeds_copy: Path) -> None:
    root = seeds_copy.parent

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
        return done.stdout

    git("init", "-q")
    assert main(["git", "install", "--annotations", str(root / "annotations")]) == 0
    temp = root / "annotations" / A / ".tmp-01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml.4242"
    temp.parent.mkdir()
    temp.write_text("half")
    (temp.parent / "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml").write_text("schema: 1\n")
    git("add", "-A", "annotations")
    assert git("diff", "--cached", "--name-only").split() == [
        f"annotations/{A}/01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml"
    ]
    assert ".tmp-" not in git("status", "--porcelain", "--untracked-files=all")
    assert "/annotations/**/.tmp-*" in (root / ".git" / "info" / "exclude").read_text()


def test_search_during_a_rebuild_says_so_instead_of_0_passages(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = seeds_copy.parent / "ix"
    assert run(capsys, seeds_copy, "index", "--rebuild")[0] == 0
    (index / "reader-manifest.json").unlink()  # what a rebuild does first
    with UpdateLock(index):  # another reader is rebuilding it
        start = time.monotonic()
        status, out, err = run(capsys, seeds_copy, "search", "Kirby")
        assert time.monotonic() - start < 2  # no waiting for the lock: it is a rebuild
    assert (status, out) == (1, "")
    assert err == (
        "reader: the index is being rebuilt (another reader is building it): "
        "search again when it is done\n"
    )
    status, out, _ = run(capsys, seeds_copy, "search", "Kirby")
    assert status == 0 and "passages in" in out and not out.startswith("0 passages")


def test_fifos_and_sockets_are_skipped_with_a_warning_and_never_opened(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str], bounded: None
) -> None:
    os.mkfifo(seeds_copy / "pipe.txt")
    os.mkfifo(seeds_copy / "pipe.md")
    sock = socket.socket(socket.AF_UNIX)
    with contextlib.suppress(OSError):  # a path too long for a socket: the FIFOs still test it
        sock.bind(str(seeds_copy / "sock.txt"))
    sock.close()
    annotations = seeds_copy.parent / "annotations"
    assert run(capsys, seeds_copy, "tag", f"{A}#1", "china")[0] == 0
    os.mkfifo(annotations / A / "01HV5Z8Q3M6T9W2X4Y7Z0FIFO0.yaml")
    os.mkfifo(annotations / "codebook.yaml")
    status, out, _ = run(capsys, seeds_copy, "index")
    assert status == 0
    assert f"{seeds_copy / 'pipe.txt'}: skipped: not a plain file (a FIFO); never opened" in out
    assert f"{seeds_copy / 'pipe.md'}: skipped: not a plain file (a FIFO); never opened" in out
    if (seeds_copy / "sock.txt").exists():
        assert "sock.txt: skipped: not a plain file (a socket); never opened" in out
    status, out, _ = run(capsys, seeds_copy, "check")
    fifo = f"annotations/{A}/01HV5Z8Q3M6T9W2X4Y7Z0FIFO0.yaml"
    assert status == 1 and f"error: {fifo}: not a plain file (a FIFO)" in out
    assert "error: annotations/codebook.yaml: not a plain file (a FIFO)" in out
    assert run(capsys, seeds_copy, "tags")[0] == 0
    assert run(capsys, seeds_copy, "search", "tag:china")[0] == 0
    done = main(["resolve", "--annotations", str(annotations)])
    assert done == 0 and "no conflicted annotation files" in capsys.readouterr().out
    fifo = annotations / A / "01HV5Z8Q3M6T9W2X4Y7Z0FIFO0.yaml"
    assert main(["resolve", str(fifo), "--annotations", str(annotations)]) == 1
    assert "not a plain file (a FIFO)" in capsys.readouterr().err


def test_an_index_file_replaced_by_a_folder_is_named(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = seeds_copy.parent / "ix"
    assert run(capsys, seeds_copy, "index")[0] == 0
    (index / "reader-manifest.json").unlink()
    (index / "reader-manifest.json").mkdir()
    status, out, err = run(capsys, seeds_copy, "index")
    assert (status, err.count("reader:")) == (0, 0) and "rebuilt: no manifest" in out
    (index / "reader-vocabulary.txt").unlink()
    (index / "reader-vocabulary.txt").mkdir()
    (seeds_copy / "new.txt").write_text("A new article about envoys.\n")
    status, _, err = run(capsys, seeds_copy, "index")
    assert status == 1 and ".tmp-" not in err
    assert err.splitlines()[-1] == (
        f"reader: {index / 'reader-vocabulary.txt'}: Is a directory "
        "(the index is a cache: `reader index --rebuild` makes it afresh)"
    )
    assert run(capsys, seeds_copy, "index", "--rebuild")[0] == 0  # and it does


def test_bidi_marks_are_escaped() -> None:
    assert printable("a\u200eb\u200fc") == "a\\u200eb\\u200fc"
    assert printable("\u202eevil\u202c \u2066x\u2069 \u061c") == (
        "\\u202eevil\\u202c \\u2066x\\u2069 \\u061c"
    )
