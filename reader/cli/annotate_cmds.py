"""`reader tag`, `untag`, `note`, `tags`, `tags rename`, `check`, `reattach`, `meta`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from reader.annotations.files import StoreError
from reader.annotations.tags import TagError
from reader.annotations.yamlio import AnnotationFileError
from reader.cli import common
from reader.cli.common import CommandError
from reader.model import Article, Passage
from reader.textnorm import printable
from reader.workspace import Workspace

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


def _user_errors(func: Any) -> Any:
    """Turn store, tag and file problems into one-line command errors."""

    def wrapper(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except (StoreError, TagError, AnnotationFileError) as exc:
            raise CommandError(str(exc)) from None
        except BrokenPipeError:  # `reader tags | head`: common.run ends quietly
            raise
        except OSError as exc:
            raise CommandError(f"{exc.filename or 'annotations'}: {exc.strerror}") from None

    return wrapper


@_user_errors
def _tag(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    article, passage = ws.passage(args.ref)
    change = ws.store.tag(article, passage.number, args.tags)
    return _done(ws, args, article, passage, change, "tagged")


@_user_errors
def _untag(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    article, passage = ws.passage(args.ref)
    change = ws.store.untag(article, passage.number, args.tags)
    return _done(ws, args, article, passage, change, "untagged")


@_user_errors
def _note(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    article, passage = ws.passage(args.ref)
    text = _stdin_note() if args.text == "-" else args.text
    change = ws.store.set_note(article, passage.number, text)
    return _done(ws, args, article, passage, change, "noted" if text.strip() else "cleared")


def _stdin_note() -> str:
    """The note on standard input; CRLF line ends (a Windows file) become LF, as in articles."""
    try:
        return sys.stdin.read().replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise CommandError(f"standard input is not UTF-8 text (byte {exc.start})") from None


def _done(
    ws: Workspace, args: argparse.Namespace, article: Article, passage: Passage, change, verb
) -> int:
    """Report a change, and bring the search index along (best effort)."""
    if change:
        _reindex(ws, article.id)
    ref = passage.ref
    shown = ws.store.passage_annotations(article).get(passage.number)
    tags = shown.tags if shown else []
    files = [ws.store.cache.display(p) for p in change.paths]
    if args.json:
        common.print_json({"ref": ref, "changed": bool(change), "files": files, "tags": tags})
    else:
        what = verb if change else "unchanged"
        listed = " ".join(tags) if tags else "(no tags)"
        print(printable(f"{ref}: {what}; tags: {listed}"))
    return 0


def _reindex(ws: Workspace, article_id: str) -> None:
    try:
        ws.reindex_article(article_id)
    except Exception as exc:  # the index is a cache: never fail a saved change over it
        common.error(f"saved, but the search index was not updated ({exc}); run `reader index`")


@_user_errors
def _tags(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    if args.action == "rename":
        if len(args.names) != 2:
            raise CommandError("usage: reader tags rename OLD NEW")
        count = ws.store.rename_tag(*args.names)
        if count:
            for article_id in sorted(ws.store.fingerprints()):
                _reindex(ws, article_id)
        if args.json:
            common.print_json({"old": args.names[0], "new": args.names[1], "files": count})
        else:
            print(printable(f"renamed {args.names[0]} to {args.names[1]} in {count} files"))
        for error in ws.store.load_errors:  # their tags keep the old name
            common.error(f"skipped {error}")
        return 0
    if args.action is not None or args.names:
        stray = args.action if args.action is not None else args.names[0]
        raise CommandError(f"unexpected argument: {stray!r} (did you mean `tags rename`?)")
    counts = ws.store.tag_counts()
    book = ws.store.codebook()
    if args.json:
        common.print_json([_tag_json(t, n, book.get(t)) for t, n in counts.items()])
        return 0
    for line in tree_lines(counts):
        print(printable(line))
    for error in ws.store.load_errors:
        common.error(f"skipped {error}")
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
    totals: dict[tuple[str, ...], int] = {}
    own: dict[tuple[str, ...], int] = {}
    spelling: dict[tuple[str, ...], str] = {}  # tags compare without case: `Actor/x`, `actor`
    for tag, count in counts.items():
        names = tag.split("/")
        parts = tuple(name.casefold() for name in names)
        own[parts] = own.get(parts, 0) + count
        for cut in range(1, len(parts) + 1):
            totals[parts[:cut]] = totals.get(parts[:cut], 0) + count
            spelling.setdefault(parts[:cut], names[cut - 1])
    lines = []
    for parts in sorted(totals):
        label = "  " * (len(parts) - 1) + spelling[parts] + ("/" if parts not in own else "")
        figure = own.get(parts, totals[parts])
        if parts in own and totals[parts] != own[parts]:
            label += f"  ({totals[parts]} with subtags)"
        lines.append(f"{figure:>6}  {label}")
    return lines


@_user_errors
def _check(args: argparse.Namespace) -> int:
    from reader.gitshare import driver_status  # git machinery: only `check` needs it

    ws = common.workspace(args)
    articles, _ = ws.read_all()
    report = ws.store.check(articles)
    driver_warning = driver_status(ws.annotations)
    if driver_warning:
        report.warnings.append(driver_warning)
    confirmed = _confirm_anchors(ws, articles) if args.confirm_anchors else None
    if args.json:
        extra = {} if confirmed is None else {"confirmed": confirmed}
        common.print_json(report.as_json() | extra)
        return 0 if report.ok else 1
    for error in report.errors:
        print(printable(f"error: {error}"))
    for orphan in report.orphans:
        tags = " ".join(orphan.tags) or "(no tags)"
        print(
            printable(
                f"orphan: {orphan.path}: {orphan.article}#{orphan.passage} [{tags}]: "
                f"{orphan.reason}"
            )
        )
    for warning in report.warnings:
        print(printable(f"warning: {warning}"))
    if report.conflicted:
        print("hint: `reader resolve` merges files with conflict markers, then `git add` them")
    print(
        f"{report.files} files, {report.annotations} annotations: "
        f"{len(report.errors)} invalid, {len(report.orphans)} orphans"
    )
    if confirmed is not None:
        print(f"confirmed anchors: {len(confirmed)} annotations rewritten to where they are now")
    return 0 if report.ok else 1


def _confirm_anchors(ws: Workspace, articles) -> list[str]:
    """Rewrite moved anchors of every annotated article; the files written (as shown)."""
    by_id = {a.id: a for a in articles}
    written = []
    for article_id in sorted(ws.store.fingerprints()):
        article = by_id.get(article_id)
        if article is None:
            continue
        change = ws.store.confirm_anchors(article)
        if change:
            written.extend(ws.store.cache.display(p) for p in change.paths)
            _reindex(ws, article_id)
    return written


@_user_errors
def _reattach(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    article, passage = ws.passage(args.ref)
    change = ws.store.reattach(article, args.annotation, passage.number)
    if change:
        _reindex(ws, article.id)
    files = [ws.store.cache.display(p) for p in change.paths]
    if args.json:
        common.print_json({"ref": passage.ref, "changed": bool(change), "files": files})
    else:
        what = "re-attached" if change else "unchanged (already there)"
        print(printable(f"{passage.ref}: {what}: {' '.join(files) or args.annotation}"))
    return 0


@_user_errors
def _meta(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    article = ws.article(args.article)
    if any(v is not None for v in (args.date, args.title, args.source)):
        change = ws.store.set_article_meta(
            article.id, date=args.date, title=args.title, source=args.source
        )
        if change:
            _reindex(ws, article.id)
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
            print(printable(f"{key}: {value if value is not None else '(none)'}"))
    return 0
