"""The article dialog: set the date, title and source an article is shown with.

What the user sets is stored with the annotations (shared like them); an empty field
clears the user's value, so the file's own value shows again.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from reader.model import Article
from reader.textnorm import printable

FIELDS = ("date", "title", "source")


class ArticleMetaDialog(ModalScreen[dict[str, str] | None]):
    """Dismisses with the fields the user changed (name -> text), or None on escape."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
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
                yield Input(self.before[name], placeholder=placeholder, id=f"meta-{name}")
            yield Static(
                "enter on the last field or ctrl+s saves · empty clears · esc cancels",
                markup=False,
                classes="dim",
            )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == f"meta-{FIELDS[-1]}":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        values = {name: self.query_one(f"#meta-{name}", Input).value.strip() for name in FIELDS}
        self.dismiss({k: v for k, v in values.items() if v != self.before[k]})

    def action_cancel(self) -> None:
        self.dismiss(None)
