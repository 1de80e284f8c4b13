"""Command palette providers: the app's commands, and jumps to a tag or an article."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.textnorm import printable

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


class JumpProvider(Provider):
    """`tag: X` runs the search for tag X; `article: Y` opens article Y."""

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    async def startup(self) -> None:
        screen = self.reader.main_screen()
        self.tags = sorted(screen.state.tag_counts) if screen else []
        self.articles = await self.reader.article_ids()

    def _entries(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        screen = self.reader.main_screen()
        if screen is None:
            return
        for tag in self.tags:
            yield f"tag: {printable(tag)}", partial(screen.search_for, f'tag:"{tag}"'), "search"
        for article in self.articles:
            yield f"article: {printable(article)}", partial(screen.open_article, article), "open"

    async def discover(self) -> Hits:
        for title, callback, what in list(self._entries())[:20]:
            yield DiscoveryHit(Content(title), callback, text=title, help=what)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, what in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=what)
