"""Decoding and normalising article text, and making untrusted text safe to print."""

from __future__ import annotations

import re
import unicodedata

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


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


def printable(text: str) -> str:
    """Replace control characters (terminal escapes among them) with visible stand-ins.

    Newlines and tabs are kept; everything else below U+0020, DEL, C1 controls and the
    bidirectional overrides become `\\xNN`/`\\uNNNN`, so data can never drive a terminal.
    """
    return _CONTROL_RE.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
