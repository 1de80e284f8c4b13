"""Canonical YAML: exact bytes (golden files), round trips, and what YAML 1.1 would retype."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reader.annotations.yamlio import dump_annotation, load_annotation_text

GOLDEN = Path(__file__).parent / "golden"

ANNOTATION = {
    "schema": 1,
    "id": "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C",
    "article": "000_6d362e06adb48299",
    "target": {
        "passage": 3,
        "start": 0,
        "end": 41,
        "prefix": "",
        "quote": "Xi said China's position is to promote peace",
        "suffix": " talks.",
    },
    "tags": ["actor/china", "theme/peace"],
    "note": "First line.\nSecond line: with a colon.\n\n  indented\n",
    "author": {"name": "Ana Lima", "email": "ana@example.org"},
    "created": "2024-03-01T10:20:30Z",
    "updated": "2024-03-01T10:20:31Z",
    "x-extra": {"zeta": 1, "alpha": "no"},
}

LOOKALIKES = [
    "no",
    "No",
    "NO",
    "yes",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "",
    "1e3",
    "1E3",
    "010",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "+1",
    "-1",
    ".5",
    "12:30",
    "12:30:45",
    "2024-03-01",
    "2024-03-01T10:20:30Z",
    ".inf",
    "-.inf",
    ".NaN",
    "=",
    "<<",
]
AWKWARD = [
    "a\tb",
    "tab\tin\nblock",
    "cr\rhere",
    "crlf\r\nline",
    "nel\x85here",
    "ls\u2028ps\u2029",
    "😀 emoji\nand more 🇺🇦",
    "שלום עולם\nمرحبا",
    "---",
    "...",
    "line\n---\nline\n...\n",
    "- item",
    "# not a comment",
    ": colon",
    "key: value",
    "'single",
    '"double',
    "@at",
    "`tick",
    "%percent",
    "!bang",
    "&anchor",
    "*alias",
    "|",
    ">",
    "? q",
    "trailing ",
    " leading",
    "\nleading newline",
    "ends with blank\n\n",
    "\n",
    " a\nb",
    "a\n",
    "a\nb",
    "space \nbefore break",
    "\ufeffbom",
    "nul\x00byte",
    "\x1b[31mred",
    "bidi\u202eabc",
    "a # b",
    "x" * 500,
    "long line " * 300,
    "=======\n<<<<<<< HEAD\n>>>>>>> b\n",  # inside a block scalar: not conflict markers
]


def test_golden_annotation_bytes() -> None:
    text = dump_annotation(ANNOTATION)
    assert text.encode("utf-8") == (GOLDEN / "annotation.yaml").read_bytes()


def test_golden_lookalikes_bytes() -> None:
    text = dump_annotation({"tags": LOOKALIKES})
    assert text.encode("utf-8") == (GOLDEN / "lookalikes.yaml").read_bytes()


def test_golden_awkward_notes_bytes() -> None:
    text = dump_annotation({"notes": AWKWARD[:20]})
    assert text.encode("utf-8") == (GOLDEN / "awkward.yaml").read_bytes()


def test_load_dump_load_is_a_no_op() -> None:
    text = (GOLDEN / "annotation.yaml").read_text(encoding="utf-8")
    data = load_annotation_text(text)
    assert data == ANNOTATION
    assert dump_annotation(data) == text


@pytest.mark.parametrize("value", LOOKALIKES + AWKWARD)
def test_strings_read_back_as_the_same_strings(value: str) -> None:
    text = dump_annotation({"note": value, "tags": [value]})
    assert load_annotation_text(text) == {"note": value, "tags": [value]}
    # Plain PyYAML (YAML 1.1 resolvers, dates included) reads the same strings too.
    assert yaml.safe_load(text) == {"note": value, "tags": [value]}
    assert "\r" not in text and "\t" not in text


def test_multi_line_notes_use_block_style_without_folding() -> None:
    note = "a long first line" * 20 + "\nsecond"
    text = dump_annotation({"note": note})
    assert text.startswith("note: |")
    assert len(text.splitlines()) == 3


@pytest.mark.parametrize("value", ["1e3", "12:30", "010", "2024-03-01", "yes", "0x1F"])
def test_lookalikes_are_quoted(value: str) -> None:
    assert dump_annotation({"v": value}) == f"v: '{value}'\n"


def test_output_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    code = (
        "import sys, json; from reader.annotations.yamlio import dump_annotation;"
        "d = json.loads(sys.stdin.read()); d['s'] = set(); d.pop('s');"
        "sys.stdout.write(dump_annotation(d))"
    )
    import json

    outputs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        data = dict(reversed(list(ANNOTATION.items())))
        result = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(data),
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout)
    assert outputs == {dump_annotation(ANNOTATION)}
