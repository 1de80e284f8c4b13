"""The current passage's reference, tags and notes."""

from __future__ import annotations

from textual.widgets import Static

from reader.records import PassageAnnotations
from reader.refs import PassageRef
from reader.ui.render import passage_info


class PassageInfo(Static):
    """Shows what annotates the current passage (text only, never markup)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(passage_info(None, None), markup=False, **kwargs)

    def show(self, ref: PassageRef | None, annotations: PassageAnnotations | None) -> None:
        self.update(passage_info(ref, annotations))
