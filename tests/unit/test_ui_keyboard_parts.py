"""The app's plain parts for working at keyboard speed: tag completion, sentence and word
selection, the coding run, editing text with control characters, the one key table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.model import Hit
from reader.refs import PassageRef
from reader.ui.coding_run import CodingRun
from reader.ui.commands import COMMANDS, key_table_markdown
from reader.ui.completion import candidates, common_prefix, is_new, last_token, replace_token
from reader.ui.safe_edit import for_edit, restore
from reader.ui.selection import Selection, sentences, words

README = Path(__file__).resolve().parents[2] / "README.md"
CODEBOOK = {
    "actor/china": "China",
    "actor/russia": "Russia",
    "actor/ukraine": "Ukraine",
    "actor/usa": "The United States",
    "theme/peace": "Peace talks",
}
COUNTS = {"actor/usa": 3, "actor/un": 1, "bad tag": 2, "evil\x1b]0;x\x07": 1, "china/trade": 4}


def test_candidates_codebook_first_then_in_use_then_the_rest() -> None:
    found = candidates("act", CODEBOOK, COUNTS)
    assert [(c.tag, c.kind) for c in found] == [
        ("actor/china", "codebook"),
        ("actor/russia", "codebook"),
        ("actor/ukraine", "codebook"),
        ("actor/usa", "codebook"),
        ("actor/un", "in use"),
    ]
    assert found[0].description == "China"
    assert [c.tag for c in candidates("china", CODEBOOK, COUNTS)] == ["china/trade", "actor/china"]
    assert candidates("bad", CODEBOOK, COUNTS) == []  # a tag the rule refuses is not offered
    assert candidates("evil", CODEBOOK, COUNTS) == []  # nor one with control characters
    typed = candidates("actor/u", CODEBOOK, COUNTS, typed=["actor/usa"])
    assert [c.tag for c in typed] == ["actor/ukraine", "actor/un"]  # not offered twice
    removing = candidates("-th", CODEBOOK, COUNTS, on_passage=["theme/peace", "x"])
    assert [(c.tag, c.kind) for c in removing] == [("theme/peace", "on passage")]


def test_tab_completes_the_common_prefix_and_accepts_with_a_separator() -> None:
    found = candidates("act", CODEBOOK, COUNTS)
    assert common_prefix("act", found) == "actor/"
    assert common_prefix("actor/u", candidates("actor/u", CODEBOOK, COUNTS)) == "actor/u"
    assert common_prefix("-th", candidates("-th", {}, {}, ["theme/peace"])) == "-theme/peace"
    value = "theme/peace, act"
    assert last_token(value) == (13, "act")
    assert replace_token(value, "actor/", accept=False) == "theme/peace, actor/"
    assert replace_token(value, "actor/usa", accept=True) == "theme/peace, actor/usa, "
    assert is_new("actr", [], list(CODEBOOK)) and not is_new("act", found, list(CODEBOOK))


def test_sentences_skip_abbreviations_and_keep_closing_quotes() -> None:
    text = (
        '"We welcome the news. We think that\'s a good thing." However, the U.S. National '
        "Security Council's Mr. Kirby spoke. Done!"
    )
    assert [text[s:e] for s, e in sentences(text)] == [
        '"We welcome the news.',
        "We think that's a good thing.\"",
        "However, the U.S. National Security Council's Mr. Kirby spoke.",
        "Done!",
    ]
    assert words("a  bc d") == [(0, 1), (3, 5), (6, 7)]


def test_a_selection_grows_and_shrinks_by_sentences_and_words() -> None:
    text = "One two. Three four five. Six."
    selection = Selection.first_sentence(PassageRef("a", 1), text)
    assert selection.quote == "One two."
    assert selection.moved("less").quote == "One two."  # never less than its first sentence
    assert selection.moved("more").quote == "One two. Three four five."
    assert selection.moved("more").moved("more").moved("more").quote == text
    assert selection.moved("more").moved("unword").quote == "One two. Three four"
    assert selection.moved("word").quote == "One two. Three"
    assert selection.moved("next").quote == "Three four five."
    assert selection.moved("next").moved("prev").quote == "One two."
    assert selection.moved("start").quote == "two."
    assert selection.moved("start").moved("unstart").quote == "One two."


def test_editing_text_with_control_characters_keeps_them() -> None:
    title = "T \x1b]0;PWN\x1b\\ end"
    shown = for_edit(title, one_line=True)
    assert "\x1b" not in shown and shown == "T \\x1b]0;PWN\\x1b\\ end"
    assert restore(shown, title, one_line=True) == title  # untouched: the same characters
    assert restore(shown.replace("end", "fin"), title, one_line=True) == "T \x1b]0;PWN\x1b\\ fin"
    assert restore("New " + shown, title, one_line=True) == "New " + title
    assert restore("", title) == ""
    note = "line one\nline two \u202e"
    assert for_edit(note) == "line one\nline two \\u202e"  # newlines stay in a text area
    assert restore(for_edit(note) + "!", note) == note + "!"
    assert restore("typed \\x1b by hand", "no controls") == "typed \\x1b by hand"


def _hit(n: int) -> Hit:
    return Hit("a", n, f"text {n}", None, None, None, (), 1.0)


def test_a_coding_run_walks_skips_goes_back_and_knows_its_results() -> None:
    hits = [_hit(n) for n in range(1, 4)]
    run = CodingRun("q", hits)
    assert run.counter() == "1/3" and run.current == hits[0]
    run.advance()
    run.skip()
    assert run.counter() == "3/3 · 1 skipped" and run.skipped == {hits[1].ref}
    run.back()
    run.advance()  # coded after all: no longer skipped
    assert run.skipped == set() and run.position == 2
    run.advance()
    assert run.done and run.current is None and run.counter() == "3/3"
    run.back()
    assert run.current == hits[2]
    assert run.covers("q", hits) and not run.covers("q", hits[:2]) and not run.covers("r", hits)


def test_readme_key_table_is_the_commands_table() -> None:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- keys: .*? -->\n\n(.*?\n)<!-- /keys -->", text, re.S)
    assert found, "README.md lacks the generated key table markers"
    assert found.group(1) == key_table_markdown(), "run: python -m reader.ui.commands"
    for command in COMMANDS:
        assert command.help in found.group(1)


@pytest.mark.parametrize("key", ["v", "c", "t", "n"])
def test_new_commands_have_one_key_each_in_the_main_scope(key: str) -> None:
    main = [c for c in COMMANDS if c.scope == "main" and key in c.key.split(",")]
    assert len(main) == 1
