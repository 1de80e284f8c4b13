"""`reader index`, `reader search` and `reader show`, run as real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

A000 = "000_6d362e06adb48299"
A002 = "002_9e357c00aa104845"


def reader(corpus: Path, index: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "reader", *args, "--corpus", str(corpus)]
    command += ["--index-dir", str(index)]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=60, env={**os.environ, "NO_COLOR": ""}
    )


@pytest.fixture
def index(tmp_path: Path) -> Path:
    return tmp_path / "index"


def test_index_prints_a_summary_and_progress_lines(seeds_copy: Path, index: Path) -> None:
    result = reader(seeds_copy, index, "index")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("5 articles, 53 passages; 5 added, 0 updated, 0 removed")
    assert "indexing: 5/5 files" in result.stderr  # not a terminal: plain lines, no bar
    assert "\r" not in result.stderr
    again = reader(seeds_copy, index, "index", "--json")
    summary = json.loads(again.stdout)
    assert summary["added"] == 0 and summary["articles"] == 5 and summary["warnings"] == []
    rebuilt = json.loads(reader(seeds_copy, index, "index", "--rebuild", "--json").stdout)
    assert rebuilt["rebuilt_because"] == "requested"


def test_index_lists_warnings(seeds_copy: Path, index: Path) -> None:
    (seeds_copy / "binary.txt").write_bytes(b"a\x00b")
    result = reader(seeds_copy, index, "index")
    assert "1 warning" in result.stdout
    assert "warning: " in result.stdout and "binary.txt" in result.stdout


def test_search_for_people(seeds_copy: Path, index: Path) -> None:
    result = reader(seeds_copy, index, "search", "negotiations")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"undated     {A002}#7") for line in lines)
    assert any(line.startswith("2023-04-27  003_f2d72971b5166248#") for line in lines)
    assert lines[-1] == "3 passages in 2 articles"
    assert "\x1b" not in result.stdout  # not a terminal: no styling


def test_search_json_fields(seeds_copy: Path, index: Path) -> None:
    result = reader(seeds_copy, index, "search", "Kirby", "--json", "--limit", "3")
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    for hit in hits:
        assert {"id", "article", "passage", "date", "title", "text", "tags", "score"} <= set(hit)
        assert hit["id"] == f"{hit['article']}#{hit['passage']}"
        start, end = hit["highlights"][0]
        assert hit["text"][start:end] == "Kirby"
    dated = json.loads(
        reader(seeds_copy, index, "search", "Kirby", "--json", "--limit", "0").stdout
    )
    assert {h["date"] for h in dated} == {"2023-04-26", None}


def test_search_sort_by_date(seeds_copy: Path, index: Path) -> None:
    result = reader(
        seeds_copy, index, "search", "Zelensky", "--sort", "date", "--json", "--limit", "0"
    )
    dates = [h["date"] for h in json.loads(result.stdout)]
    assert dates[0] == "2023-04-27"
    assert dates[-1] is None
    assert dates.index(None) > max(i for i, d in enumerate(dates) if d)


def test_malformed_query_is_one_line_exit_2(seeds_copy: Path, index: Path) -> None:
    result = reader(seeds_copy, index, "search", '"unclosed')
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "quote" in result.stderr and "Traceback" not in result.stderr


def test_show_a_passage(seeds_copy: Path, index: Path) -> None:
    result = reader(seeds_copy, index, "show", f"{A000}#1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{A000}#1  2023-04-26")
    assert "The White House has welcomed" in result.stdout
    data = json.loads(reader(seeds_copy, index, "show", f"{A002}#2", "--json").stdout)
    assert data["date"] is None and data["passage"] == 2 and data["tags"] == []
    assert reader(seeds_copy, index, "show", f"{A002}#2").stdout.startswith(f"{A002}#2  undated")


def test_show_a_passage_with_tags_and_notes(seeds_copy: Path, index: Path) -> None:
    from reader.workspace import Workspace

    ws = Workspace(seeds_copy)
    ws.store.tag(A000, 3, ["actor/usa"])
    ws.store.set_note(A000, 3, "Caution from Kirby.\nSecond line.")
    data = json.loads(reader(seeds_copy, index, "show", f"{A000}#3", "--json").stdout)
    assert data["tags"] == ["actor/usa"]
    assert data["notes"][0]["text"].startswith("Caution from Kirby.")
    text = reader(seeds_copy, index, "show", f"{A000}#3").stdout
    assert "tags: actor/usa" in text and "note by " in text and "    Second line." in text
    hits = json.loads(reader(seeds_copy, index, "search", "tag:actor", "--json").stdout)
    assert [h["id"] for h in hits] == [f"{A000}#3"] and hits[0]["tags"] == ["actor/usa"]
    assert hits[0]["notes"][0]["text"].startswith("Caution from Kirby.")
    noted = json.loads(reader(seeds_copy, index, "search", "note:caution", "--json").stdout)
    assert [h["id"] for h in noted] == [f"{A000}#3"]


@pytest.mark.parametrize("ref", [f"{A000}#99", "nosuch#1", "not-a-ref", "../etc/passwd#1"])
def test_show_unknown_is_one_line_exit_1(seeds_copy: Path, index: Path, ref: str) -> None:
    result = reader(seeds_copy, index, "show", ref)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_control_characters_in_an_article_are_neutralised(seeds_copy: Path, index: Path) -> None:
    (seeds_copy / "evil.txt").write_text(
        "date 2023-05-01\nA \x1b[2J\x1b]0;owned\x07 payload about Kirby [bold]x[/bold].\n"
    )
    result = reader(seeds_copy, index, "search", "payload")
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b[2J" in result.stdout and "[bold]x[/bold]" in result.stdout
    shown = reader(seeds_copy, index, "show", "evil#1").stdout
    assert "\x1b" not in shown and "\\x1b" in shown


def test_search_json_escapes_c1_controls_and_bidi_overrides(seeds_copy: Path, index: Path) -> None:
    text = "C1 \x9b31m payload and \u202e bidi \x85 end"
    (seeds_copy / "evil.txt").write_text(f"date 2023-05-01\n{text}\n", encoding="utf-8")
    result = reader(seeds_copy, index, "search", "payload", "--json")
    assert not any(c in result.stdout for c in "\x9b\u202e\x85")
    assert "\\u009b" in result.stdout and json.loads(result.stdout)[0]["text"] == text


@pytest.mark.parametrize("command", ["search", "index"])
def test_an_index_dir_that_is_a_file_is_one_line_exit_1(
    seeds_copy: Path, tmp_path: Path, command: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    args = [command, "Kirby"] if command == "search" else [command]
    result = reader(seeds_copy, tmp_path / "a-file" / "index", *args)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == f"reader: {tmp_path / 'a-file' / 'index'}: Not a directory\n"


def test_search_works_without_a_prior_index_command(seeds_copy: Path, index: Path) -> None:
    result = reader(seeds_copy, index, "search", "date:2023-04-27", "--json", "--limit", "0")
    assert {h["article"] for h in json.loads(result.stdout)} == {"003_f2d72971b5166248"}
    assert not result.stderr


def test_terminal_highlighting_wraps_only_matched_words() -> None:
    from reader.cli.search_cmds import MARK_OFF, MARK_ON, marked
    from reader.model import Hit

    hit = Hit("a", 1, "Kirby \x1b[31m said Kirby", None, None, None, (), 1.0, ((0, 5), (17, 22)))
    assert (
        marked(hit, styled=True)
        == f"{MARK_ON}Kirby{MARK_OFF} \\x1b[31m said {MARK_ON}Kirby{MARK_OFF}"
    )
    assert marked(hit, styled=False) == "Kirby \\x1b[31m said Kirby"


def test_index_draws_a_bar_on_a_terminal(seeds_copy: Path, index: Path) -> None:
    import pty

    primary, secondary = pty.openpty()
    command = [sys.executable, "-m", "reader", "index", "--corpus", str(seeds_copy)]
    result = subprocess.run(
        [*command, "--index-dir", str(index)],
        stdout=subprocess.PIPE,
        stderr=secondary,
        timeout=60,
    )
    os.close(secondary)
    drawn = os.read(primary, 65536).decode()
    os.close(primary)
    assert result.returncode == 0
    assert "\rindexing [" in drawn and "5/5 files" in drawn
    assert result.stdout.decode().startswith("5 articles")


def test_terminal_output_wraps_and_ignores_stand_in_characters() -> None:
    from reader.cli.search_cmds import MARK_OFF, MARK_ON, marked
    from reader.model import Hit

    text = "Kirby " + "word " * 30 + "\ue000end\ue001"
    hit = Hit("a", 1, text, None, None, None, (), 1.0, ((0, 5),))
    shown = marked(hit, styled=True, width=40)
    assert shown.startswith(f"{MARK_ON}Kirby{MARK_OFF} word")
    assert shown.count(MARK_ON) == 1 and "\ue000" not in shown
    assert all(len(line) <= 36 + len(MARK_ON + MARK_OFF) for line in shown.split("\n"))
