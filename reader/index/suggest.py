"""Suggesting spelling-variant groups from the corpus's own words (`reader variants`).

A name is a word the corpus writes capitalised (at least 80% of its uses, so that "The"
at the start of a sentence is not one), used at least `min_count` times. Two names are
suggested as spellings of one when they are spelt alike (an edit or two: `fuzz.ratio` of
at least 75) and used in similar company (the cosine of the words around them, common
words left out, at least 0.2); names that differ by an inflection (`Russia`, `Russian`)
are left apart. Pairs form groups; groups already in `variants.yaml` are not suggested.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .analysis import COMMON_WORDS, fold, unelide

SPELLING = 75  # fuzz.ratio, 0-100
CONTEXT = 0.2
WINDOW = 3
INFLECTIONS = ("n", "an", "ian", "ians", "ns", "s", "es", "ese", "ite", "ites")
_WORD = re.compile(r"[^\W\d_][\w'’ʼ-]*")


@dataclass
class Suggestion:
    """A group of spellings with how often each is used, and how sure the match is."""

    spellings: list[str]
    counts: list[int]
    score: float


def suggest(
    texts: Iterable[str],
    known: Sequence[Sequence[str]] = (),
    min_count: int = 2,
) -> list[Suggestion]:
    """Groups of names that look like spellings of one, best first."""
    from rapidfuzz import fuzz, process

    capital: Counter[str] = Counter()
    total: Counter[str] = Counter()
    written: dict[str, Counter[str]] = {}
    context: dict[str, Counter[str]] = {}
    for text in texts:
        words = [(w, _key(w)) for w in _WORD.findall(text)]
        for i, (word, key) in enumerate(words):
            total[key] += 1
            if not word[0].isupper() or len(key) < 3 or word.isupper():
                continue
            capital[key] += 1
            written.setdefault(key, Counter())[word.rstrip("'’ʼ").removesuffix("'s")] += 1
            near = context.setdefault(key, Counter())
            for _, other in words[max(0, i - WINDOW) : i] + words[i + 1 : i + 1 + WINDOW]:
                if other not in COMMON_WORDS and len(other) > 2 and other != key:
                    near[other] += 1
    names = sorted(
        k for k, n in capital.items() if n >= min_count and n >= 0.8 * total[k] and "-" not in k
    )
    grouped = {_key(m): g for g, group in enumerate(known) for m in group}
    parent = {name: name for name in names}

    def find(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    scores: dict[tuple[str, str], float] = {}
    for name in names:
        for other, ratio, _ in process.extract(
            name, names, scorer=fuzz.ratio, score_cutoff=SPELLING, limit=None
        ):
            if other <= name or _inflected(name, other):
                continue
            if name in grouped and grouped.get(name) == grouped.get(other):
                continue
            fit = _cosine(context[name], context[other])
            if fit >= CONTEXT:
                scores[(name, other)] = ratio / 100 * fit
                parent[find(name)] = find(other)
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(find(name), []).append(name)
    found = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda k: (-capital[k], k))
        best = max(s for (a, b), s in scores.items() if a in members and b in members)
        found.append(
            Suggestion(
                [written[k].most_common(1)[0][0] for k in members],
                [capital[k] for k in members],
                round(best, 3),
            )
        )
    return sorted(found, key=lambda s: (-s.score, s.spellings))


def _key(word: str) -> str:
    key = unelide(fold(word)).strip("'-")
    return key[:-2] if key.endswith("'s") else key


def _inflected(a: str, b: str) -> bool:
    """Whether one name is the other with an inflection (`russia`, `russian`)."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short) :] in INFLECTIONS


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[word] for word, count in a.items() if word in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0
