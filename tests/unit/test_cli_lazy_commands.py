"""Each subcommand imports only its own module, and the table of them is complete."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reader.cli.main import COMMANDS, build_parser


def test_every_registered_subcommand_is_in_the_table() -> None:
    parser = build_parser()
    registered = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert registered == set(COMMANDS)


def test_a_search_on_a_fresh_index_imports_neither_the_app_nor_yaml(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """Start-up time: `reader search` on an index that is up to date reads no YAML and
    loads neither the app, git nor the annotation store."""
    where = ["--corpus", str(seeds_copy), "--index-dir", str(tmp_path / "index")]
    subprocess.run(
        [sys.executable, "-m", "reader", "index", *where], check=True, capture_output=True
    )
    code = (
        "import sys, contextlib, io; from reader.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(sys.argv[1:])\n"
        "heavy = ('textual', 'yaml', 'reader.ui', 'reader.gitshare', 'reader.annotations.store')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "search", "Kirby", *where], capture_output=True, text=True
    )
    assert result.stdout == "[]\n", result.stderr
