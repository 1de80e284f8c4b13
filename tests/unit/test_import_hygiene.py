"""The core never imports Textual: every core module is imported in one fresh interpreter,
after which Textual must not be loaded (so none of them imports it, even indirectly)."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys

import reader


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(reader.__path__, "reader."):
        if info.name.startswith("reader.ui") or info.name == "reader.__main__":
            continue
        names.append(info.name)
    return names


def test_there_are_core_modules() -> None:
    names = core_modules()
    assert "reader.corpus" in names and "reader.workspace" in names


def test_no_core_module_imports_textual() -> None:
    code = (
        f"import sys, importlib\nfor name in {core_modules()!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"the core imports textual: {result.stdout}{result.stderr}"


def test_only_the_index_package_imports_whoosh() -> None:
    from pathlib import Path

    root = Path(reader.__file__).parent
    pattern = re.compile(r"^\s*(from|import)\s+whoosh", re.MULTILINE)
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
        and path.relative_to(root).parts[0] != "index"
    ]
    assert offenders == []


def test_reader_help_imports_neither_the_app_nor_the_index_nor_git() -> None:
    code = (
        "import sys; from reader.cli.main import build_parser; build_parser();"
        "heavy = ('textual', 'whoosh', 'reader.ui', 'reader.index', 'reader.gitshare');"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"`reader --help` imports: {result.stdout}{result.stderr}"
