"""`reader tag`, `untag`, `note`, `tags`, `tags rename`, `check`, `reattach`, `meta`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from reader.cli import common
from reader.cli.common import CommandError
from reader.records import Span
from reader.refs import PassageRef, where
from reader.tagnames import new_tags, tag_key, tag_tree
from reader.textnorm import plural, printable_line
from reader.workspace import Outcome, Workspace

if TYPE_CHECKING:
    from reader.annotations.codebook import CodebookEntry


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the annotation subcommands."""
    for name, verb in (("tag", "add tags to"), ("untag", "remove tags from")):
        parser = subparsers.add_parser(
            name,
            help=f"{verb} a passage (ARTICLE#N) or a span of it (ARTICLE#N:START-END)",
            description=f"{verb.capitalize()} a passage, or a span of its text: "
            "ARTICLE#N:START-END (characters START to END) or --quote TEXT. A tag is one "
            "word that / may divide (actor/china): no spaces, commas or control characters.",
        )
        parser.add_argument("ref", metavar="ARTICLE#N[:START-END]")
        parser.add_argument("tags", nargs="+", metavar="TAG")
        _quote_option(parser)
        common.add_workspace_options(parser)
        common.command(parser, _tag if name == "tag" else _untag)

    note = subparsers.add_parser(
        "note", help="set your note on a passage or a span of it ('-' reads stdin)"
    )
    note.add_argument("ref", metavar="ARTICLE#N[:START-END]")
    note.add_argument("text", metavar="TEXT", help="the note; '-' reads standard input; '' clears")
    _quote_option(note)
    common.add_workspace_options(note)
    common.command(note, _note)

    tags = subparsers.add_parser("tags", help="every tag with its count; `tags rename OLD NEW`")
    common.add_workspace_options(tags)
    tags.add_argument("action", nargs="?", metavar="rename", help="rename or merge a tag")
    tags.add_argument(
        "--all",
        action="store_true",
        help="with the codebook's tags nobody used yet (the default; kept for scripts)",
    )
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


def _quote_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quote",
        metavar="TEXT",
        help="the span of the passage that holds TEXT (exactly once) instead of all of it",
    )


def _target(ws: Workspace, args: argparse.Namespace) -> tuple[PassageRef, Span | None]:
    """The passage and span the arguments name (`ARTICLE#N:START-END` or `--quote`)."""
    ref, span = PassageRef.parse_span(args.ref)
    if args.quote is not None:
        if span is not None:
            raise CommandError("give a span either as ARTICLE#N:START-END or with --quote")
        span = ws.find_quote(ref, args.quote)
    return ref, span


def _tag(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    ref, span = _target(ws, args)
    book = ws.codebook()
    outside = new_tags(args.tags, book)  # read every file only for tags the codebook lacks
    fresh = new_tags(outside, ws.tag_counts()) if outside else []
    outcome = ws.tag(ref, args.tags, span)
    for tag in fresh if outcome.changed else []:
        common.error(f"new tag: {tag} (not in the codebook, not used before)")
    return _report(args, outcome, "tagged", span)


def _untag(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    ref, span = _target(ws, args)
    return _report(args, ws.untag(ref, args.tags, span), "untagged", span)


def _note(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    ref, span = _target(ws, args)
    text = _stdin_note() if args.text == "-" else args.text
    return _report(args, ws.note(ref, text, span), "noted" if text.strip() else "cleared", span)


def _stdin_note() -> str:
    """The note on standard input; CRLF line ends (a Windows file) become LF, as in articles."""
    try:
        return sys.stdin.read().replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise CommandError(f"standard input is not UTF-8 text (byte {exc.start})") from None


def _report(args: argparse.Namespace, outcome: Outcome, verb: str, span: Span | None = None) -> int:
    """Say what a change to one passage (or a span of it) did, and whether the index
    followed; for a span, its tags and quote."""
    if outcome.index_problem:
        common.error(f"{outcome.index_problem}; run `reader index`")
    assert outcome.ref is not None
    ref = outcome.ref.span_str(span)
    part = outcome.shown.part(span) if outcome.shown and span else None
    tags = list(part.tags) if part else [] if span else outcome.tags
    if args.json:
        data = {"ref": ref, "changed": outcome.changed, "files": list(outcome.files), "tags": tags}
        if span:
            data |= {"start": span[0], "end": span[1], "quote": part.quote if part else ""}
        common.print_json(data)
    else:
        what = verb if outcome.changed else "unchanged"
        listed = " ".join(tags) if tags else "(no tags)"
        quote = f" “{part.quote}”" if part else ""
        print(printable_line(f"{ref}{quote}: {what}; tags: {listed}"))
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
            files = plural(count, "file")
            print(printable_line(f"renamed {args.names[0]} to {args.names[1]} in {files}"))
        return 0  # the files it could not read (their tags keep the old name): see `run`
    if args.action is not None or args.names:
        stray = args.action if args.action is not None else args.names[0]
        raise CommandError(f"unexpected argument: {stray!r} (did you mean `tags rename`?)")
    book = ws.codebook()
    every = ws.tag_counts(unused=True)  # codebook codes nobody used yet too (count 0)
    counts = dict(sorted(every.items(), key=lambda kv: tag_key(kv[0])))
    if args.json:
        common.print_json([_tag_json(t, n, book.get(t)) for t, n in counts.items()])
        return 0
    for line in tree_lines(counts, set(book) if book else None):
        print(printable_line(line))
    return 0


def _tag_json(tag: str, count: int, entry: CodebookEntry | None) -> dict[str, Any]:
    """One tag for `tags --json`: its count and what the codebook says about it."""
    return {
        "tag": tag,
        "count": count,
        "codebook": entry is not None,
        "description": entry.description if entry else "",
        "colour": entry.colour if entry else "",
        "key": entry.key if entry else "",
    }


def tree_lines(counts: dict[str, int], codebook: set[str] | None = None) -> list[str]:
    """Tags as an indented tree: a parent shows its own count and, after `/`, its total;
    with a `codebook`, a tag outside it is marked."""
    lines = []
    keys = {tag_key(t) for t in codebook or ()}
    for node in tag_tree(counts):
        label = "  " * node.depth + node.name + ("" if node.used else "/")
        if node.used and node.total != node.own:
            label += f"  ({node.total} with subtags)"
        if codebook is not None and node.used and tag_key(node.tag) not in keys:
            label += "  (not in the codebook)"
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
    if report.moved and confirmed is None:
        for path in report.moved:
            print(printable_line(f"moved: {path}: its passage changed; found where it is now"))
        print(
            f"{plural(len(report.moved), 'anchor')} moved: "
            "`reader check --confirm-anchors` records where they are now"
        )
    print(
        f"{plural(report.files, 'file')}, "
        f"{plural(report.annotations, 'annotation')}: "
        f"{len(report.errors)} invalid, {plural(len(report.orphans), 'orphan')}"
    )
    if confirmed is not None:
        print(
            f"confirmed anchors: {plural(len(confirmed), 'annotation')} rewritten "
            "to where they are now"
        )
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
