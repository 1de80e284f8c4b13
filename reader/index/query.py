"""Parsing what users type into Whoosh queries, and refusing what cannot be parsed.

Whoosh's parser accepts nearly anything and silently drops what it does not understand, so
quotes, brackets, field names and dates are checked here first. Words go to the stemmed
`text` field; `prefix*`, wildcards and `fuzzy~` go to the unstemmed `exact` field (on a
stemmed field they find nothing); a stop word (`the`) searches `exact` too, so `the AND oil`
means what it says instead of silently becoming `oil`.
"""

from __future__ import annotations

import re

from whoosh import qparser, query
from whoosh.fields import Schema

from reader.model import QueryError

from .schema import USER_FIELDS

_FIELD_RE = re.compile(r"(?:(?<=^)|(?<=[\s(+\-]))([A-Za-z_]\w*):")
_CURLY = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
_PAIRS = {"(": ")", "[": "]}", "{": "]}"}
_REDIRECTED = (query.Prefix, query.Wildcard, query.FuzzyTerm)
MAX_FUZZY_DISTANCE = 2


class _Parser(qparser.QueryParser):
    """Sends prefix/wildcard/fuzzy terms and stop words of `text` to `exact`."""

    def term_query(  # type: ignore[no-untyped-def]
        self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True
    ):
        fieldname = fieldname or self.fieldname
        if fieldname == "text":
            if termclass in _REDIRECTED:
                fieldname = "exact"
            elif termclass is query.Term:
                stemmed = self.schema["text"].process_text(text, mode="query", tokenize=tokenize)
                if not list(stemmed):
                    fieldname = "exact"
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
        raise QueryError(f"unbalanced {char!r} at character {pos + 1} is not closed")
    fixed = list(text)
    for match in _FIELD_RE.finditer("".join(outside)):
        name = match[1].lower()
        if name not in USER_FIELDS:
            known = ", ".join(f"{f}:" for f in USER_FIELDS)
            raise QueryError(f"unknown field {match[1]!r}: (fields: {known})")
        fixed[match.start(1) : match.end(1)] = name
    return "".join(fixed)


def parse(parser: qparser.QueryParser, text: str) -> query.Query:
    """A checked, parsed query; QueryError with a one-line reason when it is malformed."""
    checked = check(text)
    try:
        parsed = parser.parse(checked, normalize=False)
    except Exception as exc:  # Whoosh's parser raises assorted errors on odd input
        raise QueryError(f"cannot parse the query: {exc}") from None
    for node in _walk(parsed):
        error = getattr(node, "error", None)
        if error is not None:
            raise QueryError(str(error))
        if isinstance(node, query.FuzzyTerm):
            node.prefixlength = max(1, node.prefixlength)
            node.maxdist = min(MAX_FUZZY_DISTANCE, node.maxdist)
    parsed = parsed.normalize()
    if parsed is query.NullQuery:
        raise QueryError("the query has nothing to search for")
    return parsed


def _walk(node: query.Query):  # type: ignore[no-untyped-def]
    yield node
    for child in node.children():
        yield from _walk(child)


def positive_leaves(node: query.Query):  # type: ignore[no-untyped-def]
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
