"""The passage index: a disposable Whoosh cache of the corpus, kept fresh incrementally."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import Term
from whoosh.searching import Searcher

from reader.corpus import SourceFile
from reader.errors import IndexBusyError
from reader.model import IndexSummary, SearchResults

from . import duplicate_store as duplicates
from . import searching
from .collapse import Copies
from .duplicates import Entry, Member
from .feed import DocumentFeed
from .locking import BUSY_MESSAGE, LOCK_NAME, UpdateLock
from .manifest import (
    MANIFEST_NAME,
    FileEntry,
    Manifest,
    annotation_token,
    file_key,
    plan,
)
from .query import make_parser, parse
from .query_words import Words
from .schema import SCHEMA_VERSION, build_schema, words_of
from .variants import VariantTable
from .vocabulary import VOCAB_NAME, Vocabulary

SORTS = ("relevance", "date")
# Below this many files to read, worker processes cost more than they save.
PARALLEL_MIN_FILES = 300
STALE = "\x00stale"  # an annotation token no file has: forces a re-read


class PassageIndex:
    """One Whoosh document per passage in `index_dir`, with a manifest of what was read.

    `update(feed)` re-reads what changed (IndexBusyError if another writer holds the index
    longer than `busy_timeout` seconds), `search(query)` returns plain `Hit`s (QueryError
    if malformed), `reindex_article(feed, id)` re-reads one article's file now. Safe
    to call from several threads: searches run while an update is writing and see the
    last commit. `procs` worker processes share a big build (`parallel_min_files`).
    """

    def __init__(self, index_dir: Path, procs: int | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.schema = build_schema()
        self.procs = procs if procs is not None else min(2, os.cpu_count() or 1)
        self.busy_timeout = 3.0
        self.parallel_min_files = PARALLEL_MIN_FILES
        self.duplicates = True  # keep "also reported by" groups (see duplicates.py)
        self._searcher: Searcher | None = None
        self._vocab: Vocabulary | None = None
        self._articles_of: list[str] | None = None  # per searcher: docnum -> article id
        self._variants: tuple[tuple[tuple[str, ...], ...], VariantTable] | None = None
        self._groups: tuple[tuple[int, int] | None, list[list[Member]]] = (None, [])
        self._copies: Copies | None = None  # per searcher and groups
        # Searching and writing may overlap (Whoosh readers see the last commit); only one
        # thread of this process writes at a time, and only one process (UpdateLock).
        self._lock = threading.RLock()
        self._writing = threading.Lock()

    # -- updating -----------------------------------------------------------------------

    def update(
        self,
        feed: DocumentFeed,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        rebuild: bool = False,
    ) -> IndexSummary:
        """Re-read the files that changed (or everything, when the index must be rebuilt)."""
        started = time.perf_counter()
        with self._exclusive():
            manifest = Manifest.load(self.index_dir)
            reason = "requested" if rebuild else self._unhealthy(manifest)
            sources = feed.sources()
            fingerprints = feed.annotation_tokens()
            tokens = feed.file_tokens(
                {file_key(s): annotation_token(s, fingerprints) for s in sources}
            )
            if reason or manifest is None:
                self.close()
                self._clear()
                ix = whoosh_index.create_in(self.index_dir, self.schema)
                manifest = Manifest(SCHEMA_VERSION)
                to_read, removed, touched = sources, list[str](), dict[str, FileEntry]()
            else:
                to_read, removed, touched = plan(manifest, sources, tokens)
                ix = None
            summary = IndexSummary(rebuilt_because=reason)
            added: dict[str, list[Entry]] = {}  # duplicate signatures of the passages read
            deletions: list[str] = []
            if to_read or removed:
                from .build import write  # only when something is written (start-up time)

                ix = ix or whoosh_index.open_dir(self.index_dir, schema=self.schema)
                to_read = _with_sharing_files(manifest, sources, to_read, removed)
                stale = [file_key(s) for s in to_read if file_key(s) in manifest.files] + removed
                deletions = sorted({a for f in stale for a in manifest.files[f].articles})
                procs = self.procs if len(to_read) >= self.parallel_min_files else 1
                result = write(
                    ix,
                    feed,
                    to_read,
                    deletions,
                    tokens,
                    progress,
                    cancelled,
                    procs,
                    self.duplicates,
                )
                for file_id in removed:
                    summary.removed += len(manifest.files.pop(file_id).articles)
                for file_id in stale:
                    if file_id not in result.entries:
                        manifest.files.pop(file_id, None)  # deleted, not re-read: redo later
                for file_id, entry in result.entries.items():
                    if file_id in manifest.files:
                        summary.updated += len(entry.articles)
                    else:
                        summary.added += len(entry.articles)
                    manifest.files[file_id] = entry
                summary.warnings = result.warnings
                self._save_words(result.words, fresh=bool(reason))
                added = result.duplicates
            if self.duplicates and (to_read or removed or reason):
                duplicates.refresh(self.index_dir, deletions, added, bool(reason))
            if to_read or removed or touched or reason:
                manifest.files.update(touched)
                manifest.save(self.index_dir)
        summary.articles = manifest.article_count
        summary.passages = manifest.passage_count
        summary.seconds = time.perf_counter() - started
        return summary

    def reindex_article(self, feed: DocumentFeed, article_id: str) -> None:
        """Replace one article's passages now (after its tags, notes or metadata changed).

        Only that article is read and written (a `.jsonl` of thousands keeps the rest). If
        its file changed on disk since the index last read it, the manifest entry is marked
        so that the next update re-reads the file: the index then never holds text that
        the manifest says it does not (an edit, confirmed anchors, then a `git checkout`).
        """
        from .documents import article_documents
        from .reading import hidden_lines

        source = feed.source_of(article_id)
        with self._exclusive():
            manifest = Manifest.load(self.index_dir)
            if source is None or manifest is None or self._unhealthy(manifest):
                return  # the next update finds it, or rebuilds everything anyway
            entry = manifest.files.get(file_key(source))
            if entry is None or article_id not in entry.articles:
                return  # not indexed yet: the next update reads it
            (article, notes), warnings = feed.read_article(article_id)
            docs = list(article_documents(article, notes))
            ix = whoosh_index.open_dir(self.index_dir, schema=self.schema)
            with ix.searcher() as searcher:
                old = sum(1 for _ in searcher.docs_for_query(Term("article", article_id)))
            writer = ix.writer()
            try:
                writer.delete_by_term("article", article_id)
                for doc in docs:
                    writer.add_document(**doc)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            entry.passages += len(docs) - old
            if (source.size, source.mtime_ns) != (entry.size, entry.mtime_ns):
                entry.hash = ""  # read newer text than the entry records: re-read it next time
            if entry.articles == [article_id]:
                key = file_key(source)
                entry.annotations = feed.file_tokens({key: feed.annotation_token(article_id)})[key]
                entry.hidden = hidden_lines(warnings)
            else:  # a .jsonl: its token covers other articles too; re-read it next update
                entry.annotations = STALE
                entry.hidden = sorted(set(entry.hidden) | set(hidden_lines(warnings)))
            manifest.save(self.index_dir)
            self._save_words(set().union(*(words_of(d["text"]) for d in docs)), fresh=False)

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One writer: this thread among ours, then this process among all (file lock)."""
        if not self._writing.acquire(timeout=self.busy_timeout):
            raise IndexBusyError(BUSY_MESSAGE)
        try:
            with UpdateLock(self.index_dir, self.busy_timeout):
                yield
        finally:
            self._writing.release()

    def _save_words(self, words: set[str], fresh: bool) -> None:
        vocab = Vocabulary() if fresh else Vocabulary.load(self.index_dir)
        if vocab.merge(words) or fresh:
            vocab.save(self.index_dir)

    def _unhealthy(self, manifest: Manifest | None) -> str | None:
        """Why the index must be rebuilt, or None when it can be updated in place."""
        try:
            exists = whoosh_index.exists_in(self.index_dir)
        except Exception:  # a damaged table of contents
            return "corrupt"
        if not exists:
            return "missing"
        if manifest is None:
            return "no manifest"
        if manifest.schema != SCHEMA_VERSION:
            return f"schema {manifest.schema} -> {SCHEMA_VERSION}"
        try:
            ix = whoosh_index.open_dir(self.index_dir, schema=self.schema)
            searcher = ix.searcher()
            count = searcher.doc_count()
        except Exception:  # any damage at all: the index is a cache, rebuild it
            return "corrupt"
        self._keep(searcher)
        if count != manifest.passage_count:
            return f"corrupt ({count} passages indexed, {manifest.passage_count} expected)"
        if self.duplicates and not (self.index_dir / duplicates.STORE_NAME).is_file():
            return "no duplicate signatures"
        return None

    def _keep(self, searcher: Searcher) -> None:
        """Keep a searcher opened to check the index for the searches that follow (the
        command line's search after its update opens the index once), or close it."""
        with self._lock:
            if self._searcher is None:
                self._searcher = searcher
                return
        searcher.close()

    def _clear(self) -> None:
        """Delete the index's own files (never anything else in the folder)."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        for path in self.index_dir.iterdir():
            if path.name == LOCK_NAME:
                continue
            ours = ("MAIN_", "_MAIN_", MANIFEST_NAME, VOCAB_NAME, "reader-")
            if not path.name.startswith(ours):
                continue
            if path.is_dir() and not path.is_symlink():  # put in the way of one of ours
                shutil.rmtree(path)
            else:
                path.unlink()

    def rebuilding(self) -> bool:
        """Whether another writer is building the index from scratch right now: it holds
        the update lock and no manifest is there yet (it is written at the end), so
        search finds nothing until it is done."""
        return not (self.index_dir / MANIFEST_NAME).exists() and UpdateLock.held(self.index_dir)

    def hidden_files(self) -> list[str]:
        """The annotation files the index left out because they could not be read (their
        tags and notes are not searchable), one line each (`path:line: why`), as of the
        last update that read their articles."""
        manifest = Manifest.load(self.index_dir)
        if manifest is None:
            return []
        return sorted({line for entry in manifest.files.values() for line in entry.hidden})

    # -- searching ----------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int | None = 50,
        sort: str = "relevance",
        variants: Sequence[Sequence[str]] = (),
        collapse: bool = True,
    ) -> SearchResults:
        """The passages matching `query`; QueryError when it is malformed.

        `variants`: groups of spellings searched as one (`annotations/variants.yaml`).
        `collapse`: copies of one passage in several articles are one hit (`also_in`).
        """
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        words = Words(self._vocabulary, self._variant_table(variants))
        parsed = parse(make_parser(self.schema, words), query)
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None or searcher.doc_count_all() == 0:
                return SearchResults(query, [], 0, 0, parsed.dropped)
            if self._articles_of is None:
                self._articles_of = searching.article_column(searcher)
            copies = self._current_copies(searcher)
            results = searching.run(
                searcher,
                parsed.query,
                query,
                limit,
                sort,
                self.schema,
                self._articles_of,
                copies,
                collapse,
            )
        results.dropped = parsed.dropped
        return results

    def _current_copies(self, searcher: Searcher) -> Copies | None:
        """The groups of copies on this searcher's documents (re-read when they change)."""
        stamp = duplicates.groups_stamp(self.index_dir)
        if stamp != self._groups[0]:
            self._groups = (stamp, duplicates.load_groups(self.index_dir) if stamp else [])
            self._copies = None
        if self._copies is None or self._copies.searcher is not searcher:
            self._copies = Copies(self._groups[1], searcher)
        return self._copies

    def _variant_table(self, groups: Sequence[Sequence[str]]) -> VariantTable:
        """The analysed variant groups, kept while the groups stay the same."""
        key = tuple(tuple(group) for group in groups)
        if self._variants is None or self._variants[0] != key:
            self._variants = (key, VariantTable(key))
        return self._variants[1]

    def _vocabulary(self) -> Vocabulary:
        """The vocabulary on disk, reloaded only when the file changed."""
        stamp = Vocabulary.stamp_of(self.index_dir)
        if self._vocab is None or self._vocab.stamp != stamp:
            self._vocab = Vocabulary.load(self.index_dir)
        return self._vocab

    def _current_searcher(self) -> Searcher | None:
        """The cached searcher, reopened when the index has a newer generation.

        Not `Searcher.refresh()`: it reuses segment readers whose deletions changed, so a
        re-indexed passage would still match its old text.
        """
        if self._searcher is not None:
            try:
                ix = self._searcher._ix
                if ix.latest_generation() == self._searcher.reader().generation():
                    return self._searcher
            except Exception:
                pass
            self._close()
        try:
            ix = whoosh_index.open_dir(self.index_dir, schema=self.schema)
            self._searcher = ix.searcher()
        except Exception:  # missing or damaged: nothing to search until the next update
            return None
        return self._searcher

    def _close(self) -> None:
        self._articles_of = None
        self._copies = None
        if self._searcher is not None:
            with contextlib.suppress(Exception):
                self._searcher.close()
            self._searcher = None

    def close(self) -> None:
        """Release the cached searcher (its open files)."""
        with self._lock:
            self._close()


def _with_sharing_files(
    manifest: Manifest, sources: list[SourceFile], to_read: list[SourceFile], removed: list[str]
) -> list[SourceFile]:
    """Add the files that share an article id with a file being re-read or removed.

    Passages are deleted by article id, so if `a.txt` and `a.md` both hold article `a`,
    re-reading one must re-read the other too. A `.jsonl` is also re-read when a file below
    its own path (`feed/a1.txt` for `feed.jsonl`) comes or goes: that file takes its line's id.
    """
    changing = {file_key(s) for s in to_read} | set(removed)
    ids = {a for f in changing if f in manifest.files for a in manifest.files[f].articles}
    below = {s.id for s in to_read} | {key.rsplit(".", 1)[0] for key in removed}
    extra = [
        s
        for s in sources
        if file_key(s) not in changing
        and file_key(s) in manifest.files
        and (
            ids.intersection(manifest.files[file_key(s)].articles)
            or (s.path.suffix == ".jsonl" and any(i.startswith(s.id + "/") for i in below))
        )
    ]
    return to_read + extra
