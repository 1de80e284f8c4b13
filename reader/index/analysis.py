"""Words as a reader sees them: folding, elisions, hyphenated compounds, common words, acronyms.

One owner for how text becomes index terms, used the same way when indexing, parsing a
query and highlighting, so that all three agree on every word and position:

- **Folding**: lowercase, accents off, `ß` as `ss`, `æ`/`œ` as `ae`/`oe`, apostrophes (`’`,
  `ʼ`, ...) as `'`, hyphens (`‐`, `‑`) as `-`, soft hyphens dropped.
- **Elisions** (`l’`, `d’`, `qu’`, `dell’`, `nell’`, ...) are taken off the word they are
  glued to, so `émissaire` finds "L’émissaire" (English clitics such as `'s` stay put).
- **Hyphenated words** are indexed as their parts at consecutive positions (`cease-fire`
  is `cease` `fire`); the vocabulary keeps the whole word, so a query can relate
  `ceasefire`, `cease-fire` and `cease fire` (see `query_words.py`).
- **Every word is indexed with its true position**, common words (`the`, `and`, `us`) and
  single letters too: a quoted phrase can then be checked word for word. Plain queries
  leave them out (`query_words.py`).
- **Acronyms that are common words** (`US`, `IT`) and dotted ones (`U.S.`) are indexed a
  second time at the same position, as `US` (capitals: no folded word has any), so `US`
  typed in capitals finds "US" and "U.S." but not "us".

Terms are Porter2 stems of the folded parts (cached).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from whoosh.analysis import STOP_WORDS, Analyzer, Token
from whoosh.lang.porter2 import stem as _porter2
from whoosh.support.charset import accent_map

APOSTROPHES = "'’‘ʼ"
HYPHENS = "-‐‑"
SOFT_HYPHEN = "\xad"
CHARMAP: dict[int, int | str | None] = {
    **accent_map,
    **{ord(c): "'" for c in APOSTROPHES[1:]},
    **{ord(c): "-" for c in HYPHENS[1:]},
    ord("ß"): "ss",
    ord("ẞ"): "ss",
    ord("æ"): "ae",
    ord("Æ"): "ae",
    ord("œ"): "oe",
    ord("Œ"): "oe",
    ord(SOFT_HYPHEN): "",
}
COMMON_WORDS = frozenset(STOP_WORDS)
"""Whoosh's English list: indexed, but left out of plain queries (see `query_words`)."""

# Articles and prepositions that French and Italian glue to the next word with an
# apostrophe (folded), and English clitics that are never read as one.
ELISIONS = frozenset(
    [
        "l",
        "d",
        "j",
        "m",
        "n",
        "s",
        "t",
        "c",
        "qu",
        "jusqu",
        "lorsqu",
        "puisqu",
        "quoiqu",
        "presqu",
        "quelqu",
        "un",
        "all",
        "dall",
        "dell",
        "nell",
        "sull",
        "coll",
        "pell",
        "gl",
        "agl",
        "dagl",
        "degl",
        "negl",
        "sugl",
        "quest",
        "quell",
        "nessun",
        "sant",
        "bell",
        "tutt",
        "anch",
    ]
)
CLITICS = frozenset(["s", "t", "d", "m", "ll", "re", "ve"])
_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 200_000


class Tok(NamedTuple):
    """One indexed term of a text: its position, and where it sits in the text as written."""

    term: str
    pos: int
    start: int
    end: int


def fold(text: str) -> str:
    """Lowercase, accents folded, `ß` as `ss`, apostrophes and hyphens unified."""
    folded = getattr(text, "folded", None)
    return folded if folded is not None else text.lower().translate(CHARMAP)


class Written(str):
    """Text as written that carries its folded form (and its words, once asked for):
    documents fold each passage once for the vocabulary, the duplicate signature and the
    analyzer."""

    folded: str
    _words: list[str] | None = None

    @classmethod
    def of(cls, text: str) -> Written:
        written = cls(text)
        written.folded = text.lower().translate(CHARMAP)
        return written

    @property
    def words(self) -> list[str]:
        """`word_sequence` of the folded text, computed once."""
        if self._words is None:
            self._words = word_sequence(self.folded)
        return self._words


@cache
def _folded_re() -> re.Pattern[str]:
    """Words of folded text (each pattern is compiled on first use: start-up time)."""
    return re.compile(r"\w+(?:['.\-]\w+)*")


@cache
def _written_re() -> re.Pattern[str]:
    """Words of text as written (other apostrophes and hyphens, soft hyphens)."""
    return re.compile(rf"[\w{SOFT_HYPHEN}]+(?:[.{APOSTROPHES}{HYPHENS}][\w{SOFT_HYPHEN}]+)*")


@cache
def _acronym_re() -> re.Pattern[str]:
    """What may be an acronym: a common word in capitals, or dotted capitals."""
    common = "|".join(sorted((w.upper() for w in COMMON_WORDS if len(w) > 1), key=len)[::-1])
    return re.compile(rf"\b(?:{common})\b|\b[A-Z]\.[A-Z]\b")


def stem(word: str) -> str:
    """The Porter2 stem of a folded word (cached)."""
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) > _STEM_CACHE_LIMIT:
            _STEMS.clear()
        found = _STEMS[word] = _porter2(word)
    return found


def unelide(chunk: str) -> str:
    """`l'emissaire` -> `emissaire`; `dell'integrita` -> `integrita`; `that's` unchanged."""
    head, sep, rest = chunk.partition("'")
    if sep and rest and head in ELISIONS and rest not in CLITICS and rest[0] != "'":
        return rest
    return chunk


def parts(chunk: str) -> list[str]:
    """The words a folded chunk is indexed as: elision off, split at hyphens."""
    if "'" in chunk:
        chunk = unelide(chunk)
    if "-" in chunk:
        return [p for p in chunk.split("-") if p]
    return [chunk]


def acronym_term(written: str) -> str | None:
    """The extra term of a word written in capitals that is a common word or dotted:
    `US`, `U.S.` -> `US`; `U.N.` -> `un`; anything else -> None."""
    letters = written.replace(".", "")
    if len(letters) < 2 or not letters.isupper() or not letters.isalpha():
        return None
    plain = letters.lower()
    if plain in COMMON_WORDS:
        return letters
    if "." in written:
        return stem(plain)
    return None


def is_acronym_query(written: str) -> bool:
    """Whether a query word typed in capitals asks for the acronym (`US`, `U.S.`)."""
    return acronym_term(written) is not None


def index_terms(text: str, start_pos: int = 0) -> Iterator[tuple[str, int]]:
    """(term, position) of every word of `text` as written (the fast path for indexing:
    one fold of the whole text; the rare text with acronyms takes `tokens`)."""
    folded_re = _folded_re()
    if _acronym_re().search(text):
        for tok in tokens(text, start_pos):
            yield tok.term, tok.pos
        return
    pos = start_pos
    for match in folded_re.finditer(fold(text)):
        chunk = match.group()
        if "'" in chunk or "-" in chunk:
            for part in parts(chunk):
                yield stem(part), pos
                pos += 1
        else:
            yield stem(chunk), pos
            pos += 1


def tokens(text: str, start_pos: int = 0, heads: set[str] | None = None) -> list[Tok]:
    """Every term of `text` with its position and character span in `text` as written.

    Same terms and positions as `index_terms`, plus the acronym terms (same position).
    With `heads` (the first two letters of the terms wanted), a word that cannot stem to
    one of them is not stemmed (its term is "": highlighting needs only the positions).
    """
    folded = fold(text)
    if len(folded) == len(text) and not _acronym_re().search(text):
        return _aligned_tokens(text, folded, start_pos, heads)
    written_re = _written_re()
    found: list[Tok] = []
    pos = start_pos
    for match in written_re.finditer(text):
        raw = match.group()
        chunk = fold(raw)
        words = parts(chunk)
        if len(words) == 1 and words[0] == chunk:
            spans = [(match.start(), match.end(), raw)]
        else:
            spans = _part_spans(raw, match.start(), len(words))
        for word, (start, end, written) in zip(words, spans, strict=False):
            wanted = heads is None or word[:2] in heads
            found.append(Tok(stem(word) if wanted else "", pos, start, end))
            extra = acronym_term(written)
            if extra is not None and extra != found[-1].term:
                found.append(Tok(extra, pos, start, end))
            pos += 1
    return found


def _aligned_tokens(text: str, folded: str, start_pos: int, heads: set[str] | None) -> list[Tok]:
    """`tokens` of a text whose folded form has the same length (character for character:
    no `ß`, no soft hyphen) and no acronym: words are found in the folded text, once."""
    found: list[Tok] = []
    pos = start_pos
    for match in _folded_re().finditer(folded):
        chunk = match.group()
        if "'" in chunk or "-" in chunk:
            words = parts(chunk)
            spans = _part_spans(text[match.start() : match.end()], match.start(), len(words))
            for word, (start, end, _) in zip(words, spans, strict=False):
                wanted = heads is None or word[:2] in heads
                found.append(Tok(stem(word) if wanted else "", pos, start, end))
                pos += 1
            continue
        wanted = heads is None or chunk[:2] in heads
        found.append(Tok(stem(chunk) if wanted else "", pos, match.start(), match.end()))
        pos += 1
    return found


def _part_spans(raw: str, offset: int, count: int) -> list[tuple[int, int, str]]:
    """Character spans of the parts of a written chunk (elision off, split at hyphens)."""
    pieces = re.split(rf"([{HYPHENS}])", raw)
    spans: list[tuple[int, int, str]] = []
    at = offset
    for piece in pieces:
        if piece and piece not in HYPHENS:
            spans.append((at, at + len(piece), piece))
        at += len(piece)
    if spans:
        start, end, first = spans[0]
        folded = fold(first)
        if "'" in folded and unelide(folded) != folded:
            cut = next(i for i, c in enumerate(first) if c in APOSTROPHES) + 1
            spans[0] = (start + cut, end, first[cut:])
    return spans[-count:] if len(spans) >= count else spans


def vocabulary_words(folded: str, sequence: list[str] | None = None) -> set[str]:
    """The words of folded text the vocabulary keeps: each word with its elision off, a
    hyphenated word whole (`cease-fire`) and as its parts (`sequence`: its words, when
    `word_sequence` has them already)."""
    words = set(sequence if sequence is not None else _folded_re().findall(folded))
    odd = [w for w in words if "'" in w or "-" in w]
    for word in odd:
        if "'" in word:
            words.discard(word)
            word = unelide(word)
            words.add(word)
        if "-" in word:
            words.update(p for p in word.split("-") if p)
    return words


def word_sequence(folded: str) -> list[str]:
    """The words of folded text in order (for near-duplicate shingles)."""
    return _folded_re().findall(folded)


class ReaderAnalyzer(Analyzer):
    """The Whoosh analyzer of `text`, `title` and `note`: see the module docstring."""

    def __call__(  # type: ignore[no-untyped-def]
        self,
        value,
        positions=False,
        chars=False,
        boosts=False,
        mode="",
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        no_morph=False,
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.stopped = False
        token.boost = 1.0
        if chars or mode != "index":
            for tok in tokens(value, start_pos):
                token.text, token.pos = tok.term, tok.pos
                token.startchar, token.endchar = start_char + tok.start, start_char + tok.end
                yield token
            return
        for term, pos in index_terms(value, start_pos):
            token.text = term
            token.pos = pos
            yield token


class Typed(NamedTuple):
    """One position of what a user typed: the term to search (the acronym's when typed in
    capitals), the folded word as typed, and whether it is a common word (or a single
    letter) that a plain query leaves out."""

    term: str
    word: str
    common: bool


def typed(text: str) -> list[Typed]:
    """The positions of a query word or phrase, as `Typed` (acronyms chosen when typed in
    capitals: `US` -> `US`, `us` -> `us`)."""
    found: list[Typed] = []
    last = -1
    for tok in tokens(text):
        word = fold(text[tok.start : tok.end])
        if "'" in word:
            word = unelide(word)
        if tok.pos == last:  # the acronym term of the word just read
            found[-1] = Typed(tok.term, found[-1].word, False)
            continue
        last = tok.pos
        found.append(Typed(tok.term, word, word in COMMON_WORDS or len(word) == 1))
    return found
