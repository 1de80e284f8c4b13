"""Finding a quoted text in a passage: `reader tag ARTICLE#N --quote "..."`."""

from __future__ import annotations

from reader.errors import WorkspaceError
from reader.model import Passage
from reader.records import Span
from reader.textnorm import normalise, printable, straight_quotes

MAX_LISTED = 5


def quote_span(passage: Passage, quote: str) -> Span:
    """Where `quote` is in the passage's text, compared as anchors are (NFC, curly and
    straight quotes alike); WorkspaceError when it is not there or there several times."""
    wanted = straight_quotes(normalise(quote)).strip()
    if not wanted:
        raise WorkspaceError("the quote is empty")
    text = straight_quotes(passage.text)
    found = []
    at = text.find(wanted)
    while at >= 0:
        found.append(at)
        at = text.find(wanted, at + 1)
    shown = printable(quote if len(quote) <= 60 else quote[:60] + "…")
    if not found:
        raise WorkspaceError(f"{passage.ref} does not hold the quote {shown!r}")
    if len(found) > 1:
        spans = ", ".join(f"{passage.ref}:{a}-{a + len(wanted)}" for a in found[:MAX_LISTED])
        raise WorkspaceError(
            f"the quote {shown!r} is in {passage.ref} {len(found)} times: name one ({spans})"
        )
    return found[0], found[0] + len(wanted)
