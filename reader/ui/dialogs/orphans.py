"""The orphans list: annotations whose passage can no longer be found, with the reason."""

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

from reader.textnorm import printable


@dataclass(frozen=True)
class Orphan:
    """One orphaned annotation: where its file is, what it held, why it cannot be placed."""

    article: str
    path: str
    reason: str
    quote: str
    tags: tuple[str, ...]
    passage_hint: int | None


def orphan_from(article: str, path: str, data: dict, reason: str) -> Orphan:
    """Build an Orphan from the store's (path, mapping, reason)."""
    target = data.get("target") if isinstance(data.get("target"), dict) else {}
    quote = target.get("exact") or target.get("quote") or ""
    tags = tuple(t for t in data.get("tags") or [] if isinstance(t, str))
    hint = target.get("passage")
    return Orphan(article, path, reason, str(quote), tags, hint if isinstance(hint, int) else None)


def orphan_row(orphan: Orphan) -> Text:
    text = Text(printable(orphan.article), style="bold")
    text.append("  " + printable(orphan.reason), style="italic")
    if orphan.tags:
        text.append("  " + " ".join("#" + printable(t) for t in orphan.tags), style="magenta")
    quote = printable(orphan.quote.replace("\n", " "))
    text.append("\n  “" + (quote[:100] + "…" if len(quote) > 100 else quote) + "”")
    text.append("\n  " + printable(orphan.path), style="dim")
    return text


class OrphansDialog(ModalScreen[Orphan | None]):
    """Lists orphans; enter opens the chosen one's article near where it was."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, orphans: list[Orphan]) -> None:
        super().__init__()
        self.orphans = orphans

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Label(f"Orphaned annotations ({len(self.orphans)})", classes="dialog-title")
            if self.orphans:
                yield OptionList(
                    *[Option(orphan_row(o), id=str(i)) for i, o in enumerate(self.orphans)],
                    id="orphan-list",
                )
                yield Static(
                    "enter opens the article where it was; re-tag the passage there, then "
                    "`reader check` to review the old file · esc closes",
                    markup=False,
                    classes="dim",
                )
            else:
                yield Static("None: every annotation found its passage.", markup=False)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.orphans[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
