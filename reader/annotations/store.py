"""The annotation store (read-only placeholder; the annotations work replaces it)."""

from __future__ import annotations

from pathlib import Path

from reader.model import Article, ArticleMeta, PassageAnnotations


class AnnotationStore:
    """The YAML files under one annotations folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def passage_annotations(self, article: Article) -> dict[int, PassageAnnotations]:
        """What each passage of `article` shows (tags, notes, authors), keyed by number."""
        return {}

    def article_meta(self, article_id: str) -> ArticleMeta | None:
        """The date/title/source a user set for the article, if any."""
        return None

    def fingerprints(self) -> dict[str, str]:
        """Article id -> a token that changes whenever any of its annotation files change."""
        return {}
