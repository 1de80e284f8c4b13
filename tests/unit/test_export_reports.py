"""`reader report tags|cooccur|timeline|agreement` on the bundled coded sample: counts
checked against the files, dates at their precision, tables, JSON, CSV, and the cache."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest
import yaml
from exporting import ANA, BEN, coded_copy

from reader.annotations import files
from reader.cli.main import main
from reader.workspace import Workspace

A, B, C, D, E = (
    "000_6d362e06adb48299",
    "001_f47f3228949849cf",
    "002_9e357c00aa104845",
    "003_f2d72971b5166248",
    "004_8d05e1ad106699d0",
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return coded_copy(tmp_path)


def run(capsys, corpus: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--corpus", str(corpus), "--index-dir", str(corpus.parent / "ix")])
    out, err = capsys.readouterr()
    return status, out, err


def report_json(capsys, corpus: Path, *args: str) -> dict:
    status, out, err = run(capsys, corpus, "report", *args, "--json")
    assert status == 0, err
    return json.loads(out)


def on_disk(corpus: Path) -> list[dict]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((corpus.parent / "annotations").rglob("*.yaml"))
        if p.name != "codebook.yaml"
    ]


def test_tags_report_rolls_children_up_and_counts_like_the_files(corpus, capsys) -> None:
    passages: dict[str, set] = defaultdict(set)
    by_author: dict[tuple[str, str], set] = defaultdict(set)
    for a in on_disk(corpus):
        for tag in a["tags"]:
            for prefix in (tag.split("/")[0], tag):
                where = (a["article"], a["target"]["passage"])
                passages[prefix].add(where)
                by_author[(prefix, a["author"]["name"])].add(where)
    data = report_json(capsys, corpus, "tags", "--by", "author")
    rows = {row["tag"]: row for row in data["tags"]}
    assert list(rows) == sorted(passages, key=lambda t: t.split("/"))
    for tag, row in rows.items():
        assert row["passages"] == len(passages[tag]), tag
        assert row["articles"] == len({article for article, _ in passages[tag]}), tag
        for name in (ANA, BEN):
            assert row["groups"].get(name, 0) == len(by_author[(tag, name)]), (tag, name)
    assert rows["actor"]["own"] == 0 and rows["actor"]["depth"] == 0
    status, out, _ = run(capsys, corpus, "report", "tags")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["tag", "passages", "articles", "own", "codings"]
    assert lines[2].split()[:2] == ["china", str(len(passages["actor/china"]))]
    assert lines[2].startswith("  china")


def test_tags_by_source_and_a_query(corpus, capsys) -> None:
    ws = Workspace(corpus, index_dir=corpus.parent / "ix")
    ws.set_meta(A, source="=Wire")  # a spreadsheet would run this
    data = report_json(capsys, corpus, "tags", "--by", "source", "--query", "Kirby")
    assert data["groups"] == ["=Wire", "(no source)"]
    assert data["selection"] == {"query": "Kirby", "authors": []}
    status, out, _ = run(capsys, corpus, "report", "tags", "--by", "source", "--csv")
    assert status == 0
    header = next(csv.reader(io.StringIO(out)))
    assert header == [
        "tag",
        "depth",
        "passages",
        "articles",
        "own",
        "codings",
        "'=Wire",
        "(no source)",
    ]


def test_cooccurrence_counts_passages_carrying_both_tags(corpus, capsys) -> None:
    union: dict[tuple[str, int], set[str]] = defaultdict(set)
    for a in on_disk(corpus):
        union[(a["article"], a["target"]["passage"])].update(a["tags"])
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for tags in union.values():
        for pair in combinations(sorted(tags), 2):
            pairs[pair] += 1
    data = report_json(capsys, corpus, "cooccur")
    found = {tuple(p["tags"]): p["count"] for p in data["pairs"]}
    assert found == dict(pairs)
    at = {tag: i for i, tag in enumerate(data["tags"])}
    china, peace = at["actor/china"], at["theme/peace"]
    assert data["matrix"][china][peace] == pairs[("actor/china", "theme/peace")] == 4
    strict = report_json(capsys, corpus, "cooccur", "--min", "3")
    assert {tuple(p["tags"]) for p in strict["pairs"]} == {k for k, n in pairs.items() if n >= 3}
    articles = report_json(capsys, corpus, "cooccur", "--unit", "article")
    assert articles["units"] == 5
    status, out, _ = run(capsys, corpus, "report", "cooccur")
    assert status == 0
    assert "1. actor/china" in out
    assert re.search(r"\n  actor/china \+ theme/peace +4\n", out)


def test_timeline_puts_each_date_in_the_period_of_its_precision(corpus, capsys) -> None:
    ws = Workspace(corpus, index_dir=corpus.parent / "ix")
    ws.set_meta(C, date="2023-05")  # month precision
    ws.set_meta(E, date="2023")  # year precision
    data = report_json(capsys, corpus, "timeline")
    assert [p["period"] for p in data["periods"]] == ["2023", "2023-04", "2023-05"]
    assert data["undated"]["passages"] == 0
    days = report_json(capsys, corpus, "timeline", "--by", "day", "--tag", "theme")
    periods = {p["period"]: p for p in days["periods"]}
    assert list(periods) == ["2023", "2023-04-26", "2023-04-27", "2023-05"]
    assert days["tags"] == ["theme", "theme/diplomacy", "theme/peace"]
    weeks = report_json(capsys, corpus, "timeline", "--by", "week")
    assert [p["period"] for p in weeks["periods"]] == ["2023", "2023-W17", "2023-05"]
    years = report_json(capsys, corpus, "timeline", "--by", "year")
    assert [(p["period"], p["passages"]) for p in years["periods"]] == [("2023", 22)]
    ws.set_meta(C, date="")
    status, out, _ = run(capsys, corpus, "report", "timeline")
    assert status == 0
    assert "undated  ████" in out and "2023-04  ████" in out


def test_agreement_table_json_and_clear_errors(corpus, capsys) -> None:
    status, out, _ = run(capsys, corpus, "report", "agreement")
    lines = out.splitlines()
    assert status == 0 and lines[0] == f"coders: {ANA}, {BEN}"
    assert lines[1] == "units: 31 passages of the 3 articles they all annotated"  # A, B, D
    assert f"  {A}#2  actor/china: {ANA} (not {BEN})" in lines
    data = report_json(capsys, corpus, "agreement", "--tags", "actor")
    (row,) = data["tags"]
    assert row["tag"] == "actor" and 0 < row["kappa"] < 1 and 0 < row["alpha"] < 1
    status, _, err = run(capsys, corpus, "report", "agreement", "--author", ANA)
    assert status == 1 and err == (
        f"reader: agreement needs two or more coders; only {ANA} named "
        f"(coders here: {ANA}, {BEN})\n"
    )
    status, _, err = run(capsys, corpus, "report", "agreement", "--query", "Hui")  # Ben's only
    assert status == 1 and f"the selection has annotations by {BEN} only" in err
    status, _, err = run(capsys, corpus, "report", "agreement", "--authors", "Ana,Nobody")
    assert status == 1 and "no annotations by 'Ana'" in err


def test_a_second_report_reads_no_annotation_file(corpus, capsys, monkeypatch) -> None:
    reads: list[Path] = []
    original = files.FileCache._read

    def counted(self, path, stamp):
        reads.append(path)
        return original(self, path, stamp)

    monkeypatch.setattr(files.FileCache, "_read", counted)
    first = report_json(capsys, corpus, "tags")
    assert len([p for p in reads if p.name != "codebook.yaml"]) == 38
    reads.clear()
    assert report_json(capsys, corpus, "tags") == first
    assert [p for p in reads if p.name != "codebook.yaml"] == []
    Workspace(corpus, index_dir=corpus.parent / "ix").tag(f"{E}#1", ["theme/peace"])
    reads.clear()
    changed = report_json(capsys, corpus, "tags")
    assert {p.parent.name for p in reads if p.name != "codebook.yaml"} == {E}
    peace = {r["tag"]: r["passages"] for r in changed["tags"]}["theme/peace"]
    assert peace == {r["tag"]: r["passages"] for r in first["tags"]}["theme/peace"] + 1


def test_a_damaged_cache_and_a_vanished_article_are_survived(corpus, capsys) -> None:
    first = report_json(capsys, corpus, "tags")
    cache = corpus.parent / "ix" / "coded.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["articles"][A]["codings"] = [["not", "a", "coding"]]  # same key, broken entry
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert report_json(capsys, corpus, "tags") == first
    cache.write_text("{not json", encoding="utf-8")
    assert report_json(capsys, corpus, "tags") == first
    (corpus / f"{E}.txt").unlink()
    status, out, err = run(capsys, corpus, "report", "tags", "--json")
    assert status == 0 and err == (
        f"reader: left out: {E}: annotations left out: no article {E!r} in {corpus}\n"
    )
    assert json.loads(out)["articles"] == first["articles"] - 1
