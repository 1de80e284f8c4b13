"""Passages that several articles carry word for word, or nearly ("also reported by").

Each indexed passage gets a signature when it is read: a 64-bit hash of its words
(folded: case, accents, quotes and spacing do not count) and a bottom-k sketch of the
shingles of its content words (every 3 consecutive words of four letters or more: the
`SKETCH` smallest CRC-32s; leaving the short words out halves the cost and loses little,
as they carry little of what tells passages apart). Two passages of different articles are
copies when their words are the same, or when the Jaccard similarity of their shingles,
estimated from the sketches, reaches `SIMILAR` (measured on wire copies: see
`benchmarks/duplicates.py` and benchmarks/README.md). Groups are the connected copies.

Pairs of copies are found among the passages that share two of their `ANCHORS` smallest
sketch values (a value more than `BUCKET_CAP` passages share is boilerplate, not
evidence), or all their words; `duplicate_store.py` keeps the signatures and the pairs
beside the index and updates them with the files re-read.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from itertools import combinations
from typing import Any

from .analysis import fold, word_sequence

SHINGLE = 3
SKETCH = 24
ANCHORS = 4  # the smallest sketch values: two passages sharing two of them are compared
BUCKET_CAP = 64  # a value shared by more passages is boilerplate, not evidence
SIMILAR = 0.55  # measured: benchmarks/duplicates.py (see benchmarks/README.md)
MIN_SHINGLES = 4  # shorter passages are grouped only when their words are the same

Entry = tuple[int, int, tuple[int, ...]]  # passage number, exact hash, sketch
Member = tuple[str, int]  # article id, passage number


def signature(text: str) -> tuple[int, tuple[int, ...]] | None:
    """The exact hash and shingle sketch of a passage (None when it has no words)."""
    words = getattr(text, "words", None)
    if words is None:
        words = word_sequence(fold(text))
    if not words:
        return None
    joined = " ".join(words)
    exact = int.from_bytes(hashlib.blake2b(joined.encode(), digest_size=8).digest(), "big")
    content = [w for w in words if len(w) > 3]
    if len(content) < SHINGLE:
        return exact, ()
    crc = zlib.crc32
    triples = zip(content, content[1:], content[2:], strict=False)
    shingles = set(map(crc, map(str.encode, map(" ".join, triples))))
    return exact, tuple(sorted(shingles)[:SKETCH])


def signatures(docs: Iterable[dict[str, Any]]) -> dict[str, list[Entry]]:
    """Article id -> the signatures of its passages, from index documents."""
    found: dict[str, list[Entry]] = {}
    for doc in docs:
        sig = signature(doc["text"])
        if sig is not None:
            found.setdefault(doc["article"], []).append((doc["passage"], *sig))
    return found


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The Jaccard similarity of two shingle sets, estimated from their sketches (exact
    when both hold all their shingles)."""
    union = sorted(set(a) | set(b))[:SKETCH]
    if not union:
        return 0.0
    shared = set(a) & set(b)
    return sum(1 for v in union if v in shared) / len(union)


def pairs(
    exacts: Sequence[int],
    anchors: Sequence[tuple[int, ...]],
    owners: Sequence[str],
    new: range,
    sketch_of: Any,
) -> set[tuple[int, int]]:
    """The pairs of rows `(i, j)`, `i < j`, at least one of them in `new`, of different
    articles, that are copies: the same words, or near (`similarity` of
    `sketch_of(row)` at least SIMILAR among rows sharing two anchor values)."""
    first = new.start
    by_exact: dict[int, list[int]] = {}
    by_anchor: dict[int, list[int]] = {}
    if first == 0:  # everything is new (a rebuild): every value counts
        for row, exact in enumerate(exacts):
            by_exact.setdefault(exact, []).append(row)
        for row, values in enumerate(anchors):
            for value in values:
                by_anchor.setdefault(value, []).append(row)
    else:  # only values a new row has: one pass over the rest
        for row in new:
            by_exact.setdefault(exacts[row], [])
            for value in anchors[row]:
                by_anchor.setdefault(value, [])
        for row, exact in enumerate(exacts):
            found = by_exact.get(exact)
            if found is not None:
                found.append(row)
            for value in anchors[row]:
                found = by_anchor.get(value)
                if found is not None:
                    found.append(row)
    copies = {
        (i, j)
        for rows in by_exact.values()
        if len(rows) > 1
        for i, j in combinations(rows, 2)
        if j >= first and owners[i] != owners[j]
    }
    shared: Counter[tuple[int, int]] = Counter()
    for rows in by_anchor.values():
        if 1 < len(rows) <= BUCKET_CAP:
            shared.update(combinations(rows, 2))  # counted in C
    for (i, j), count in shared.items():
        if count < 2 or j < first or owners[i] == owners[j] or (i, j) in copies:
            continue
        if similarity(sketch_of(i), sketch_of(j)) >= SIMILAR:
            copies.add((i, j))
    return copies


def components(edges: Iterable[tuple[Hashable, Hashable]]) -> list[list[Any]]:
    """The connected members of the edges (union-find), each list sorted."""
    parent: dict[Any, Any] = {}

    def find(item: Any) -> Any:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    found: dict[Any, list[Any]] = {}
    for item in parent:
        found.setdefault(find(item), []).append(item)
    return [sorted(items) for items in found.values()]


def group(articles: dict[str, list[Entry]]) -> list[list[Member]]:
    """Connected copies across articles, each group sorted, groups sorted (from scratch)."""
    members = [(a, e[0]) for a, entries in articles.items() for e in entries]
    exacts = [e[1] for entries in articles.values() for e in entries]
    sketches = [e[2] for entries in articles.values() for e in entries]
    anchors = [s[:ANCHORS] if len(s) >= MIN_SHINGLES else () for s in sketches]
    owners = [a for a, _ in members]
    edges = pairs(exacts, anchors, owners, range(len(members)), sketches.__getitem__)
    found = components((members[i], members[j]) for i, j in edges)
    return sorted(g for g in found if len({a for a, _ in g}) > 1)
