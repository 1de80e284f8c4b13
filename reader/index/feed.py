"""What the index needs from the corpus and its annotations, as a protocol.

The index never imports the workspace: the workspace passes an object with these methods
(`reader.workspace.feed.WorkspaceFeed`). Worker processes of a parallel build get the same
object pickled, so an implementation must be picklable and cheap to send (paths, not data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from reader.corpus import SourceFile
from reader.model import Article, CorpusWarning

if TYPE_CHECKING:  # only indexing needs it (start-up time of `reader search`)
    from reader.records import PassageAnnotations

AnnotatedArticle = tuple[Article, "dict[int, PassageAnnotations]"]
"""An article (with the metadata a user set) and what annotates each passage, by number."""


class DocumentFeed(Protocol):
    """The corpus's files and annotations, as the index reads them."""

    def sources(self) -> list[SourceFile]:
        """Every article file of the corpus (unreadable ones with their `problem`)."""
        ...

    def source_of(self, article_id: str) -> SourceFile | None:
        """The file that holds `article_id`, found without listing the whole corpus."""
        ...

    def annotation_tokens(self) -> dict[str, str]:
        """Article id -> a token that changes whenever its annotation files change."""
        ...

    def annotation_token(self, article_id: str) -> str | None:
        """`annotation_tokens()[article_id]`, from one folder's listing."""
        ...

    def file_tokens(self, annotations: dict[str, str | None]) -> dict[str, str | None]:
        """The freshness tokens of corpus files (by key: id and suffix, `a/b.txt`) from
        their annotations' tokens, with anything else that changes how their articles are
        indexed (the source patterns of `sources.yaml`) folded in."""
        ...

    def read(
        self, source: SourceFile, raw: bytes | None
    ) -> tuple[list[AnnotatedArticle], list[CorpusWarning]]:
        """The articles of one file (`raw`: its bytes, if read already) and the warnings."""
        ...

    def read_article(self, article_id: str) -> tuple[AnnotatedArticle, list[CorpusWarning]]:
        """One article as it is on disk now, with its annotations, and the warnings (its
        annotation files that cannot be read are `hidden` warnings)."""
        ...
