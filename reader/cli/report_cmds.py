"""`reader report tags|cooccur|timeline|agreement`: tables on a terminal, `--json`, `--csv`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from reader.cli import common
from reader.cli.common import CommandError
from reader.cli.export_cmds import add_selection_options, fresh_index, report_left_out
from reader.errors import QueryError
from reader.textnorm import printable

if TYPE_CHECKING:
    from reader.export import Report

KINDS = {
    "tags": "counts per tag as a tree (children rolled up), passages and articles",
    "cooccur": "how many passages (or articles) carry both of two tags",
    "timeline": "tagged passages per day, week, month or year, with a bar chart",
    "agreement": "coder agreement per tag: share agreed, Cohen's kappa, Krippendorff's alpha",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `report` and its kinds."""
    report = subparsers.add_parser(
        "report", help="tag counts, co-occurrence, timeline, coder agreement"
    )
    kinds = report.add_subparsers(dest="kind", metavar="KIND", required=True)
    parsers = {
        name: kinds.add_parser(name, help=text, description=text) for name, text in KINDS.items()
    }
    parsers["tags"].add_argument(
        "--by", choices=("author", "source"), help="a column of passages per author or source"
    )
    parsers["cooccur"].add_argument(
        "--unit", choices=("passage", "article"), default="passage", help="what is counted"
    )
    parsers["cooccur"].add_argument(
        "--min", type=int, default=1, metavar="N", help="hide pairs found fewer than N times"
    )
    parsers["timeline"].add_argument(
        "--by", choices=("day", "week", "month", "year"), default="month", help="the period"
    )
    parsers["timeline"].add_argument(
        "--tag",
        action="append",
        default=[],
        dest="tags",
        metavar="TAG",
        help="only this tag and the tags under it (repeat for more)",
    )
    agreement = parsers["agreement"]
    agreement.add_argument(
        "--authors",
        "--author",
        action="append",
        default=[],
        dest="authors",
        metavar="NAMES",
        help="the coders to compare (names or emails, comma-separated; default: all)",
    )
    agreement.add_argument(
        "--tags",
        action="append",
        default=[],
        dest="tags",
        metavar="TAGS",
        help="the tags to compare (comma-separated; a tag includes the tags under it)",
    )
    for name, parser in parsers.items():
        add_selection_options(parser, author=name != "agreement")
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--csv", action="store_true", help="print CSV")
        common.add_workspace_options(parser, json_flag=False)
        output.add_argument("--json", action="store_true", help="print JSON for scripts")
        common.command(parser, run_report)


def _options(args: argparse.Namespace) -> dict[str, object]:
    from reader.export import split_names

    if args.kind == "tags":
        return {"by": args.by}
    if args.kind == "cooccur":
        if args.min < 1:
            raise CommandError("--min must be 1 or more", status=2)
        return {"unit": args.unit, "min": args.min}
    if args.kind == "timeline":
        return {"by": args.by, "tags": split_names(args.tags)}
    return {"tags": split_names(args.tags)}


def run_report(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    fresh_index(ws, args.query)
    try:
        report, left_out = ws.report(
            args.kind, query=args.query, authors=args.authors, options=_options(args)
        )
    except QueryError as exc:
        raise CommandError(f"bad query: {exc}", status=2) from None
    report_left_out(left_out)
    if args.json:
        common.print_json(report.as_json())
    elif args.csv:
        write_csv(report)
    else:
        from reader.cli import report_tables  # with reader.export: not for every command

        width = report_tables.terminal_width()
        sys.stdout.write(report_tables.render(report, width))
    return 0


def write_csv(report: Report) -> None:
    """The report's table as CSV on standard output (cells guarded against formulas)."""
    import io

    from reader.export.csvout import guarded_row, writer

    out = io.StringIO()
    rows = writer(out)
    rows.writerow(guarded_row(report.columns()))
    for row in report.table():
        rows.writerow(guarded_row(row))
    sys.stdout.write(printable(out.getvalue()) if sys.stdout.isatty() else out.getvalue())
