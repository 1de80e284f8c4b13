"""What every subcommand shares: the workspace options, errors as one line, JSON output."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.errors import ReaderError
from reader.paths import default_corpus, is_inside
from reader.textnorm import json_safe, printable_line
from reader.workspace import Workspace


class CommandError(ReaderError):
    """A problem to report as one line and exit status 1 (or `status`)."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def add_workspace_options(parser: argparse.ArgumentParser, *, json_flag: bool = True) -> None:
    """`--corpus`, `--annotations`, `--index-dir` and (optionally) `--json`."""
    parser.add_argument("--corpus", type=Path, help="corpus folder ($READER_CORPUS, ./seeds)")
    parser.add_argument(
        "--annotations",
        type=Path,
        help="annotations folder (default: annotations/ beside the corpus)",
    )
    parser.add_argument(
        "--index-dir", type=Path, help="index folder ($READER_INDEX_DIR; default: the user's cache)"
    )
    if json_flag:
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")


HIDDEN_LISTED = 3
"""Up to this many unreadable annotation files are named one a line; more are counted."""


def workspace(args: argparse.Namespace) -> Workspace:
    """The workspace the options name (kept on `args`: `run` then says what it hid)."""
    corpus = args.corpus or default_corpus()
    if corpus is None:
        raise CommandError("no corpus: pass --corpus DIR or set READER_CORPUS")
    ws = Workspace(corpus, args.annotations, args.index_dir)
    args.opened_workspace = ws
    return ws


def report_hidden(args: argparse.Namespace) -> None:
    """Say on stderr which annotation files the command left out because they cannot be
    read (their tags and notes are not shown): one line each, or a count and `reader
    check`. Commands that searched the index (`hidden_from_index`) include what it left
    out; `check`, which lists them itself, sets `hidden_listed`."""
    ws = getattr(args, "opened_workspace", None)
    if ws is None or getattr(args, "hidden_listed", False):
        return
    lines = ws.hidden_files(index=getattr(args, "hidden_from_index", False))
    if len(lines) > HIDDEN_LISTED:
        conflicts = sum("conflict marker" in line for line in lines)
        extra = f", {conflicts} in conflict (`reader resolve`)" if conflicts else ""
        error(
            f"{len(lines)} annotation files cannot be read and are left out{extra}: "
            "see `reader check`"
        )
        return
    for line in lines:
        fix = "`reader resolve` merges it" if "conflict marker" in line else "see `reader check`"
        error(f"left out (cannot be read; its tags and notes are not shown): {line} ({fix})")


def command(parser: argparse.ArgumentParser, handler: Callable[[argparse.Namespace], int]) -> None:
    """Attach the function that runs a subcommand."""
    parser.set_defaults(handler=handler)


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand; a `ReaderError` becomes one line on stderr (anything else
    is a bug and keeps its traceback)."""
    try:
        status = int(args.handler(args) or 0)
        report_hidden(args)
        return status
    except ReaderError as exc:
        error(str(exc))
        return exc.status if isinstance(exc, CommandError) else 1
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # a folder that cannot be used, e.g. --index-dir naming a file
        where = f"{exc.filename}: " if exc.filename else ""
        ws = getattr(args, "opened_workspace", None)
        hint = ""
        if ws is not None and exc.filename and is_inside(exc.filename, ws.index_dir):
            hint = " (the index is a cache: `reader index --rebuild` makes it afresh)"
        error(f"{where}{exc.strerror or exc}{hint}")
        return 1


def error(message: str) -> None:
    """Print `reader: MESSAGE` on stderr, control characters made visible."""
    print(f"reader: {printable_line(message)}", file=sys.stderr)


def print_json(value: Any) -> None:
    """Print a value as JSON (UTF-8, not ASCII-escaped; C1 controls and bidi overrides, which
    json leaves raw, are written as \\uXXXX escapes: same data, inert on a terminal)."""
    print(json_safe(json.dumps(value, ensure_ascii=False, indent=2, default=str)))


def open_app(argv: list[str]) -> int:
    """`reader [CORPUS] [--annotations DIR] [--index-dir DIR]`: open the app."""
    from reader.ui.config import SETTINGS_HELP

    parser = argparse.ArgumentParser(
        prog="reader", description="Open the app on CORPUS.", epilog=SETTINGS_HELP
    )
    parser.add_argument("corpus_arg", nargs="?", type=Path, metavar="CORPUS")
    add_workspace_options(parser, json_flag=False)
    args = parser.parse_args(argv)
    args.corpus = args.corpus_arg or args.corpus
    try:
        ws = workspace(args)
    except ReaderError as exc:
        error(str(exc))
        return exc.status if isinstance(exc, CommandError) else 1
    from reader.ui.app import ReaderApp

    ReaderApp(ws).run()
    return 0
