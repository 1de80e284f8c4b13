"""`reader index`, `reader search QUERY` and `reader show ARTICLE#N`.

On a terminal, matched words are shown bold and reversed; when standard output is not a
terminal (or `NO_COLOR` is set) the text is printed exactly as it is, with no markers, so
it stays greppable; `--json` gives the highlight spans. All text from files goes through
`printable()` first, so it can never drive the terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TextIO

from reader.cli import common
from reader.cli.show import run_show
from reader.errors import IndexBusyError, QueryError
from reader.model import Hit, IndexSummary
from reader.textnorm import plural, printable, printable_line

if TYPE_CHECKING:  # imported when used (start-up time of `reader search`)
    from reader.records import PassageAnnotations

DEFAULT_LIMIT = 20
REBUILDING = (
    "the index is being rebuilt (another reader is building it): search again when it is done"
)
MARK_ON, MARK_OFF = "\x1b[1;7m", "\x1b[0m"
_ON, _OFF = "\ue000", "\ue001"  # stand-ins while wrapping (printable() escapes no such)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `index`, `search` and `show`."""
    index = subparsers.add_parser("index", help="build or update the search index")
    index.add_argument("--rebuild", action="store_true", help="rebuild it from scratch")
    common.add_workspace_options(index)
    common.command(index, run_index)

    search = subparsers.add_parser("search", help="print the passages matching QUERY")
    search.add_argument("query", metavar="QUERY", help="e.g. 'Kirby date:2023-04' or \"a phrase\"")
    search.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        help=f"at most N hits, 0 for all ({DEFAULT_LIMIT})",
    )
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument(
        "--no-collapse",
        action="store_true",
        help="list every copy of a passage that several articles carry (default: once)",
    )
    common.add_workspace_options(search)
    common.command(search, run_search)

    show = subparsers.add_parser(
        "show",
        help="print a passage (ARTICLE#N), or a whole article (ARTICLE), with tags and notes",
    )
    show.add_argument("ref", metavar="ARTICLE#N|ARTICLE")
    common.add_workspace_options(show)
    common.command(show, run_show)


def run_index(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    args.hidden_from_index = True
    reporter = ProgressReporter(sys.stderr, quiet=args.json)
    try:
        summary = ws.update_index(progress=reporter, rebuild=args.rebuild)
    finally:
        reporter.finish()
    if ws.sources_problem:
        common.error(ws.sources_problem)
    if args.json:
        common.print_json(summary_json(summary) | {"hidden": ws.hidden_files()})
        return 0
    print(summary.line())
    for warning in summary.warnings:
        print(f"warning: {printable_line(str(warning))}")
    return 0


def summary_json(summary: IndexSummary) -> dict[str, Any]:
    data = asdict(summary)
    data["warnings"] = [{"path": str(w.path), "message": w.message} for w in summary.warnings]
    return data


def run_search(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    args.hidden_from_index = True
    if args.limit < 0:
        raise common.CommandError("--limit must be 0 (all) or more", status=2)
    try:
        if ws.index_rebuilding():  # nothing to search yet: say so, not "0 passages"
            raise IndexBusyError(REBUILDING)
        ws.update_index()
    except IndexBusyError:
        if ws.index_rebuilding():
            raise common.CommandError(REBUILDING) from None
        common.error("index is busy (another reader is updating it); results may be stale")
    try:
        results = ws.search(
            args.query, limit=args.limit or None, sort=args.sort, collapse=not args.no_collapse
        )
    except QueryError as exc:
        raise common.CommandError(f"bad query: {exc}", status=2) from None
    for warning in results.warnings:
        common.error(warning)
    if results.dropped:
        words = ", ".join(results.dropped)
        common.error(f"left out very common words: {words} (inside quotes every word counts)")
    if args.json:
        shown = ws.shown_by_ref(hit.ref for hit in results.hits)
        common.print_json([hit_json(hit, shown.get(hit.ref)) for hit in results.hits])
        return 0
    styled = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    width = _terminal_width() if sys.stdout.isatty() else None
    for hit in results.hits:
        print(hit_heading(hit))
        print("    " + marked(hit, styled, width).replace("\n", "\n    "))
        if hit.tags:
            print("    tags: " + printable_line(", ".join(hit.tags)))
        if hit.also_in:
            print("    " + also_in_line(hit))
        print()
    count = len(results.hits)
    line = f"{plural(results.total, 'passage')} in {plural(results.articles, 'article')}"
    if results.collapsed:
        line += f"; {plural(results.collapsed, 'copy', 'copies')} listed once (--no-collapse)"
    if count + results.collapsed < results.total:
        line += f" (showing {count}; --limit 0 shows all)"
    print(line)
    return 0


def hit_heading(hit: Hit) -> str:
    """`DATE  ARTICLE#N  title`, the source beside the date when there is one."""
    date = str(hit.date) if hit.date else "undated"
    source = f" · {hit.source}" if hit.source else ""
    title = f"  {hit.title}" if hit.title else ""
    return printable_line(f"{date:<10}{source}  {hit.ref}{title}")


def also_in_line(hit: Hit) -> str:
    """`also in 2 articles: 2023-04-27 TASS 003#6; undated 004#2`, earliest first."""
    copies = []
    for other in hit.also_in:
        who = other.source or other.title
        copies.append(" ".join(filter(None, [str(other.date or "undated"), who, str(other.ref)])))
    articles = len({other.article for other in hit.also_in})
    return printable_line(f"also in {plural(articles, 'article')}: " + "; ".join(copies))


def marked(hit: Hit, styled: bool, width: int | None = None) -> str:
    """The passage text made printable, matched words wrapped in ANSI when `styled`.

    With `width` (a terminal), lines are wrapped to it, four spaces in.
    """
    if not styled:
        return printable(hit.text)

    def safe(text: str) -> str:  # the stand-ins must come from us only
        return printable(text).replace(_ON, "\ufffd").replace(_OFF, "\ufffd")

    parts: list[str] = []
    last = 0
    for start, end in hit.highlights:
        parts.append(safe(hit.text[last:start]))
        parts.append(_ON + safe(hit.text[start:end]) + _OFF)
        last = end
    parts.append(safe(hit.text[last:]))
    text = "".join(parts)
    if width:
        import textwrap

        text = "\n".join(textwrap.fill(p, width - 4) for p in text.split("\n"))
    return text.replace(_ON, MARK_ON).replace(_OFF, MARK_OFF)


def _terminal_width() -> int:
    """The terminal's width (`COLUMNS` first, as `shutil.get_terminal_size` reads it, without
    importing shutil and its compression modules)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except OSError:
        return 80


def hit_json(hit: Hit, shown: PassageAnnotations | None = None) -> dict[str, Any]:
    """One hit for `search --json`, with every author's note on the passage."""
    notes = [{"author": n.author, "text": n.text} for n in shown.notes] if shown else []
    return {
        "id": str(hit.ref),
        "article": hit.article,
        "passage": hit.passage,
        "date": str(hit.date) if hit.date else None,
        "title": hit.title,
        "source": hit.source,
        "text": hit.text,
        "tags": list(hit.tags),
        "score": round(hit.score, 4),
        "highlights": [list(span) for span in hit.highlights],
        "notes": notes,
        "also_in": [
            {
                "id": str(other.ref),
                "date": str(other.date) if other.date else None,
                "source": other.source,
                "title": other.title,
            }
            for other in hit.also_in
        ],
    }


class ProgressReporter:
    """`progress(done, total)` for `reader index` (and exports): a bar on a terminal, else
    a few lines; `what` and `unit` name the work (`indexing`, `files`)."""

    def __init__(
        self, stream: TextIO, quiet: bool = False, what: str = "indexing", unit: str = "files"
    ) -> None:
        self.stream = stream
        self.quiet = quiet
        self.what = what
        self.unit = unit
        self.tty = stream.isatty()
        self.drawn = False
        self.last_line = -1.0
        self.last_draw = 0.0

    def __call__(self, done: int, total: int) -> None:
        if self.quiet or total <= 0:
            return
        if self.tty:
            now = time.monotonic()
            if done < total and now - self.last_draw < 0.1:
                return
            self.last_draw = now
            width = 30
            filled = width * done // total
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r{self.what} [{bar}] {done}/{total} {self.unit}")
            self.stream.flush()
            self.drawn = True
        elif done == total or done / total - self.last_line >= 0.1:
            self.last_line = done / total
            print(f"{self.what}: {done}/{total} {self.unit}", file=self.stream, flush=True)

    def finish(self) -> None:
        """End the bar's line."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False
