""" "New since last pull": the annotation changes others made, by author; enter opens one.

The changes come from `reader.gitshare.changes_since` (the same as `reader changes`): one
per annotation file, with its kind, author, passage, tags added or removed and note.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.gitshare import Change
from reader.refs import where
from reader.textnorm import printable

NOTE_CHARS = 80


def by_author(changes: Sequence[Change]) -> list[tuple[str, list[Change]]]:
    """The changes grouped by author (authors sorted without case), each by article."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.author, []).append(change)
    return [
        (author, sorted(groups[author], key=lambda c: (c.article, c.passage or 0, c.path)))
        for author in sorted(groups, key=str.casefold)
    ]


def change_row(change: Change) -> Text:
    """One change as a row: kind, where, tags added and removed, the note."""
    place = where(change.article, change.passage)
    text = Text(f"  {change.kind:<8}", style="italic")
    text.append(printable(place or change.path), style="bold")
    if change.tags_added:
        text.append("  " + " ".join("+" + printable(t) for t in change.tags_added), style="green")
    if change.tags_removed:
        text.append("  " + " ".join("-" + printable(t) for t in change.tags_removed), style="red")
    if change.note_changed:
        note = printable((change.note_after or "(note removed)").replace("\n", " "))
        shown = note[:NOTE_CHARS] + "…" if len(note) > NOTE_CHARS else note
        text.append(f"\n    note: {shown}", style="dim")
    if change.kind == "invalid" and change.fields:
        text.append("  " + printable(change.fields[0]), style="red")
    return text


class NewsDialog(ModalScreen[Change | None]):
    """Lists what is new since the last pull, by author; enter opens the passage."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, changes: Sequence[Change]) -> None:
        super().__init__()
        self.changes = list(changes)
        self.rows: list[Change | None] = []  # per option: its change, None for a heading

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Label(f"New since last pull ({len(self.changes)})", classes="dialog-title")
            if not self.changes:
                yield Static("Nothing new in the annotations since the last pull.", markup=False)
                return
            options = []
            for author, changes in by_author(self.changes):
                heading = Text(f"{printable(author)} ({len(changes)})", style="bold underline")
                options.append(Option(heading, disabled=True))
                self.rows.append(None)
                for change in changes:
                    options.append(Option(change_row(change)))
                    self.rows.append(change)
            yield OptionList(*options, id="news-list")
            yield Static("enter opens the passage · esc closes", markup=False, classes="dim")

    def on_mount(self) -> None:
        if self.changes:
            listing = self.query_one(OptionList)
            listing.highlighted = 1  # the first change, under its author's heading
            listing.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        change = self.rows[event.option_index]
        if change is not None:
            self.dismiss(change)

    def action_close(self) -> None:
        self.dismiss(None)
