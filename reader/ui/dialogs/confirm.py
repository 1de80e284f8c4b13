"""A question with a few one-key answers (the note editor's "save, discard, keep editing")."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class Choice(ModalScreen[str]):
    """Dismisses with the chosen answer's key; escape means the last answer (stay)."""

    def __init__(self, question: str, answers: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.answers = list(answers)  # (key, label), the last one what escape means
        for key, label in self.answers:
            self._bindings.bind(key, f"answer('{key}')", label)
        self._bindings.bind("escape", f"answer('{self.answers[-1][0]}')", "Back", show=False)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice-dialog"):
            yield Label(Text(self.question), classes="dialog-title")
            listed = "   ".join(f"{key}  {label}" for key, label in self.answers)
            yield Static(listed, markup=False)

    def action_answer(self, key: str) -> None:
        self.dismiss(key)
