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
    screen = terminal.wait_for(lambda s: "passages in 3 articles" in s and "has welcomed" in s)
    assert "2023-04-26" in screen and "undated" in screen
    assert "The White House has welcomed" in screen  # untitled: 000's first words
    assert "\"Now, whether that's going to lead" in screen  # and untitled 002's

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


SENTENCE = "We think that's a good thing."


def test_at_80x24_select_a_sentence_and_tag_it_with_tab(seeds_copy: Path) -> None:
    """The compact layout: search, open, `v` and `]` to a sentence, `t` with tab completion;
    the YAML file holds the sentence as the quote. Keys typed right after a resize arrive."""
    codebook = Path(__file__).resolve().parents[2] / "annotations" / "codebook.yaml"
    (seeds_copy.parent / "annotations" / "codebook.yaml").write_bytes(codebook.read_bytes())
    terminal = Tmux(width=80, height=24)
    try:
        terminal.start(
            [str(READER), str(seeds_copy), "--index-dir", str(seeds_copy.parent / "index")],
            env=reader_env(),
            cwd=seeds_copy.parent,
        )
        terminal.wait_for("passages in")
        terminal.send('"good thing" article:000_6d362e06adb48299', literal=True)
        terminal.wait_for("1 passage in 1 article")
        terminal.send("Enter")
        terminal.send("Enter")  # opens it: at 80 columns the pane takes the list's place
        screen = terminal.wait_for("¶2")
        assert "2023-04-26  ·  000_6d362e06adb48299" in screen  # the header: date, id
        terminal.send("v")
        terminal.wait_for("selecting:")
        terminal.send("]")  # the next sentence
        terminal.wait_for(f"selecting: “{SENTENCE}”")
        terminal.send("t")
        terminal.wait_for("tab completes")
        terminal.send("theme/pe", literal=True)
        terminal.send("Tab")
        terminal.wait_for("theme/peace,")
        terminal.send("Enter")
        screen = terminal.wait_for(f"“{SENTENCE}” #theme/peace")  # the span, in the panel
        # An escape and the next key sent together read as alt+key: wait between them.
        terminal.send("Escape")  # the selection ends
        terminal.wait_gone("selecting:")
        terminal.send("Escape")  # back to the results, in the pane's place
        terminal.wait_gone("¶2")
        for width, height, query in ((140, 45, "Kirby"), (80, 24, "Zelensky AND Kirby")):
            terminal.resize(width, height)  # and type at once: no key is lost
            terminal.send("/")
            terminal.send("C-u")
            terminal.send(query, literal=True)
            terminal.wait_for(lambda s, q=query: any(q in line for line in s.splitlines()[:3]))
            assert "good thing" not in terminal.screen().splitlines()[1]
        terminal.send("Escape")
        terminal.wait_for("t Tag")  # out of the search box: the footer says so
        terminal.send("q")
        terminal.wait_for("EXITED 0")
    finally:
        terminal.kill()
    [path] = [
        p
        for p in (seeds_copy.parent / "annotations").rglob("*.yaml")
        if p.parent.name != "annotations"
    ]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["target"]["quote"] == SENTENCE and data["tags"] == ["theme/peace"]
    assert data["target"]["passage"] == 2 and data["target"]["start"] > 0
