"""Parsing what users type into Whoosh queries, and refusing what cannot be parsed.

Whoosh's parser accepts nearly anything and silently drops what it does not understand, so
quotes, brackets, field names and dates are checked here first, and `-word` is read as
`NOT word`. Words and phrases become queries in `query_words.py` (spellings, compounds,
common words, acronyms). `prefix*`, wildcards and `fuzzy~` on `text` are expanded through
the vocabulary of unstemmed words into the stems of the words that fit (on a stemmed field
they would find nothing), with their variants; a fuzzy word needs 3 letters for one edit
and 6 for two. Common words of a plain query are left out (`the AND oil` searches `oil`)
and listed in `Parsed.dropped`, unless the query holds nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.qparser import syntax

from reader.errors import QueryError

from .analysis import fold, parts, stem, unelide
from .phrase import speed_up
from .query_words import Dropped, Words, alternatives_query
from .schema import USER_FIELDS, WORD_FIELDS
from .sequences import Alternative
from .vocabulary import MAX_EXPANSION

_FIELD_RE = re.compile(r"(?:(?<=^)|(?<=[\s(+\-]))([A-Za-z_]\w*):")
_MINUS_RE = re.compile(r"(?:(?<=^)|(?<=[\s(]))-(?=[\w\"(])")
_CURLY = str.maketrans({"“": '"', "”": '"', "„": '"'})
_PAIRS = {"(": ")", "[": "]}", "{": "]}"}
_EXPANDED = (query.Prefix, query.Wildcard, query.FuzzyTerm)
MAX_FUZZY_DISTANCE = 2
FUZZY_MIN_LENGTH = (3, 6)  # letters a word needs before it allows one edit, two edits
# A term that is never indexed: what an expansion that found no word becomes (a NullQuery
# would be dropped from an AND, turning `a AND zzz*` into `a`).
NOTHING = "\x00"


@dataclass
class Parsed:
    """A parsed query and the common words it left out (as typed)."""

    query: query.Query
    dropped: tuple[str, ...] = ()


class _Parser(qparser.QueryParser):
    """Words and phrases of the word fields go through `Words`; prefix, wildcard and
    fuzzy terms of `text` stay unstemmed, for `_expand`."""

    words = Words()

    def term_query(
        self,
        fieldname: str | None,
        text: str,
        termclass: type,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        fieldname = fieldname or self.fieldname
        if fieldname == "text" and termclass in _EXPANDED:
            return termclass(fieldname, unelide(fold(text)), boost=boost)
        if fieldname in WORD_FIELDS and termclass is query.Term:
            return self.words.word(fieldname, text, boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


class _PhrasePlugin(qparser.PhrasePlugin):
    """Quoted phrases go to `Words.phrase` as typed; `"a b"~N` means within N words."""

    class PhraseNode(qparser.PhrasePlugin.PhraseNode):
        slop: int

        def query(self, parser: Any) -> Any:
            fieldname = self.fieldname or parser.fieldname
            if fieldname not in WORD_FIELDS:  # sources: Whoosh's phrase, words side by side
                self.slop = self.slop or 1
                return super().query(parser)
            within = self.slop or None
            return syntax.attach(
                parser.words.phrase(fieldname, self.text, within, self.boost), self
            )

    class PhraseTagger(qparser.PhrasePlugin.PhraseTagger):
        def create(self, parser: Any, match: Any) -> Any:
            slop = match.group("slop")
            node = _PhrasePlugin.PhraseNode(match.group("text"), match.start("text"))
            node.slop = int(slop) if slop else 0
            return node

    def __init__(self) -> None:
        super().__init__(expr='"(?P<text>.*?)"(~(?P<slop>[0-9]+))?')


def make_parser(schema: Schema, words: Words | None = None) -> qparser.QueryParser:
    """The parser for user queries: default field `text`, fuzzy terms enabled."""
    parser = _Parser("text", schema)
    parser.remove_plugin_class(qparser.PhrasePlugin)
    parser.add_plugin(_PhrasePlugin())
    parser.add_plugin(qparser.FuzzyTermPlugin())
    if words is not None:
        parser.words = words
    return parser


def check(text: str) -> str:
    """Normalise curly quotes and field-name case; QueryError if unbalanced or unknown."""
    text = text.translate(_CURLY).strip()
    if not text:
        raise QueryError("empty query: type some words to search for")
    stack: list[tuple[str, int]] = []
    in_quote = -1
    outside: list[str] = []
    for pos, char in enumerate(text):
        if char == '"':
            in_quote = pos if in_quote < 0 else -1
            outside.append('"')  # kept: `-"a phrase"` is a NOT too
            continue
        if in_quote >= 0:
            outside.append(" ")
            continue
        outside.append(char)
        if char in _PAIRS:
            stack.append((char, pos))
        elif char in ")]}":
            if not stack or char not in _PAIRS[stack[-1][0]]:
                raise QueryError(f"unbalanced {char!r} at character {pos + 1}")
            stack.pop()
    if in_quote >= 0:
        raise QueryError(f"unbalanced quote: the '\"' at character {in_quote + 1} is not closed")
    if stack:
        char, pos = stack[-1]
        raise QueryError(f"the {char!r} at character {pos + 1} is not closed")
    scanned = "".join(outside)
    minus = [m.start() for m in _MINUS_RE.finditer(scanned)]
    for at in reversed(minus):  # `-word` means NOT word (Whoosh reads it as `word`)
        text = text[:at] + "NOT " + text[at + 1 :]
        scanned = scanned[:at] + "NOT " + scanned[at + 1 :]
    fixed = list(text)
    for match in _FIELD_RE.finditer(scanned):
        name = match[1].lower()
        if name not in USER_FIELDS:
            known = ", ".join(f"{f}:" for f in USER_FIELDS)
            raise QueryError(f"unknown field {match[1]!r} (fields: {known})")
        after = text[match.end() : match.end() + 1]
        if not after or after.isspace() or after == ")":
            raise QueryError(f"'{name}:' needs something to search for after the colon")
        fixed[match.start(1) : match.end(1)] = name
    return "".join(fixed)


def parse(parser: qparser.QueryParser, text: str) -> Parsed:
    """A checked, parsed, expanded query; QueryError with a one-line reason if malformed.

    `parser` comes from `make_parser(schema, words)` (the vocabulary and variants).
    """
    checked = check(text)
    try:
        parsed = parser.parse(checked, normalize=False)
    except Exception as exc:  # Whoosh's parser raises assorted errors on odd input
        # The message of these is Whoosh's internals ("list index out of range"): say
        # where to look instead.
        raise QueryError(
            f"cannot parse the query ({type(exc).__name__}): check its AND, OR, NOT and brackets"
        ) from None
    for node in _walk(parsed):
        error = getattr(node, "error", None)
        if error is not None:
            raise QueryError(str(error))
    words: Words = parser.words
    parsed = parsed.accept(words.join_runs)
    parsed, dropped = _drop_common(parsed)
    parsed = parsed.normalize()
    if parsed is query.NullQuery:
        raise QueryError("nothing to search for: type some words")
    if any(_expandable(n) for n in _walk(parsed)):
        parsed = parsed.accept(lambda node: _expand(node, words))
    return Parsed(parsed.accept(speed_up), dropped)


def _drop_common(parsed: query.Query) -> tuple[query.Query, tuple[str, ...]]:
    """Leave the common words out when the query asks for anything else (see `Dropped`)."""
    common = [n for n in _walk(parsed) if isinstance(n, Dropped)]
    if not common:
        return parsed, ()
    if all(isinstance(leaf, Dropped) for leaf in positive_leaves(parsed)):
        keep = lambda n: query.Term(n.fieldname, n.text, boost=n.boost)  # noqa: E731
        return parsed.accept(lambda n: keep(n) if isinstance(n, Dropped) else n), ()
    dropped = tuple(dict.fromkeys(n.typed_as for n in common))
    return parsed.accept(lambda n: query.NullQuery if isinstance(n, Dropped) else n), dropped


def _expandable(node: query.Query) -> bool:
    return isinstance(node, (*_EXPANDED, query.Every)) and node.field() == "text"


def fuzzy_distance(word: str, asked: int) -> int:
    """The edits a fuzzy word may have: as asked, at most 2, fewer for short words."""
    allowed = sum(len(word) >= n for n in FUZZY_MIN_LENGTH)
    return max(0, min(MAX_FUZZY_DISTANCE, asked, allowed))


def _expand(node: query.Query, words: Words) -> query.Query:
    """A prefix/wildcard/fuzzy term on `text` as an OR of the spellings of the words it
    fits (their stems, hyphenated words as phrases of their parts, their variants).

    Runs after `normalize()`, which would fold an AND holding an `Every` into `Every`.
    """
    if not _expandable(node):
        return node
    vocab = words.vocab
    if isinstance(node, query.Every):  # `*`: every passage (a field's Every is slow)
        return query.Every()
    if isinstance(node, query.FuzzyTerm):
        distance = fuzzy_distance(node.text, node.maxdist)
        found = vocab.near(node.text, distance, max(1, node.prefixlength))
    elif not node.text.strip("*"):
        return query.Every()
    else:
        pattern = node.text if isinstance(node, query.Wildcard) else node.text + "*"
        found = vocab.matching(pattern)
        if len(found) > MAX_EXPANSION:
            raise QueryError(
                f"{pattern!r} fits more than {MAX_EXPANSION} different words; "
                "type more letters before the * or ?"
            )
    spellings: dict[Alternative, None] = {}
    for word in found:
        key = tuple(stem(part) for part in parts(word))
        if key:
            spellings.update(dict.fromkeys(words.variants.alternatives(key)))
    if not spellings:
        return query.Term("text", NOTHING)
    return alternatives_query("text", sorted(spellings), node.boost)


def _walk(node: query.Query) -> Iterator[query.Query]:
    yield node
    for child in node.children():
        yield from _walk(child)


def positive_leaves(node: query.Query) -> Iterator[query.Query]:
    """The leaf queries not under a NOT: what highlighting should mark."""
    if isinstance(node, query.Not):
        return
    if isinstance(node, query.AndNot):
        yield from positive_leaves(node.a)
        return
    if node.is_leaf():
        yield node
        return
    for child in node.children():
        yield from positive_leaves(child)
