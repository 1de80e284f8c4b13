"""Code names from other programs as reader tags, and why one had to change.

Levels come from nesting (REFI-QDA `<Code>` inside `<Code>`), ATLAS.ti's `Group::code`
names, or a CSV `path` with `/`. Inside a level, what reader cannot use in a tag is
replaced: white space by `_` (the app's tag prompt separates tags by spaces and commas),
`,` and `/` by `-`, and double quotes are dropped (they would end a `tag:"..."` query);
a leading `-` goes too (it means "remove" in the tag prompt). Case is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.tagnames import MAX_LENGTH, TagError, normalise_tag

_QUOTES = re.compile('["\u201c\u201d\u201e\u201f]')
UNNAMED = "unnamed"


def level_name(raw: str) -> str:
    """One level of a code's path as a usable tag segment."""
    text = _QUOTES.sub("", raw)
    text = text.replace("/", "-").replace(",", "-")
    text = "_".join(text.split())
    return text.lstrip("-") or UNNAMED


def levels_of(name: str) -> list[str]:
    """The levels of one code name: ATLAS.ti's `Group::code` is two."""
    return [part for part in (p.strip() for p in name.split("::")) if part] or [name]


def tag_for(path: Sequence[str]) -> str:
    """The tag for a code whose levels are `path` (each an original name)."""
    tag = "/".join(level_name(level) for level in path)
    try:
        return normalise_tag(tag)
    except TagError:
        return normalise_tag(tag[:MAX_LENGTH].rstrip("/"))
