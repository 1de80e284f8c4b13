"""The reading pane: the whole article, its current passage marked and scrolled into view.

`j`/`k` and the arrows here move between results as they do in the list (the pane follows,
posting `ResultStep`); while a span is being selected (`v`) the same keys pick the span,
posting `SelectStep`. The article's header (title, date, source, id) sits above the pane
(`ArticleHeader`), so that it stays in view however far the article scrolls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from reader.model import Article
from reader.records import PassageAnnotations, Span
from reader.ui.commands import bindings
from reader.ui.render import article_header, passage_body

SCROLL_CHECKS = 4  # refreshes after which the current passage is checked to be at the top


class ArticleHeader(Static):
    """The open article's title (or first words), date (or undated), source and id."""

    def __init__(self, **kwargs) -> None:
        super().__init__("Open a result (enter) to read its article here.", markup=False, **kwargs)

    def show(self, article: Article) -> None:
        self.update(article_header(article))


class PassageView(Static):
    """One passage of the open article."""

    def __init__(self, number: int, body: Text, **kwargs) -> None:
        super().__init__(body, markup=False, classes="passage", **kwargs)
        self.number = number

    def on_resize(self) -> None:
        """Re-wrapped text moves the passages below it: keep the current one in place."""
        if isinstance(self.parent, ReadingPane):
            self.parent.keep_in_view()


class ReadingPane(VerticalScroll, can_focus=True):
    """Shows one article; posts `ResultStep` on j/k, `SelectStep` while selecting."""

    BINDINGS = [
        *bindings("select"),
        Binding("j,down", "result(1)", "Next result", show=False),
        Binding("k,up", "result(-1)", "Previous result", show=False),
    ]

    class ResultStep(Message):
        """The user moved to the result `step` away from the current one."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class SelectStep(Message):
        """The user changed the selection: `how` is a `Selection` move or "done"."""

        def __init__(self, how: str) -> None:
            super().__init__()
            self.how = how

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.current: int | None = None
        self.matches: dict[int, Sequence[tuple[int, int]]] = {}
        self.annotations: dict[int, PassageAnnotations | None] = {}
        self.selection: tuple[int, Span] | None = None  # passage number, span

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The selection keys while selecting, the result keys otherwise."""
        if action == "select":
            return self.selection is not None
        if action == "result":
            return self.selection is None
        return True

    async def show(
        self,
        article: Article,
        annotations: Mapping[int, PassageAnnotations],
        current: int | None,
        matches: Mapping[int, Sequence[tuple[int, int]]] | None = None,
    ) -> None:
        """Show `article` with passage `current` marked and `matches` (number -> spans of
        the passage's text that matched the query) highlighted."""
        self.article = article
        self.matches = dict(matches or {})
        self.annotations = dict(annotations)
        self.selection = None
        self.current = current  # a `mark` while the views are made moves it
        await self.remove_children(PassageView)
        views = []
        for passage in article.passages:
            shown = annotations.get(passage.number)
            body = self.body(passage.number, shown)
            view = PassageView(passage.number, body, id=f"p{passage.number}")
            view.set_class(bool(shown and shown.tags), "-tagged")
            views.append(view)
        await self.mount_all(views)
        self.call_after_refresh(lambda: self.mark(self.current))

    def mark(self, number: int | None, checks: int = SCROLL_CHECKS) -> None:
        """Mark passage `number` as the current one and scroll it to the top of the pane
        (and keep it there while the text above it is still being wrapped)."""
        self.current = number
        for view in self.query(".-current").results(PassageView):  # one, not every passage
            if view.number != number:
                view.remove_class("-current")
        if number is not None:
            views = self.query(f"#p{number}")
            if views:
                views.first().add_class("-current")
                self.scroll_to_widget(views.first(), animate=False, top=True)
                if checks:
                    self.call_after_refresh(self._check_scroll, number, checks - 1)

    def keep_in_view(self) -> None:
        if self.current is not None:
            self.call_after_refresh(self._check_scroll, self.current, 1)

    def _check_scroll(self, number: int, checks: int) -> None:
        """Text above the passage may still be wrapping when it is first scrolled to: look
        again after the next refreshes, and scroll again if it moved."""
        views = self.query(f"#p{number}")
        if number != self.current or not views:
            return
        if self.scroll_offset.y != min(views.first().virtual_region.y, self.max_scroll_y):
            self.mark(number, checks)
        elif checks:
            self.call_after_refresh(self._check_scroll, number, checks - 1)

    def on_resize(self) -> None:
        """Keep the current passage in view when the pane changes width (and text re-wraps)."""
        if self.current is not None:
            self.call_after_refresh(self.mark, self.current)

    def watch_show_vertical_scrollbar(self) -> None:
        """The scroll bar coming or going re-wraps the text too."""
        self.on_resize()

    def annotate(self, number: int, annotations: PassageAnnotations | None) -> None:
        """Re-render one passage after its tags, notes or the selection changed."""
        if self.article is None or not 1 <= number <= len(self.article.passages):
            return
        body = self.body(number, annotations)
        for view in self.query(f"#p{number}").results(PassageView):
            view.update(body)
            view.set_class(bool(annotations and annotations.tags), "-tagged")

    def body(self, number: int, annotations: PassageAnnotations | None) -> Text:
        """Passage `number` as drawn: matches, annotated spans, the selection, tags."""
        assert self.article is not None
        self.annotations[number] = annotations
        text = self.article.passages[number - 1].text
        selected = self.selection[1] if self.selection and self.selection[0] == number else None
        return passage_body(number, text, annotations, self.matches.get(number, ()), selected)

    def select(self, number: int | None, span: Span | None) -> None:
        """Show `span` of passage `number` as selected (None: no selection)."""
        before = self.selection
        self.selection = (number, span) if number is not None and span is not None else None
        for changed in {before[0] if before else None, number}:
            if changed is not None:
                self.annotate(changed, self.annotations.get(changed))
        self.refresh_bindings()

    def action_result(self, step: int) -> None:
        self.post_message(self.ResultStep(step))

    def action_select(self, how: str) -> None:
        self.post_message(self.SelectStep(how))
