"""The reading pane: the whole article, its current passage marked and scrolled into view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from reader.model import Article
from reader.records import PassageAnnotations
from reader.ui.render import article_header, passage_body


class PassageView(Static):
    """One passage of the open article."""

    def __init__(self, number: int, **kwargs) -> None:
        super().__init__(markup=False, classes="passage", **kwargs)
        self.number = number


class ReadingPane(VerticalScroll, can_focus=True):
    """Shows one article; posts `Moved` when the user walks its passages with j/k."""

    BINDINGS = [
        Binding("j,down", "step(1)", "Next ¶", show=False),
        Binding("k,up", "step(-1)", "Previous ¶", show=False),
    ]

    class Moved(Message):
        """The user moved to passage `step` away from the current one."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.current: int | None = None
        self.matches: dict[int, Sequence[tuple[int, int]]] = {}

    def compose(self):
        yield Static(
            "Open a result (enter) to read its article here.", id="article-header", markup=False
        )

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
        self.query_one("#article-header", Static).update(article_header(article))
        await self.remove_children(PassageView)
        views = []
        for passage in article.passages:
            view = PassageView(passage.number, id=f"p{passage.number}")
            spans = self.matches.get(passage.number, ())
            view.update(
                passage_body(passage.number, passage.text, annotations.get(passage.number), spans)
            )
            tagged = bool(annotations.get(passage.number) and annotations[passage.number].tags)
            view.set_class(tagged, "-tagged")
            views.append(view)
        await self.mount_all(views)
        self.current = None
        self.call_after_refresh(self.mark, current)

    def mark(self, number: int | None) -> None:
        """Mark passage `number` as the current one and scroll it into view."""
        self.current = number
        for view in self.query(".-current").results(PassageView):  # one, not every passage
            if view.number != number:
                view.remove_class("-current")
        if number is not None:
            views = self.query(f"#p{number}")
            if views:
                views.first().add_class("-current")
                self.scroll_to_widget(views.first(), animate=False, top=True)

    def on_resize(self) -> None:
        """Keep the current passage in view when the pane changes width (and text re-wraps)."""
        if self.current is not None:
            self.call_after_refresh(self.mark, self.current)

    def annotate(self, number: int, annotations: PassageAnnotations | None) -> None:
        """Re-render one passage after its tags or notes changed."""
        if self.article is None or not 1 <= number <= len(self.article.passages):
            return
        passage = self.article.passages[number - 1]
        for view in self.query(f"#p{number}").results(PassageView):
            view.update(
                passage_body(number, passage.text, annotations, self.matches.get(number, ()))
            )
            view.set_class(bool(annotations and annotations.tags), "-tagged")

    def action_step(self, step: int) -> None:
        self.post_message(self.Moved(step))
