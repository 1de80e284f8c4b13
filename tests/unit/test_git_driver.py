"""`reader merge-driver` run as git runs it: three files, the result in the second."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gitrepos import READER, annotation

from reader.annotations.yamlio import dump_annotation, load_annotation_file

ULID = "01JABCDEFGHJKMNPQRSTVWXYZ0"


def run_driver(tmp_path: Path, base: str | bytes, ours: str | bytes, theirs: str | bytes):
    files = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f".merge_file_{name}"
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        files.append(path)
    done = subprocess.run(
        [*READER, "merge-driver", *map(str, files), f"annotations/a/{ULID}.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    return done, files[1]


def test_clean_merge_writes_canonical_yaml(tmp_path: Path) -> None:
    base = annotation(ULID, tags=["a", "b"], note="base")
    ours = {**base, "tags": ["a", "b", "c"], "updated": "2026-01-02T00:00:00Z"}
    theirs = {**base, "tags": ["a"], "note": "theirs", "updated": "2026-01-03T00:00:00Z"}
    done, out = run_driver(tmp_path, *(dump_annotation(d) for d in (base, ours, theirs)))
    assert done.returncode == 0, done.stderr
    merged = load_annotation_file(out)
    assert merged["tags"] == ["a", "c"]
    assert merged["note"] == "theirs"
    assert out.read_text() == dump_annotation(merged)


def test_empty_base_add_add_merges_when_nothing_contradicts(tmp_path: Path) -> None:
    ours = dump_annotation({"china": {"colour": "red"}})
    theirs = dump_annotation({"oil": {"colour": "black"}})
    done, out = run_driver(tmp_path, "", ours, theirs)
    assert done.returncode == 0, done.stderr
    assert load_annotation_file(out) == {"china": {"colour": "red"}, "oil": {"colour": "black"}}


def test_empty_base_add_add_with_different_values_is_a_conflict(tmp_path: Path) -> None:
    ours = dump_annotation({"title": "Envoy arrives", "date": "2023-05"})
    theirs = dump_annotation({"title": "The envoy", "date": "2023-05"})
    done, out = run_driver(tmp_path, "", ours, theirs)
    assert done.returncode == 1
    text = out.read_text()
    assert "<<<<<<<" in text and "Envoy arrives" in text and "The envoy" in text


def test_crlf_input_merges_to_lf(tmp_path: Path) -> None:
    base = annotation(ULID, tags=["a"], note="line one\nline two")
    theirs = {**base, "tags": ["a", "b"]}
    crlf = dump_annotation(base).replace("\n", "\r\n")
    done, out = run_driver(tmp_path, crlf, crlf, dump_annotation(theirs))
    assert done.returncode == 0, done.stderr
    assert b"\r" not in out.read_bytes()
    merged = load_annotation_file(out)
    assert merged["tags"] == ["a", "b"] and merged["note"] == "line one\nline two"


@pytest.mark.parametrize(
    "garbage",
    [b"tags: [unclosed\n", b"\xff\xfe not utf-8", b"- a list\n", b"a: &x 1\nb: *x\n"],
    ids=["yaml", "bytes", "list", "alias"],
)
def test_garbage_on_a_side_leaves_a_text_conflict(tmp_path: Path, garbage: bytes) -> None:
    base = dump_annotation(annotation(ULID, tags=["a"]))
    done, out = run_driver(tmp_path, base, base, garbage)
    assert done.returncode == 1
    assert "reader merge-driver:" in done.stderr and "Traceback" not in done.stderr
    assert out.read_bytes() != base.encode(), "git's text merge, not a guess"
