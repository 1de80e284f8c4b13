"""Words as a reader types them: elisions, hyphens, common words, acronyms, ß, fuzzy, -word."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import QueryError
from reader.index.analysis import index_terms, tokens
from reader.workspace import Workspace

ARTICLES = {
    "fr.txt": "L’émissaire chinois est arrivé. Il a parlé de l'intégrité du pays.",
    "it.txt": "Il rispetto dell’integrità territoriale dell'Ucraina è stato ribadito.",
    "de.txt": "Der Außenminister sprach über kein Abkommen.",
    "hyphen.txt": "The cease-fire held during a two-day visit.",
    "joined.txt": "A ceasefire was announced on Monday.",
    "apart.txt": "They called for a cease fire at once.",
    "far.txt": "The two leaders spoke, and the talks took all day.",
    "caps.txt": "US officials welcomed the call.\n\nU.S. diplomats said little.",
    "pronoun.txt": "The officials told us nothing new.",
    "quote.txt": "I had a long and meaningful phone call with the president.",
    "loose.txt": "It was a long meaningful call, officials said.",
    "kyiv.txt": "Peace talks in Kyiv resumed.\n\nKirby said peace was possible.",
    "kirby.txt": "Talks without Kirby went on. Peace was on the table.",
}


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("words")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    workspace = Workspace(corpus, root / "annotations", root / "index")
    workspace.update_index()
    return workspace


def found(ws: Workspace, query: str) -> set[str]:
    return {hit.article for hit in ws.search(query, limit=None).hits}


def marked(ws: Workspace, query: str) -> set[str]:
    return {h.text[s:e] for h in ws.search(query, limit=None).hits for s, e in h.highlights}


def test_elided_words_are_found_alone_and_in_their_phrase(ws: Workspace) -> None:
    assert found(ws, "émissaire") == found(ws, "emissaire") == {"fr"}
    assert found(ws, "integrita") == {"it"}
    assert found(ws, "intégrité") == {"fr"}
    assert found(ws, "Ucraina") == {"it"}
    assert found(ws, '"l’émissaire chinois"') == {"fr"}
    assert marked(ws, "émissaire") == {"émissaire"}  # the article is not marked


@pytest.mark.parametrize("query", ["ceasefire", "cease-fire", '"cease fire"', "cease fire"])
def test_every_form_of_a_hyphenated_word_finds_the_others(ws: Workspace, query: str) -> None:
    assert found(ws, query) == {"hyphen", "joined", "apart"}
    assert marked(ws, query) == {"cease-fire", "ceasefire", "cease fire"}


def test_a_hyphenated_query_word_is_a_phrase_not_an_and(ws: Workspace) -> None:
    assert found(ws, "two-day") == {"hyphen"}
    assert found(ws, "two AND day") >= {"hyphen", "far"}  # "two leaders ... all day"


def test_common_words_keep_their_place_in_a_phrase(ws: Workspace) -> None:
    assert found(ws, '"long and meaningful"') == {"quote"}
    assert found(ws, '"long meaningful"') == {"loose"}
    assert marked(ws, '"long and meaningful"') == {"long and meaningful"}


def test_a_common_word_is_left_out_of_a_plain_query_and_said_so(ws: Workspace) -> None:
    results = ws.search("the officials")
    assert results.dropped == ("the",)
    assert {h.article for h in results.hits} == {"caps", "pronoun", "loose"}
    assert found(ws, "us") == {"caps", "pronoun"}  # all there is: searched, not refused
    assert ws.search("us").dropped == ()


def test_an_acronym_in_capitals_is_not_the_common_word(ws: Workspace) -> None:
    assert found(ws, "US") == {"caps"}  # "US" and "U.S.", not "told us"
    assert marked(ws, "US") == {"US", "U.S"}
    assert found(ws, '"US officials"') == {"caps"}
    assert found(ws, '"us officials"') == {"caps"}  # lower case: the word, any case


def test_sharp_s_folds_as_ss(ws: Workspace) -> None:
    assert found(ws, "aussenminister") == found(ws, "Außenminister") == {"de"}
    assert marked(ws, "aussenminister") == {"Außenminister"}


def test_fuzzy_short_words_allow_fewer_edits(ws: Workspace) -> None:
    assert found(ws, "Kyiv~2") == {"kyiv"}  # not "kein": 4 letters allow one edit
    assert found(ws, "Kyev~") == {"kyiv"}
    assert found(ws, "meaningfull~2") == {"quote", "loose"}


def test_minus_word_means_not(ws: Workspace) -> None:
    assert found(ws, "peace -Kirby") == {"kyiv"}
    assert found(ws, "peace") == {"kyiv", "kirby"}
    assert found(ws, "-Kirby peace") == {"kyiv"}
    texts = {h.text for h in ws.search('-"peace talks" peace', limit=None).hits}
    assert texts == {"Kirby said peace was possible.", ARTICLES["kirby.txt"]}
    assert found(ws, "two-day") == {"hyphen"}  # a hyphen inside a word is not a minus


def test_words_within_n_of_each_other_in_any_order(ws: Workspace) -> None:
    kyiv = ws.search('"Kirby peace"~1', limit=None).hits
    assert [h.ref for h in kyiv] == [ws.search("possible").hits[0].ref]  # "Kirby said peace"
    assert found(ws, '"peace Kirby"~1') == {"kyiv"}
    assert found(ws, '"talks Kirby"~1') == {"kirby"}  # "Talks without Kirby"
    assert found(ws, '"talks Kirby"~0') == set()  # ~0: the exact phrase
    assert marked(ws, '"peace Kirby"~1') == {"Kirby", "peace"}


def test_a_query_of_nothing_is_still_refused(ws: Workspace) -> None:
    with pytest.raises(QueryError, match="type some words"):
        ws.search('""')


def test_indexing_and_highlighting_read_the_same_words() -> None:
    text = "L’émissaire said US and U.S. cease-fire talks in Straße, l'ex-président’s view."
    terms = [(t.term, t.pos) for t in tokens(text)]
    assert [t for t in terms if t[0] not in ("US",)] == list(index_terms(text.lower()))
    assert ("US", 2) in terms and ("US", 4) in terms
    assert [text[t.start : t.end] for t in tokens(text)][:2] == ["émissaire", "said"]


def test_a_long_article_name_is_still_found_after_its_elision(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Nell'ambito dell'accordo, quell'uomo parlò.\n")
    ws = Workspace(corpus, tmp_path / "annotations", tmp_path / "index")
    ws.update_index()
    assert found(ws, "ambito") == found(ws, "accordo") == found(ws, "uomo") == {"a"}
    assert found(ws, "accor*") == {"a"}


def test_the_command_line_says_which_words_it_left_out(ws: Workspace) -> None:
    command = [sys.executable, "-m", "reader", "search", "the officials", "--corpus"]
    command += [str(ws.corpus), "--annotations", str(ws.annotations), "--index-dir"]
    result = subprocess.run([*command, str(ws.index_dir)], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stderr == (
        "reader: left out very common words: the (inside quotes every word counts)\n"
    )
    assert result.stdout.splitlines()[-1] == "3 passages in 3 articles"
