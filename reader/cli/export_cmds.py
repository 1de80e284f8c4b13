"""`reader export --format FORMAT` and `reader codebook import FILE`."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from reader.cli import common
from reader.cli.common import CommandError
from reader.errors import IndexBusyError, QueryError
from reader.textnorm import printable
from reader.workspace import Workspace

EXPORT_FORMATS = ("csv", "jsonl", "markdown", "w3c", "qdpx", "qdc")  # = reader.export.FORMATS
LEFT_OUT_SHOWN = 5
PROGRESS_AFTER = 1.0  # seconds: a quick export draws no bar


def add_selection_options(parser: argparse.ArgumentParser, *, author: bool = True) -> None:
    """`--query` and `--author`, shared by every export and report."""
    parser.add_argument(
        "--query", metavar="QUERY", help="only annotations on the passages QUERY matches"
    )
    if author:
        parser.add_argument(
            "--author",
            action="append",
            default=[],
            dest="authors",
            metavar="NAME",
            help="only this author's annotations (name or email; repeat or comma-separate)",
        )


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `export` and `codebook`."""
    export = subparsers.add_parser(
        "export",
        help="write the coded passages as csv, jsonl, markdown, w3c, qdpx or qdc",
        description="Write annotations out: csv (a row per segment and tag; --wide: a row "
        "per passage, a 0/1 column per tag), jsonl, markdown (a report by tag), w3c (Web "
        "Annotation JSON-LD), qdpx (a REFI-QDA project), qdc (the codebook as REFI-QDA).",
    )
    export.add_argument("--format", "-f", required=True, choices=EXPORT_FORMATS)
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.add_argument("--wide", action="store_true", help="csv: one row per passage")
    add_selection_options(export)
    common.add_workspace_options(export, json_flag=False)
    common.command(export, run_export)

    codebook = subparsers.add_parser("codebook", help="bring codes in from another program")
    actions = codebook.add_subparsers(dest="action", metavar="ACTION", required=True)
    imported = actions.add_parser(
        "import",
        help="merge a .qdc, .qde, .qdpx or CSV codebook into annotations/codebook.yaml",
        description="Merge the codes of a REFI-QDA codebook (.qdc), project (.qde, or the "
        ".qde inside a .qdpx) or a CSV with a tag/name/path column and optional "
        "description into the codebook: new codes are added, existing ones kept.",
    )
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument("--dry-run", action="store_true", help="only say what would change")
    common.add_workspace_options(imported)
    common.command(imported, run_codebook_import)


def fresh_index(ws: Workspace, query: str | None) -> None:
    """Bring the index up to date before a query selects passages (as `search` does)."""
    if query is None or not query.strip():
        return
    try:
        ws.update_index()
    except IndexBusyError:
        common.error("index is busy (another reader is updating it); results may be stale")


def delayed_progress(what: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A `progress(done, total)` that draws (on stderr) only once the work has taken a
    second, and the function that ends its line."""
    from reader.cli.search_cmds import ProgressReporter

    reporter = ProgressReporter(sys.stderr, what=what, unit="articles")
    start = time.monotonic()

    def progress(done: int, total: int) -> None:
        if time.monotonic() - start >= PROGRESS_AFTER:
            reporter(done, total)

    return progress, reporter.finish


def report_left_out(lines: list[str]) -> None:
    """Name what was left out (orphans, unreadable files), a few lines at most."""
    for line in lines[:LEFT_OUT_SHOWN]:
        common.error(f"left out: {line}")
    if len(lines) > LEFT_OUT_SHOWN:
        common.error(f"left out: {len(lines) - LEFT_OUT_SHOWN} more (`reader check` lists them)")


def run_export(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    fresh_index(ws, args.query)
    to_terminal = args.output is None and sys.stdout.isatty()
    progress, finish = delayed_progress("exporting")
    try:
        result = ws.export(
            args.format,
            args.output,
            query=args.query,
            authors=args.authors,
            force=args.force,
            wide=args.wide,
            progress=None if to_terminal else progress,
        )
    except QueryError as exc:
        raise CommandError(f"bad query: {exc}", status=2) from None
    finally:
        finish()
    report_left_out(result.left_out)
    where = f" to {args.output}" if args.output else ""
    if result.annotations == 0:
        common.error(f"nothing selected: 0 annotations written{where}")
    elif args.output:
        noun = "annotation" if result.annotations == 1 else "annotations"
        print(
            printable(f"exported {result.annotations} {noun} ({args.format}){where}"),
            file=sys.stderr,
        )
    return 0


def run_codebook_import(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    plan, outcome = ws.import_codebook(args.file, dry_run=args.dry_run)
    if outcome is not None and outcome.index_problem:
        common.error(outcome.index_problem)
    if args.json:
        common.print_json(plan.as_json())
        return 0
    lines = [plan.summary()]
    if plan.added:
        verb = "added" if plan.written else "would add"
        lines.append(f"{verb}: " + ", ".join(code.tag for code in plan.added))
    lines.extend(f"renamed: {name!r} -> {tag}" for name, tag in plan.mapped)
    lines.extend(f"conflict: {line}" for line in plan.conflicts)
    if args.dry_run:
        lines.append("(dry run: nothing written)")
    print(printable("\n".join(lines)))
    return 0
