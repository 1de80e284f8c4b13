"""Long notes are written fast and byte for byte as PyYAML's own emitter writes them.

With the read limit at 4 MB (issue 9), a note of megabytes must not take seconds to save
or merge: long texts that `|` block style holds skip the emitter's character-by-character
pass. The output must not change by a byte: compared here with the slow path on many
texts, at several depths, as values and as keys.
"""

from __future__ import annotations

import random
import time

import pytest

from reader.annotations import yamlio
from reader.annotations.yamlio import dump_annotation, load_annotation_text

SAFE = ["word", " ", "é", "—", "😀", "#", ": ", "- ", "'", '"', "|", ">", "x"]
UNSAFE = ["\t", "\r", " \n", "\u2028", "\x85", "\ufeff", "\x1b", "\U0010ffff", "0", "no"]


def texts(count: int, seed: int = 9) -> list[str]:
    rng = random.Random(seed)
    found = []
    for number in range(count):
        pieces = SAFE if number % 3 else SAFE + UNSAFE  # some texts with one unsafe piece
        lines = [
            "".join(rng.choice(SAFE) for _ in range(rng.randint(0, 12))).rstrip(" ")
            for _ in range(40)
        ]
        if pieces is not SAFE:
            lines[rng.randrange(40)] += rng.choice(UNSAFE)
        text = "\n".join(lines)
        start = rng.choice(["", "", "", "\n", " ", "x"])
        found.append(start + text + rng.choice(["", "", "\n", "\n", "\n\n", " "]))
    return found


def shapes(text: str) -> dict:
    return {
        "schema": 1,
        "note": text,
        "target": {"quote": text, "passage": 1},
        "tags": [text, "a"],
        "extra": {"deeper": {"text": text}},
        text[:300]: "as a key",
    }


def test_the_fast_path_writes_what_the_emitter_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    samples = texts(120)
    fast = [dump_annotation(shapes(t)) for t in samples]
    monkeypatch.setattr(yamlio, "FAST_BLOCK_CHARS", 10**12)
    slow = [dump_annotation(shapes(t)) for t in samples]
    assert fast == slow
    assert sum(yamlio._fast_block(t) for t in samples) > 30  # the fast path was taken
    for text, dumped in zip(samples, fast, strict=True):
        assert load_annotation_text(dumped)["note"] == text


def test_a_4_mb_note_is_written_in_well_under_a_second() -> None:
    note = ("Talks resumed in Geneva on Monday, officials said.\n" * 80_000)[:3_700_000]
    start = time.perf_counter()
    dumped = dump_annotation({"schema": 1, "note": note})
    assert time.perf_counter() - start < 1.5  # the emitter alone took about 3 s
    assert load_annotation_text(dumped)["note"] == note
