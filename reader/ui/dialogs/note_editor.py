"""The note editor: multi-line text; ctrl+s saves; escape closes, asking first when the
note was changed (save, discard, keep editing).

The note comes from a file: it is shown with control characters escaped, and saving puts
the original characters back wherever the user did not edit (`safe_edit.restore`).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from reader.textnorm import printable
from reader.ui.dialogs.confirm import Choice
from reader.ui.safe_edit import for_edit, restore

ANSWERS = (("s", "save"), ("d", "discard"), ("k", "keep editing"))


class NoteDialog(ModalScreen[str | None]):
    """Edits the current author's note on a passage; dismisses with the text or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "close", "Close", priority=True),
    ]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.shown = for_edit(text)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-dialog"):
            yield Label(Text(printable(self.title_text)), classes="dialog-title")
            yield TextArea(self.shown, id="note-text", soft_wrap=True, tab_behavior="indent")
            yield Static(
                "ctrl+s saves · esc closes (asks if changed) · an empty note removes it",
                markup=False,
                classes="dim",
            )

    @property
    def edited(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        self.dismiss(restore(self.edited, self.text))

    def action_close(self) -> None:
        if self.edited == self.shown:
            self.dismiss(None)
            return

        def answered(key: str | None) -> None:
            if key == "s":
                self.action_save()
            elif key == "d":
                self.dismiss(None)

        self.app.push_screen(Choice("The note changed: save it?", ANSWERS), answered)
