"""`reader merge-driver`, `reader git install`, `reader resolve`, `reader changes`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from reader.cli import common
from reader.cli.common import CommandError
from reader.paths import default_annotations, default_corpus, is_inside
from reader.refs import where
from reader.textnorm import printable_line


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the git-related subcommands."""
    driver = subparsers.add_parser(
        "merge-driver",
        help="git's merge driver for annotation files (git runs it: %%O %%A %%B %%P)",
        description="Merge BASE, OURS and THEIRS field by field into OURS; exit 0 when clean.",
    )
    driver.add_argument("base", type=Path)
    driver.add_argument("ours", type=Path)
    driver.add_argument("theirs", type=Path)
    driver.add_argument("name", nargs="?", default="", help="the path being merged (%%P)")
    common.command(driver, _merge_driver)

    git_parser = subparsers.add_parser("git", help="set this clone up for sharing annotations")
    git_sub = git_parser.add_subparsers(dest="git_command", metavar="COMMAND", required=True)
    install = git_sub.add_parser(
        "install",
        help="register the annotation merge driver in this clone, and have git ignore the "
        "temporary files a crash leaves (idempotent)",
    )
    _annotation_options(install, json_flag=False)
    install.add_argument(
        "--check", action="store_true", help="only report whether it is set up (exit 1 if not)"
    )
    common.command(install, _git_install)

    resolve = subparsers.add_parser(
        "resolve", help="merge annotation files that hold git conflict markers"
    )
    resolve.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    resolve.add_argument("--add", action="store_true", help="`git add` each resolved file")
    _annotation_options(resolve)
    common.command(resolve, _resolve)

    changes = subparsers.add_parser(
        "changes", help="annotation changes since a git revision (default: before the last pull)"
    )
    changes.add_argument("rev", nargs="?", metavar="REV")
    _annotation_options(changes)
    common.command(changes, _changes)


def _annotation_options(parser: argparse.ArgumentParser, *, json_flag: bool = True) -> None:
    parser.add_argument("--corpus", type=Path, help="corpus folder ($READER_CORPUS, ./seeds)")
    parser.add_argument(
        "--annotations", type=Path, help="annotations folder (default: annotations/ beside it)"
    )
    if json_flag:
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def annotations_dir(args: argparse.Namespace) -> Path:
    """--annotations, else the one beside the corpus, else ./annotations."""
    if args.annotations is not None:
        return Path(os.path.abspath(args.annotations))
    corpus = args.corpus or default_corpus()
    if corpus is not None:
        return default_annotations(corpus)
    if Path("annotations").is_dir():
        return Path(os.path.abspath("annotations"))
    raise CommandError("no annotations folder: pass --annotations DIR or --corpus DIR")


def _merge_driver(args: argparse.Namespace) -> int:
    from reader.gitshare.driver import run_driver

    return run_driver(args.base, args.ours, args.theirs, args.name)


def _git_install(args: argparse.Namespace) -> int:
    from reader.gitshare.install import install, status
    from reader.gitshare.repo import GitError

    folder = annotations_dir(args)
    try:
        if args.check:
            found = status(folder)
            if found is None:
                raise CommandError(f"{folder} is not inside a git work tree")
            problem = found.problem()
            if problem:
                raise CommandError(problem)
            print(f"merge driver installed: {printable_line(found.driver or '')}")
            return 0
        found, done = install(folder)
    except GitError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(
            f"cannot write {exc.filename or '.gitattributes'}: {exc.strerror}"
        ) from None
    for line in done:
        print(printable_line(line))
    if not done:
        print("merge driver already installed in this clone")
    return 0


def _resolve(args: argparse.Namespace) -> int:
    from reader.annotations.yamlio import AnnotationFileError
    from reader.fsio import read_plain
    from reader.gitshare.conflicts import (
        find_conflicted,
        has_markers,
        mark_resolved,
        resolve_file,
        unmerged_resolved,
    )
    from reader.gitshare.repo import GitError

    folder = annotations_dir(args)
    paths = [Path(p) for p in args.paths] or find_conflicted(folder)
    resolved: list[Path] = []
    failed = 0
    report: list[dict[str, Any]] = []
    for path in paths:
        if not is_inside(path, folder) or path.suffix != ".yaml":
            common.error(f"{path}: not an annotation file under {folder}")
            failed += 1
            continue
        try:
            head = read_plain(path, 2_000_000).decode("utf-8", "replace")  # never a FIFO
            if not has_markers(head):
                print(f"{printable_line(str(path))}: no conflict markers (left as it is)")
                continue
            result = resolve_file(path)
        except AnnotationFileError as exc:
            common.error(str(exc))
            failed += 1
            continue
        except OSError as exc:  # missing, a FIFO, unreadable: named, never a temp path
            common.error(f"{path}: {exc.strerror or exc}")
            failed += 1
            continue
        resolved.extend([path, *result.added])
        report.append(
            {"path": str(path), "dropped": result.dropped, "added": [str(p) for p in result.added]}
        )
    # Files resolved earlier (without --add, or by hand) that git still lists as unmerged.
    done = {os.path.realpath(p) for p in resolved}
    staged = [] if args.paths or not args.add else unmerged_resolved(folder)
    staged = [p for p in staged if os.path.realpath(p) not in done]
    if args.add and (resolved or staged):
        try:
            mark_resolved(resolved + staged)
        except GitError as exc:
            raise CommandError(str(exc)) from None
    if args.json:
        common.print_json({"resolved": report, "failed": failed})
    else:
        for item in report:
            print(f"resolved {printable_line(str(item['path']))}")
            for dropped in item["dropped"]:
                print(
                    f"  both sides changed {printable_line(str(dropped))}: kept the later version"
                )
            for extra in item["added"]:
                shown = printable_line(str(extra))
                print(f"  both notes together pass the read limit: the other one is in {shown}")
        for path in staged:
            print(f"staged {printable_line(str(path))} (already resolved)")
        if not paths and not staged:
            print("no conflicted annotation files")
        elif resolved and not args.add:
            print("check them, then `git add` them (or run with --add)")
    return 1 if failed else 0


def _changes(args: argparse.Namespace) -> int:
    from reader.gitshare.changes import changes_since, default_rev
    from reader.gitshare.repo import GitError

    folder = annotations_dir(args)
    try:
        rev = args.rev or default_rev(folder)
        changes = changes_since(folder, rev)
    except GitError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        common.print_json([c.to_json() for c in changes])
        return 0
    if not changes:
        print(f"no annotation changes since {printable_line(rev)}")
        return 0
    print(f"annotation changes since {printable_line(rev)}:")
    by_author: dict[str, list] = {}
    for change in changes:
        by_author.setdefault(change.author, []).append(change)
    for author, items in sorted(by_author.items()):
        print(printable_line(author))
        for change in items:
            print(f"  {printable_line(_describe(change))}")
    return 0


def _describe(change) -> str:
    if change.kind == "invalid":
        return f"invalid {change.path}: {'; '.join(change.fields)}"
    place = where(change.article, change.passage) or change.path
    parts = [f"{change.kind:<7} {place}"]
    tags = [f"+{t}" for t in change.tags_added] + [f"-{t}" for t in change.tags_removed]
    if tags:
        parts.append("tags " + " ".join(tags))
    if change.note_changed:
        after = (change.note_after or "").strip().splitlines()
        parts.append(f"note: {after[0][:60]!r}" if after else "note removed")
    if change.fields:
        parts.append("changed " + ", ".join(change.fields))
    return "  ".join(parts)
