"""End to end: two people, each with the `reader` app in a real terminal (tmux) on their own
clone of a bare origin. Ana tags a passage and presses S; Bob presses S and sees her tag,
and the status line and the news list say it came from Ana."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from gitrepos import Clone, make_team

from tests.tmux import Tmux

READER = Path(sys.executable).parent / "reader"
TAG = "e2e/from-ana"

pytestmark = [
    pytest.mark.skipif(not Tmux.available(), reason="tmux is not installed (.ci/run installs it)"),
    pytest.mark.skipif(
        not READER.exists(), reason=f"the reader command is not installed: {READER}"
    ),
]


@pytest.fixture
def terminals() -> Iterator[tuple[Tmux, Tmux]]:
    pair = (Tmux(width=120, height=40), Tmux(width=120, height=40))
    yield pair
    for tmux in pair:
        tmux.kill()


def start(terminal: Tmux, clone: Clone, tmp_path: Path) -> None:
    """`reader seeds` in the clone, as its person (git identity in the environment)."""
    keys = ("READER_CACHE_DIR", "READER_CONFIG_DIR", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")
    env = {key: os.environ[key] for key in keys} | {"TERM": "xterm-256color"}
    env |= {k: v for k, v in clone.env().items() if k.startswith("GIT_")}
    index = tmp_path / f"index-{clone.name}"
    terminal.start([str(READER), "seeds", "--index-dir", str(index)], env=env, cwd=clone.root)


def row_tagged(screen: str) -> bool:
    """The results (the left half; the reading pane is on the right) show the tag, once
    the index toasts over them are gone."""
    return any(f"#{TAG}" in line[:60] for line in screen.splitlines())


def test_a_tag_goes_from_ana_to_bob_with_the_sync_key(
    terminals: tuple[Tmux, Tmux], tmp_path: Path
) -> None:
    ana, bob = make_team(tmp_path, "ana", "bob")
    bob.git("pull", "-q")
    a, b = terminals
    start(a, ana, tmp_path)
    start(b, bob, tmp_path)

    a.wait_for(lambda s: "passages in 1 article" in s and "all shared" in s)
    a.send("Kirby", literal=True)
    a.wait_for("4 passages in 1 article")
    a.send("Enter")  # to the first result: t and S act on it
    a.wait_for("no tags or notes yet")
    a.send("t")
    a.wait_for("tab completes")
    a.send(TAG, literal=True)
    a.send("Enter")
    a.wait_for(lambda s: f"#{TAG}" in s and "1 unshared" in s)
    a.send("S")
    a.wait_for("all shared")  # committed and pushed

    b.wait_for(lambda s: "passages in 1 article" in s and "all shared" in s)
    b.send("Escape")  # from the search box to the results, where S is a key
    b.wait_for("t Tag")  # the results' footer (an ESC followed at once by S is alt+S)
    b.send("S")
    news = b.wait_for("New since last pull (1)")
    assert "Ana (1)" in news and f"+{TAG}" in news
    b.send("Escape")
    b.wait_gone("New since last pull")  # an escape and the next key at once read as alt+key
    b.send("/")
    b.send(f"tag:{TAG}", literal=True)
    screen = b.wait_for(lambda s: "1 passage in 1 article" in s and row_tagged(s))
    assert "all shared · synced: 1 new from Ana" in screen
    print(screen)  # the report quotes Bob's final screen (pytest -s)

    ana_file = next(ana.annotations.rglob("*.yaml"))
    bob_file = bob.annotations / ana_file.relative_to(ana.annotations)
    assert bob_file.read_text() == ana_file.read_text()
    assert "Ana" in bob.git("log", "-1", "--format=%an", "--", str(bob_file)).stdout
