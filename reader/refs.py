"""`ARTICLE#N` (and `ARTICLE#N:START-END`, a span of it): the one place a passage reference
is parsed and written."""

from __future__ import annotations

from dataclasses import dataclass

from reader.errors import WorkspaceError


@dataclass(frozen=True, order=True)
class PassageRef:
    """Passage `number` (from 1) of article `article`; `str()` gives `ARTICLE#N`."""

    article: str
    number: int

    def __str__(self) -> str:
        return f"{self.article}#{self.number}"

    @classmethod
    def parse(cls, text: str) -> PassageRef:
        """`ARTICLE#N` -> PassageRef; WorkspaceError (one line) when malformed."""
        article, sep, number = str(text).rpartition("#")
        if not sep or not article or not (number.isascii() and number.isdigit()) or int(number) < 1:
            raise WorkspaceError(
                f"not a passage reference: {text!r} (expected ARTICLE#N, e.g. a#3)"
            )
        return cls(article, int(number))

    def with_number(self, number: int) -> PassageRef:
        """Another passage of the same article."""
        return PassageRef(self.article, number)

    @classmethod
    def parse_span(cls, text: str) -> tuple[PassageRef, tuple[int, int] | None]:
        """`ARTICLE#N` -> (ref, None); `ARTICLE#N:START-END` -> (ref, (start, end)), the
        characters START to END of the passage's text; WorkspaceError when malformed."""
        article, sep, rest = str(text).rpartition("#")
        number, colon, span = rest.partition(":")
        if not colon:
            return cls.parse(text), None
        start, dash, end = span.partition("-")
        if not (dash and _digits(start) and _digits(end)):
            raise WorkspaceError(
                f"not a span reference: {text!r} (expected ARTICLE#N:START-END, e.g. a#3:0-41)"
            )
        ref = cls.parse(f"{article}{sep}{number}")
        if int(start) >= int(end):
            raise WorkspaceError(f"{text!r}: the span's end must come after its start")
        return ref, (int(start), int(end))

    def span_str(self, span: tuple[int, int] | None) -> str:
        """`ARTICLE#N`, or `ARTICLE#N:START-END` for a span of it."""
        return str(self) + (f":{span[0]}-{span[1]}" if span else "")


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def where(article: str, number: int | None) -> str:
    """`ARTICLE#N`, or `ARTICLE` alone when the passage is not known."""
    return str(PassageRef(article, number)) if number else article
