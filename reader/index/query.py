"""Parsing what users type into Whoosh queries, and refusing what cannot be parsed.

Whoosh's parser accepts nearly anything and silently drops what it does not understand, so
quotes, brackets, field names and dates are checked here first. Words search the stemmed
`text` field. `prefix*`, wildcards and `fuzzy~` on `text` are expanded through the
vocabulary of unstemmed words into the stems of the words that fit (on a stemmed field
they would find nothing). Stop words (`the`, `and`, ...) are not indexed: they are left
out of a query (`the AND oil` searches `oil`), and a query of nothing but stop words is
refused with a message rather than silently finding nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from whoosh import qparser, query
from whoosh.fields import Schema

from reader.errors import QueryError

from .phrase import speed_up
from .schema import USER_FIELDS, fold
from .vocabulary import MAX_EXPANSION, Vocabulary

_FIELD_RE = re.compile(r"(?:(?<=^)|(?<=[\s(+\-]))([A-Za-z_]\w*):")
_CURLY = str.maketrans({"“": '"', "”": '"', "„": '"'})
_PAIRS = {"(": ")", "[": "]}", "{": "]}"}
_EXPANDED = (query.Prefix, query.Wildcard, query.FuzzyTerm)
MAX_FUZZY_DISTANCE = 2
# A term that is never indexed: what an expansion that found no word becomes (a NullQuery
# would be dropped from an AND, turning `a AND zzz*` into `a`).
NOTHING = "\x00"


class _Parser(qparser.QueryParser):
    """Leaves prefix, wildcard and fuzzy terms of `text` unstemmed, for `expand`."""

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
            return termclass(fieldname, fold(text), boost=boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def make_parser(schema: Schema) -> qparser.QueryParser:
    """The parser for user queries: default field `text`, fuzzy terms enabled."""
    parser = _Parser("text", schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
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
            outside.append(" ")
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
    fixed = list(text)
    scanned = "".join(outside)
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


def parse(
    parser: qparser.QueryParser, text: str, vocabulary: Callable[[], Vocabulary]
) -> query.Query:
    """A checked, parsed, expanded query; QueryError with a one-line reason if malformed."""
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
    parsed = parsed.normalize()
    if parsed is query.NullQuery:
        if re.search(r"\w", checked):
            raise QueryError(
                "nothing to search for: very common words (the, and, of, ...) and single "
                "letters are not indexed"
            )
        raise QueryError("nothing to search for: type some words")
    if any(_expandable(n) for n in _walk(parsed)):
        stem = _stemmer(parser.schema)
        vocab = vocabulary()
        parsed = parsed.accept(lambda node: _expand(node, vocab, stem))
    return parsed.accept(speed_up)


def _stemmer(schema: Schema) -> Callable[[str], str | None]:
    analyzer = schema["text"].analyzer

    def stem(word: str) -> str | None:
        for token in analyzer(word, mode="query"):
            return str(token.text)
        return None

    return stem


def _expandable(node: query.Query) -> bool:
    return isinstance(node, (*_EXPANDED, query.Every)) and node.field() == "text"


def _expand(node: query.Query, vocab: Vocabulary, stem: Callable[[str], str | None]) -> query.Query:
    """A prefix/wildcard/fuzzy term on `text` as an OR of the stems of the words it fits.

    Runs after `normalize()`, which would fold an AND holding an `Every` into `Every`.
    """
    if not _expandable(node):
        return node
    if isinstance(node, query.Every):  # `*`: every passage (a field's Every is slow)
        return query.Every()
    if isinstance(node, query.FuzzyTerm):
        distance = min(MAX_FUZZY_DISTANCE, node.maxdist)
        words = vocab.near(node.text, distance, max(1, node.prefixlength))
    elif not node.text.strip("*"):
        return query.Every()
    else:
        pattern = node.text if isinstance(node, query.Wildcard) else node.text + "*"
        words = vocab.matching(pattern)
        if len(words) > MAX_EXPANSION:
            raise QueryError(
                f"{pattern!r} fits more than {MAX_EXPANSION} different words; "
                "type more letters before the * or ?"
            )
    stems = sorted({s for s in map(stem, words) if s})
    if not stems:
        return query.Term("text", NOTHING)
    if len(stems) == 1:
        return query.Term("text", stems[0], boost=node.boost)
    return query.Or([query.Term("text", s) for s in stems], boost=node.boost)


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
