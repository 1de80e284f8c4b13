"""Every unstemmed word of the corpus, for `prefix*`, wildcards and `fuzzy~`.

On a stemmed field those find nothing (`negotiat*` against the stem `negoti`). Instead of
indexing the text a second time, the index keeps the sorted list of the words it has seen
(lowercased, accents folded) and expands such a term into the words that fit, then into
their stems: cheap to build, and `rapidfuzz` makes the fuzzy match fast.
"""

from __future__ import annotations

import bisect
import fnmatch
import re
from pathlib import Path

from reader.fsio import atomic_write

VOCAB_NAME = "reader-vocabulary.txt"
MAX_EXPANSION = 1024
_WILDCARDS = re.compile(r"[*?]")


class Vocabulary:
    """A sorted list of words, saved as one word per line beside the index."""

    def __init__(self, words: list[str] | None = None) -> None:
        self.words = sorted(set(words or ()))
        self.stamp: tuple[int, int] | None = None
        self._joined: dict[str, list[str]] | None = None

    @classmethod
    def load(cls, folder: Path) -> Vocabulary:
        path = folder / VOCAB_NAME
        try:
            stat = path.stat()
            vocab = cls()
            vocab.words = path.read_text(encoding="utf-8").split("\n")
            if vocab.words and not vocab.words[-1]:
                vocab.words.pop()
            vocab.stamp = (stat.st_mtime_ns, stat.st_size)
            return vocab
        except (OSError, UnicodeDecodeError):
            return cls()

    @staticmethod
    def stamp_of(folder: Path) -> tuple[int, int] | None:
        try:
            stat = (folder / VOCAB_NAME).stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def merge(self, words: set[str]) -> bool:
        """Add `words`; True when any was new."""
        known = set(self.words)
        new = words - known
        if not new:
            return False
        self.words = sorted(known | new)
        return True

    def save(self, folder: Path) -> None:
        atomic_write(folder / VOCAB_NAME, "".join(w + "\n" for w in self.words))

    def _starting(self, prefix: str) -> list[str]:
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + "\U0010ffff")
        return self.words[lo:hi]

    def matching(self, pattern: str) -> list[str]:
        """Words matching a `*`/`?` pattern (at most MAX_EXPANSION + 1: more means too many)."""
        literal = _WILDCARDS.split(pattern, maxsplit=1)[0]
        regex = re.compile(fnmatch.translate(pattern))
        found: list[str] = []
        for word in self._starting(literal):
            if regex.match(word):
                found.append(word)
                if len(found) > MAX_EXPANSION:
                    break
        return found

    def has(self, word: str) -> bool:
        """Whether the corpus has this folded word."""
        at = bisect.bisect_left(self.words, word)
        return at < len(self.words) and self.words[at] == word

    def hyphenated(self, joined: str) -> list[str]:
        """The hyphenated words of the corpus written `joined` without hyphens
        (`ceasefire` -> `["cease-fire"]`)."""
        if self._joined is None:
            found: dict[str, list[str]] = {}
            for word in self.words:
                if "-" in word:
                    found.setdefault(word.replace("-", ""), []).append(word)
            self._joined = found
        return self._joined.get(joined, [])

    def near(self, word: str, maxdist: int, prefixlength: int) -> list[str]:
        """Words within `maxdist` edits of `word` that share its first `prefixlength` chars."""
        from rapidfuzz import process  # imported when a fuzzy term is first expanded
        from rapidfuzz.distance import Levenshtein

        candidates = self._starting(word[:prefixlength])
        found = process.extract(
            word,
            candidates,
            scorer=Levenshtein.distance,
            score_cutoff=maxdist,
            limit=MAX_EXPANSION,
        )
        return [match[0] for match in found]
