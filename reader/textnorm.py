"""Decoding and normalising text, and the one rule for control characters.

`CONTROLS` is the single character class of what may never reach a terminal, an id or a
tag: C0 and C1 controls, DEL, line and paragraph separators, zero-width and bidirectional
marks, overrides and isolates. `printable()` escapes them (keeping newlines and tabs),
`printable_line()` escapes all of them; `has_controls()` tells whether a string holds any.
"""

from __future__ import annotations

import re
import unicodedata

CONTROLS = "\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff"
"""The control characters, as the body of a regular-expression character class."""

_CONTROL_RE = re.compile(f"[{CONTROLS}]")
_UNPRINTABLE_RE = re.compile(f"(?![\t\n])[{CONTROLS}]")
# What json.dumps leaves raw (it escapes C0 itself): the rest of the class (a plain class,
# not a lookahead: json_safe runs over whole exports).
_JSON_RAW_RE = re.compile(f"[{CONTROLS.removeprefix(chr(0) + '-' + chr(31))}]")

QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00a0": " ",
    }
)
"""Curly quotes, primes and the no-break space to their plain forms (same length)."""


class BinaryFileError(ValueError):
    """The file holds NUL bytes: it is not text."""


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode file bytes as UTF-8 (BOM dropped), else cp1252; return text and a warning."""
    if b"\x00" in data:
        raise BinaryFileError("contains NUL bytes (not a text file)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        return text, f"not valid UTF-8 (byte {exc.start}); read as cp1252"


def normalise(text: str) -> str:
    """Unify line endings to LF and Unicode to NFC (a BOM left inside is dropped)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return unicodedata.normalize("NFC", text)


def straight_quotes(text: str) -> str:
    """Curly quotes as straight ones (offsets unchanged): how quotes are compared."""
    return text.translate(QUOTES)


def has_controls(text: str) -> bool:
    """Whether `text` holds any character of `CONTROLS` (newlines and tabs included)."""
    return _CONTROL_RE.search(text) is not None


def without_controls(text: str, stand_in: str = " ") -> str:
    """`text` with every control character (newlines and tabs too) replaced."""
    return _CONTROL_RE.sub(stand_in, text)


def printable(text: str) -> str:
    """Replace control characters (terminal escapes among them) with visible stand-ins.

    Newlines and tabs are kept; the rest of `CONTROLS` becomes `\\xNN`/`\\uNNNN`, so data
    can never drive a terminal.
    """
    return _UNPRINTABLE_RE.sub(_escape, text)


def printable_line(text: str) -> str:
    """`printable()` for one line (a message, a file name, a heading): newlines and tabs
    are escaped too, so a name holding a newline cannot split it in two."""
    return _CONTROL_RE.sub(_escape, text)


def json_safe(text: str) -> str:
    """JSON text with the controls json.dumps leaves raw written as `\\uXXXX` escapes."""
    return _JSON_RAW_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 file`, `2 files` (`words` when the plural is not `word` + s)."""
    return f"{count} {word if count == 1 else words or word + 's'}"
