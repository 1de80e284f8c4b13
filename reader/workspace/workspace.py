"""The workspace: one corpus, its annotations and its index: the core's one front door.

The command line and the app call only this: reading articles and what annotates them,
searching, and every change (tag, untag, note, article details, re-attach, confirm
anchors, rename a tag, undo), each of which writes, brings the index along and returns an
`Outcome`. It never imports Textual.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.corpus import SourceFile, read_source
from reader.errors import WorkspaceError, first_line
from reader.model import Article, CorpusWarning, IndexSummary, Passage, SearchResults
from reader.paths import default_annotations, index_dir_for
from reader.refs import PassageRef
from reader.tagnames import normalise_tag, tag_key, tag_matches
from reader.workspace.feed import WorkspaceFeed

if TYPE_CHECKING:  # the YAML machinery is imported where a method needs it (start-up time)
    from reader.annotations.changes import Change, FileChange
    from reader.annotations.check import CheckReport
    from reader.annotations.codebook import CodebookEntry
    from reader.annotations.sources import SourceRules
    from reader.annotations.store import AnnotationStore
    from reader.annotations.yamlio import AnnotationFileError
    from reader.export import CodebookMerge, Coded, CodingSet, ExportResult, Report
    from reader.index import PassageIndex
    from reader.index.suggest import Suggestion
    from reader.records import Author, Orphan, PassageAnnotations, Span
    from reader.workspace.outcome import Outcome

Ref = PassageRef | str


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
        self.feed = WorkspaceFeed(self.corpus, self.annotations)

    @property
    def store(self) -> AnnotationStore:
        """The annotation store (YAML files, the truth); for the core and tests."""
        return self.feed.store

    @cached_property
    def index(self) -> PassageIndex:
        """The passage index (a cache; rebuilt when missing, corrupt or outdated)."""
        from reader.index import PassageIndex

        return PassageIndex(self.index_dir)

    # -- reading ---------------------------------------------------------------------------

    def sources(self) -> list[SourceFile]:
        """The corpus's article files, sorted by id."""
        return self.feed.sources()

    def article(self, article_id: str) -> Article:
        """One article by id, with the metadata a user set applied; WorkspaceError if none."""
        return self.feed.article(article_id)

    def passage(self, ref: Ref) -> tuple[Article, Passage]:
        """The article and passage named by `ARTICLE#N`."""
        ref = _ref(ref)
        article = self.article(ref.article)
        try:
            return article, article.passage(ref.number)
        except KeyError as exc:
            raise WorkspaceError(exc.args[0]) from None

    def read_all(self) -> tuple[list[Article], list[CorpusWarning]]:
        """Every article of the corpus (metadata applied) and the warnings met on the way."""
        articles: list[Article] = []
        warnings: list[CorpusWarning] = []
        for source in self.sources():
            found, warned = read_source(source)
            articles.extend(self.feed.with_meta(a) for a in found)
            warnings.extend(warned)
        return articles, warnings

    def passage_annotations(self, article: Article) -> dict[int, PassageAnnotations]:
        """What each passage of `article` shows (the union of its annotations), by number."""
        return self.store.passage_annotations(article)

    def shown(self, ref: Ref) -> PassageAnnotations | None:
        """What one passage shows: its tags and every author's note (None: nothing)."""
        article, passage = self.passage(ref)
        return self.passage_annotations(article).get(passage.number)

    def annotated_articles(self) -> list[str]:
        """The ids of the articles that have annotation files."""
        return self.store.annotated_articles()

    def shown_by_ref(self, refs: Iterable[PassageRef]) -> dict[PassageRef, PassageAnnotations]:
        """What each of `refs` shows, reading only the articles that have annotations."""
        wanted = {ref.article for ref in refs} & set(self.annotated_articles())
        found: dict[PassageRef, PassageAnnotations] = {}
        for article_id in sorted(wanted):
            try:
                shown = self.passage_annotations(self.article(article_id))
            except WorkspaceError:
                continue
            for number, passage_shown in shown.items():
                found[PassageRef(article_id, number)] = passage_shown
        return found

    def annotation_fingerprints(self) -> dict[str, str]:
        """Article id -> a token that changes whenever its annotation files change (one walk
        of the folder, nothing read): how the app notices a `git pull`."""
        return self.feed.annotation_tokens()

    # -- spelling variants and source patterns (shared files beside the codebook) ----------

    def variants(self) -> tuple[list[list[str]], str | None]:
        """The spelling-variant groups (`annotations/variants.yaml`) and, when the file
        is invalid, what is wrong with it (the groups are then empty)."""
        from reader.annotations.shared_yaml import SharedFileError, cache_name, stamp_of
        from reader.annotations.variants import read_variants, variants_path

        stamp = stamp_of(variants_path(self.annotations))
        kept = self.__dict__.get("_variants")
        if kept is not None and kept[0] == stamp:  # one stat a search while unchanged
            return kept[1], kept[2]
        try:
            found = read_variants(self.annotations, cache_name(self.index_dir, "variants"))
            problem = None
        except SharedFileError as exc:
            found, problem = [], f"{exc}; spelling variants not used"
        self.__dict__["_variants"] = (stamp, found, problem)
        return found, problem

    def suggest_variants(self, min_count: int = 2) -> list[Suggestion]:
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

    def source_rules(self) -> SourceRules:
        """The patterns of `annotations/sources.yaml` (see `reader.annotations.sources`)."""
        return self.feed.source_rules()

    @property
    def sources_problem(self) -> str | None:
        """What is wrong with `sources.yaml` (its patterns are then not used), if anything."""
        return self.feed.sources_problem

    def set_source_pattern(self, pattern: str, source: str) -> None:
        """Give the articles whose ids fit `pattern` a source ('' removes the pattern); the
        next index update re-reads the articles whose source that changes."""
        from reader.annotations.sources import set_source

        set_source(self.annotations, pattern, source)

    def orphans(self) -> list[Orphan]:
        """Annotations that cannot be placed, in every annotated article; an article that
        is gone or unreadable is one entry with the reason."""
        found: list[Orphan] = []
        for article_id in self.annotated_articles():
            try:
                found.extend(self.store.orphans(self.article(article_id)))
            except WorkspaceError as exc:
                from reader.records import Orphan

                found.append(Orphan(article_id, article_id, first_line(exc)))
        return found

    def tag_counts(self, *, unused: bool = False) -> dict[str, int]:
        """Every tag in use -> the number of passages carrying it; with `unused`, the
        codebook's tags nobody used yet too (count 0)."""
        counts = self.store.tag_counts()
        if unused:
            used = {tag_key(tag) for tag in counts}
            counts.update({t: 0 for t in self.codebook() if tag_key(t) not in used})
        return counts

    def codebook(self) -> dict[str, CodebookEntry]:
        """The codebook: tag -> description, colour, key."""
        return self.store.codebook()

    def known_tags(self) -> set[str]:
        """The codebook's tags and every tag in use (a tag outside both is a new one)."""
        return set(self.codebook()) | set(self.tag_counts())

    def find_quote(self, ref: Ref, quote: str) -> Span:
        """The span of passage `ref` that holds `quote` (`reader tag --quote`);
        WorkspaceError when it is not there, or there more than once."""
        _, passage = self.passage(ref)
        from reader.workspace.quotes import quote_span

        return quote_span(passage, quote)

    def author(self) -> Author:
        """Who changes are written as (git's identity)."""
        return self.store.author()

    @property
    def load_errors(self) -> list[AnnotationFileError]:
        """Annotation files met so far that could not be read (never written over)."""
        if "store" not in self.feed.__dict__:  # none read yet (a search): nothing to import
            return []
        return self.store.load_errors

    def hidden_files(self, *, index: bool = True) -> list[str]:
        """Annotation files that cannot be read, so their tags and notes are left out, one
        line each (`path:line: why`): those this workspace met so far, and with `index`
        those the index left out when it last read their articles (search cannot find
        their tags). For the command line's and the app's "N files hidden" notice."""
        found = {str(error) for error in self.load_errors}
        if index and self.index_dir.is_dir():
            found.update(self.index.hidden_files())
        return sorted(found)

    def display(self, path: Path) -> str:
        """A path under the annotations folder as users see it."""
        return self.store.display(path)

    def check(self) -> CheckReport:
        """Every annotation file validated and placed, and the clone's merge-driver set-up."""
        from reader.gitshare import driver_status  # git machinery: only `check` needs it

        articles, _ = self.read_all()
        from reader.annotations.check import check

        report = check(self.store, articles)
        warning = driver_status(self.annotations)
        if warning:
            report.warnings.append(warning)
        return report

    # -- the index -------------------------------------------------------------------------

    def update_index(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        rebuild: bool = False,
    ) -> IndexSummary:
        """Bring the index up to date with the corpus and annotations (incremental).

        `progress(done, total)` is called as files are read; `cancelled()` is polled and
        stops the update early (what was done is kept). Raises IndexBusyError.
        """
        return self.index.update(self.feed, progress=progress, cancelled=cancelled, rebuild=rebuild)

    def index_rebuilding(self) -> bool:
        """Whether another process is building the index from scratch now (search would
        find nothing until it is done: say so rather than "0 passages")."""
        return self.index.rebuilding()

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

    def reindex(self, article_ids: Iterable[str]) -> str | None:
        """Re-index these articles now; why it failed, or None. The index is a cache: a
        failure never undoes a saved change (the next update catches up)."""
        try:
            for article_id in article_ids:
                self.index.reindex_article(self.feed, article_id)
        except Exception as exc:  # any failure of the cache: say it, keep the change
            return f"saved, but the search index was not updated ({first_line(exc)})"
        return None

    # -- coded work out: exports, reports, codebook import ---------------------------------

    def coded(
        self,
        query: str | None = None,
        authors: Sequence[str] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> Coded:
        """The live annotations as `Segment`s placed on the articles as they are now,
        article by article, streamed (nothing kept): those on the passages `query`
        matches, by `authors` (names or emails). What cannot be placed is in `left_out`."""
        from reader.workspace import coded  # exports are rare: not for every command's start

        return coded.segments(self, coded.selection(self, query, authors), progress)

    def codings(self, query: str | None = None, authors: Sequence[str] = ()) -> CodingSet:
        """What the reports count, for the same selection as `coded` (cached on disk)."""
        from reader.workspace import coded

        return coded.codings(self, coded.selection(self, query, authors), query)

    def export(
        self,
        fmt: str,
        path: Path | None = None,
        *,
        query: str | None = None,
        authors: Sequence[str] = (),
        force: bool = False,
        wide: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ExportResult:
        """Write the selection as `fmt` (see `reader.export.FORMATS`) to `path`, atomically
        (an existing file only with `force`), or to standard output; ExportError."""
        from reader.workspace import exporting

        return exporting.export(
            self, fmt, path, query=query, authors=authors, force=force, wide=wide, progress=progress
        )

    def report(
        self,
        kind: str,
        *,
        query: str | None = None,
        authors: Sequence[str] = (),
        options: dict[str, Any] | None = None,
    ) -> tuple[Report, list[str]]:
        """A report (`tags`, `cooccur`, `timeline`, `agreement`) of the selection, and
        what was left out of it; ExportError when it cannot be made (one line)."""
        from reader.workspace import exporting

        return exporting.report(self, kind, query=query, authors=authors, options=options)

    def import_codebook(
        self, path: Path, *, dry_run: bool = False
    ) -> tuple[CodebookMerge, Outcome | None]:
        """Merge a codebook file (.qdc, .qde, .qdpx, .csv) into the codebook: new codes
        added, existing ones kept, conflicts listed; `dry_run` only says what would change."""
        from reader.workspace import exporting

        plan, entries = exporting.plan_import(self, path)
        plan.dry_run = dry_run
        if dry_run or not entries:
            return plan, None
        outcome = self._done(self.store.add_codes(entries), None, None)
        plan.written = outcome.changed
        return plan, outcome

    # -- changes ---------------------------------------------------------------------------

    def tag(self, ref: Ref, tags: Iterable[str], span: Span | None = None) -> Outcome:
        """Add tags to a passage, or to characters `span` of it (the current author's
        annotation of it; TagError names a tag the rule refuses, and why)."""
        article, passage = self.passage(ref)
        change = self.store.tag(article, passage.number, tags, span)
        return self._done(change, passage.ref, article)

    def untag(self, ref: Ref, tags: Iterable[str], span: Span | None = None) -> Outcome:
        """Remove tags from a passage, from whichever annotation holds them (with `span`,
        only from that span's annotations)."""
        article, passage = self.passage(ref)
        change = self.store.untag(article, passage.number, tags, span)
        return self._done(change, passage.ref, article)

    def toggle_tag(self, ref: Ref, tag: str, span: Span | None = None) -> Outcome:
        """Remove `tag` where the passage (or `span`) shows it, else add it: the app's
        codebook keys. Decided when it runs, so keys pressed in a row toggle in turn."""
        article, passage = self.passage(ref)
        shown = self.passage_annotations(article).get(passage.number)
        part = shown.part(span) if shown and span else shown
        if part is not None and tag_key(tag) in {tag_key(t) for t in part.tags}:
            return self.untag(ref, [tag], span)
        return self.tag(ref, [tag], span)

    def note(self, ref: Ref, text: str, span: Span | None = None) -> Outcome:
        """Set the current author's note on a passage (or on `span` of it); blank text
        removes it."""
        article, passage = self.passage(ref)
        change = self.store.set_note(article, passage.number, text, span)
        return self._done(change, passage.ref, article)

    def set_meta(
        self,
        article_id: str,
        *,
        date: str | None = None,
        title: str | None = None,
        source: str | None = None,
    ) -> Outcome:
        """Set an article's date, title or source (None: unchanged, "": cleared)."""
        article = self.article(article_id)
        change = self.store.set_article_meta(article.id, date=date, title=title, source=source)
        return self._done(change, None, None)

    def reattach(self, annotation_id: str, ref: Ref) -> Outcome:
        """Point an annotation (an orphan) at a passage; tags, note and author kept."""
        article, passage = self.passage(ref)
        from reader.annotations import reattach as reattaching

        change = reattaching.reattach(self.store, article, annotation_id, passage.number)
        return self._done(change, passage.ref, article)

    def confirm_anchors(self) -> Outcome:
        """Rewrite the targets of every annotation whose passage moved (found by quote or
        fuzzily) to where it is now; exact positions and orphans are left alone."""
        from reader.annotations import reattach as reattaching
        from reader.annotations.changes import Change

        files: list[FileChange] = []
        for article_id in self.annotated_articles():
            try:
                article = self.article(article_id)
            except WorkspaceError:
                continue
            files.extend(reattaching.confirm_anchors(self.store, article).files)
        return self._done(Change("confirm anchors", tuple(files)), None, None)

    def rename_tag(self, old: str, new: str) -> Outcome:
        """Rename or merge a tag everywhere (children follow); the codebook too.
        WorkspaceError when no annotation and no codebook entry has `old`."""
        key = normalise_tag(old, new=False)
        if not any(tag_matches(t, key) for t in self.known_tags()):
            raise WorkspaceError(f"no tag {old!r} to rename (`reader tags` lists them)")
        return self._done(self.store.rename_tag(old, new), None, None)

    def undo(self, change: Change) -> Outcome:
        """Take back what `change` wrote (the files it touched; later edits are kept)."""
        return self._done(self.store.revert(change), None, None)

    def _done(self, change: Change, ref: PassageRef | None, article: Article | None) -> Outcome:
        """Re-index what a change touched and say what the passage shows now."""
        from reader.workspace.outcome import Outcome, articles_of

        touched = articles_of(change, self.annotations)
        problem = self.reindex(touched) if change else None
        annotations: dict[int, PassageAnnotations] = {}
        if article is not None:
            annotations = self.passage_annotations(article)
        return Outcome(
            change=change,
            ref=ref,
            shown=annotations.get(ref.number) if ref else None,
            files=tuple(self.display(p) for p in change.paths),
            articles=tuple(touched),
            index_problem=problem,
            annotations=annotations,
        )


def _ref(ref: Ref) -> PassageRef:
    return ref if isinstance(ref, PassageRef) else PassageRef.parse(ref)
