"""The passage index over the bundled seeds: a real Whoosh index on disk, no mocks."""

from __future__ import annotations

from pathlib import Path

from reader.workspace import Workspace
from tests.conftest import articles

A000 = "000_6d362e06adb48299"
A001 = "001_f47f3228949849cf"
A002 = "002_9e357c00aa104845"
A003 = "003_f2d72971b5166248"
A004 = "004_8d05e1ad106699d0"


def test_first_build_indexes_every_article(seeds_copy: Path, tmp_path: Path) -> None:
    ws = Workspace(seeds_copy, index_dir=tmp_path / "index")
    summary = ws.update_index()
    assert summary.articles == 5
    assert summary.added == 5
    assert summary.rebuilt_because == "missing"
    assert "5 articles" in summary.line()


def test_dates_and_first_passage(ws: Workspace) -> None:
    hits = ws.search(f"article:{A000}", limit=None, sort="date").hits
    first = min(hits, key=lambda h: h.passage)
    assert str(first.date) == "2023-04-26"
    assert first.passage == 1
    assert first.text.startswith("The White House has welcomed")
    for undated in (A002, A004):
        assert all(h.date is None for h in ws.search(f"article:{undated}").hits)


def test_kirby_finds_three_articles(ws: Workspace) -> None:
    assert articles(ws, "Kirby") == {A000, A001, A002}


def test_negotiations_found_through_stemming(ws: Workspace) -> None:
    assert articles(ws, "negotiations") == {A002, A003}
    hit = next(h for h in ws.search("negotiations").hits if h.article == A002)
    start, end = hit.highlights[0]
    assert hit.text[start:end] == "negotiated"


def test_date_finds_only_that_day(ws: Workspace) -> None:
    assert articles(ws, "date:2023-04-27") == {A003}


def test_repeated_paragraphs_listed_once(ws: Workspace) -> None:
    hits = ws.search('"negotiated peace"', limit=None).hits
    assert [str(h.ref) for h in hits] == [f"{A002}#7"]
    texts = [h.text for h in ws.search(f"article:{A002}", limit=None).hits]
    assert len(texts) == len(set(texts)) == 9


def test_results_count_passages_and_articles(ws: Workspace) -> None:
    results = ws.search("Kirby", limit=2)
    assert len(results.hits) == 2
    assert results.total > 2
    assert results.articles == 3


def test_highlights_cover_matched_words(ws: Workspace) -> None:
    for hit in ws.search("kirby").hits:
        assert hit.highlights
        assert {hit.text[s:e] for s, e in hit.highlights} == {"Kirby"}
