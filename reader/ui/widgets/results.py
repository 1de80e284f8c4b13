"""The results list: one row per matched passage, moved with j/k or the arrows (no wrap)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model import Hit
from reader.refs import PassageRef
from reader.ui.render import SNIPPET, hit_row


class ResultsList(OptionList):
    """Matched passages; posts `Opened` on enter or click, `Highlighted` as the cursor moves."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Opened(Message):
        """Open this hit in the reading pane."""

        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[Hit] = []
        self.labels: Mapping[str, str] = {}
        self.tags: dict[PassageRef, Sequence[str]] = {}
        self.limit = SNIPPET

    def show(
        self,
        hits: Sequence[Hit],
        tags: Mapping[PassageRef, Sequence[str]] | None = None,
        keep: PassageRef | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """Replace the rows; keep the cursor on the passage `keep` when it is still there.
        `labels` name untitled articles by their first words."""
        self.hits = list(hits)
        self.labels = dict(labels or {})
        self.tags = dict(tags or {})
        self.set_options(
            [Option(self.row(h, self.tags.get(h.ref)), id=f"{i}") for i, h in enumerate(hits)]
        )
        refs = [h.ref for h in self.hits]
        if keep in refs:
            self.highlighted = refs.index(keep)
        elif self.hits:
            self.highlighted = 0

    def row(self, hit: Hit, tags: Sequence[str] | None) -> Text:
        return hit_row(hit, tags, self.labels.get(hit.article), self.limit)

    def redraw(self, *, limit: int | None = None, labels: Mapping[str, str] | None = None) -> None:
        """Draw the rows again: with at most `limit` characters of each passage (the compact
        layout's rows are shorter), or with new `labels` for untitled articles."""
        self.limit = self.limit if limit is None else limit
        self.labels = self.labels if labels is None else dict(labels)
        for i, hit in enumerate(self.hits):
            self.replace_option_prompt_at_index(i, self.row(hit, self.tags.get(hit.ref)))

    def retag(self, ref: PassageRef, tags: Sequence[str]) -> None:
        """Re-render the rows of one passage with its new tags."""
        for i, hit in enumerate(self.hits):
            if hit.ref == ref:
                self.tags[ref] = tags
                self.replace_option_prompt_at_index(i, self.row(hit, tags))

    def watch_show_vertical_scrollbar(self) -> None:
        """The scroll bar coming or going narrows the rows: measure them again (OptionList
        measures them again only when its own size changes)."""
        self._clear_caches()

    def step(self, step: int) -> None:
        """Move the cursor `step` rows (no wrapping past either end)."""
        if not self.hits:
            return
        at = 0 if self.highlighted is None else self.highlighted + step
        self.highlighted = max(0, min(len(self.hits) - 1, at))

    def action_cursor_down(self) -> None:
        self.step(1)

    def action_cursor_up(self) -> None:
        self.step(-1)

    @property
    def current(self) -> Hit | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.hits):
            return None
        return self.hits[self.highlighted]

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.hits):
            self.post_message(self.Opened(self.hits[event.option_index]))
