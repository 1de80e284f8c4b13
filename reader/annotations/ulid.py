"""ULIDs: 26-character, time-ordered, Crockford base32 ids (monotonic within a process)."""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ULID_RE = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}")

_lock = threading.Lock()
_last = (0, 0)  # (milliseconds, randomness) of the last id made here


def new_ulid(now_ms: int | None = None) -> str:
    """A new ULID: 48 bits of milliseconds, then 80 random bits.

    Within one millisecond the random part is incremented, so ids made by one process
    always sort in the order they were made.
    """
    global _last
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    with _lock:
        last_ms, last_rand = _last
        if ms <= last_ms:
            ms, rand = last_ms, last_rand + 1
            if rand >= 1 << 80:  # 2^80 ids in one millisecond: borrow the next one
                ms, rand = ms + 1, int.from_bytes(os.urandom(10), "big") >> 1
        else:
            rand = int.from_bytes(os.urandom(10), "big") >> 1  # headroom for increments
        _last = (ms, rand)
    return _encode((ms << 80) | rand)


def derived_ulid(ms: int, seed: bytes) -> str:
    """A ULID whose random part comes from `seed`: the same inputs give the same id (two
    clones that make "the same" annotation independently agree on its file name)."""
    digest = hashlib.blake2b(seed, digest_size=10).digest()
    return _encode((max(0, ms) % (1 << 48)) << 80 | int.from_bytes(digest, "big"))


def _encode(value: int) -> str:
    chars = []
    for _ in range(26):
        chars.append(ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def is_ulid(text: str) -> bool:
    """Whether `text` is a well-formed ULID (upper case)."""
    return bool(ULID_RE.fullmatch(text))


def ulid_time_ms(ulid: str) -> int:
    """The millisecond timestamp a ULID carries."""
    value = 0
    for char in ulid[:10]:
        value = value * 32 + ALPHABET.index(char)
    return value
