"""Strict loading: every bad file gives one clear `path:line: message`, quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.annotations.yamlio import (
    AnnotationFileError,
    load_annotation_bytes,
    load_annotation_file,
    load_annotation_text,
)
from reader.fsio import atomic_write

P = "annotations/a/01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml"


def error_of(text: str) -> str:
    with pytest.raises(AnnotationFileError) as info:
        load_annotation_text(text, P)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_duplicate_key_names_the_key_and_line() -> None:
    assert error_of("schema: 1\ntags: [a]\ntags: [b]\n") == f"{P}:3: duplicate key 'tags'"


def test_duplicate_key_in_a_nested_mapping() -> None:
    assert error_of("target:\n  quote: a\n  quote: b\n") == f"{P}:3: duplicate key 'quote'"


@pytest.mark.parametrize("marker", ["<<<<<<< HEAD", "=======", ">>>>>>> theirs", "|||||||"])
def test_conflict_markers_are_reported_as_such(marker: str) -> None:
    text = f"schema: 1\ntags:\n{marker}\n- a\n"
    assert error_of(text) == f"{P}:3: git conflict marker {marker[:7]!r} (an unfinished merge)"


def test_a_real_conflicted_file() -> None:
    text = "schema: 1\n<<<<<<< HEAD\nnote: mine\n=======\nnote: theirs\n>>>>>>> b\n"
    assert ":2: git conflict marker '<<<<<<<'" in error_of(text)


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    start = time.perf_counter()
    message = error_of("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1
    assert "aliases" in message


def test_a_single_alias_is_refused() -> None:
    assert "aliases" in error_of("a: &x hello\nb: *x\n")


def test_python_tags_are_refused() -> None:
    message = error_of("note: !!python/object/apply:os.system ['echo pwned']\n")
    assert message == f"{P}:1: unsupported tag '!!python/object/apply:os.system'"


@pytest.mark.parametrize(
    "tag", ["!!binary aGk=", "!!set {a}", "!custom x", "!!timestamp 2024-01-01"]
)
def test_tags_beyond_plain_data_are_refused(tag: str) -> None:
    assert "unsupported tag" in error_of(f"note: {tag}\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", ":1: top level is a list, expected a mapping"),
        ("just text\n", ":1: top level is a single value, expected a mapping"),
        ("", ": empty file (expected a mapping)"),
        ("# only a comment\n", ": empty file (expected a mapping)"),
        ("a: 1\n---\nb: 2\n", ":2: "),
        ("a: [1, 2\n", ":2: "),
        ("a: b\n\tc: d\n", ":2: "),
        ("{1: 2}\n", ":1: key 1 is not a string"),
    ],
)
def test_malformed_files(text: str, expected: str) -> None:
    assert error_of(text).startswith(P + expected)


def test_dates_are_kept_as_strings_when_hand_written() -> None:
    assert load_annotation_text("created: 2024-03-01T10:00:00Z\n") == {
        "created": "2024-03-01T10:00:00Z"
    }


def test_a_10_mb_file_gets_a_clear_error_quickly(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"note: |\n" + b"  " + b"x" * 100 + b"\n" * 1 + b"  y\n" * 2_500_000)
    start = time.perf_counter()
    with pytest.raises(AnnotationFileError) as info:
        load_annotation_file(path, "annotations/a/big.yaml")
    assert time.perf_counter() - start < 0.5
    assert str(info.value) == "annotations/a/big.yaml: too large (10.0 MB; the limit is 4 MB)"


def test_not_utf8_and_nul_bytes() -> None:
    with pytest.raises(AnnotationFileError, match=r":2: not UTF-8"):
        load_annotation_bytes(b"a: 1\nnote: \xff\n", P)
    with pytest.raises(AnnotationFileError, match=r":1: NUL byte"):
        load_annotation_bytes(b"a: \x00\n", P)


def test_bom_is_dropped() -> None:
    assert load_annotation_bytes(b"\xef\xbb\xbfa: b\n", P) == {"a": "b"}


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AnnotationFileError, match="cannot read"):
        load_annotation_file(tmp_path / "missing.yaml")


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    atomic_write(path, "a: 1\n")
    atomic_write(path, "a: 2\n")
    assert path.read_text() == "a: 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_atomic_write_into_a_read_only_folder_fails_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    atomic_write(path, "a: 1\n")
    tmp_path.chmod(0o555)
    try:
        if _can_write(tmp_path):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(PermissionError):
            atomic_write(path, "a: 2\n")
    finally:
        tmp_path.chmod(0o755)
    assert path.read_text() == "a: 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def _can_write(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_text("")
    except OSError:
        return False
    probe.unlink()
    return True
