"""Agreement statistics, written out from their definitions (no numpy).

- `percent_agreement`: the share of units on which every coder gave the same value.
- `cohen_kappa` (two coders, no missing values): (p_o - p_e) / (1 - p_e), with p_e from
  each coder's own category shares (Cohen 1960).
- `krippendorff_alpha` (nominal, any number of coders, missing values allowed):
  1 - (n - 1) * D_o / D_e over the coincidence matrix of the pairable values
  (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011).

Each returns None when the statistic is undefined (no units; no variation at all, so the
expected disagreement is 0): callers say so instead of dividing by zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from itertools import permutations

Value = Hashable | None
"""One coder's value for one unit; None is a missing value."""


def percent_agreement(units: Iterable[Sequence[Value]]) -> float | None:
    """The share of units (with two or more values) on which all values are equal."""
    agreed = total = 0
    for unit, times in Counter(map(tuple, units)).items():
        values = [v for v in unit if v is not None]
        if len(values) >= 2:
            total += times
            agreed += times if len(set(values)) == 1 else 0
    return agreed / total if total else None


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two coders' values for the same units (in the same order)."""
    if len(first) != len(second):
        raise ValueError("the two coders must rate the same units")
    total = len(first)
    if total == 0:
        return None
    pairs = Counter(zip(first, second, strict=True))
    observed = sum(count for (a, b), count in pairs.items() if a == b) / total
    shares_a: Counter[Hashable] = Counter()
    shares_b: Counter[Hashable] = Counter()
    for (a, b), count in pairs.items():
        shares_a[a] += count
        shares_b[b] += count
    expected = sum(shares_a[c] * shares_b[c] for c in shares_a) / (total * total)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha(units: Iterable[Sequence[Value]]) -> float | None:
    """Krippendorff's alpha for nominal values: `units` holds, for each unit, every
    coder's value (None when that coder gave none). Identical units are counted once
    with their number, so many units cost little."""
    coincidences: dict[tuple[Hashable, Hashable], float] = {}
    for unit, times in Counter(map(tuple, units)).items():
        values = [v for v in unit if v is not None]
        if len(values) < 2:
            continue  # a value nobody else coded is not pairable
        weight = times / (len(values) - 1)
        for a, b in permutations(values, 2):
            coincidences[(a, b)] = coincidences.get((a, b), 0.0) + weight
    marginals: dict[Hashable, float] = {}
    for (a, _), count in coincidences.items():
        marginals[a] = marginals.get(a, 0.0) + count
    total = sum(marginals.values())
    if total <= 1:
        return None
    observed = sum(count for (a, b), count in coincidences.items() if a != b)
    expected = sum(marginals[a] * marginals[b] for a in marginals for b in marginals if a != b)
    if expected == 0:
        return None
    return 1.0 - (total - 1) * observed / expected
