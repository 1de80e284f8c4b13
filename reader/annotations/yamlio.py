"""Canonical YAML text of one annotation mapping, and strict parsing of it.

`dump_annotation` gives the same bytes for the same content whatever the run or the hash
seed: known keys in a fixed order, the rest sorted; `|` block style for multi-line text
that block style holds exactly, else a double-quoted scalar; no line folding; strings that
any YAML reader (1.1 or 1.2) would retype are quoted. `load_annotation_text` is strict: no
aliases, no duplicate keys, no tags beyond plain data, conflict markers recognised, a size
limit; every problem is an `AnnotationFileError` with the file's path and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from reader.errors import ReaderError

try:  # the C parser loads ~4x faster; construction stays in Python either way
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
"""Larger annotation files are refused (a note is text, not a corpus)."""

KEY_ORDER = (
    *("schema", "id", "article", "target", "passage", "start", "end", "prefix", "quote"),
    *("suffix", "tags", "note", "author", "name", "email", "created", "updated", "deleted"),
    *("date", "title", "source"),
)
"""Known keys come first, in this order (at the top level and in `target` and `author`)."""
_RANK = {key: rank for rank, key in enumerate(KEY_ORDER)}

_CONFLICT_RE = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
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
_STR = "tag:yaml.org,2002:str"
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class AnnotationFileError(ReaderError, ValueError):
    """An annotation file that cannot be read: `path:line: message` in one line."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        super().__init__(path, line, message)
        self.path = str(path)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


# -- dumping -------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """SafeDumper with canonical key order, block notes and conservative quoting."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        tag = super().resolve(kind, value, implicit)
        if tag == _STR and kind is yaml.ScalarNode and implicit[0] and _RETYPED_RE.match(value):
            return "tag:yaml.org,2002:float"  # anything but str: the emitter quotes it
        return tag


def _represent_str(dumper: _Dumper, data: str) -> yaml.ScalarNode:
    # A lone surrogate (from undecodable command-line bytes) cannot be written as UTF-8
    # nor read back from an escape: it becomes U+FFFD.
    data = _SURROGATE_RE.sub("\ufffd", data)
    if "\n" in data:
        style = "|" if _block_safe(data) else '"'
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)
    if _BLOCK_UNSAFE_RE.search(data) or data != data.strip(" "):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _block_safe(text: str) -> bool:
    """Whether `|` block style gives `text` back exactly."""
    if _BLOCK_UNSAFE_RE.search(text):
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


# -- loading -------------------------------------------------------------------------------


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as strings (duplicate keys are caught in _check_nodes)."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("map", "seq", "str", "int", "float", "bool", "null")
}


def load_annotation_text(
    text: str, path: str | Path = "<text>", *, top: type = dict
) -> dict[str, Any]:
    """Parse one annotation file's text strictly; AnnotationFileError on any problem.

    `top=list` reads a file whose top level is a list (`variants.yaml`) by the same rules.
    """
    if len(text) > MAX_BYTES:
        raise AnnotationFileError(
            path,
            None,
            f"too large ({len(text) / 1e6:.1f} MB; the limit is {MAX_BYTES // 1_000_000} MB)",
        )
    marker = _CONFLICT_RE.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise AnnotationFileError(
            path, line, f"git conflict marker {marker.group(1)!r} (an unfinished merge)"
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise AnnotationFileError(path, None, "empty file (expected a mapping)")
        _check_nodes(node, str(path))
        wanted = yaml.SequenceNode if top is list else yaml.MappingNode
        if not isinstance(node, wanted):
            kind = {yaml.SequenceNode: "a list", yaml.MappingNode: "a mapping"}.get(
                type(node), "a single value"
            )
            expected = "a list" if top is list else "a mapping"
            raise AnnotationFileError(
                path, node.start_mark.line + 1, f"top level is {kind}, expected {expected}"
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise AnnotationFileError(path, line, " ".join(problem.split())) from None
    except yaml.YAMLError as exc:
        raise AnnotationFileError(path, None, str(exc).splitlines()[0]) from None
    finally:
        loader.dispose()
    return data


def _check_nodes(root: yaml.Node, path: str) -> None:
    """Refuse aliases (a node met twice), tags other than plain data, keys that are not
    strings, and duplicate keys (PyYAML would keep the last one silently)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise AnnotationFileError(
                path, node.start_mark.line + 1, "anchors and aliases (&name, *name) are not allowed"
            )
        seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            raise AnnotationFileError(
                path,
                node.start_mark.line + 1,
                f"unsupported tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r}",
            )
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag != _STR:
                    shown = key.value if isinstance(key, yaml.ScalarNode) else "a collection"
                    raise AnnotationFileError(
                        path, key.start_mark.line + 1, f"key {shown} is not a string"
                    )
                if key.value in keys:
                    raise AnnotationFileError(
                        path, key.start_mark.line + 1, f"duplicate key {key.value!r}"
                    )
                keys.add(key.value)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def load_annotation_file(path: str | Path, display: str | Path | None = None) -> dict[str, Any]:
    """Read and parse one file; `display` is the path shown in errors (default: `path`)."""
    shown = display if display is not None else path
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise AnnotationFileError(shown, None, f"cannot read: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        size = Path(path).stat().st_size
        raise AnnotationFileError(
            shown,
            None,
            f"too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES // 1_000_000} MB)",
        )
    return load_annotation_bytes(data, shown)


def load_annotation_bytes(data: bytes, path: str | Path, *, top: type = dict) -> Any:
    """Decode UTF-8 (BOM dropped) and parse; AnnotationFileError on any problem."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise AnnotationFileError(path, line, f"not UTF-8 (byte {exc.start})") from None
    if "\x00" in text:
        raise AnnotationFileError(path, text.count("\n", 0, text.index("\x00")) + 1, "NUL byte")
    return load_annotation_text(text, path, top=top)
