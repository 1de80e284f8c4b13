"""Messages the workers post back to the main screen (post_message is thread-safe)."""

from __future__ import annotations

from textual.message import Message

from reader.model import Article, IndexSummary, PassageAnnotations, SearchResults


class IndexProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class IndexDone(Message):
    def __init__(self, summary: IndexSummary | None, error: str | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.error = error


class SearchDone(Message):
    """The results of search number `seq` (an older one is dropped), or its error."""

    def __init__(
        self, seq: int, query: str, results: SearchResults | None, error: str | None = None
    ) -> None:
        super().__init__()
        self.seq = seq
        self.query = query
        self.results = results
        self.error = error


class ArticleLoaded(Message):
    """An article and its passages' annotations, read for passage `number`."""

    def __init__(
        self,
        article: Article | None,
        annotations: dict[int, PassageAnnotations],
        number: int | None,
        error: str | None = None,
    ) -> None:
        super().__init__()
        self.article = article
        self.annotations = annotations
        self.number = number
        self.error = error


class FilesChanged(Message):
    """Articles or annotation files changed on disk since the last look."""


class TagCounts(Message):
    def __init__(self, counts: dict[str, int], codebook: dict[str, object]) -> None:
        super().__init__()
        self.counts = counts
        self.codebook = codebook


class OrphansFound(Message):
    def __init__(self, orphans: list) -> None:
        super().__init__()
        self.orphans = orphans


class Reindexed(Message):
    """One article was re-indexed after a write; `refresh` asks for the results again."""

    def __init__(self, article_id: str, refresh: bool) -> None:
        super().__init__()
        self.article_id = article_id
        self.refresh = refresh
