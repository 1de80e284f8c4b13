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
from reader.corpus import read_source
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
LOOKUPS = 20  # up to this many articles are looked up one by one, more in one corpus walk


def selection(ws: Workspace, query: str | None, authors: Sequence[str]) -> Selection:
    """The passages `query` matches (None: all) and the authors named (repeated or
    comma-separated). QueryError for a query that cannot be parsed."""
    refs = None
    if query is not None and query.strip():
        hits = ws.search(query, limit=None, collapse=False).hits  # every copy is a passage
        refs = frozenset(hit.ref for hit in hits)
    return Selection(refs, split_names(authors))


def segments(ws: Workspace, chosen: Selection, progress: Progress | None = None) -> Coded:
    """The selected segments, article by article, each article's by passage."""
    wanted = None if chosen.refs is None else {ref.article for ref in chosen.refs}
    left_out: list[str] = []
    return Coded(_stream(ws, wanted, chosen, left_out, progress), left_out)


def _stream(
    ws: Workspace,
    wanted: set[str] | None,
    chosen: Selection,
    left_out: list[str],
    progress: Progress | None,
) -> Iterator[Segment]:
    targets = _targets(ws, wanted)
    for done, article in enumerate(articles(ws, targets, left_out), 1):
        for segment in article_segments(ws, article, left_out):
            if chosen.keeps(segment.annotation.author, segment.ref):
                yield segment
        if progress is not None:
            progress(done, len(targets))


def _targets(ws: Workspace, wanted: set[str] | None) -> set[str]:
    """The annotated articles (of `wanted`, when given)."""
    annotated = set(ws.annotated_articles())
    return annotated if wanted is None else annotated & wanted


def articles(ws: Workspace, targets: set[str], left_out: list[str]) -> Iterator[Article]:
    """The articles `targets` names, with their metadata, grouped by corpus file in id
    order: a few are looked up one by one, many are read in one walk of the corpus (each
    file once, no per-article lookups). One missing is a line in `left_out`."""
    found: set[str] = set()
    if len(targets) <= LOOKUPS:
        for article_id in sorted(targets):
            try:
                article = ws.article(article_id)
            except WorkspaceError as exc:
                left_out.append(f"{article_id}: annotations left out: {first_line(exc)}")
                continue
            found.add(article_id)
            yield article
        return
    sources = ws.sources()
    plain = {source.id for source in sources if source.path.suffix != ".jsonl"}
    prefixes = {"/".join(t.split("/")[:cut]) for t in targets for cut in range(1, t.count("/") + 1)}
    for source in sources:
        jsonl = source.path.suffix == ".jsonl"
        if (source.id not in prefixes) if jsonl else (source.id not in targets):
            continue
        for article in read_source(source)[0]:
            if article.id in targets and article.id not in found:
                if jsonl and article.id in plain:
                    continue  # `feed/a.txt` beside `feed.jsonl` holds `feed/a`
                found.add(article.id)
                yield ws.feed.with_meta(article)
    for article_id in sorted(targets - found):
        left_out.append(f"{article_id}: annotations left out: no such article in the corpus")


def article_segments(ws: Workspace, article: Article, left_out: list[str]) -> list[Segment]:
    """The live, non-empty annotations of `article` placed on it now, by passage; what
    cannot be placed is added to `left_out`."""
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
    return found


def codings(ws: Workspace, chosen: Selection, query: str | None = None) -> CodingSet:
    """The codings of the selection, and each annotated article's number of passages."""
    path = ws.index_dir / CACHE_NAME
    cached = _load(path)
    stamps = _stamps(ws)
    fresh: dict[str, dict[str, Any]] = {}
    stale: dict[str, list[Any]] = {}
    for article_id, fingerprint in sorted(ws.annotation_fingerprints().items()):
        key = [fingerprint, *stamps(article_id)]
        entry = cached.get(article_id)
        if isinstance(entry, dict) and entry.get("key") == key:
            fresh[article_id] = entry
        else:
            stale[article_id] = key
    if stale:
        left_out: list[str] = []
        for article in articles(ws, set(stale), left_out):
            fresh[article.id] = _entry(stale[article.id], article, ws, [])
        for article_id in stale.keys() - fresh.keys():
            lines = [line for line in left_out if line.startswith(f"{article_id}: ")]
            fresh[article_id] = _entry(stale[article_id], None, ws, lines)
        with contextlib.suppress(OSError):  # a cache: an unwritable folder only costs time
            path.parent.mkdir(parents=True, exist_ok=True)
            data = {"version": CACHE_VERSION, "articles": dict(sorted(fresh.items()))}
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            atomic_write(path, text, sync=False)
    result = CodingSet(query=query, authors=chosen.authors, refs=chosen.refs)
    wanted = None if chosen.refs is None else {ref.article for ref in chosen.refs}
    for article_id in sorted(fresh):
        entry = fresh[article_id]
        if wanted is None or article_id in wanted:
            try:
                _add(result, article_id, entry, chosen)
            except (KeyError, TypeError, ValueError):  # a damaged cache entry: read again
                again = next(articles(ws, {article_id}, []), None)
                _add(result, article_id, _entry(entry.get("key"), again, ws, []), chosen)
    return result


def _stamps(ws: Workspace) -> Callable[[str], list[int]]:
    """Article id -> its corpus file's size and mtime (from one walk of the corpus)."""
    sources = {source.id: source for source in ws.sources()}

    def stamp(article_id: str) -> list[int]:
        parts = article_id.split("/")
        for cut in range(len(parts), 0, -1):
            source = sources.get("/".join(parts[:cut]))
            if source is not None and (cut == len(parts) or source.path.suffix == ".jsonl"):
                return [source.size, source.mtime_ns]
        return []

    return stamp


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


def _entry(
    key: object, article: Article | None, ws: Workspace, left_out: list[str]
) -> dict[str, Any]:
    """One article's cache entry (`article` None: it could not be read)."""
    found = article_segments(ws, article, left_out) if article is not None else []
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
