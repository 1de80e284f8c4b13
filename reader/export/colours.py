"""Codebook colours as `#RRGGBB`, which REFI-QDA needs, and back.

The codebook holds what the app shows (`red`, `bright_black`, `#F00082`); the names are
the 16 terminal colours, mapped to the usual xterm values.
"""

from __future__ import annotations

import re

NAMED = {
    "black": "#000000",
    "red": "#800000",
    "green": "#008000",
    "yellow": "#808000",
    "blue": "#000080",
    "magenta": "#800080",
    "cyan": "#008080",
    "white": "#C0C0C0",
    "bright_black": "#808080",
    "bright_red": "#FF0000",
    "bright_green": "#00FF00",
    "bright_yellow": "#FFFF00",
    "bright_blue": "#0000FF",
    "bright_magenta": "#FF00FF",
    "bright_cyan": "#00FFFF",
    "bright_white": "#FFFFFF",
    "grey": "#808080",
    "gray": "#808080",
}

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def to_hex(colour: str) -> str | None:
    """`red` -> `#800000`, `#abc` -> `#ABC`; None for a colour with no RGB value."""
    text = colour.strip()
    if _HEX.fullmatch(text):
        return text.upper()
    return NAMED.get(text.casefold().replace(" ", "_").replace("-", "_"))


def from_hex(value: str) -> str:
    """A REFI-QDA colour as the codebook keeps it (`#F00082`); "" when it is not one."""
    text = value.strip()
    return text.upper() if _HEX.fullmatch(text) else ""
