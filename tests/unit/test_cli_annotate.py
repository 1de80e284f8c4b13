"""`reader tag/untag/note/tags/check/meta` from the command line, on a copy of the seeds."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.main import main

A = "000_6d362e06adb48299"
UNDATED = "002_9e357c00aa104845"


def run(capsys: pytest.CaptureFixture[str], corpus: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--corpus", str(corpus)])
    out, err = capsys.readouterr()
    return status, out, err


def test_tag_untag_and_tags(seeds_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, seeds_copy, "tag", f"{A}#2", "actor/china", "theme/peace")
    assert status == 0 and out == f"{A}#2: tagged; tags: actor/china theme/peace\n"
    files = list((seeds_copy.parent / "annotations" / A).glob("*.yaml"))
    assert len(files) == 1
    status, out, _ = run(capsys, seeds_copy, "tag", f"{A}#2", "Actor/China")
    assert out == f"{A}#2: unchanged; tags: actor/china theme/peace\n"
    run(capsys, seeds_copy, "tag", f"{A}#3", "actor/usa", "actor")
    status, out, _ = run(capsys, seeds_copy, "tags")
    assert out.splitlines() == [
        "     1  actor  (3 with subtags)",
        "     1    china",
        "     1    usa",
        "     1  theme/",
        "     1    peace",
    ]
    status, out, _ = run(capsys, seeds_copy, "tags", "--json")
    assert [(t["tag"], t["count"]) for t in json.loads(out)] == [
        ("actor", 1),
        ("actor/china", 1),
        ("actor/usa", 1),
        ("theme/peace", 1),
    ]
    status, out, _ = run(capsys, seeds_copy, "untag", f"{A}#2", "actor/china", "--json")
    assert json.loads(out)["tags"] == ["theme/peace"] and json.loads(out)["changed"]


def test_tags_tree_groups_parents_without_regard_to_case(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, seeds_copy, "tag", f"{A}#1", "Actor/x")
    run(capsys, seeds_copy, "tag", f"{A}#2", "actor/y")
    run(capsys, seeds_copy, "tag", f"{A}#3", "ACTOR")
    status, out, _ = run(capsys, seeds_copy, "tags")
    assert status == 0 and out.splitlines() == [
        "     1  ACTOR  (3 with subtags)",
        "     1    x",
        "     1    y",
    ]


def test_tags_rename_merges(seeds_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, seeds_copy, "tag", f"{A}#1", "actor/china")
    run(capsys, seeds_copy, "tag", f"{A}#2", "new/china")
    status, out, _ = run(capsys, seeds_copy, "tags", "rename", "actor", "new")
    assert status == 0 and out == "renamed actor to new in 1 files\n"
    status, out, _ = run(capsys, seeds_copy, "tags", "--json")
    assert json.loads(out) == [
        {"tag": "new/china", "count": 2, "description": "", "colour": "", "key": ""}
    ]
    status, _, err = run(capsys, seeds_copy, "tags", "rename", "only-one")
    assert status == 1 and err == "reader: usage: reader tags rename OLD NEW\n"


def test_a_note_on_stdin_that_is_not_utf8_is_one_line(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"caf\xe9 au lait\n"), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, err = run(capsys, seeds_copy, "note", f"{A}#1", "-")
    assert status == 1 and out == ""
    assert err == "reader: standard input is not UTF-8 text (byte 3)\n"
    assert not (seeds_copy.parent / "annotations" / A).exists()


def test_tags_rename_names_the_unreadable_files_it_skipped(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, seeds_copy, "tag", f"{A}#1", "actor/usa")
    run(capsys, seeds_copy, "tag", f"{A}#2", "actor/usa")
    broken = sorted((seeds_copy.parent / "annotations" / A).glob("*.yaml"))[0]
    broken.write_text(broken.read_text() + "note: one\nnote: two\n")
    before = broken.read_bytes()
    status, out, err = run(capsys, seeds_copy, "tags", "rename", "actor/usa", "actor/us")
    assert status == 0 and "in 1 files" in out
    assert f"{broken.name}:" in err and "duplicate key" in err
    assert broken.read_bytes() == before


def test_a_closed_pipe_ends_quietly(
    seeds_copy: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    run(capsys, seeds_copy, "tag", f"{A}#1", "a", "b")
    sink = open(tmp_path / "sink", "w")  # noqa: SIM115

    class ClosedPipe(io.StringIO):  # what `reader tags | head -1` meets
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            return sink.fileno()

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    status = main(["tags", "--corpus", str(seeds_copy)])
    sink.close()
    assert status == 0 and capsys.readouterr().err == ""


def test_note_from_an_argument_and_from_stdin(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = run(capsys, seeds_copy, "note", f"{A}#1", "first thought")
    assert status == 0 and "noted" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO("from stdin\n  with\ttab\n"))
    run(capsys, seeds_copy, "note", f"{A}#1", "-")
    [path] = (seeds_copy.parent / "annotations" / A).glob("*.yaml")
    from reader.annotations.yamlio import load_annotation_file

    assert load_annotation_file(path)["note"] == "from stdin\n  with\ttab\n"
    status, out, _ = run(capsys, seeds_copy, "note", f"{A}#1", "")
    assert "cleared" in out and load_annotation_file(path)["deleted"] is True


def test_a_note_from_a_crlf_stdin_is_stored_with_lf(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.annotations.yamlio import load_annotation_file

    monkeypatch.setattr(sys, "stdin", io.StringIO("line one\r\n\ttabbed\r\nlast\r\n"))
    status, _, _ = run(capsys, seeds_copy, "note", f"{A}#1", "-")
    [path] = (seeds_copy.parent / "annotations" / A).glob("*.yaml")
    assert status == 0 and load_annotation_file(path)["note"] == "line one\n\ttabbed\nlast\n"
    assert b"\r" not in path.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tag", "nonsense", "x"), "not a passage reference"),
        (("tag", "nope#1", "x"), "no article 'nope'"),
        (("tag", f"{A}#99", "x"), "has no passage 99"),
        (("tag", f"{A}#1", "a//b"), "empty part"),
        (("tags", "stray"), "did you mean `tags rename`?"),
        (("meta", UNDATED, "--date", "May"), "not a date"),
    ],
)
def test_mistakes_get_one_line_and_exit_1(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    status, out, err = run(capsys, seeds_copy, *args)
    assert status == 1 and out == ""
    assert err.startswith("reader: ") and message in err and err.count("\n") == 1
    assert list((seeds_copy.parent / "annotations").iterdir()) == []


def test_check_passes_then_reports_a_broken_file_and_an_orphan(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, seeds_copy, "tag", f"{A}#2", "actor/china")
    status, out, _ = run(capsys, seeds_copy, "check")
    assert status == 0 and out.endswith("1 files, 1 annotations: 0 invalid, 0 orphans\n")
    folder = seeds_copy.parent / "annotations" / A
    (folder / "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml").write_text("tags: [a]\ntags: [b]\n")
    article = seeds_copy / f"{A}.txt"
    text = article.read_text(encoding="utf-8")
    second = text.split("\n\n")[1]
    article.write_text(text.replace(second, "Entirely different words now."), encoding="utf-8")
    status, out, _ = run(capsys, seeds_copy, "check")
    assert status == 1
    assert f"error: annotations/{A}/01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml:2: duplicate key 'tags'" in out
    assert f"orphan: annotations/{A}/" in out and "[actor/china]" in out
    status, out, _ = run(capsys, seeds_copy, "check", "--json")
    report = json.loads(out)
    assert status == 1 and report["errors"][0]["line"] == 2 and len(report["orphans"]) == 1


def test_meta_sets_and_shows_article_metadata(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, seeds_copy, "meta", UNDATED)
    assert status == 0 and "date: (none)" in out
    status, out, _ = run(
        capsys, seeds_copy, "meta", UNDATED, "--date", "2023-04-26", "--source", "Xinhua"
    )
    assert "date: 2023-04-26" in out and "source: Xinhua" in out
    status, out, _ = run(capsys, seeds_copy, "meta", UNDATED, "--json")
    assert json.loads(out)["date"] == "2023-04-26"
    assert (seeds_copy.parent / "annotations" / UNDATED / "article.yaml").is_file()


def test_untrusted_text_is_printed_safely(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, seeds_copy, "tag", f"{A}#1", "red\u202eevil")
    assert status == 0 and "\u202e" not in out and "\\u202e" not in out  # dropped from the tag
    status, out, _ = run(capsys, seeds_copy, "tags")
    assert "\x1b" not in out and "\u202e" not in out


def test_reader_tag_as_a_real_process(seeds_copy: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "tag", f"{A}#1", "theme/diplomacy"],
        cwd=seeds_copy.parent,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**__import__("os").environ, "READER_CORPUS": str(seeds_copy)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{A}#1: tagged; tags: theme/diplomacy\n"
