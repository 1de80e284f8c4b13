"""Sources in bulk: `annotations/sources.yaml` gives articles a source by id pattern."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.workspace import Workspace

ARTICLES = {
    "tass/2023/a.txt": "date 2023-04-26\nThe envoy will travel to Kyiv.",
    "tass/b.txt": "date 2023-04-27\nThe envoy met officials.",
    "cnn/c.txt": "date 2023-04-26\nKirby spoke about the envoy.",
    "cnn-d.txt": "The envoy was not named.",
    "own.md": "---\nsource: Own Wire\n---\nThe envoy's own source is kept.",
}


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    corpus = tmp_path / "corpus"
    for name, text in ARTICLES.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    workspace = Workspace(corpus, tmp_path / "annotations", tmp_path / "index")
    workspace.update_index()
    return workspace


def sources(ws: Workspace) -> dict[str, str | None]:
    return {hit.article: hit.source for hit in ws.search("envoy", limit=None).hits}


def test_patterns_give_sources_by_folder_and_glob(ws: Workspace) -> None:
    assert set(sources(ws).values()) == {None, "Own Wire"}
    ws.set_source_pattern("tass/*", "TASS")
    ws.set_source_pattern("cnn", "CNN")  # a folder: everything below it
    ws.set_source_pattern("*-d", "Other")
    ws.set_source_pattern("*", "Unknown wire")  # first match wins: this one comes last
    summary = ws.update_index()
    assert summary.updated == 5 and summary.rebuilt_because is None  # re-read, not rebuilt
    assert sources(ws) == {
        "tass/2023/a": "TASS",
        "tass/b": "TASS",
        "cnn/c": "CNN",
        "cnn-d": "Other",
        "own": "Own Wire",  # the article's own source wins
    }
    assert {h.article for h in ws.search("source:tass", limit=None).hits} == {
        "tass/2023/a",
        "tass/b",
    }


def test_a_source_set_with_meta_wins_and_removing_a_pattern_re_reads(ws: Workspace) -> None:
    ws.set_source_pattern("tass/*", "TASS")
    ws.set_meta("tass/b", source="ITAR-TASS")
    ws.update_index()
    assert sources(ws)["tass/b"] == "ITAR-TASS" and sources(ws)["tass/2023/a"] == "TASS"
    ws.set_source_pattern("tass/*", "")
    assert ws.update_index().updated == 2  # the two files whose pattern source changed
    assert sources(ws)["tass/2023/a"] is None
    assert ws.update_index().updated == 0


def test_an_invalid_file_is_reported_and_left_alone(ws: Workspace) -> None:
    path = ws.annotations / "sources.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("tass/*: TASS\ntass/*: Other\n")
    assert ws.update_index().updated == 0
    assert "sources.yaml:2: duplicate key 'tass/*'" in str(ws.sources_problem)
    assert set(sources(ws).values()) == {None, "Own Wire"}
    path.write_text("tass/*: [not, text]\n")
    assert "the source must be text" in str(ws.sources_problem)
    assert path.read_text() == "tass/*: [not, text]\n"


def test_reader_sources_sets_lists_and_search_shows_the_source(ws: Workspace) -> None:
    base = [sys.executable, "-m", "reader"]
    where = ["--corpus", str(ws.corpus), "--annotations", str(ws.annotations)]
    where += ["--index-dir", str(ws.index_dir)]
    env = {**os.environ, "NO_COLOR": "1"}
    setting = subprocess.run(
        [*base, "sources", "tass/*", "TASS", *where, "--json"], capture_output=True, text=True
    )
    assert setting.returncode == 0, setting.stderr
    assert json.loads(setting.stdout) == [{"pattern": "tass/*", "source": "TASS", "articles": 2}]
    assert (ws.annotations / "sources.yaml").read_text().endswith("tass/*: TASS\n")
    found = subprocess.run(
        [*base, "search", "officials", *where], capture_output=True, text=True, env=env
    )
    assert found.stdout.startswith("2023-04-27 · TASS  tass/b#1\n")
