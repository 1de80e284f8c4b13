"""A real terminal for end-to-end tests: tmux on a private socket, driven by send-keys."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path


class Tmux:
    """One tmux server and session of a fixed size, running one command."""

    def __init__(self, width: int = 120, height: int = 40) -> None:
        self.socket = f"reader-test-{uuid.uuid4().hex[:8]}"
        self.width, self.height = width, height

    @staticmethod
    def available() -> bool:
        return shutil.which("tmux") is not None

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        return result.stdout

    def start(self, argv: list[str], env: Mapping[str, str], cwd: Path) -> None:
        """Run `argv` in a new session; the shell prints EXITED <status> when it ends.

        `COLUMNS` and `LINES` are unset: a test process has them (readline, once loaded, puts
        80 and 24 in the environment its children inherit), and a terminal program takes
        them over the terminal's real size.
        """
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        command = f"unset COLUMNS LINES; {shlex.join(argv)}; echo EXITED $?; sleep 30"
        self._tmux(
            "new-session", "-d", "-x", str(self.width), "-y", str(self.height),
            "-c", str(cwd), *env_args, command,
        )  # fmt: skip

    def send(self, *keys: str, literal: bool = False) -> None:
        """Type keys (tmux key names, or literal text with `literal=True`)."""
        self._tmux("send-keys", *(["-l"] if literal else []), "-t", "0", *keys)

    def screen(self, target: str = "0") -> str:
        """The visible screen as text."""
        return self._tmux("capture-pane", "-p", "-t", target)

    def resize(self, width: int, height: int) -> None:
        """Resize the window, as a user dragging the terminal's corner does."""
        self._tmux("resize-window", "-t", "0", "-x", str(width), "-y", str(height))

    def option(self, name: str, value: str) -> None:
        """Set a server-wide option (`set-clipboard on`: OSC 52 from a program makes a buffer)."""
        self._tmux("set-option", "-g", name, value)

    def title(self, target: str = "0") -> str:
        """The pane's title, as programs set it with OSC 0/2."""
        return self._tmux("display-message", "-p", "-t", target, "#{pane_title}").strip()

    def buffers(self) -> list[str]:
        """tmux's paste buffers (OSC 52 writes one when `set-clipboard` is on)."""
        return self._tmux("list-buffers", "-F", "#{buffer_name}: #{buffer_sample}").splitlines()

    def run_beside(self, command: str) -> str:
        """Run a shell command in a second window (target `:1`); returns that target."""
        self._tmux("new-window", "-d", command)
        return ":1"

    def wait_for(self, check: Callable[[str], bool] | str, timeout: float = 20.0) -> str:
        """Poll the screen until `check` holds (or the text appears); fail with the screen."""
        test = (lambda screen: check in screen) if isinstance(check, str) else check
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.1)  # polling a real terminal: there is no event to wait on
        raise AssertionError(f"timed out waiting for {check!r}; the screen was:\n{screen}")

    def wait_gone(self, text: str, timeout: float = 20.0) -> str:
        """Poll until `text` is absent from two captures in a row: one capture can be taken
        while the app is half way through drawing a frame."""
        misses = 0

        def gone(screen: str) -> bool:
            nonlocal misses
            misses = misses + 1 if text not in screen else 0
            return misses >= 2

        return self.wait_for(gone, timeout)

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
