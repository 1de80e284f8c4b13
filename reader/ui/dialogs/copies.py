"""The other copies of a passage (`a`): the articles that carry it word for word or nearly.

Search lists a passage that several articles carry once, as its earliest copy, and names
the others in the hit's `also_in` ("also in 2" on the row). This dialog lists them
(date, source or title, id), earliest first; enter opens the chosen one at its passage.
An untitled article is named by its first words, read in a thread worker once the list
shows (as the results do).
When the passage open is itself one of the other copies, the list holds the rest of its
group, the hit shown in the results among them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.model import AlsoIn, Hit
from reader.refs import PassageRef
from reader.ui import jobs
from reader.ui import messages as msg
from reader.ui.render import date_label, safe
from reader.workspace import Workspace


def earliest_first(copy: AlsoIn) -> tuple[bool, int, str, int]:
    """Dated copies by date, undated last, then by article and passage (as search does)."""
    day = copy.date.bounds()[0] if copy.date is not None else 0
    return (copy.date is None, day, copy.article, copy.passage)


def other_copies(hits: Sequence[Hit], ref: PassageRef) -> list[AlsoIn]:
    """The copies of passage `ref` in other places, earliest first, from the hits: the
    `also_in` of the hit that is `ref`, or the rest of the group of a hit `ref` is a
    copy of ([] when `ref` is in no group among the hits)."""
    for hit in hits:
        if hit.ref == ref:
            return list(hit.also_in)
    for hit in hits:
        if any(copy.ref == ref for copy in hit.also_in):
            shown = AlsoIn(hit.article, hit.passage, hit.date, hit.source, hit.title)
            rest = [c for c in (shown, *hit.also_in) if c.ref != ref]
            return sorted(rest, key=earliest_first)
    return []


def copy_row(copy: AlsoIn, label: str | None = None) -> Text:
    """`2023-04-27  TASS · title  003_f2d72971b5166248#6`: date, source, title (or an
    untitled article's first words, `label`), then the passage's id."""
    text = Text(f"{date_label(copy.date):<10}", style="bold" if copy.date else "dim italic")
    if copy.source:
        text.append("  " + safe(copy.source))
    if copy.title:
        text.append(("  · " if copy.source else "  ") + safe(copy.title), style="bold")
    elif label:
        text.append(("  · " if copy.source else "  ") + safe(label), style="italic")
    text.append("  " + safe(copy.ref), style="dim")
    return text


class CopiesDialog(ModalScreen[AlsoIn | None]):
    """Lists the other copies of `ref`; dismisses with the one chosen, or None."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(
        self,
        ref: PassageRef,
        copies: Sequence[AlsoIn],
        labels: Mapping[str, str] | None = None,
        workspace: Workspace | None = None,
    ) -> None:
        super().__init__()
        self.ref = ref
        self.copies = list(copies)
        self.labels = dict(labels or {})
        self.ws = workspace

    def compose(self) -> ComposeResult:
        articles = len({c.article for c in self.copies})
        noun = "article" if articles == 1 else "articles"
        with Vertical(classes="dialog help-dialog"):
            yield Label(
                Text(f"{safe(self.ref)} is also in {articles} {noun}, earliest first"),
                classes="dialog-title",
            )
            yield OptionList(
                *[Option(copy_row(c, self.labels.get(c.article))) for c in self.copies],
                id="copies-list",
            )
            yield Static(
                "enter opens the copy at its passage · esc closes", markup=False, classes="dim"
            )

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.highlighted = 0
        listing.focus()
        unnamed = {c.article for c in self.copies if not c.title} - set(self.labels)
        if unnamed and self.ws is not None:
            self.read_labels(self.ws, unnamed)

    @work(thread=True, exclusive=True, group="copy-labels")
    def read_labels(self, ws: Workspace, articles: set[str]) -> None:
        found = jobs.labels(ws, articles)
        if isinstance(found, msg.Labels):
            self.app.call_from_thread(self._labelled, found.labels)

    def _labelled(self, found: Mapping[str, str]) -> None:
        """Name the untitled copies by their first words."""
        if not self.is_attached:
            return
        self.labels.update(found)
        listing = self.query_one(OptionList)
        for index, copy in enumerate(self.copies):
            listing.replace_option_prompt_at_index(
                index, copy_row(copy, self.labels.get(copy.article))
            )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.copies[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
