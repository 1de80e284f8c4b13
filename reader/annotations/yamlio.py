"""Canonical YAML text of one annotation mapping, and strict parsing of it.

`dump_annotation` gives the same bytes for the same content whatever the run or the hash
seed: known keys in a fixed order, the rest sorted; `|` block style for multi-line text
that block style holds exactly, else a double-quoted scalar; no line folding; strings that
any YAML reader (1.1 or 1.2) would retype are quoted. Loading is `reader.yamlsafe`'s (the
one strict loader: no aliases, no duplicate keys, no tags beyond plain data, conflict
markers recognised, size and depth limits); every problem is an `AnnotationFileError` with
the file's path and line.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.emitter import ScalarAnalysis

from reader.yamlsafe import (
    MAX_BYTES,
    YamlError,
    load_yaml_bytes,
    load_yaml_file,
    load_yaml_text,
)

__all__ = [
    "MAX_BYTES",
    "AnnotationFileError",
    "dump_annotation",
    "load_annotation_bytes",
    "load_annotation_file",
    "load_annotation_text",
]

KEY_ORDER = (
    *("schema", "id", "article", "target", "passage", "start", "end", "prefix", "quote"),
    *("suffix", "tags", "note", "author", "name", "email", "created", "updated", "deleted"),
    *("date", "title", "source"),
)
"""Known keys come first, in this order (at the top level and in `target` and `author`)."""
_RANK = {key: rank for rank, key in enumerate(KEY_ORDER)}

# Plain scalars some YAML reader would not read back as a string: numbers in any base or
# notation (YAML 1.1 and 1.2), dates and times (anything starting with a digit), special
# floats and the 1.1 booleans PyYAML does not know (y, n).
_RETYPED_RE = re.compile(
    r"^(?:[-+.]?[0-9].*|[-+]?\.(?:inf|nan)|y|n|yes|no|on|off|true|false|null|~|=|<<)$",
    re.IGNORECASE | re.DOTALL,
)
# What `|` block style cannot hold exactly: tabs, CR, Unicode line breaks, a BOM, spaces at
# line ends, and anything YAML does not print as itself.
_BLOCK_UNSAFE_RE = re.compile(
    r"[\t\r\x85\u2028\u2029\ufeff]| \n| $"
    r"|[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# The same characters as one class (what `_unsafe` scans megabytes with, fast).
_UNSAFE_CHAR_RE = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_STR = "tag:yaml.org,2002:str"
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class AnnotationFileError(YamlError):
    """An annotation file that cannot be read: `path:line: message` in one line."""


# -- dumping -------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """SafeDumper with canonical key order, block notes and conservative quoting."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        tag: str = super().resolve(kind, value, implicit)
        if tag == _STR and kind is yaml.ScalarNode and implicit[0] and _RETYPED_RE.match(value):
            return "tag:yaml.org,2002:float"  # anything but str: the emitter quotes it
        return tag

    # PyYAML's emitter looks at a scalar character by character twice (about a second a
    # megabyte). A long text that `|` block style holds exactly (see `_block_safe`) takes
    # the same decisions and writes the same bytes line by line (tests/unit/
    # test_hostile_yaml_speed.py compares the two on many texts).

    def analyze_scalar(self, scalar: str) -> ScalarAnalysis:
        if len(scalar) < FAST_BLOCK_CHARS or not _fast_block(scalar):
            return super().analyze_scalar(scalar)
        return ScalarAnalysis(
            scalar=scalar,
            empty=False,
            multiline=True,
            allow_flow_plain=False,
            allow_block_plain=False,
            allow_single_quoted="\n " not in scalar,
            allow_double_quoted=True,
            allow_block=True,
        )

    def write_literal(self, text: str) -> None:
        if len(text) < FAST_BLOCK_CHARS or not _fast_block(text):
            super().write_literal(text)
            return
        self.write_indicator("|" + self.determine_block_hints(text), True)
        self.write_line_break()
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        for line in lines:
            if line:
                self.write_indent()
                self.stream.write(line.encode(self.encoding) if self.encoding else line)
            self.write_line_break()


FAST_BLOCK_CHARS = 256
"""Texts at least this long that block style holds are written by the fast path."""


@functools.lru_cache(maxsize=4)  # asked twice for each long text (analysis, writing)
def _fast_block(text: str) -> bool:
    """Whether `text` is multi-line and `|` holds it exactly (the emitter agrees: it also
    refuses U+10FFFF, which `_block_safe` lets through)."""
    return "\n" in text and _block_safe(text) and "\U0010ffff" not in text


def _represent_str(dumper: _Dumper, data: str) -> yaml.ScalarNode:
    # A lone surrogate (from undecodable command-line bytes) cannot be written as UTF-8
    # nor read back from an escape: it becomes U+FFFD.
    data = _SURROGATE_RE.sub("\ufffd", data)
    if "\n" in data:
        style = "|" if _block_safe(data) else '"'
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)
    if _unsafe(data) or data != data.strip(" "):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _unsafe(text: str) -> bool:
    """Whether `_BLOCK_UNSAFE_RE` finds anything in `text` (the same answer, found with
    one character class and two substring tests: a note of megabytes in milliseconds)."""
    return " \n" in text or text.endswith(" ") or _UNSAFE_CHAR_RE.search(text) is not None


def _block_safe(text: str) -> bool:
    """Whether `|` block style gives `text` back exactly."""
    if _unsafe(text):
        return False
    # A first line that starts with spaces and follows an empty line is ambiguous; keep it
    # simple and let double quotes hold anything that starts or ends with blank lines.
    return not text.startswith(("\n", " ")) and not text.endswith("\n\n")


class _Ranked(dict):  # type: ignore[type-arg]
    """A mapping whose known keys come in KEY_ORDER (the top level, `target`, `author`)."""


def _represent_ranked(dumper: _Dumper, data: dict[Any, Any]) -> yaml.MappingNode:
    items = sorted(data.items(), key=lambda kv: (_RANK.get(kv[0], len(_RANK)), str(kv[0])))
    return dumper.represent_mapping("tag:yaml.org,2002:map", items)


def _represent_dict(dumper: _Dumper, data: dict[Any, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", sorted(data.items(), key=_str_key))


def _str_key(item: tuple[Any, Any]) -> str:
    return str(item[0])


def _canonical(data: dict[str, Any]) -> _Ranked:
    """The top level and its `target`/`author` ranked; every other mapping sorted by key."""
    top = _Ranked(data)
    for key in ("target", "author"):
        if isinstance(top.get(key), dict):
            top[key] = _Ranked(top[key])
    return top


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(_Ranked, _represent_ranked)


def dump_annotation(data: dict[str, Any]) -> str:
    """The canonical YAML text of one mapping (UTF-8 ready, LF line ends, trailing LF)."""
    text = yaml.dump(
        _canonical(data),
        Dumper=_Dumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=float("inf"),
        line_break="\n",
        explicit_start=False,
    )
    return text


def size_bounds(value: Any) -> tuple[int, int]:
    """Lower and upper bounds of the bytes `value` takes in `dump_annotation`'s output,
    without writing it: every string's own UTF-8 bytes at least; at most a block text's
    bytes plus an indent and a line break a line, or four bytes a character for a quoted
    one (`\\x01`), plus a little for keys and punctuation."""
    if isinstance(value, str):
        size = len(value.encode("utf-8", "replace"))
        lines = value.count("\n") + 1
        if "\n" in value and _block_safe(value):
            return size, size + 12 * lines + 16
        return size, 4 * size + 4 * lines + 16
    if isinstance(value, dict):
        low = high = 2
        for key, item in value.items():
            key_low, key_high = size_bounds(str(key))
            item_low, item_high = size_bounds(item)
            low, high = low + key_low + item_low, high + key_high + item_high + 16
        return low, high
    if isinstance(value, list):
        pairs = [size_bounds(item) for item in value]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs) + 16 * len(pairs) + 2
    return 0, len(str(value)) + 16


# -- loading -------------------------------------------------------------------------------


def load_annotation_text(text: str, path: str | Path = "<text>") -> dict[str, Any]:
    """Parse one annotation file's text strictly; AnnotationFileError on any problem."""
    return load_yaml_text(text, path, error=AnnotationFileError)  # type: ignore[no-any-return]


def load_annotation_file(path: str | Path, display: str | Path | None = None) -> dict[str, Any]:
    """Read (a plain file, at most MAX_BYTES) and parse one file; `display` is the path
    shown in errors (default: `path`)."""
    return load_yaml_file(path, display, error=AnnotationFileError)  # type: ignore[no-any-return]


def load_annotation_bytes(data: bytes, path: str | Path) -> dict[str, Any]:
    """Decode UTF-8 (BOM dropped) and parse; AnnotationFileError on any problem."""
    return load_yaml_bytes(data, path, error=AnnotationFileError)  # type: ignore[no-any-return]
