"""Selecting a span of the open passage (`v`): the main screen's side of it.

The `Selection` itself (sentences, words) is plain (`reader.ui.selection`) and kept in the
screen's `MainState`; the reading pane shows it and posts the keys; `t`, `n` and the
codebook keys apply to it (`PassageEditor` asks `MainState.target_span`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.ui.selection import Selection
from reader.ui.widgets.reading_pane import ReadingPane

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen


class Selector:
    """Starts, moves, shows and ends the selection of one main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def start(self) -> None:
        """Select the open passage's first sentence and give the pane the focus."""
        screen = self.screen
        target = screen.editor.target()
        if target is None:
            return
        article, ref = target
        text = article.passages[ref.number - 1].text
        screen.state.selection = Selection.first_sentence(ref, text)
        self.show()
        screen.query_one(ReadingPane).focus()

    def step(self, how: str) -> None:
        """One of the selection keys (`done`: leave the selection)."""
        selection = self.screen.state.selection
        if selection is None:
            return
        if how == "done":
            self.end()
            return
        self.screen.state.selection = selection.moved(how)
        self.show()

    def show(self) -> None:
        screen = self.screen
        selection = screen.state.selection
        pane = screen.query_one(ReadingPane)
        if selection is None:
            pane.select(None, None)
        else:
            pane.select(selection.ref.number, selection.span)
        screen.show_info()

    def keep(self) -> None:
        """After the open article was read again: show the selection again if its passage
        reads the same, else leave it."""
        state = self.screen.state
        selection, article = state.selection, state.article
        if selection is None:
            return
        number = selection.ref.number
        same = (
            article is not None
            and article.id == selection.ref.article
            and 1 <= number <= len(article.passages)
            and article.passages[number - 1].text == selection.text
        )
        if same:
            self.show()
        else:
            self.end()

    def end(self) -> None:
        if self.screen.state.selection is not None:
            self.screen.state.selection = None
            self.show()
