"""The results list: one row per matched passage, moved with j/k or the arrows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model import Hit
from reader.refs import PassageRef
from reader.ui.render import hit_row


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

    def show(
        self,
        hits: Sequence[Hit],
        tags: Mapping[PassageRef, Sequence[str]] | None = None,
        keep: PassageRef | None = None,
    ) -> None:
        """Replace the rows; keep the cursor on the passage `keep` when it is still there."""
        self.hits = list(hits)
        tags = tags or {}
        self.set_options(
            [Option(hit_row(h, tags.get(h.ref)), id=f"{i}") for i, h in enumerate(self.hits)]
        )
        refs = [h.ref for h in self.hits]
        if keep in refs:
            self.highlighted = refs.index(keep)
        elif self.hits:
            self.highlighted = 0

    def retag(self, ref: PassageRef, tags: Sequence[str]) -> None:
        """Re-render the rows of one passage with its new tags."""
        for i, hit in enumerate(self.hits):
            if hit.ref == ref:
                self.replace_option_prompt_at_index(i, hit_row(hit, tags))

    @property
    def current(self) -> Hit | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.hits):
            return None
        return self.hits[self.highlighted]

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.hits):
            self.post_message(self.Opened(self.hits[event.option_index]))
