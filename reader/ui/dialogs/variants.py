"""Add a group of spelling variants (palette: "Add spelling variants..."): `Kyiv, Kiev`.

The spellings are separated by commas (a spelling may be several words: `US, United
States`) and go through `Workspace.add_variant_group`, as `reader variants --add` does:
merged into a group of `annotations/variants.yaml` that shares a spelling. The write runs
in a thread worker; the dialog closes with the group as written, or stays open with the
reason and the input kept.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from reader.errors import ReaderError, first_line
from reader.textnorm import printable
from reader.workspace import Workspace

EXAMPLE = "Kyiv, Kiev"


def spellings(text: str) -> list[str]:
    """`Kyiv, Kiev` -> ['Kyiv', 'Kiev']: the spellings typed, separated by commas."""
    return [part.strip() for part in text.split(",") if part.strip()]


class VariantDialog(ModalScreen[list[str] | None]):
    """Dismisses with the group as written to the file, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.ws = workspace
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add spelling variants", classes="dialog-title")
            yield Static(
                "Spellings that search treats as one word, separated by commas. A group "
                "that shares a spelling takes the new ones; shared through git in "
                "annotations/variants.yaml.",
                markup=False,
            )
            yield Input(placeholder=EXAMPLE, id="variant-input", select_on_focus=False)
            yield Static("", id="variant-error", markup=False, classes="field-error")
            yield Static("enter adds and searches again · esc cancels", markup=False, classes="dim")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#variant-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.running:
            return
        words = spellings(event.value)
        if len(words) < 2:
            self.say(f"type at least two spellings, separated by commas: {EXAMPLE}")
            return
        self.running = True
        self.say("")
        self.add(words)

    @work(thread=True, exclusive=True, group="variants")
    def add(self, words: list[str]) -> None:
        try:
            group = self.ws.add_variant_group(words)
        except (ReaderError, OSError) as exc:
            self.app.call_from_thread(self._refused, first_line(exc))
            return
        self.app.call_from_thread(self._added, group)

    def _added(self, group: list[str]) -> None:
        self.running = False
        self.dismiss(group)

    def _refused(self, reason: str) -> None:
        self.running = False
        self.say(reason)

    def say(self, message: str) -> None:
        self.query_one("#variant-error", Static).update(Text(printable(message)))

    def action_cancel(self) -> None:
        if not self.running:  # the write takes a moment; its answer closes the dialog
            self.dismiss(None)
