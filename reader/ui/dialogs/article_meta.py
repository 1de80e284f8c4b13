"""The article dialog: set the date, title and source an article is shown with.

What the user sets is stored with the annotations (shared like them); an empty field
clears the user's value, so the file's own value shows again. A date that is not one keeps
the dialog open with the reason under the field and everything typed still there. Titles
and sources come from files: shown with control characters escaped, and saved with the
original characters wherever the user did not edit (`safe_edit.restore`).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from reader.dates import PartialDate
from reader.model import Article
from reader.textnorm import printable
from reader.ui.safe_edit import for_edit, restore

FIELDS = ("date", "title", "source")


class ArticleMetaDialog(ModalScreen[dict[str, str] | None]):
    """Dismisses with the fields the user changed (name -> text), or None on escape."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("tab", "app.focus_next", "Next field", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False),
    ]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article
        self.before = {
            "date": str(article.date) if article.date else "",
            "title": article.title or "",
            "source": article.source or "",
        }

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Article {printable(self.article.id)}"), classes="dialog-title")
            for name in FIELDS:
                placeholder = "YYYY, YYYY-MM or YYYY-MM-DD" if name == "date" else name
                yield Input(
                    for_edit(self.before[name], one_line=True),
                    placeholder=placeholder,
                    id=f"meta-{name}",
                    select_on_focus=False,
                )
                yield Static("", id=f"meta-{name}-error", markup=False, classes="field-error")
            yield Static(
                "enter on the last field or ctrl+s saves · empty clears · esc cancels",
                markup=False,
                classes="dim",
            )

    def on_mount(self) -> None:
        for error in self.query(".field-error"):
            error.display = False

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == f"meta-{FIELDS[-1]}":
            self.action_save()
        else:
            self.focus_next()

    def values(self) -> dict[str, str]:
        """What each field holds, with the original characters where they were kept."""
        found = {}
        for name in FIELDS:
            edited = self.query_one(f"#meta-{name}", Input).value.strip()
            found[name] = restore(edited, self.before[name], one_line=True)
        return found

    def action_save(self) -> None:
        values = self.values()
        date = values["date"]
        error = self.query_one("#meta-date-error", Static)
        if date and PartialDate.parse(date) is None:
            error.update(Text(f"not a date: {printable(date)} (YYYY, YYYY-MM or YYYY-MM-DD)"))
            error.display = True
            self.query_one("#meta-date", Input).focus()
            return
        error.display = False
        self.dismiss({k: v for k, v in values.items() if v != self.before[k]})

    def action_cancel(self) -> None:
        self.dismiss(None)
