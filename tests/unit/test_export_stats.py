"""Agreement statistics: kappa and alpha against published worked examples and against
the `krippendorff` package on random data; the agreement report's edge cases."""

from __future__ import annotations

import random

import numpy as np
import pytest
from krippendorff import alpha as reference_alpha

from reader.export import CodingSet, ExportError, agreement_report
from reader.export.segments import Coding
from reader.export.stats import cohen_kappa, krippendorff_alpha, percent_agreement
from reader.records import Author

ANA = Author("Ana Lima", "ana@example.org")
BEN = Author("Ben Okafor", "ben@example.org")
CLEO = Author("Cleo Ruiz", "cleo@example.org")


def two_by_two(yes_yes: int, yes_no: int, no_yes: int, no_no: int) -> tuple[list, list]:
    """Two coders' yes/no values from a 2x2 table (first coder's answer first)."""
    first = ["y"] * (yes_yes + yes_no) + ["n"] * (no_yes + no_no)
    second = ["y"] * yes_yes + ["n"] * yes_no + ["y"] * no_yes + ["n"] * no_no
    return first, second


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ((20, 5, 10, 15), 0.4),  # Wikipedia, "Cohen's kappa", worked example
        ((45, 15, 25, 15), 0.1304),  # same page: equal agreement (60%), different kappa
        ((25, 35, 5, 35), 0.2593),
    ],
)
def test_cohen_kappa_matches_published_examples(table, expected) -> None:
    assert cohen_kappa(*two_by_two(*table)) == pytest.approx(expected, abs=5e-5)


def test_krippendorff_alpha_matches_the_worked_examples_of_the_2011_paper() -> None:
    # Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011): binary data, two
    # observers, no missing values: alpha = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(list(zip(a, b, strict=True))) == pytest.approx(0.095, abs=5e-4)
    # Nominal data, four observers, missing values (None): alpha = 0.743.
    observers = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [list(unit) for unit in zip(*observers, strict=True)]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)


@pytest.mark.parametrize("seed", range(12))
def test_alpha_agrees_with_the_krippendorff_package_on_random_data(seed: int) -> None:
    rng = random.Random(seed)
    coders, units, categories = rng.randint(2, 5), rng.randint(5, 40), rng.randint(2, 4)
    data = [
        [rng.randrange(categories) if rng.random() > 0.25 else None for _ in range(units)]
        for _ in range(coders)
    ]
    matrix = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)
    try:
        expected = reference_alpha(reliability_data=matrix, level_of_measurement="nominal")
    except ValueError:  # the package refuses data with a single value or no pairable unit
        expected = None
    ours = krippendorff_alpha([list(unit) for unit in zip(*data, strict=True)])
    if expected is None or np.isnan(expected):
        assert ours is None
    else:
        assert ours == pytest.approx(expected, abs=1e-9)


def test_undefined_statistics_are_none_not_a_division_by_zero() -> None:
    assert cohen_kappa(["y", "y"], ["y", "y"]) is None
    assert krippendorff_alpha([[1, 1], [1, 1]]) is None
    assert krippendorff_alpha([[1, None], [None, 2]]) is None  # nothing pairable
    assert percent_agreement([]) is None and cohen_kappa([], []) is None


def coding(author: Author, article: str, passage: int, *tags: str) -> Coding:
    return Coding(article, passage, tuple(tags), author)


def coded(*codings: Coding, passages: int = 4) -> CodingSet:
    return CodingSet(list(codings), {c.article: passages for c in codings})


def test_identical_coders_agree_completely() -> None:
    found = coded(
        coding(ANA, "a", 1, "x"), coding(BEN, "a", 1, "x"),
        coding(ANA, "a", 3, "y"), coding(BEN, "a", 3, "y"),
    )  # fmt: skip
    report = agreement_report(found)
    assert [(r.tag, r.agreement, r.kappa, r.alpha) for r in report.rows] == [
        ("x", 1.0, 1.0, 1.0),
        ("y", 1.0, 1.0, 1.0),
        ("(all tags)", 1.0, 1.0, 1.0),
    ]
    assert report.units == 4 and report.disagreements == []


def test_disagreements_say_who_put_what() -> None:
    found = coded(
        coding(ANA, "a", 1, "x/one"), coding(BEN, "a", 1, "x/two"),
        coding(ANA, "a", 2, "y"), coding(BEN, "a", 4, "z"),
    )  # fmt: skip
    report = agreement_report(found, tags=["x", "y"])
    x, y = report.rows[:2]
    assert (x.tag, x.agreement, x.used) == ("x", 1.0, 1)  # a tag includes the tags under it
    assert (y.agreement, y.kappa) == (0.75, 0.0)
    assert [(str(d.ref), d.tag, d.with_tag, d.without) for d in report.disagreements] == [
        ("a#2", "y", ("Ana Lima",), ("Ben Okafor",))
    ]


def test_a_tag_nobody_used_is_said_so() -> None:
    found = coded(coding(ANA, "a", 1, "x"), coding(BEN, "a", 2, "x"))
    row = agreement_report(found, tags=["never"]).rows[0]
    assert (row.used, row.kappa, row.alpha, row.note) == (0, None, None, "nobody used it here")


def test_one_coder_no_overlap_and_unknown_authors_are_clear_messages() -> None:
    with pytest.raises(ExportError, match=r"two or more coders.*Ana Lima only"):
        agreement_report(coded(coding(ANA, "a", 1, "x")))
    with pytest.raises(ExportError, match="none in common"):
        agreement_report(coded(coding(ANA, "a", 1, "x"), coding(BEN, "b", 1, "x")))
    with pytest.raises(ExportError, match="no annotations by 'Dora'"):
        agreement_report(coded(coding(ANA, "a", 1, "x"), coding(BEN, "a", 1, "x")), ["Dora"])


def test_three_coders_get_alpha_and_no_kappa() -> None:
    found = coded(
        coding(ANA, "a", 1, "x"), coding(BEN, "a", 1, "x"), coding(CLEO, "a", 2, "x"),
    )  # fmt: skip
    report = agreement_report(found, ["ana@example.org", "BEN OKAFOR", "Cleo Ruiz"])
    row = report.rows[0]
    assert report.coders == ["Ana Lima", "Ben Okafor", "Cleo Ruiz"]
    assert row.kappa is None and row.alpha is not None and row.note == "kappa is for two coders"
    units = [[1, 1, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]]
    assert row.alpha == pytest.approx(krippendorff_alpha(units))
    assert row.agreement == 0.5
