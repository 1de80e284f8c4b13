"""Command palette providers: the app's commands, and jumps to a tag or an article.

Tags and article ids come from files: the palette shows them as plain `Content` (made
printable), and the match is highlighted on that plain text: markup in data (a file named
`[bold red]x.txt`, a tag `[@click=app.quit]clk[/]`) is never parsed. The palette reads a
hit's help as markup, so data there is escaped first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from reader.tagnames import tag_key
from reader.textnorm import printable

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

DISCOVERY = 20


def plain_highlight(matcher: Matcher, text: str) -> Content:
    """`text` as plain content with the characters the query matched styled."""
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class JumpProvider(Provider):
    """`tag: X` runs the search for tag X (codebook codes too); `article: Y` opens Y."""

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    async def startup(self) -> None:
        screen = self.reader.main_screen()
        tags = dict.fromkeys(screen.state.tag_counts) if screen else {}
        tags.update(dict.fromkeys(screen.state.codebook if screen else ()))
        self.tags = sorted(tags, key=tag_key)
        self.labels: dict[str, str] = dict(screen.state.labels) if screen else {}
        self.articles = await self.reader.article_ids()

    def _entries(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        screen = self.reader.main_screen()
        if screen is None:
            return
        for tag in self.tags:
            yield f"tag: {printable(tag)}", partial(screen.search_for, f'tag:"{tag}"'), "search"
        for article in self.articles:
            label = self.labels.get(article)
            what = f"open · {escape(printable(label))}" if label else "open"  # help is markup
            yield f"article: {printable(article)}", partial(screen.open_article, article), what

    async def discover(self) -> Hits:
        for title, callback, what in list(self._entries())[:DISCOVERY]:
            yield DiscoveryHit(Content(title), callback, text=title, help=what)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, what in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, plain_highlight(matcher, title), callback, text=title, help=what)
