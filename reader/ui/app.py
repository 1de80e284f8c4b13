"""The reader app: a thin shell around the main screen (config, theme, keys, palette)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.textnorm import printable
from reader.ui.commands import bindings, palette_commands
from reader.ui.config import load_config, save_config
from reader.ui.dialogs.help import HelpScreen
from reader.ui.keys import KeyOrder
from reader.ui.palette import JumpProvider
from reader.ui.screens.main import MainScreen
from reader.workspace import Workspace


class ReaderApp(App[None]):
    """Search, read and tag a corpus from the keyboard."""

    CSS_PATH = Path(__file__).with_name("reader.tcss")
    TITLE = "reader"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")
    COMMANDS = App.COMMANDS | {JumpProvider}

    def __init__(self, workspace: Workspace, query: str = "", *, save: bool = True) -> None:
        super().__init__()
        self.workspace = workspace
        self.initial_query = query
        self.save_settings = save
        self.config, problem = load_config()
        self.config_problem = problem
        self._article_ids: list[str] | None = None
        self.keys = KeyOrder(self, super().on_event)

    async def on_event(self, event: events.Event) -> None:
        """Keys go on one at a time, each to what has focus once the last was handled
        (`keys.KeyOrder`): typing ahead of a dialog or a focus change loses nothing."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.keys.take(event)
        else:
            await super().on_event(event)

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        if self.config_problem:
            self.notify(self.config_problem, severity="warning", timeout=8)
        self.push_screen(MainScreen(self.workspace, self.initial_query))

    def watch_theme(self, theme: str) -> None:
        if self.save_settings and theme != self.config.theme:
            self.config = replace(self.config, theme=theme)
            try:
                save_config(self.config)
            except OSError as exc:
                self.notify(f"could not save the theme: {exc}", severity="warning")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications carry paths, tags and errors from data: never markup, never escapes."""
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    async def article_ids(self) -> list[str]:
        """Ids of the corpus's article files (read once, off the UI thread)."""
        if self._article_ids is None:
            worker = self.run_worker(
                lambda: [s.id for s in self.workspace.sources()], thread=True, group="ids"
            )
            self._article_ids = await worker.wait()
        return self._article_ids

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        builtin = list(super().get_system_commands(screen))
        yield from builtin
        titles = {c.title for c in builtin}
        main = self.main_screen()
        for command in palette_commands():
            if command.description in titles:
                continue
            target = self if command.scope == "app" else main
            if target is None:
                continue
            action = getattr(target, f"action_{command.action}", None)
            if action is not None:
                yield SystemCommand(command.description, command.help, action)

    def action_help(self) -> None:
        main = self.main_screen()
        quick = main.state.quick if main else {}
        self.push_screen(HelpScreen(self.config.keymap, quick))
