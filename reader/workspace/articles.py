"""Finding one article by id without listing the corpus, and keeping recent files parsed."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from reader.corpus import SUFFIXES, SourceFile, read_source
from reader.errors import WorkspaceError
from reader.ids import id_problem
from reader.model import Article
from reader.paths import is_inside

PARSED_FILES_KEPT = 16  # corpus files whose articles `ArticleFinder` keeps parsed

Stamp = tuple[int, int, int]


class ArticleFinder:
    """Reads articles of one corpus folder by id; a file is parsed again only when its
    size, mtime or inode changed (a `.jsonl` can be big)."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus
        self._parsed: dict[Path, tuple[Stamp, list[Article]]] = {}
        self._lock = threading.Lock()

    def article(self, article_id: str) -> Article:
        """The article as the file has it (no user metadata); WorkspaceError if none."""
        for source, line_id, stamp in self.candidates(article_id):
            for article in self._read_cached(source, stamp):
                if article.id == article_id:
                    return replace(article, passages=list(article.passages))
            if line_id is None:
                break
        raise WorkspaceError(f"no article {article_id!r} in {self.corpus}")

    def source_of(self, article_id: str) -> SourceFile | None:
        """The file that holds `article_id` (the first candidate), or None."""
        try:
            found = self.candidates(article_id)
        except WorkspaceError:
            return None
        return found[0][0] if found else None

    def candidates(self, article_id: str) -> list[tuple[SourceFile, str | None, Stamp]]:
        """Files that may hold `article_id`: `id.txt`/`id.md`, or a `.jsonl` up the path."""
        problem = id_problem(article_id)
        if problem is not None:
            raise WorkspaceError(f"not an article id: {article_id!r} ({problem})")
        parts = article_id.split("/")
        found: list[tuple[SourceFile, str | None, Stamp]] = []
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

    def _read_cached(self, source: SourceFile, stamp: Stamp) -> list[Article]:
        """The articles of `source`, parsed again only when its stamp changed (a `.jsonl`
        beside a folder of its name is never kept: files there can shadow it)."""
        with self._lock:
            cached = self._parsed.get(source.path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        articles, _ = read_source(source)
        if source.path.with_suffix("").is_dir():  # `feed/` may shadow lines of `feed.jsonl`
            return articles
        with self._lock:
            self._parsed.pop(source.path, None)
            self._parsed[source.path] = (stamp, articles)
            while len(self._parsed) > PARSED_FILES_KEPT:
                del self._parsed[next(iter(self._parsed))]
        return articles
