"""Ids from hostile names (issue 9, items 3 and 8): long ids and control characters.

A 300-character `.jsonl` id once made every `search`, `index` and `check` fail with "File
name too long" as soon as anything was tagged; a file name holding a newline or ESC became
an id and split output lines. Now such ids are skipped with a warning that names the file,
and everything else keeps working.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.corpus import discover

LONG = "x" * 300


def run(capsys: pytest.CaptureFixture[str], tmp: Path, *args: str) -> tuple[int, str, str]:
    extra = ["--corpus", str(tmp / "corpus"), "--index-dir", str(tmp / "index")]
    status = main([*args, *extra])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_300_character_jsonl_id_breaks_nothing_once_something_is_tagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [{"id": "ok", "text": "Talks resumed on Monday."}, {"id": LONG, "text": "Long id."}]
    (corpus / "feed.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    (corpus / "a.txt").write_text("Ceasefire talks began.\n")
    status, out, _ = run(capsys, tmp_path, "index")
    assert status == 0
    assert "feed.jsonl: line 2: skipped: unusable id (has a part longer than 200 bytes)" in out
    for ref in ("a#1", "feed/ok#1"):
        assert run(capsys, tmp_path, "tag", ref, "talks")[0] == 0
    assert run(capsys, tmp_path, "tag", f"feed/{LONG}#1", "talks")[0] == 1  # no such article
    status, out, err = run(capsys, tmp_path, "search", "tag:talks")
    assert (status, err) == (0, "") and "2 passages in 2 articles" in out
    assert run(capsys, tmp_path, "index")[0] == 0
    status, out, _ = run(capsys, tmp_path, "check")
    assert status == 0 and "0 invalid, 0 orphans" in out
    assert not any(len(p.name) > 200 for p in (tmp_path / "annotations").rglob("*"))


def test_a_300_byte_id_in_two_parts_works_and_a_too_long_name_is_skipped_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    long_id = f"{'d' * 150}/{'f' * 150}"
    (corpus / ("d" * 150)).mkdir(parents=True)
    (corpus / f"{long_id}.txt").write_text("Envoys met in Geneva.\n")
    too_long = corpus / ("n" * 240 + ".txt")
    too_long.write_text("Skipped.\n")
    status, out, _ = run(capsys, tmp_path, "index")
    assert status == 0 and "1 articles" in out
    assert f"{too_long}: skipped: its name makes an unusable id (has a part longer" in out
    assert run(capsys, tmp_path, "tag", f"{long_id}#1", "geneva")[0] == 0
    status, out, err = run(capsys, tmp_path, "search", "tag:geneva")
    assert (status, err) == (0, "") and f"{long_id}#1" in out
    assert run(capsys, tmp_path, "check")[0] == 0
    assert run(capsys, tmp_path, "show", f"{long_id}#1")[0] == 0


@pytest.mark.parametrize("name", ["new\nline", "esc\x1b]0;PWNED\x07", "rtl\u202eevil", "bell\x07"])
def test_a_name_with_control_characters_is_not_an_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / f"{name}.txt").write_text("Skipped.\n")
    (corpus / "sub" / f"{name}.md").write_text("Skipped too.\n")
    (corpus / "fine.txt").write_text("Kept.\n")
    found = discover(corpus)
    assert [s.id for s in found if s.problem is None] == ["fine"]
    assert all("holds control characters" in (s.problem or "") for s in found if s.id != "fine")
    status, out, err = run(capsys, tmp_path, "index")
    assert status == 0 and "1 articles" in out
    warnings = [line for line in out.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 2 and len(out.splitlines()) == 3  # one line per problem
    assert "\x1b" not in out + err and "\x07" not in out and "\u202e" not in out
