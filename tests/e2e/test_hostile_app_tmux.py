"""The app in a real terminal (tmux) on hostile text: through its views and dialogs, the
pane's title and tmux's paste buffers stay untouched (OSC 0 would retitle the pane, OSC 52
would write a buffer: `set-clipboard on` lets programs do that, as a control run shows)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hostile import build_hostile

from tests.tmux import Tmux

READER = Path(sys.executable).parent / "reader"

pytestmark = [
    pytest.mark.skipif(not Tmux.available(), reason="tmux is not installed (.ci/run installs it)"),
    pytest.mark.skipif(
        not READER.exists(), reason=f"the reader command is not installed: {READER}"
    ),
]


def reader_env() -> dict[str, str]:
    keys = ("READER_CACHE_DIR", "READER_CONFIG_DIR", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")
    return {key: os.environ[key] for key in keys} | {"TERM": "xterm-256color"}


def test_hostile_text_never_retitles_the_pane_or_writes_the_clipboard(tmp_path: Path) -> None:
    made = build_hostile(tmp_path / "h")
    corpus, notes = made.corpus, made.annotations
    terminal = Tmux(width=120, height=36)
    try:
        terminal.start(
            [str(READER), str(corpus), "--annotations", str(notes), "--index-dir",
             str(tmp_path / "index")],
            env=reader_env(),
            cwd=tmp_path,
        )  # fmt: skip
        terminal.option("set-clipboard", "on")
        before = terminal.title()
        control = terminal.run_beside(
            "printf '\\033]0;CONTROL-TITLE\\007\\033]52;c;Y29udHJvbA==\\007'; sleep 30"
        )
        terminal.wait_for(lambda _: terminal.title(control) == "CONTROL-TITLE")
        terminal.wait_for(lambda _: any("control" in b for b in terminal.buffers()))

        def step(key: str, until: str, *, text: bool = False) -> None:
            terminal.send(key, literal=text)
            terminal.wait_for(until)

        def close(what: str) -> None:
            """Escape, and wait for `what` to go (an escape and the next key sent together
            would read as alt+key)."""
            terminal.send("Escape")
            terminal.wait_gone(what)

        terminal.wait_for("passages in")
        step("plain first", "1 passage in 1 article", text=True)
        step("Enter", "tags:")  # the results
        step("Enter", "Eve ")  # the pane and the passage panel: notes by Eve
        step("m", "Article plain")
        close("Article plain")
        step("t", "tab completes")
        step("q", "Q \\x1b[31;1mRED")  # the codebook's description, escaped
        close("tab completes")
        step("n", "ctrl+s saves")
        close("ctrl+s saves")
        step("b", "evil\\x1b]52")
        step("b", "t Tag")
        step("o", "Orphaned annotations (")
        close("Orphaned annotations")
        step("/", "/ Search")
        step("C-u", "Search: words")
        step("Paragraph", "Paragraph csi:", text=True)
        step("Enter", "t Tag")
        step("Enter", "¶1")
        step("c", "Coding 1/")
        close("Coding 1/")
        step("C-p", "Search for commands")
        step("tag: [b", "tag: [bold red]RED[/]", text=True)
        close("tag: [bold red]RED[/]")

        assert terminal.title() == before  # OSC 0 and C1 OSC never retitled the pane
        assert [b for b in terminal.buffers() if "control" not in b] == []  # no OSC 52
        screen = terminal.screen()
        assert "PWNED" not in terminal.title() and "\x1b" not in screen
        terminal.send("q")
        terminal.wait_for("EXITED 0")
    finally:
        terminal.kill()
