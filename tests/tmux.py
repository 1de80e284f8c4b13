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
        """Run `argv` in a new session; the shell prints EXITED <status> when it ends."""
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        command = f"{shlex.join(argv)}; echo EXITED $?; sleep 30"
        self._tmux(
            "new-session", "-d", "-x", str(self.width), "-y", str(self.height),
            "-c", str(cwd), *env_args, command,
        )  # fmt: skip

    def send(self, *keys: str, literal: bool = False) -> None:
        """Type keys (tmux key names, or literal text with `literal=True`)."""
        self._tmux("send-keys", *(["-l"] if literal else []), "-t", "0", *keys)

    def screen(self) -> str:
        """The visible screen as text."""
        return self._tmux("capture-pane", "-p", "-t", "0")

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

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
