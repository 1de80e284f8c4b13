"""`reader tag`, `untag`, `note`, `tags`, `tags rename`, `check`, `reattach`, `meta`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from reader.cli import common
from reader.cli.common import CommandError
from reader.refs import where
from reader.tagnames import tag_tree
from reader.textnorm import printable_line
from reader.workspace import Outcome

if TYPE_CHECKING:
    from reader.annotations.codebook import CodebookEntry


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the annotation subcommands."""
    for name, verb in (("tag", "add tags to"), ("untag", "remove tags from")):
        parser = subparsers.add_parser(name, help=f"{verb} a passage (ARTICLE#N)")
        parser.add_argument("ref", metavar="ARTICLE#N")
        parser.add_argument("tags", nargs="+", metavar="TAG")
        common.add_workspace_options(parser)
        common.command(parser, _tag if name == "tag" else _untag)

    note = subparsers.add_parser("note", help="set your note on a passage ('-' reads stdin)")
    note.add_argument("ref", metavar="ARTICLE#N")
    note.add_argument("text", metavar="TEXT", help="the note; '-' reads standard input; '' clears")
    common.add_workspace_options(note)
    common.command(note, _note)

    tags = subparsers.add_parser("tags", help="every tag with its count; `tags rename OLD NEW`")
    common.add_workspace_options(tags)
    tags.add_argument("action", nargs="?", metavar="rename", help="rename or merge a tag")
    tags.add_argument("--all", action="store_true", help="also the codebook's tags not used yet")
    tags.add_argument("names", nargs="*", metavar="OLD NEW")
    common.command(tags, _tags)

    check = subparsers.add_parser("check", help="validate every annotation file and anchor")
    check.add_argument(
        "--confirm-anchors",
        action="store_true",
        help="then rewrite the targets of annotations whose passage moved",
    )
    common.add_workspace_options(check)
    common.command(check, _check)

    reattach = subparsers.add_parser(
        "reattach", help="point an annotation (an orphan) at a passage (ARTICLE#N)"
    )
    reattach.add_argument("annotation", metavar="ANNOTATION_ID", help="its ULID or file path")
    reattach.add_argument("ref", metavar="ARTICLE#N")
    common.add_workspace_options(reattach)
    common.command(reattach, _reattach)

    meta = subparsers.add_parser("meta", help="show or set an article's date, title, source")
    meta.add_argument("article", metavar="ARTICLE")
    meta.add_argument("--date", help="YYYY, YYYY-MM or YYYY-MM-DD ('' clears)")
    meta.add_argument("--title", help="the title ('' clears)")
    meta.add_argument("--source", help="the source ('' clears)")
    common.add_workspace_options(meta)
    common.command(meta, _meta)


def _tag(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    return _report(args, ws.tag(args.ref, args.tags), "tagged")


def _untag(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    return _report(args, ws.untag(args.ref, args.tags), "untagged")


def _note(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    text = _stdin_note() if args.text == "-" else args.text
    return _report(args, ws.note(args.ref, text), "noted" if text.strip() else "cleared")


def _stdin_note() -> str:
    """The note on standard input; CRLF line ends (a Windows file) become LF, as in articles."""
    try:
        return sys.stdin.read().replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise CommandError(f"standard input is not UTF-8 text (byte {exc.start})") from None


def _report(args: argparse.Namespace, outcome: Outcome, verb: str) -> int:
    """Say what a change to one passage did (and whether the index followed)."""
    if outcome.index_problem:
        common.error(f"{outcome.index_problem}; run `reader index`")
    ref = str(outcome.ref)
    if args.json:
        common.print_json(
            {
                "ref": ref,
                "changed": outcome.changed,
                "files": list(outcome.files),
                "tags": outcome.tags,
            }
        )
    else:
        what = verb if outcome.changed else "unchanged"
        listed = " ".join(outcome.tags) if outcome.tags else "(no tags)"
        print(printable_line(f"{ref}: {what}; tags: {listed}"))
    return 0


def _tags(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    if args.action == "rename":
        if len(args.names) != 2:
            raise CommandError("usage: reader tags rename OLD NEW")
        outcome = ws.rename_tag(*args.names)
        if outcome.index_problem:
            common.error(f"{outcome.index_problem}; run `reader index`")
        count = len(outcome.files)
        if args.json:
            common.print_json({"old": args.names[0], "new": args.names[1], "files": count})
        else:
            print(printable_line(f"renamed {args.names[0]} to {args.names[1]} in {count} files"))
        return 0  # the files it could not read (their tags keep the old name): see `run`
    if args.action is not None or args.names:
        stray = args.action if args.action is not None else args.names[0]
        raise CommandError(f"unexpected argument: {stray!r} (did you mean `tags rename`?)")
    counts = ws.tag_counts(unused=args.all)
    book = ws.codebook()
    if args.json:
        common.print_json([_tag_json(t, n, book.get(t)) for t, n in counts.items()])
        return 0
    for line in tree_lines(counts):
        print(printable_line(line))
    return 0


def _tag_json(tag: str, count: int, entry: CodebookEntry | None) -> dict[str, Any]:
    """One tag for `tags --json`: its count and what the codebook says about it."""
    return {
        "tag": tag,
        "count": count,
        "description": entry.description if entry else "",
        "colour": entry.colour if entry else "",
        "key": entry.key if entry else "",
    }


def tree_lines(counts: dict[str, int]) -> list[str]:
    """Tags as an indented tree: a parent shows its own count and, after `/`, its total."""
    lines = []
    for node in tag_tree(counts):
        label = "  " * node.depth + node.name + ("" if node.used else "/")
        if node.used and node.total != node.own:
            label += f"  ({node.total} with subtags)"
        lines.append(f"{node.own if node.used else node.total:>6}  {label}")
    return lines


def _check(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    args.hidden_listed = True  # its report lists every file it could not read
    report = ws.check()
    confirmed = None
    if args.confirm_anchors:
        outcome = ws.confirm_anchors()
        confirmed = list(outcome.files)
        if outcome.index_problem:
            common.error(f"{outcome.index_problem}; run `reader index`")
    if args.json:
        extra = {} if confirmed is None else {"confirmed": confirmed}
        common.print_json(report.as_json() | extra)
        return 0 if report.ok else 1
    for error in report.errors:
        print(printable_line(f"error: {error}"))
    for orphan in report.orphans:
        tags = " ".join(orphan.tags) or "(no tags)"
        print(
            printable_line(
                f"orphan: {orphan.path}: {where(orphan.article, orphan.passage)} [{tags}]: "
                f"{orphan.reason}"
            )
        )
    for warning in report.warnings:
        print(printable_line(f"warning: {warning}"))
    if report.conflicted:
        print("hint: `reader resolve` merges files with conflict markers, then `git add` them")
    print(
        f"{report.files} files, {report.annotations} annotations: "
        f"{len(report.errors)} invalid, {len(report.orphans)} orphans"
    )
    if confirmed is not None:
        print(f"confirmed anchors: {len(confirmed)} annotations rewritten to where they are now")
    return 0 if report.ok else 1


def _reattach(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    outcome = ws.reattach(args.annotation, args.ref)
    if outcome.index_problem:
        common.error(f"{outcome.index_problem}; run `reader index`")
    if args.json:
        common.print_json(
            {"ref": str(outcome.ref), "changed": outcome.changed, "files": list(outcome.files)}
        )
    else:
        what = "re-attached" if outcome.changed else "unchanged (already there)"
        files = " ".join(outcome.files) or args.annotation
        print(printable_line(f"{outcome.ref}: {what}: {files}"))
    return 0


def _meta(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    article = ws.article(args.article)
    if any(v is not None for v in (args.date, args.title, args.source)):
        outcome = ws.set_meta(article.id, date=args.date, title=args.title, source=args.source)
        if outcome.index_problem:
            common.error(f"{outcome.index_problem}; run `reader index`")
        article = ws.article(args.article)
    values = {
        "article": article.id,
        "date": str(article.date) if article.date else None,
        "title": article.title,
        "source": article.source,
    }
    if args.json:
        common.print_json(values)
    else:
        for key, value in values.items():
            print(printable_line(f"{key}: {value if value is not None else '(none)'}"))
    return 0
