"""`reader`: open the app, or run a subcommand for scripts, git and CI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.cli import common

# Each module adds its subcommands with `register(subparsers)`; a subcommand imports only
# its own module (start-up time: `reader search` is run by scripts many times over).
COMMANDS = {
    **dict.fromkeys(("index", "search", "show"), "reader.cli.search_cmds"),
    **dict.fromkeys(
        ("tag", "untag", "note", "tags", "check", "reattach", "meta"), "reader.cli.annotate_cmds"
    ),
    **dict.fromkeys(("variants", "sources"), "reader.cli.corpus_cmds"),
    **dict.fromkeys(("merge-driver", "git", "resolve", "changes"), "reader.cli.git_cmds"),
    **dict.fromkeys(("sync", "status"), "reader.cli.sync_cmds"),
    **dict.fromkeys(("export", "codebook"), "reader.cli.export_cmds"),
    **dict.fromkeys(("report",), "reader.cli.report_cmds"),
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or only what subcommand `command` needs."""
    import importlib

    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read, search and annotate a corpus of articles. "
        "With no subcommand, opens the app on CORPUS (default: $READER_CORPUS or ./seeds; "
        "`reader CORPUS --help` lists its options and settings).",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = args_list[0] if args_list else None
    if first in COMMANDS or first in _TOP_FLAGS:
        return common.run(build_parser(first).parse_args(args_list))
    if first is not None and not first.startswith("-") and not Path(first).is_dir():
        return _unknown(first, list(COMMANDS))
    return common.open_app(args_list)


def _unknown(word: str, commands: list[str]) -> int:
    """`reader serach`: neither a command nor a corpus folder; say which command was meant."""
    import difflib

    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.6)
    hint = f" (did you mean `reader {close[0]}`?)" if close else " (`reader --help` lists them)"
    common.error(f"no command or corpus folder named {word!r}{hint}")
    return 2


_TOP_FLAGS = ("-h", "--help", "--version")
