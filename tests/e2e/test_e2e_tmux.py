"""End to end: the installed `reader` command in a real terminal (tmux), as a user drives it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.tmux import Tmux

READER = Path(sys.executable).parent / "reader"

pytestmark = [
    pytest.mark.skipif(not Tmux.available(), reason="tmux is not installed (.ci/run installs it)"),
    pytest.mark.skipif(
        not READER.exists(), reason=f"the reader command is not installed: {READER}"
    ),
]


@pytest.fixture
def terminal() -> Iterator[Tmux]:
    tmux = Tmux(width=120, height=40)
    yield tmux
    tmux.kill()


def reader_env() -> dict[str, str]:
    keys = ("READER_CACHE_DIR", "READER_CONFIG_DIR", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")
    return {key: os.environ[key] for key in keys} | {"TERM": "xterm-256color"}


def test_search_tag_and_quit_in_a_real_terminal(terminal: Tmux, seeds_copy: Path) -> None:
    index_dir = seeds_copy.parent / "index"
    terminal.start(
        [str(READER), str(seeds_copy), "--index-dir", str(index_dir)],
        env=reader_env(),
        cwd=seeds_copy.parent,
    )
    terminal.wait_for("Search")
    terminal.wait_for("passages")  # the start-up index summary

    terminal.send("Kirby", literal=True)
    screen = terminal.wait_for(lambda s: "passages in 3 articles" in s)
    assert "2023-04-26" in screen and "undated" in screen
    shown = [a for a in ("000_6d362e06adb48299", "001_f47f3228949849cf", "002_9e357c00aa104845")]
    assert sum(article in screen for article in shown) >= 2  # hits of several articles

    terminal.send("Enter")  # to the first result, so that t, n and q act at once
    terminal.wait_for("no tags or notes yet")
    first = terminal.screen()
    ref_line = next(line for line in first.splitlines() if "no tags or notes yet" in line)
    assert ref_line  # the passage panel shows the current passage

    terminal.send("t")
    terminal.wait_for("tab completes")
    terminal.send("e2e/checked", literal=True)
    terminal.send("Enter")
    screen = terminal.wait_for("e2e/checked")

    terminal.send("q")
    terminal.wait_for("EXITED 0")

    files = list((seeds_copy.parent / "annotations").rglob("*.yaml"))
    assert len(files) == 1, files
    data = yaml.safe_load(files[0].read_text(encoding="utf-8"))
    assert data["tags"] == ["e2e/checked"]
    assert files[0].parent.name == data["article"]
    assert data["author"]["email"] == "test@example.org"
    assert f"{data['article']}#{data['target']['passage']}" in screen
