"""Passages of lists and of short lines above long ones (reader.paragraphs)."""

from __future__ import annotations

import pytest

from reader.paragraphs import split_paragraphs

LONG = (
    "Chinese envoy Li Hui will visit Ukraine, Poland, France, Germany and Russia from Monday, "
    "the foreign ministry in Beijing said, in a trip meant to discuss a political settlement."
)


@pytest.mark.parametrize("marker", ["•", "-", "*", "1.", "1)", "◦", "–", "(1)"])
def test_a_list_is_one_passage_per_item_whatever_the_marker(marker: str) -> None:
    lines = ["The plan:", f"{marker} Respecting sovereignty.", f"{marker} Abandoning the"]
    block = "\n".join([*lines, "Cold War mentality.", f"{marker} Ceasing hostilities."])
    assert split_paragraphs(block) == [
        "The plan:",
        f"{marker} Respecting sovereignty.",
        f"{marker} Abandoning the Cold War mentality.",  # a wrapped item stays whole
        f"{marker} Ceasing hostilities.",
    ]


def test_a_numbered_list_counts_items_not_lines() -> None:
    items = [f"{n}. Point number {n} of the plan." for n in range(1, 13)]
    assert split_paragraphs("\n".join(items)) == items
    assert split_paragraphs("It happened in\n2023. Then it was over.") == [
        "It happened in 2023. Then it was over."  # a year at the start of a line: no item
    ]


@pytest.mark.parametrize(
    "short",
    ["Editor's note: this story was updated.", "KYIV, April 26", "Diplomatic consternation"],
)
def test_a_short_line_above_a_long_one_is_its_own_passage(short: str) -> None:
    assert split_paragraphs(f"{short}\n{LONG}") == [short, LONG]


@pytest.mark.parametrize("short", ["KYIV, April 26 (Reuters) -", "The envoy said that the"])
def test_a_short_line_that_runs_on_stays_with_the_line_below(short: str) -> None:
    assert split_paragraphs(f"{short}\n{LONG}") == [f"{short} {LONG}"]


def test_hard_wrapped_text_is_still_one_paragraph() -> None:
    wrapped = "The envoy will travel to Kyiv.\nHe will meet officials there\nnext week."
    assert split_paragraphs(wrapped) == [
        "The envoy will travel to Kyiv. He will meet officials there next week."
    ]
