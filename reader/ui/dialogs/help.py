"""The help screen: every key, generated from the one declaration of the commands (the
README's key table comes from the same place), then the codebook's one-key tags."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from reader.textnorm import printable
from reader.ui.commands import key_table
from reader.ui.config import SETTINGS_HELP


def help_table(keymap: Mapping[str, str], quick: Mapping[str, str]) -> Table:
    """A table of key -> what it does, by section; `keymap` overrides, `quick` is
    key -> codebook tag."""
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for title, rows in key_table(dict(keymap)):
        table.add_row(Text(""), Text(title, style="bold underline"))
        for key, text in rows:
            table.add_row(Text(key), Text(text))
    if quick:
        table.add_row(Text(""), Text("Codebook keys", style="bold underline"))
    for key, tag in sorted(quick.items()):
        table.add_row(Text(printable(key)), Text(f"Tag with {printable(tag)} (codebook)"))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, keymap: Mapping[str, str], quick: Mapping[str, str]) -> None:
        super().__init__()
        self.keymap = dict(keymap)
        self.quick = dict(quick)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help-dialog"):
            yield Label("Keys", classes="dialog-title")
            yield Static(help_table(self.keymap, self.quick), id="help-table")
            yield Static(
                'Queries: words, "phrases", "a b"~3 (near), AND/OR/NOT, -word, prefix*, '
                "fuzzy~, tag:a/b, date:[2023-04 TO 2023-05], article:, source:, note:, "
                "author:; spellings in annotations/variants.yaml count as one word",
                markup=False,
                classes="dim",
            )
            yield Static(SETTINGS_HELP, markup=False, classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)
