"""What users type: prefixes, fuzzy terms, accents, quotes, dates, sorting, bad queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import QueryError
from reader.workspace import Workspace

ARTICLES_IDS = ("day", "month", "year", "early", "undated", "later")
ARTICLES = {
    "day.txt": "date 2023-04-27\nTalks in Zürich about the negotiations went on.\n\n"
    "A second paragraph about grain and oil.",
    "month.txt": "date 2023-05\nThat’s a good thing, the envoy said of the talks.",
    "year.txt": "date 2023\nThe oil price rose over the year.",
    "early.txt": "date 2023-04-20\nNothing about talks here, only weather.",
    "undated.txt": "An undated report on Zelensky and the talks.",
    "later.md": "---\ntitle: A later piece\nsource: Example Wire\ndate: 2024-01-15\n---\n"
    "Negotiators met again in January.",
}


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    workspace = Workspace(corpus, tmp_path / "annotations", tmp_path / "index")
    workspace.update_index()
    return workspace


def found(ws: Workspace, query: str) -> set[str]:
    return {hit.article for hit in ws.search(query, limit=None).hits}


def matched(ws: Workspace, query: str) -> set[str]:
    return {h.text[s:e] for h in ws.search(query, limit=None).hits for s, e in h.highlights}


def test_prefix_finds_unstemmed_words(ws: Workspace) -> None:
    assert found(ws, "negotiat*") == {"day", "later"}
    assert matched(ws, "negotiat*") == {"negotiations", "Negotiators"}


def test_wildcard(ws: Workspace) -> None:
    assert found(ws, "Z?rich") == {"day"}
    assert found(ws, "en*oy") == {"month"}
    assert found(ws, "zzz* OR grain") == {"day"}
    assert found(ws, "zzz* AND grain") == set()


def test_fuzzy_finds_near_spellings(ws: Workspace) -> None:
    assert found(ws, "Zelenskyy~") == {"undated"}
    assert matched(ws, "Zelenskyy~") == {"Zelensky"}
    assert found(ws, "negotiatons~") == {"day", "later"}  # negotiations, negotiators


def test_accents_are_folded_both_ways(ws: Workspace) -> None:
    assert found(ws, "Zurich") == {"day"}
    assert found(ws, "zürich") == {"day"}
    assert matched(ws, "Zurich") == {"Zürich"}


def test_curly_and_straight_apostrophes_agree(ws: Workspace) -> None:
    assert "month" in found(ws, "that's")
    assert found(ws, '"that’s a good thing"') == {"month"}
    assert found(ws, '"that\'s a good thing"') == {"month"}


def test_common_words_are_left_out_and_said_so_unless_they_are_all_there_is(
    ws: Workspace,
) -> None:
    assert found(ws, "the AND oil") == found(ws, "oil") == {"day", "year"}
    assert ws.search("the AND oil").dropped == ("the",)
    assert ws.search("oil").dropped == ()
    assert found(ws, "about AND NOT talks") == {"day"}
    assert found(ws, "the") == {"day", "month", "year", "undated"}  # not refused
    assert ws.search("the").dropped == ()
    assert found(ws, "the OR a") == {"day", "month", "year", "undated"}


def test_title_and_source_fields(ws: Workspace) -> None:
    assert found(ws, "title:later") == {"later"}
    assert found(ws, 'source:"example wire"') == {"later"}
    assert found(ws, "article:mon*") == {"month"}
    hit = ws.search("negotiators").hits[0]
    assert (hit.title, hit.source, str(hit.date)) == ("A later piece", "Example Wire", "2024-01-15")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date:2023-04-27", {"day"}),
        ("date:2023-04", {"day", "early"}),
        ("date:2023-05", {"month"}),
        ("date:2023", {"day", "month", "year", "early"}),
        ("date:none", {"undated"}),
        ("date:undated", {"undated"}),
        ("date:[2023-04-26 TO 2023-05]", {"day", "month", "year"}),
        ("date:[2023-05-03 TO 2023-05-04]", {"month", "year"}),
        ("date:[TO 2023-04-26]", {"early", "year"}),
        ("date:[2024 TO]", {"later"}),
        ("date:{2023-04-20 TO 2023-04-27}", {"year"}),
        ("talks date:[2023-04 TO 2023-05]", {"day", "month", "early"}),
    ],
)
def test_dates_and_ranges_over_partial_dates(ws: Workspace, query: str, expected: set) -> None:
    assert found(ws, query) == expected


def test_sort_by_date_newest_first_undated_last(ws: Workspace) -> None:
    hits = ws.search("talks OR oil OR negotiators", limit=None, sort="date").hits
    order = [h.article for h in hits]
    assert order[0] == "later"
    assert order[-1] == "undated"
    dated = [h.date.bounds()[0] for h in hits if h.date]
    assert dated == sorted(dated, reverse=True)


def test_limit_and_counts(ws: Workspace) -> None:
    results = ws.search("talks", limit=1)
    assert len(results.hits) == 1
    assert results.total == 4
    assert results.articles == 4


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"unclosed phrase', "quote"),
        ("(talks OR oil", "'('"),
        ("talks)", "')'"),
        ("date:[2023 TO 2024", "'['"),
        ("colour:red", "unknown field"),
        ("date:2023-13", "bad date"),
        ("date:[yesterday TO 2024]", "bad date"),
        ("date:[2024 TO 2023]", "empty date range"),
        ("   ", "empty query"),
    ],
)
def test_malformed_queries_explained_in_one_line(ws: Workspace, query: str, reason: str) -> None:
    with pytest.raises(QueryError) as info:
        ws.search(query)
    message = str(info.value)
    assert reason in message
    assert "\n" not in message


def test_field_names_ignore_case(ws: Workspace) -> None:
    assert found(ws, "Date:2023-05") == {"month"}


def test_bad_sort_is_refused(ws: Workspace) -> None:
    with pytest.raises(ValueError):
        ws.search("talks", sort="size")


def test_article_ids_with_folders(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "2023" / "may").mkdir(parents=True)
    (corpus / "2023" / "may" / "envoy.txt").write_text("The envoy arrived in Kyiv.\n")
    (corpus / "other.txt").write_text("Another envoy stayed home.\n")
    ws = Workspace(corpus, tmp_path / "annotations", tmp_path / "index")
    ws.update_index()
    assert found(ws, "article:2023/may/envoy") == {"2023/may/envoy"}
    assert found(ws, "envoy article:2023/*") == {"2023/may/envoy"}
    assert found(ws, "envoy NOT article:2023*") == {"other"}


def test_fast_phrases_match_what_whoosh_phrases_match(seeds_copy: Path, tmp_path: Path) -> None:
    from whoosh import query

    from reader.index.phrase import AdjacentPhrase

    ws = Workspace(seeds_copy, index_dir=tmp_path / "index")
    ws.update_index()
    searcher = ws.index._current_searcher()
    assert searcher is not None
    for words in (
        ["white", "hous"],
        ["presid", "xi", "jinp"],
        ["peac", "movement"],
        ["xi", "kirbi"],
    ):
        plain = set(searcher.docs_for_query(query.Phrase("text", words)))
        fast = set(searcher.docs_for_query(AdjacentPhrase("text", words)))
        assert plain == fast
    assert found(ws, '"President Xi Jinping"') >= {"000_6d362e06adb48299", "004_8d05e1ad106699d0"}
    assert found(ws, '"Jinping President"') == set()


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("tag:", "needs something"),
        ("talks date: ", "needs something"),
        ("(note:)", "needs something"),
        ("()", "type some words"),
        ("~", "type some words"),
    ],
)
def test_empty_fields_and_empty_queries_are_explained(
    ws: Workspace, query: str, reason: str
) -> None:
    with pytest.raises(QueryError, match=reason):
        ws.search(query)


def test_a_lone_star_lists_everything(ws: Workspace) -> None:
    assert found(ws, "*") == set(ARTICLES_IDS)
    assert found(ws, "* date:2023-05") == {"month"}


def test_a_too_broad_wildcard_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    words = " ".join(f"ab{n:04d}x" for n in range(1100))
    (corpus / "many.txt").write_text(words + "\n")
    ws = Workspace(corpus, tmp_path / "annotations", tmp_path / "index")
    ws.update_index()
    with pytest.raises(QueryError, match="more than 1024 different words"):
        ws.search("ab*")
    assert ws.search("ab0001*").total == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("NOT NOT Kirby", "check its AND, OR, NOT and brackets"),
        ("foo:bar", "unknown field 'foo' (fields: text:,"),
    ],
)
def test_odd_queries_get_a_message_without_whoosh_internals(
    ws: Workspace, text: str, message: str
) -> None:
    with pytest.raises(QueryError) as raised:
        ws.search(text)
    assert message in str(raised.value)
    assert "index out of range" not in str(raised.value)


def test_an_empty_corpus_searches_to_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "empty"
    corpus.mkdir()
    workspace = Workspace(corpus, index_dir=tmp_path / "index")
    workspace.update_index()
    results = workspace.search("Kirby")
    assert results.hits == [] and results.total == 0
