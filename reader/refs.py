"""`ARTICLE#N`: the one place a passage reference is parsed and written."""

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


def where(article: str, number: int | None) -> str:
    """`ARTICLE#N`, or `ARTICLE` alone when the passage is not known."""
    return str(PassageRef(article, number)) if number else article
