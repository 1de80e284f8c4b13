"""The import contract holds on the code, and it catches what it is there to catch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import layers


def test_the_code_keeps_the_contract() -> None:
    assert layers.violations() == []


def copy_of_reader(tmp_path: Path) -> Path:
    root = tmp_path / "reader"
    shutil.copytree(layers.ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_an_upward_import_inside_a_function_of_the_index_fails(tmp_path: Path) -> None:
    root = copy_of_reader(tmp_path)
    with open(root / "index" / "searching.py", "a", encoding="utf-8") as module:
        module.write("\n\ndef sneaky():\n    from reader.workspace import Workspace\n")
    problems = layers.violations(root)
    assert any(
        p.startswith("reader/index/searching.py:")
        and "imports reader.workspace" in p
        and "upward" in p
        for p in problems
    ), problems


def test_a_cycle_and_textual_in_the_core_fail(tmp_path: Path) -> None:
    root = copy_of_reader(tmp_path)
    with open(root / "ids.py", "a", encoding="utf-8") as module:
        module.write("\nimport textual\nfrom reader import refs\n")
    with open(root / "refs.py", "a", encoding="utf-8") as module:
        module.write("\nfrom reader import ids\n")
    problems = layers.violations(root)
    assert any("reader.ids imports textual" in p for p in problems)
    assert any(p.startswith("import cycle:") and "reader.ids" in p for p in problems)


def test_the_script_says_so_with_its_exit_status() -> None:
    done = subprocess.run(
        [sys.executable, str(Path(layers.__file__))], capture_output=True, text=True
    )
    assert done.returncode == 0 and "0 problems" in done.stdout
