"""Anchors survive edits to the article, and refuse to guess when they should not."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

from reader.annotations.anchors import Anchorer
from reader.annotations.record import make_target
from reader.model import Article
from reader.paragraphs import make_passages
from reader.records import Target

PARAS = [
    "Chinese President Xi Jinping held a phone call with Ukrainian President Volodymyr "
    "Zelensky on Wednesday, the first known contact between the two leaders since the war.",
    "Xi said China's position on the crisis is consistent and clear: to promote peace talks "
    "and seek a political settlement, and that dialogue is the only way out.",
    "The White House said it welcomed the call. Officials said it was a good thing.",
    "Zelensky described the call as long and meaningful, and said he had appointed an "
    "ambassador to Beijing.",
    "Officials said it was a good thing.",
]


def article(paras: list[str], article_id: str = "a") -> Article:
    return Article(article_id, Path(f"{article_id}.txt"), make_passages(article_id, paras))


def target(paras: list[str], number: int, start: int = 0, end: int | None = None) -> dict:
    """A target as its mapping in a file (tests edit it as a hand-edited file would)."""
    return make_target(article(paras), number, start, end).as_dict()


def place(paras: list[str], tgt: dict):
    return Anchorer(article(paras)).place(Target.from_mapping(tgt))


def test_unchanged_article_places_by_position() -> None:
    found = place(PARAS, target(PARAS, 2))
    assert (found.passage, found.method, found.score) == (2, "position", 1.0)


def test_paragraph_inserted_above_moves_the_anchor_down() -> None:
    edited = [PARAS[0], "A new paragraph the editors added later.", *PARAS[1:]]
    found = place(edited, target(PARAS, 2))
    assert (found.passage, found.method) == (3, "quote")


def test_words_changed_inside_the_quote_are_found_fuzzily() -> None:
    edited = list(PARAS)
    edited[1] = (
        PARAS[1]
        .replace("consistent and clear", "consistent and very clear")
        .replace("only way out", "only viable way out")
    )
    found = place(edited, target(PARAS, 2))
    assert (found.passage, found.method) == (2, "fuzzy")
    assert found.score >= 0.75


def test_a_repeated_phrase_goes_to_the_occurrence_with_the_right_context() -> None:
    phrase = "Officials said it was a good thing."
    start = PARAS[2].index(phrase)
    tgt = target(PARAS, 3, start, start + len(phrase))
    tgt["passage"] = 1  # a stale hint must not send it elsewhere
    tgt["start"] = 0
    found = place(PARAS, tgt)
    assert (found.passage, found.start, found.method) == (3, start, "quote")
    # and the one in the last paragraph, by its context
    last = target(PARAS, 5)
    last["passage"] = 3
    assert place(PARAS, last).passage == 5


def test_quote_at_the_very_start_and_the_very_end() -> None:
    first = target(PARAS, 1, 0, 7)
    assert first["prefix"] == ""
    last_text = PARAS[-1]
    last = target(PARAS, 5, len(last_text) - 6, len(last_text))
    assert last["suffix"] == ""
    shifted = ["Intro.", *PARAS]
    assert (place(shifted, first).passage, place(shifted, first).start) == (2, 0)
    assert place(shifted, last).passage == 6


def test_sentence_rewritten_is_an_orphan_with_a_reason() -> None:
    edited = list(PARAS)
    edited[3] = "Kyiv later issued a short statement about the conversation with Beijing."
    found = place(edited, target(PARAS, 4))
    assert found.orphan
    assert "not in the article any more" in found.reason


def test_paragraph_deleted_is_an_orphan() -> None:
    edited = [p for i, p in enumerate(PARAS) if i != 3]
    found = place(edited, target(PARAS, 4))
    assert found.orphan and found.reason


def test_false_positive_trap_a_fragment_elsewhere_does_not_capture_it() -> None:
    # Passage 3 is deleted; its second sentence survives as passage 5 on its own.
    tgt = target(PARAS, 3)
    edited = [p for i, p in enumerate(PARAS) if i != 2]
    found = place(edited, tgt)
    assert found.orphan, found


def test_nfd_text_matches_nfc() -> None:
    paras = ["Café société, naïve façade.", "Zweiter Absatz über Grüße."]
    tgt = target(paras, 2)
    tgt["quote"] = unicodedata.normalize("NFD", tgt["quote"])
    tgt["passage"] = 1
    assert place(paras, tgt).passage == 2


def test_crlf_in_the_quote_matches() -> None:
    paras = ["One.", "Line one\nline two of a hard-wrapped block."]
    tgt = target(paras, 2)
    tgt["quote"] = tgt["quote"].replace("\n", "\r\n")
    found = place(paras, tgt)
    assert (found.passage, found.method) == (2, "position")


def test_smart_quotes_match_straight_ones() -> None:
    paras = ['He said "we welcome it" and left.', "Other."]
    tgt = target(paras, 1)
    tgt["quote"] = "He said \u201cwe welcome it\u201d and left."
    found = place(paras, tgt)
    assert (found.passage, found.method) == (1, "position")


def test_empty_quote_and_empty_article_are_orphans() -> None:
    assert place(PARAS, {"passage": 1, "quote": ""}).orphan
    assert Anchorer(article([])).place(Target("x")).orphan


def test_a_200000_character_article_reanchors_quickly() -> None:
    import random

    rng = random.Random(7)
    words = [
        "peace",
        "talks",
        "china",
        "ukraine",
        "minister",
        "said",
        "war",
        "call",
        "envoy",
        "sanctions",
        "grain",
        "deal",
        "summit",
        "kyiv",
        "beijing",
        "moscow",
        "leaders",
    ]
    paras = [" ".join(rng.choice(words) for _ in range(80)) + f" ({i})." for i in range(400)]
    text_length = sum(len(p) + 2 for p in paras)
    assert text_length > 200_000
    targets = [target(paras, n) for n in range(1, 401, 8)]  # 50 annotations
    # Every paragraph moved down one and edited: every annotation takes the fuzzy path.
    edited = ["An inserted paragraph."] + [
        p.replace("peace", "pease", 1).replace("war", "wars", 1) for p in paras
    ]
    anchorer = Anchorer(article(edited))
    start = time.perf_counter()
    placed = [anchorer.place(Target.from_mapping(t)) for t in targets]
    elapsed = time.perf_counter() - start
    assert [p.passage for p in placed] == [t["passage"] + 1 for t in targets]
    assert {p.method for p in placed} == {"fuzzy"}
    assert elapsed < 2.0, f"re-anchoring took {elapsed:.2f} s"


def test_a_short_quote_found_only_elsewhere_in_another_context_is_an_orphan() -> None:
    paras = [
        "The ministry said the talks were useful and would go on next week.",
        "Analysts were less sure the talks were useful for anyone at all.",
    ]
    start = paras[0].index("the talks were useful")
    tgt = target(paras, 1, start, start + len("the talks were useful"))
    edited = ["The ministry gave no comment on the meeting.", paras[1]]
    found = place(edited, tgt)
    assert found.orphan and "another context" in found.reason
    # with its context intact, the same short quote follows its paragraph anywhere
    moved = ["Intro.", "Another.", paras[0]]
    assert place(moved, tgt).passage == 3
