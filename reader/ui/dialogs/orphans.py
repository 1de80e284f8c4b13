"""The orphans list: annotations whose passage can no longer be found, with the reason.

Enter opens the article where one was; `a` re-attaches it to the passage open in the
reading pane (the screen does the write, undoable with `u`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.records import Orphan
from reader.refs import PassageRef
from reader.textnorm import printable


@dataclass(frozen=True)
class Reattach:
    """The dialog's answer when the user chose to re-attach `orphan` to the open passage."""

    orphan: Orphan


def orphan_row(orphan: Orphan) -> Text:
    text = Text(printable(orphan.article), style="bold")
    text.append("  " + printable(orphan.reason), style="italic")
    if orphan.tags:
        text.append("  " + " ".join("#" + printable(t) for t in orphan.tags), style="magenta")
    quote = printable(orphan.quote.replace("\n", " "))
    text.append("\n  “" + (quote[:100] + "…" if len(quote) > 100 else quote) + "”")
    text.append("\n  " + printable(orphan.path), style="dim")
    return text


class OrphansDialog(ModalScreen[Orphan | Reattach | None]):
    """Lists orphans; enter opens the chosen one's article near where it was, `a`
    re-attaches it to `current`, the passage open in the reading pane."""

    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("a", "attach", "Attach to the open passage"),
    ]

    def __init__(self, orphans: list[Orphan], current: PassageRef | None = None) -> None:
        super().__init__()
        self.orphans = orphans
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Label(f"Orphaned annotations ({len(self.orphans)})", classes="dialog-title")
            if self.orphans:
                yield OptionList(
                    *[Option(orphan_row(o), id=str(i)) for i, o in enumerate(self.orphans)],
                    id="orphan-list",
                )
                yield Static(
                    "enter opens the article where it was · a attaches it to the passage "
                    f"open now ({printable(str(self.current or 'none'))}) · esc closes",
                    markup=False,
                    classes="dim",
                )
            else:
                yield Static("None: every annotation found its passage.", markup=False)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.orphans[event.option_index])

    def action_attach(self) -> None:
        """Re-attach the highlighted orphan to the open passage (same article only)."""
        if not self.orphans:
            return
        index = self.query_one(OptionList).highlighted
        orphan = self.orphans[index or 0]
        article = self.current.article if self.current else None
        if not orphan.annotation:
            self.notify("this entry is not an annotation file to re-attach", severity="warning")
        elif article != orphan.article:
            self.notify(
                f"open a passage of {printable(orphan.article)} first (enter opens it), "
                "then o and a",
                severity="warning",
            )
        else:
            self.dismiss(Reattach(orphan))

    def action_close(self) -> None:
        self.dismiss(None)
