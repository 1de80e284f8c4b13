"""Gathering the coded work for exports and reports: segments streamed, codings cached.

`segments` reads one annotated article at a time, with a store of its own that keeps
nothing once the article is done, so an export's memory does not grow with the number
of annotations. `codings` is what reports count; it is kept per article in
`<index folder>/coded.json`, reused while the article's annotation folder and corpus file
are unchanged (one walk of the annotations and a `stat` per file), so a second report
reads no annotation at all.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.annotations.store import AnnotationStore
from reader.dates import PartialDate
from reader.errors import WorkspaceError, first_line
from reader.export import Coded, Coding, CodingSet, Segment, Selection, split_names
from reader.fsio import atomic_write
from reader.model import Article
from reader.records import Author

if TYPE_CHECKING:
    from reader.workspace.workspace import Workspace

Progress = Callable[[int, int], None]
CACHE_NAME = "coded.json"
CACHE_VERSION = 1


def selection(ws: Workspace, query: str | None, authors: Sequence[str]) -> Selection:
    """The passages `query` matches (None: all) and the authors named (repeated or
    comma-separated). QueryError for a query that cannot be parsed."""
    refs = None
    if query is not None and query.strip():
        refs = frozenset(hit.ref for hit in ws.search(query, limit=None).hits)
    return Selection(refs, split_names(authors))


def segments(ws: Workspace, chosen: Selection, progress: Progress | None = None) -> Coded:
    """The selected segments, article by article (sorted), each article's by passage."""
    articles = ws.annotated_articles()
    if chosen.refs is not None:
        wanted = {ref.article for ref in chosen.refs}
        articles = [a for a in articles if a in wanted]
    left_out: list[str] = []
    return Coded(_stream(ws, articles, chosen, left_out, progress), left_out)


def _stream(
    ws: Workspace,
    articles: list[str],
    chosen: Selection,
    left_out: list[str],
    progress: Progress | None,
) -> Iterator[Segment]:
    for done, article_id in enumerate(articles, 1):
        for segment in article_segments(ws, article_id, left_out)[1]:
            if chosen.keeps(segment.annotation.author, segment.ref):
                yield segment
        if progress is not None:
            progress(done, len(articles))


def article_segments(
    ws: Workspace, article_id: str, left_out: list[str]
) -> tuple[Article | None, list[Segment]]:
    """One article (None when it cannot be read) and its live, non-empty annotations
    placed on it now; what cannot be placed is added to `left_out`."""
    try:
        article = ws.article(article_id)
    except WorkspaceError as exc:
        left_out.append(f"{article_id}: annotations left out: {first_line(exc)}")
        return None, []
    store = AnnotationStore(ws.annotations)  # its own cache, dropped after this article
    found = []
    for placed in store.placed(article):
        record = placed.annotation
        if record.deleted or not (record.tags or record.note):
            continue
        if placed.passage is None:
            left_out.append(f"{record.path}: orphan: {placed.placement.reason}")
            continue
        passage = article.passage(placed.passage)
        found.append(
            Segment(record, article, passage, placed.placement.start, placed.placement.end)
        )
    left_out.extend(f"{error} (left out)" for error in store.load_errors)
    found.sort(key=lambda s: (s.passage.number, s.start, s.annotation.created, s.annotation.id))
    return article, found


def codings(ws: Workspace, chosen: Selection, query: str | None = None) -> CodingSet:
    """The codings of the selection, and each annotated article's number of passages."""
    path = ws.index_dir / CACHE_NAME
    cached = _load(path)
    fresh: dict[str, dict[str, Any]] = {}
    for article_id, fingerprint in sorted(ws.annotation_fingerprints().items()):
        source = ws.feed.source_of(article_id)
        key = [fingerprint, source.size, source.mtime_ns] if source else [fingerprint]
        entry = cached.get(article_id)
        if not isinstance(entry, dict) or entry.get("key") != key:
            entry = _entry(ws, article_id, key)
        fresh[article_id] = entry
    if fresh != cached:
        with contextlib.suppress(OSError):  # a cache: an unwritable folder only costs time
            path.parent.mkdir(parents=True, exist_ok=True)
            data = {"version": CACHE_VERSION, "articles": fresh}
            atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    result = CodingSet(query=query, authors=chosen.authors, refs=chosen.refs)
    wanted = None if chosen.refs is None else {ref.article for ref in chosen.refs}
    for article_id, entry in fresh.items():
        if wanted is None or article_id in wanted:
            try:
                _add(result, article_id, entry, chosen)
            except (KeyError, TypeError, ValueError):  # a damaged cache entry: read again
                _add(result, article_id, _entry(ws, article_id, entry.get("key")), chosen)
    return result


def _add(result: CodingSet, article_id: str, entry: dict[str, Any], chosen: Selection) -> None:
    """Add one article's cached codings (those the selection keeps) to `result`."""
    date = PartialDate.parse(entry["date"])
    found = []
    for passage, tags, name, email, annotation in entry["codings"]:
        author = Author(str(name), str(email))
        coding = Coding(
            article_id,
            int(passage),
            tuple(str(t) for t in tags),
            author,
            str(annotation),
            date,
            entry["source"],
            entry["title"],
        )
        if chosen.keeps(author, coding.ref):
            found.append(coding)
    result.passages[article_id] = int(entry["passages"])
    result.left_out.extend(str(line) for line in entry["left_out"])
    result.codings.extend(found)


def _entry(ws: Workspace, article_id: str, key: object) -> dict[str, Any]:
    """One article's cache entry, read from its files."""
    left_out: list[str] = []
    article, found = article_segments(ws, article_id, left_out)
    return {
        "key": key,
        "passages": len(article.passages) if article else 0,
        "date": str(article.date) if article and article.date else None,
        "title": article.title if article else None,
        "source": article.source if article else None,
        "codings": [
            [
                s.passage.number,
                list(s.annotation.tags),
                s.annotation.author.name,
                s.annotation.author.email,
                s.annotation.id,
            ]
            for s in found
        ],
        "left_out": left_out,
    }


def _load(path: Path) -> dict[str, dict[str, Any]]:
    """The cached entries by article ({} when missing, damaged or of another version)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    articles = data.get("articles")
    return articles if isinstance(articles, dict) else {}
