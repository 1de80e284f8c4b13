"""Passages that several articles carry word for word, or nearly ("also reported by").

Each indexed passage gets a signature when it is read: a 64-bit hash of its words
(folded: case, accents, quotes and spacing do not count) and a bottom-k sketch of the
shingles of its content words (every 3 consecutive words of four letters or more: the
`SKETCH` smallest CRC-32s; leaving the short words out halves the cost and loses little,
as they carry little of what tells passages apart). Two passages of different articles are
copies when their words are the same, or when the Jaccard similarity of their shingles,
estimated from the sketches, reaches `SIMILAR` (measured on wire copies: see
`benchmarks/duplicates.py` and benchmarks/README.md). Groups are the connected copies.

The signatures live beside the index in `reader-duplicates.bin` (updated with the files
re-read, so only changed passages are hashed again) and the groups in
`reader-groups.json`, which is all that searching reads.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from array import array
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from reader.fsio import atomic_write

from .analysis import fold, word_sequence

STORE_NAME = "reader-duplicates.bin"
GROUPS_NAME = "reader-groups.json"
SHINGLE = 3
SKETCH = 24
ANCHORS = 4  # the smallest sketch values: two passages sharing two of them are compared
BUCKET_CAP = 64  # a value shared by more passages is boilerplate, not evidence
SIMILAR = 0.55  # measured: benchmarks/duplicates.py (see benchmarks/README.md)
MIN_SHINGLES = 4  # shorter passages are grouped only when their words are the same
_MAGIC = b"RDUP1\n"
_NONE = 0xFFFFFFFF

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


def group(articles: dict[str, list[Entry]]) -> list[list[Member]]:
    """Connected copies across articles, each group sorted, groups sorted."""
    members: list[Member] = []
    exacts: list[int] = []
    sketches: list[tuple[int, ...]] = []
    owner: list[str] = []
    for article_id, entries in articles.items():
        for number, exact, sketch in entries:
            members.append((article_id, number))
            exacts.append(exact)
            sketches.append(sketch)
            owner.append(article_id)
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[int, int] = {}
    for i, exact in enumerate(exacts):
        j = first.setdefault(exact, i)
        if j != i:
            parent[find(i)] = find(j)
    buckets: dict[int, list[int]] = {}
    for i, sketch in enumerate(sketches):
        if len(sketch) >= MIN_SHINGLES:
            for value in sketch[:ANCHORS]:
                buckets.setdefault(value, []).append(i)
    shared: dict[tuple[int, int], int] = {}
    for bucket in buckets.values():
        if 2 <= len(bucket) <= BUCKET_CAP:
            for pair in combinations(bucket, 2):
                shared[pair] = shared.get(pair, 0) + 1
    for (a, b), count in shared.items():
        if count < 2 or owner[a] == owner[b]:
            continue
        ra, rb = find(a), find(b)
        if ra != rb and similarity(sketches[a], sketches[b]) >= SIMILAR:
            parent[ra] = rb
    found: dict[int, list[Member]] = {}
    for i, member in enumerate(members):
        found.setdefault(find(i), []).append(member)
    groups = [sorted(g) for g in found.values() if len({a for a, _ in g}) > 1]
    return sorted(groups)


class DuplicateStore:
    """The signatures of every indexed passage, by article (see the module docstring)."""

    def __init__(self, articles: dict[str, list[Entry]] | None = None) -> None:
        self.articles: dict[str, list[Entry]] = articles or {}

    @classmethod
    def load(cls, folder: Path) -> DuplicateStore | None:
        """The store in `folder`, or None when it is missing or unreadable."""
        try:
            data = (folder / STORE_NAME).read_bytes()
            if not data.startswith(_MAGIC):
                return None
            at = len(_MAGIC)
            (size,) = struct.unpack_from("<Q", data, at)
            at += 8
            header = json.loads(data[at : at + size])
            at += size
            count = sum(len(numbers) for _, numbers in header["articles"])
            exacts = array("Q")
            exacts.frombytes(data[at : at + 8 * count])
            at += 8 * count
            flat = array("I")
            flat.frombytes(data[at : at + 4 * SKETCH * count])
            if len(exacts) != count or len(flat) != SKETCH * count:
                return None
        except (OSError, ValueError, KeyError, TypeError, struct.error):
            return None
        articles: dict[str, list[Entry]] = {}
        row = 0
        for article_id, numbers in header["articles"]:
            entries = []
            for number in numbers:
                sketch = tuple(v for v in flat[row * SKETCH : (row + 1) * SKETCH] if v != _NONE)
                entries.append((number, exacts[row], sketch))
                row += 1
            articles[article_id] = entries
        return cls(articles)

    def save(self, folder: Path) -> None:
        """Write atomically: a JSON header (ids, passage numbers), then the hashes."""
        header = {"articles": [[a, [e[0] for e in es]] for a, es in self.articles.items()]}
        exacts = array("Q")
        flat = array("I")
        for entries in self.articles.values():
            for _, exact, sketch in entries:
                exacts.append(exact)
                flat.extend(sketch)
                flat.extend([_NONE] * (SKETCH - len(sketch)))
        raw = json.dumps(header, separators=(",", ":")).encode()
        data = _MAGIC + struct.pack("<Q", len(raw)) + raw + exacts.tobytes() + flat.tobytes()
        atomic_write(folder / STORE_NAME, data)

    def update(self, removed: Iterable[str], added: dict[str, list[Entry]]) -> bool:
        """Forget the passages of `removed` articles, add `added`; True when it changed."""
        changed = False
        for article_id in removed:
            changed |= self.articles.pop(article_id, None) is not None
        for article_id, entries in added.items():
            self.articles[article_id] = sorted(entries)
            changed = True
        return changed


def save_groups(folder: Path, groups: list[list[Member]]) -> None:
    atomic_write(folder / GROUPS_NAME, json.dumps({"groups": groups}, separators=(",", ":")))


def load_groups(folder: Path) -> list[list[Member]]:
    """The groups beside the index ([] when there are none or the file is unreadable)."""
    try:
        data = json.loads((folder / GROUPS_NAME).read_text(encoding="utf-8"))
        return [[(str(a), int(n)) for a, n in g] for g in data["groups"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def groups_stamp(folder: Path) -> tuple[int, int] | None:
    try:
        stat = (folder / GROUPS_NAME).stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def refresh(
    folder: Path, removed: Iterable[str], added: dict[str, list[Entry]], fresh: bool
) -> None:
    """Bring the store and the groups up to date after an index update."""
    store = None if fresh else DuplicateStore.load(folder)
    if store is None:
        store = DuplicateStore()
        removed = ()
    if store.update(removed, added) or fresh:
        store.save(folder)
        save_groups(folder, group(store.articles))
