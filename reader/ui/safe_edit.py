"""Editing untrusted text in an Input or a TextArea without letting it drive the terminal,
and without changing it behind the user's back.

The widget gets `for_edit(text)`: control characters shown as `\\xNN`/`\\uNNNN` (by
`printable()`; newlines and tabs too in a one-line field). When the user saves, `restore`
maps the edited text back: every stretch the user left as it was gets its original
characters again (the escape they saw becomes the control character it stood for), and
what the user typed stays as typed. Text without control characters passes untouched.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from reader.textnorm import printable

LINE_BREAKS = "\n\t\r"
MAX_DIFF = 200_000  # characters; past this an edited text is compared only as a whole


def _piece(char: str, one_line: bool) -> str:
    """How one character is shown for editing."""
    shown = printable(char)
    if one_line and char in LINE_BREAKS:
        return f"\\x{ord(char):02x}"  # printable()'s form, for what it keeps in text
    return shown


def for_edit(text: str, *, one_line: bool = False) -> str:
    """`text` as the editing widget may show it: no control character left raw."""
    return "".join(_piece(c, one_line) for c in text)


def restore(edited: str, original: str, *, one_line: bool = False) -> str:
    """The text to save: `edited` with the untouched parts of `original` as they were."""
    pieces = [_piece(c, one_line) for c in original]
    shown = "".join(pieces)
    if shown == original:
        return edited  # nothing was escaped: what the user sees is what is saved
    if edited == shown:
        return original
    if len(shown) + len(edited) > MAX_DIFF:
        return edited  # too long to compare closely: the user's text as typed
    starts = []
    at = 0
    for piece in pieces:
        starts.append(at)
        at += len(piece)
    out = []
    index = 0  # the first character whose stand-in may overlap the next equal stretch
    matcher = SequenceMatcher(None, shown, edited, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            out.append(edited[j1:j2])
            continue
        while index < len(pieces) and starts[index] + len(pieces[index]) <= i1:
            index += 1
        while index < len(pieces) and starts[index] < i2:
            start, end = starts[index], starts[index] + len(pieces[index])
            if start >= i1 and end <= i2:
                out.append(original[index])  # the whole stand-in is there: the character
            else:
                out.append(shown[max(start, i1) : min(end, i2)])  # partly edited: as seen
            if end > i2:
                break  # the rest of this stand-in belongs to what follows
            index += 1
    return "".join(out)
