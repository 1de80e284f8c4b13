"""The note editor: multi-line text; ctrl+s saves, escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from reader.textnorm import printable


class NoteDialog(ModalScreen[str | None]):
    """Edits the current author's note on a passage; dismisses with the text or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, ref: str, text: str = "") -> None:
        super().__init__()
        self.ref = ref
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-dialog"):
            yield Label(Text(f"Note on {printable(self.ref)}"), classes="dialog-title")
            yield TextArea(self.text, id="note-text", soft_wrap=True, tab_behavior="indent")
            yield Static(
                "ctrl+s saves · esc cancels · an empty note removes it", markup=False, classes="dim"
            )

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
