"""The workspace: one corpus, its annotations and its index, as the CLI and the app see them.

This is the core's front door. It never imports Textual; the UI and the command line call it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from reader.corpus import SUFFIXES, SourceFile, discover, read_source
from reader.model import (
    Article,
    CorpusWarning,
    IndexSummary,
    Passage,
    SearchResults,
    parse_ref,
)
from reader.paths import default_annotations, index_dir_for, is_inside

if TYPE_CHECKING:
    from reader.annotations.store import AnnotationStore
    from reader.index import PassageIndex


PARSED_FILES_KEPT = 16  # corpus files whose articles `Workspace.article` keeps parsed


class WorkspaceError(Exception):
    """A user-facing problem (unknown article, bad reference): the message says what."""


class Workspace:
    """A corpus folder with its annotations folder and its index cache."""

    def __init__(
        self,
        corpus: Path,
        annotations: Path | None = None,
        index_dir: Path | None = None,
    ) -> None:
        self.corpus = Path(os.path.abspath(corpus))
        if not self.corpus.is_dir():
            raise WorkspaceError(f"corpus folder not found: {corpus}")
        self.annotations = Path(os.path.abspath(annotations or default_annotations(self.corpus)))
        self.index_dir = Path(os.path.abspath(index_dir_for(self.corpus, index_dir)))
        # `article` re-reads a file only when its stat changed (a .jsonl can be big).
        self._parsed: dict[Path, tuple[tuple[int, int, int], list[Article]]] = {}
        self._parsed_lock = threading.Lock()

    def sources(self) -> list[SourceFile]:
        """The corpus's article files, sorted by id."""
        return discover(self.corpus, skip=self.annotations)

    @cached_property
    def store(self) -> AnnotationStore:
        """The annotation store (YAML files, the truth)."""
        from reader.annotations.store import AnnotationStore

        return AnnotationStore(self.annotations, resolve=self.article)

    @cached_property
    def index(self) -> PassageIndex:
        """The passage index (a cache; rebuilt when missing, corrupt or outdated)."""
        from reader.index import PassageIndex

        return PassageIndex(self.index_dir)

    def article(self, article_id: str) -> Article:
        """Read one article by id, with the metadata a user set applied."""
        for source, line_id, stamp in self._candidates(article_id):
            for article in self._read_cached(source, stamp):
                if article.id == article_id:
                    return self.with_meta(replace(article, passages=list(article.passages)))
            if line_id is None:
                break
        raise WorkspaceError(f"no article {article_id!r} in {self.corpus}")

    def passage(self, ref: str) -> tuple[Article, Passage]:
        """The article and passage named by `ARTICLE#N`."""
        try:
            article_id, number = parse_ref(ref)
        except ValueError as exc:
            raise WorkspaceError(str(exc)) from None
        article = self.article(article_id)
        try:
            return article, article.passage(number)
        except KeyError as exc:
            raise WorkspaceError(exc.args[0]) from None

    def with_meta(self, article: Article) -> Article:
        """The article with the date, title and source a user set (stored with annotations)."""
        meta = self.store.article_meta(article.id)
        if meta is None:
            return article
        return replace(
            article,
            date=meta.date or article.date,
            title=meta.title or article.title,
            source=meta.source or article.source,
        )

    def read_all(self) -> tuple[list[Article], list[CorpusWarning]]:
        """Every article of the corpus (metadata applied) and the warnings met on the way."""
        articles: list[Article] = []
        warnings: list[CorpusWarning] = []
        for source in self.sources():
            found, warned = read_source(source)
            articles.extend(self.with_meta(a) for a in found)
            warnings.extend(warned)
        return articles, warnings

    # -- the index (implemented in reader.index; see its docstrings) ----------------------

    def update_index(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> IndexSummary:
        """Bring the index up to date with the corpus and annotations (incremental).

        `progress(done, total)` is called as files are read; `cancelled()` is polled and
        stops the update early (what was done is kept). Raises IndexBusyError.
        """
        return self.index.update(self, progress=progress, cancelled=cancelled)

    def search(
        self, query: str, *, limit: int | None = 50, sort: str = "relevance"
    ) -> SearchResults:
        """Passages matching `query` (Whoosh syntax plus our fields); QueryError if malformed.

        `sort` is "relevance" or "date" (newest first, undated last).
        """
        return self.index.search(query, limit=limit, sort=sort)

    def reindex_article(self, article_id: str) -> None:
        """Re-index one article at once (after its tags or notes changed)."""
        self.index.reindex_article(self, article_id)

    def _read_cached(self, source: SourceFile, stamp: tuple[int, int, int]) -> list[Article]:
        """The articles of `source`, parsed again only when its size, mtime or inode changed
        (a `.jsonl` beside a folder of its name is never kept: files there can shadow it)."""
        with self._parsed_lock:
            cached = self._parsed.get(source.path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        articles, _ = read_source(source)
        if source.path.with_suffix("").is_dir():  # `feed/` may shadow lines of `feed.jsonl`
            return articles
        with self._parsed_lock:
            self._parsed.pop(source.path, None)
            self._parsed[source.path] = (stamp, articles)
            while len(self._parsed) > PARSED_FILES_KEPT:
                del self._parsed[next(iter(self._parsed))]
        return articles

    def _candidates(self, article_id: str) -> list[tuple[SourceFile, str | None, tuple]]:
        """Files that may hold `article_id`: `id.txt`/`id.md`, or a `.jsonl` up the path."""
        parts = article_id.split("/")
        if not article_id or any(p in ("", ".", "..") for p in parts) or "\\" in article_id:
            raise WorkspaceError(f"not an article id: {article_id!r}")
        found: list[tuple[SourceFile, str | None, tuple]] = []
        for cut in range(len(parts), 0, -1):
            stem = self.corpus.joinpath(*parts[:cut])
            line_id = "/".join(parts[cut:]) or None
            suffixes = SUFFIXES[:2] if line_id is None else (".jsonl",)
            for suffix in suffixes:
                path = stem.with_name(stem.name + suffix)
                if path.is_file() and is_inside(path, self.corpus):
                    stat = path.stat()
                    source_id = "/".join(parts[:cut])
                    source = SourceFile(path, source_id, stat.st_size, stat.st_mtime_ns)
                    found.append((source, line_id, (stat.st_size, stat.st_mtime_ns, stat.st_ino)))
        return found
