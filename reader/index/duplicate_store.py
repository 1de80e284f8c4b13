"""The near-duplicate signatures and the pairs of copies, kept beside the index.

`reader-duplicates.bin` holds one row per indexed passage (article, number, the exact hash
and the sketch of `duplicates.signature`) and the pairs of copies found so far, so an
update compares only the passages it re-read with the others (one pass over the stored
anchors) instead of grouping the corpus again; `reader-groups.json` holds the groups,
which is all that searching reads.
"""

from __future__ import annotations

import json
import struct
from array import array
from collections.abc import Iterable
from pathlib import Path

from reader.fsio import atomic_write

from .duplicates import ANCHORS, MIN_SHINGLES, SKETCH, Entry, Member, components, pairs

STORE_NAME = "reader-duplicates.bin"
GROUPS_NAME = "reader-groups.json"
_MAGIC = b"RDUP2\n"
_NONE = 0xFFFFFFFF


class DuplicateStore:
    """Rows of (article, number, exact hash, sketch), and the pairs of rows that are copies."""

    def __init__(self) -> None:
        self.members: list[Member] = []
        self.exacts = array("Q")
        self.sketches = array("I")  # SKETCH values a row, padded with _NONE
        self.edges: set[tuple[Member, Member]] = set()

    @classmethod
    def load(cls, folder: Path) -> DuplicateStore | None:
        """The store in `folder`, or None when it is missing or unreadable."""
        store = cls()
        try:
            data = (folder / STORE_NAME).read_bytes()
            if not data.startswith(_MAGIC):
                return None
            at = len(_MAGIC)
            (size,) = struct.unpack_from("<Q", data, at)
            at += 8
            header = json.loads(data[at : at + size])
            at += size
            store.members = [(a, n) for a, numbers in header["articles"] for n in numbers]
            count = len(store.members)
            store.exacts.frombytes(data[at : at + 8 * count])
            at += 8 * count
            store.sketches.frombytes(data[at : at + 4 * SKETCH * count])
            store.edges = {((a, n), (b, m)) for a, n, b, m in header["edges"]}
        except (OSError, ValueError, KeyError, TypeError, struct.error):
            return None
        if len(store.exacts) != count or len(store.sketches) != SKETCH * count:
            return None
        return store

    def save(self, folder: Path) -> None:
        """Write atomically: a JSON header (ids, passage numbers, pairs), then the hashes."""
        articles: dict[str, list[int]] = {}
        for article_id, number in self.members:
            articles.setdefault(article_id, []).append(number)
        edges = [[*a, *b] for a, b in sorted(self.edges)]
        header = {"articles": list(articles.items()), "edges": edges}
        raw = json.dumps(header, separators=(",", ":")).encode()
        blob = _MAGIC + struct.pack("<Q", len(raw)) + raw
        atomic_write(folder / STORE_NAME, blob + self.exacts.tobytes() + self.sketches.tobytes())

    def sketch(self, row: int) -> tuple[int, ...]:
        values = self.sketches[row * SKETCH : (row + 1) * SKETCH]
        return tuple(v for v in values if v != _NONE)

    def update(self, removed: Iterable[str], added: dict[str, list[Entry]]) -> bool:
        """Forget the passages of `removed` articles, add `added` (an article's new
        passages replace its old ones), and find the copies among the new; True when
        anything changed."""
        gone = set(removed) | set(added)
        changed = self._drop(gone)
        first = len(self.members)
        for article_id, entries in added.items():
            for number, exact, sketch in sorted(entries):
                self.members.append((article_id, number))
                self.exacts.append(exact)
                self.sketches.extend(sketch[:SKETCH])
                self.sketches.extend([_NONE] * (SKETCH - len(sketch[:SKETCH])))
        if len(self.members) == first:
            return changed
        anchors = [self._anchors(row) for row in range(len(self.members))]
        owners = [a for a, _ in self.members]
        found = pairs(self.exacts, anchors, owners, range(first, len(self.members)), self.sketch)
        self.edges.update((self.members[i], self.members[j]) for i, j in found)
        return True

    def _anchors(self, row: int) -> tuple[int, ...]:
        """The values a row is compared by (none for a passage too short to compare)."""
        at = row * SKETCH
        if self.sketches[at + MIN_SHINGLES - 1] == _NONE:
            return ()
        return tuple(self.sketches[at : at + ANCHORS])

    def _drop(self, gone: set[str]) -> bool:
        keep = [row for row, (a, _) in enumerate(self.members) if a not in gone]
        if len(keep) == len(self.members):
            return False
        exacts, sketches = array("Q"), array("I")
        for row in keep:
            exacts.append(self.exacts[row])
            sketches.extend(self.sketches[row * SKETCH : (row + 1) * SKETCH])
        self.members = [self.members[row] for row in keep]
        self.exacts, self.sketches = exacts, sketches
        self.edges = {(a, b) for a, b in self.edges if a[0] not in gone and b[0] not in gone}
        return True

    def groups(self) -> list[list[Member]]:
        """Connected copies spanning two articles or more, each sorted, groups sorted."""
        return sorted(g for g in components(self.edges) if len({a for a, _ in g}) > 1)


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
    """Bring the store and the groups up to date after an index update (a fresh store on
    a rebuild; an unreadable one is the index's cue to rebuild, see `PassageIndex`)."""
    store = None if fresh else DuplicateStore.load(folder)
    if store is None:
        store, removed = DuplicateStore(), ()
    if store.update(removed, added) or fresh:
        store.save(folder)
        save_groups(folder, store.groups())
