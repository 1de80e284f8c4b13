"""The workspace's side of the index's `DocumentFeed`: corpus files with their annotations.

Picklable (paths only) so that the index's worker processes get their own copy: in a
worker, the store and the article finder are made afresh on first use.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.corpus import SourceFile, discover, read_source
from reader.model import Article, CorpusWarning
from reader.workspace.articles import ArticleFinder

if TYPE_CHECKING:  # the index package imports Whoosh: not for `reader --help`
    from reader.annotations.sources import SourceRules
    from reader.annotations.store import AnnotationStore
    from reader.index.feed import AnnotatedArticle


class WorkspaceFeed:
    """Corpus files and their annotations, read as the index wants them."""

    def __init__(self, corpus: Path, annotations: Path) -> None:
        self.corpus = corpus
        self.annotations = annotations

    @cached_property
    def store(self) -> AnnotationStore:
        from reader.annotations.store import AnnotationStore  # the YAML machinery: on use

        return AnnotationStore(self.annotations, resolve=self.article)

    @cached_property
    def finder(self) -> ArticleFinder:
        return ArticleFinder(self.corpus)

    def __getstate__(self) -> dict[str, Any]:
        return {"corpus": self.corpus, "annotations": self.annotations}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    # -- the DocumentFeed protocol ---------------------------------------------------------

    def sources(self) -> list[SourceFile]:
        return discover(self.corpus, skip=self.annotations)

    def source_of(self, article_id: str) -> SourceFile | None:
        return self.finder.source_of(article_id)

    def annotation_tokens(self) -> dict[str, str]:
        from reader.annotations.fingerprints import fingerprints  # no YAML: start-up time

        return fingerprints(self.annotations)

    def annotation_token(self, article_id: str) -> str | None:
        return self.store.fingerprint(article_id)

    def file_tokens(self, annotations: dict[str, str | None]) -> dict[str, str | None]:
        rules = self.source_rules()
        if not rules:
            return annotations
        tokens = {}
        for key, token in annotations.items():
            file_id, _, suffix = key.rpartition(".")
            part = rules.file_part(file_id, suffix == "jsonl")
            tokens[key] = f"{token or ''}|{part}" if part else token
        return tokens

    def read(
        self, source: SourceFile, raw: bytes | None
    ) -> tuple[list[AnnotatedArticle], list[CorpusWarning]]:
        articles, warnings = read_source(source, raw)
        found = []
        for article in articles:
            article = self.with_meta(article)
            found.append((article, self.store.passage_annotations(article)))
            warnings.extend(self._hidden(article.id))
        return found, warnings

    def read_article(self, article_id: str) -> tuple[AnnotatedArticle, list[CorpusWarning]]:
        article = self.article(article_id)
        notes = self.store.passage_annotations(article)
        return (article, notes), self._hidden(article_id)

    def _hidden(self, article_id: str) -> list[CorpusWarning]:
        """An article's annotation files that cannot be read: left out of the index, and
        said so (`hidden` warnings)."""
        return [
            CorpusWarning(Path(e.path), e.message, e.line, hidden=True)
            for e in self.store.folder_errors(article_id)
        ]

    # -- articles with what users set ------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """One article by id, with the metadata a user set applied."""
        return self.with_meta(self.finder.article(article_id))

    def with_meta(self, article: Article) -> Article:
        """The article with the date, title and source a user set (stored with annotations),
        else the source `sources.yaml` gives its id."""
        meta = self.store.article_meta(article.id)
        source = (meta.source if meta else None) or article.source
        if source is None:
            source = self.source_rules().source_for(article.id)
        if meta is None:
            return article if source == article.source else replace(article, source=source)
        return replace(
            article,
            date=meta.date or article.date,
            title=meta.title or article.title,
            source=source,
        )

    def source_rules(self) -> SourceRules:
        """The patterns of `annotations/sources.yaml` (none while the file is invalid: see
        `sources_problem`); read again when the file changes."""
        from reader.annotations.shared_yaml import SharedFileError, stamp_of
        from reader.annotations.sources import SourceRules, read_sources, sources_path

        stamp = stamp_of(sources_path(self.annotations))
        kept = self.__dict__.get("_sources")
        if kept is None or kept[0] != stamp:
            try:
                rules, problem = read_sources(self.annotations), None
            except SharedFileError as exc:
                rules, problem = SourceRules(), f"{exc}; source patterns not used"
            kept = self.__dict__["_sources"] = (stamp, rules, problem)
        return kept[1]

    @property
    def sources_problem(self) -> str | None:
        """What is wrong with `sources.yaml`, if anything."""
        self.source_rules()
        problem: str | None = self.__dict__["_sources"][2]
        return problem
