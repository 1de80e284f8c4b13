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
    from reader.annotations.sources import SourceRules
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
        self._sources: tuple[list[int] | None, SourceRules, str | None] | None = None

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
        `sources_problem`); re-read when the file changes."""
        from reader.annotations.shared_yaml import SharedFileError, stamp_of
        from reader.annotations.sources import SourceRules, read_sources, sources_path

        stamp = stamp_of(sources_path(self.annotations))
        if self._sources is None or self._sources[0] != stamp:
            try:
                rules, problem = read_sources(self.annotations), None
            except SharedFileError as exc:
                rules, problem = SourceRules(), f"{exc}; source patterns not used"
            self._sources = (stamp, rules, problem)
        return self._sources[1]

    @property
    def sources_problem(self) -> str | None:
        """What is wrong with `sources.yaml`, if anything."""
        self.source_rules()
        return self._sources[2] if self._sources else None

    def source_token(self, file_key: str, annotations: str | None) -> str | None:
        """A corpus file's freshness token for the index (`file_key`: its id and suffix):
        its annotations' token, and what the source patterns give its articles (so a change
        of the patterns re-reads the files it concerns)."""
        file_id, _, suffix = file_key.rpartition(".")
        part = self.source_rules().file_part(file_id, suffix == "jsonl")
        return f"{annotations or ''}|{part}" if part else annotations

    def set_source_pattern(self, pattern: str, source: str) -> None:
        """Give the articles whose ids fit `pattern` a source ('' removes the pattern)."""
        from reader.annotations.sources import set_source

        set_source(self.annotations, pattern, source)

    def annotation_fingerprints(self) -> dict[str, str]:
        """Article id -> a token of its annotation files (one walk, no file read, nothing
        heavy imported: the index's freshness check)."""
        from reader.annotations.fingerprints import fingerprints

        return fingerprints(self.annotations)

    def variants(self) -> tuple[list[list[str]], str | None]:
        """The spelling-variant groups (`annotations/variants.yaml`) and, when the file
        is invalid, what is wrong with it (the groups are then empty)."""
        from reader.annotations.shared_yaml import SharedFileError, cache_name
        from reader.annotations.variants import read_variants

        try:
            return read_variants(self.annotations, cache_name(self.index_dir, "variants")), None
        except SharedFileError as exc:
            return [], f"{exc}; spelling variants not used"

    def suggest_variants(self, min_count: int = 2) -> list:
        """Groups of names the corpus spells several ways, not yet in `variants.yaml`
        (see `reader.index.suggest`)."""
        from reader.index.suggest import suggest

        articles, _ = self.read_all()
        texts = (p.text for a in articles for p in a.passages if p.duplicate_of is None)
        return suggest(texts, self.variants()[0], min_count)

    def add_variant_group(self, words: list[str]) -> list[str]:
        """Add a group of spellings to `variants.yaml` (merged with groups sharing a
        member); returns the group as written. For the command line and the palette."""
        from reader.annotations.variants import add_group

        return add_group(self.annotations, words)

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
        self,
        query: str,
        *,
        limit: int | None = 50,
        sort: str = "relevance",
        collapse: bool = True,
    ) -> SearchResults:
        """Passages matching `query` (Whoosh syntax plus our fields); QueryError if malformed.

        `sort` is "relevance" or "date" (newest first, undated last). Spelling variants
        apply; copies of one passage in several articles are one hit unless `collapse` is
        False. A problem with `variants.yaml` is in `warnings`.
        """
        groups, problem = self.variants()
        results = self.index.search(
            query, limit=limit, sort=sort, variants=groups, collapse=collapse
        )
        if problem:
            results.warnings = (*results.warnings, problem)
        return results

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
