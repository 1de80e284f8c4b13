"""Bugs of the drift the issue "One front door" found: one rule per concept, everywhere.

Each test drives the command line as a user would, so it says the same thing before and
after the reshaping of the core. (`reader changes` crediting the author is in
tests/e2e/test_git_changes.py, the app's tag panel in tests/app/test_ui_app.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main

A000 = "000_6d362e06adb48299"
A002 = "002_9e357c00aa104845"


def run(capsys: pytest.CaptureFixture[str], corpus: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--corpus", str(corpus), "--index-dir", str(corpus.parent / "ix")])
    out, err = capsys.readouterr()
    return status, out, err


def found(capsys: pytest.CaptureFixture[str], corpus: Path, query: str) -> list[str]:
    status, out, err = run(capsys, corpus, "search", query, "--json", "--limit", "0")
    assert status == 0, err
    return [hit["id"] for hit in json.loads(out)]


def test_a_tag_differing_only_by_case_folding_is_one_tag_in_search_too(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ref = f"{A000}#1"
    assert run(capsys, seeds_copy, "tag", ref, "Straße")[0] == 0
    _, out, _ = run(capsys, seeds_copy, "tag", ref, "STRASSE")
    assert "unchanged" in out
    for query in ("tag:strasse", "tag:STRASSE", "tag:Straße"):
        assert found(capsys, seeds_copy, query) == [ref], query


def test_a_hidden_path_is_not_an_article_for_any_command(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hidden = seeds_copy / ".hidden"
    hidden.mkdir()
    (hidden / "note.txt").write_text("A private note that discovery skips.\n")
    show = run(capsys, seeds_copy, "show", ".hidden/note#1")
    tag = run(capsys, seeds_copy, "tag", ".hidden/note#1", "x")
    assert show[0] == tag[0] == 1
    assert "A private note" not in show[1]
    assert "not an article id" in show[2] and "not an article id" in tag[2]
    assert not (seeds_copy.parent / "annotations" / ".hidden").exists()


def test_a_tag_on_a_repeated_paragraph_is_reported_on_the_tagged_passage(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeat, first = f"{A002}#10", f"{A002}#3"
    assert run(capsys, seeds_copy, "tag", repeat, "echo")[0] == 0
    assert found(capsys, seeds_copy, "tag:echo") == [repeat]
    _, out, _ = run(capsys, seeds_copy, "show", repeat, "--json")
    assert json.loads(out)["tags"] == ["echo"]
    _, out, _ = run(capsys, seeds_copy, "show", first, "--json")
    assert json.loads(out)["tags"] == []


def test_the_index_follows_confirmed_anchors_then_a_revert_of_the_article(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = seeds_copy / f"{A000}.txt"
    original = article.read_bytes()
    assert run(capsys, seeds_copy, "index")[0] == 0
    assert run(capsys, seeds_copy, "tag", f"{A000}#2", "moved")[0] == 0
    text = original.decode()
    head, rest = text.split("\n\n", 1)
    article.write_text(f"{head}\n\nA paragraph added above, about tidal energy.\n\n{rest}")
    _, out, _ = run(capsys, seeds_copy, "check", "--confirm-anchors")  # no search between
    assert "confirmed anchors: 1" in out
    article.write_bytes(original)  # `git checkout` of the article: same bytes as indexed first
    assert found(capsys, seeds_copy, "tidal") == []
    assert found(capsys, seeds_copy, "tag:moved") == [f"{A000}#2"]
