"""Messages the workers post back to the main screen (post_message is thread-safe)."""

from __future__ import annotations

from textual.message import Message
from textual.notifications import SeverityLevel

from reader.annotations.codebook import CodebookEntry
from reader.gitshare import Change as GitChange
from reader.model import Article, IndexSummary, SearchResults
from reader.records import Orphan, PassageAnnotations
from reader.refs import PassageRef
from reader.ui.watch import Changes
from reader.ui.writer import Written


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
    """An article and its passages' annotations, read for passage `ref`."""

    def __init__(
        self,
        ref: PassageRef,
        article: Article | None,
        annotations: dict[int, PassageAnnotations],
        error: str | None = None,
    ) -> None:
        super().__init__()
        self.ref = ref
        self.article = article
        self.annotations = annotations
        self.error = error


class FilesChanged(Message):
    """Articles or annotation files changed on disk since the last look."""

    def __init__(self, changes: Changes) -> None:
        super().__init__()
        self.changes = changes


class TagCounts(Message):
    """Tags in use with their passage counts, the codebook, and unreadable files."""

    def __init__(
        self,
        counts: dict[str, int],
        codebook: dict[str, CodebookEntry],
        errors: list[str],
        error: str | None = None,
    ) -> None:
        super().__init__()
        self.counts = counts
        self.codebook = codebook
        self.errors = errors
        self.error = error


class OrphansFound(Message):
    def __init__(self, orphans: list[Orphan], error: str | None = None) -> None:
        super().__init__()
        self.orphans = orphans
        self.error = error


class NewsFound(Message):
    """The annotation changes since the last pull (or why they cannot be listed)."""

    def __init__(self, changes: list[GitChange], error: str | None = None) -> None:
        super().__init__()
        self.changes = changes
        self.error = error


class Notice(Message):
    """A line for the user from a worker (a warning, an error)."""

    def __init__(self, text: str, severity: SeverityLevel = "warning", timeout: float = 8) -> None:
        super().__init__()
        self.text = text
        self.severity = severity
        self.timeout = timeout


class WriteDone(Message):
    """A change the writer made (or could not make)."""

    def __init__(self, written: Written) -> None:
        super().__init__()
        self.written = written
