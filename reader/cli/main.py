"""`reader`: open the app, or run a subcommand for scripts, git and CI."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.cli import common

# Each module adds its subcommands with `register(subparsers)`.
COMMAND_MODULES = (
    "reader.cli.search_cmds",
    "reader.cli.annotate_cmds",
    "reader.cli.git_cmds",
    "reader.cli.sync_cmds",
    "reader.cli.export_cmds",
    "reader.cli.report_cmds",
)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    import importlib

    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read, search and annotate a corpus of articles. "
        "With no subcommand, opens the app on CORPUS (default: $READER_CORPUS or ./seeds).",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
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
    parser = build_parser()
    subcommands = subcommand_names(parser)
    if args_list and (args_list[0] in subcommands or args_list[0] in _TOP_FLAGS):
        return common.run(parser.parse_args(args_list))
    if args_list and not args_list[0].startswith("-") and not Path(args_list[0]).is_dir():
        return _unknown(args_list[0], list(subcommands))
    return common.open_app(args_list)


def _unknown(word: str, commands: list[str]) -> int:
    """`reader serach`: neither a command nor a corpus folder; say which command was meant."""
    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.6)
    hint = f" (did you mean `reader {close[0]}`?)" if close else " (`reader --help` lists them)"
    common.error(f"no command or corpus folder named {word!r}{hint}")
    return 2


_TOP_FLAGS = ("-h", "--help", "--version")


def subcommand_names(parser: argparse.ArgumentParser) -> list[str]:
    """The names of the subcommands `build_parser` registered."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []
