"""The tag dialog: type one or more tags, with completion of the tag being typed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from reader.textnorm import printable

_SPLIT = re.compile(r"[,\s]+")


def parse_tags(value: str) -> list[str]:
    """`a, b/c d` -> ['a', 'b/c', 'd'] (commas or spaces separate tags; no repeats)."""
    seen: list[str] = []
    for tag in _SPLIT.split(value.strip()):
        if tag and tag not in seen:
            seen.append(tag)
    return seen


class LastTokenSuggester(Suggester):
    """Completes the last comma/space-separated token from the known tags."""

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = sorted(set(tags))

    async def get_suggestion(self, value: str) -> str | None:
        match = re.search(r"[^,\s]*$", value)
        token = match.group() if match else ""
        if not token:
            return None
        lowered = token.casefold()
        for tag in self.tags:
            if tag.casefold().startswith(lowered) and tag != token:
                return value[: len(value) - len(token)] + tag
        return None


class TagDialog(ModalScreen[list[str] | None]):
    """Asks for tags for one passage; dismisses with the tags, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, ref: str, known: Iterable[str], current: Iterable[str] = ()) -> None:
        super().__init__()
        self.ref = ref
        self.known = sorted(set(known))
        self.current = sorted(set(current))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Tag {printable(self.ref)}"), classes="dialog-title")
            if self.current:
                yield Static(
                    Text("has: " + " ".join(printable(t) for t in self.current)),
                    markup=False,
                    classes="dim",
                )
            yield Input(
                placeholder="tags, separated by commas or spaces (tab completes)",
                suggester=LastTokenSuggester(self.known),
                id="tag-input",
            )
            yield Static(
                "enter saves · tab or → completes · a leading - removes (-tag) · esc cancels",
                markup=False,
                classes="dim",
            )

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(parse_tags(event.value) or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
