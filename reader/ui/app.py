"""Placeholder app until the app issue lands."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from reader.workspace import Workspace


class ReaderApp(App[None]):
    """The reader app."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"reader: {self.workspace.corpus}", markup=False)
        yield Footer()
