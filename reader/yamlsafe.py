"""The one strict, bounded YAML loader: every YAML file reader reads goes through it.

Annotations, the codebook, article metadata, `variants.yaml`, markdown front matter and the
app's config are all text from outside, and `yaml.safe_load` trusts too much: a 300-byte
document of nested aliases expands to millions of nodes (40 s, 400 MB), duplicate keys are
kept silently (last one wins), and dates become objects. Here:

- only plain data: mappings, sequences, strings, numbers, booleans, null (no `!!python`,
  no `!!binary`, no sets); mapping keys are strings, and a key given twice is an error;
- no anchors and aliases (`&name`, `*name`) at all: the bomb is refused before anything is
  built, in time linear in the text;
- bounded: the text's size (`max_bytes`), the nesting depth (`MAX_DEPTH`);
- git conflict markers are recognised (an unfinished merge), not read as text;
- dates stay text unless the caller asks for them (`dates=True`, for front matter).

Every problem is one `YamlError` (or the caller's subclass) with the path and line.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from reader.errors import ReaderError
from reader.fsio import file_kind, read_plain

try:  # the C parser loads ~4x faster; construction stays in Python either way
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 4_000_000
"""The default size limit: generous for any note a person writes, still bounded."""
MAX_DEPTH = 100
"""Collections nested deeper than this are refused (no real file comes close)."""

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("map", "seq", "str", "int", "float", "bool", "null")
)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_CONFLICT_RE = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)


class YamlError(ReaderError, ValueError):
    """A YAML file that cannot be read: `path:line: message` in one line."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        super().__init__(path, line, message)
        self.path = str(path)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class _Loader(_BaseLoader):
    """The safe loader with dates kept as text."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


class _DatedLoader(_BaseLoader):
    """The safe loader with YAML's dates (front matter's `date: 2023-05-12`)."""


def too_large(size: int, limit: int) -> str:
    """The message for a file over the size limit."""
    return f"too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:g} MB)"


def load_yaml_text(
    text: str,
    path: str | Path = "<text>",
    *,
    max_bytes: int = MAX_BYTES,
    mapping: bool = True,
    dates: bool = False,
    error: type[YamlError] = YamlError,
) -> Any:
    """Parse one YAML document strictly (see the module doc); `error` on any problem.

    With `mapping`, the top level must be a mapping (an empty text is an error too).
    """
    if len(text) > max_bytes:
        raise error(path, None, too_large(len(text.encode("utf-8", "replace")), max_bytes))
    marker = _CONFLICT_RE.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise error(path, line, f"git conflict marker {marker.group(1)!r} (an unfinished merge)")
    loader = (_DatedLoader if dates else _Loader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            if mapping:
                raise error(path, None, "empty file (expected a mapping)")
            return None
        check_nodes(node, str(path), error, dates=dates)
        if mapping and not isinstance(node, yaml.MappingNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            raise error(path, node.start_mark.line + 1, f"top level is {kind}, expected a mapping")
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(path, where, " ".join(problem.split())) from None
    except yaml.YAMLError as exc:
        raise error(path, None, _first(str(exc), "invalid YAML")) from None
    except RecursionError:
        raise error(path, None, "nested too deeply") from None
    except ValueError as exc:  # a date such as 2023-02-30, an integer of 5,000 digits
        if isinstance(exc, YamlError):
            raise
        raise error(path, None, _first(str(exc), "a value cannot be read")) from None
    finally:
        loader.dispose()


def load_yaml_bytes(
    data: bytes, path: str | Path, *, error: type[YamlError] = YamlError, **options: Any
) -> Any:
    """Decode UTF-8 (a BOM dropped; NUL refused) and parse with `load_yaml_text`."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(path, line, f"not UTF-8 (byte {exc.start})") from None
    if "\x00" in text:
        raise error(path, text.count("\n", 0, text.index("\x00")) + 1, "NUL byte")
    return load_yaml_text(text, path, error=error, **options)


def read_limited(
    path: str | Path,
    display: str | Path | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    error: type[YamlError] = YamlError,
) -> bytes:
    """A plain file's bytes, at most `max_bytes`; `error` for a link, a FIFO, a device or a
    socket (never read: a FIFO would block), a larger file, or one that cannot be read."""
    shown = display if display is not None else path
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise error(shown, None, "a link; reader reads only plain files here")
        if not stat.S_ISREG(info.st_mode):
            raise error(shown, None, f"not a plain file ({file_kind(info.st_mode)})")
        data = read_plain(path, max_bytes + 1)
    except OSError as exc:
        raise error(shown, None, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        size = too_large(max(len(data), info.st_size), max_bytes)
        marker = _CONFLICT_RE.search(data[:65536].decode("utf-8", "replace"))
        if marker:  # a merge left it so: say that first, it is what to fix
            line = data.count(b"\n", 0, marker.start()) + 1
            why = f"git conflict marker {marker.group(1)!r} (an unfinished merge; {size})"
            raise error(shown, line, why)
        raise error(shown, None, size)
    return data


def load_yaml_file(
    path: str | Path,
    display: str | Path | None = None,
    *,
    error: type[YamlError] = YamlError,
    **options: Any,
) -> Any:
    """Read a plain file (see `read_limited`) and parse it strictly."""
    shown = display if display is not None else path
    limit = options.get("max_bytes", MAX_BYTES)
    data = read_limited(path, shown, max_bytes=limit, error=error)
    return load_yaml_bytes(data, shown, error=error, **options)


def check_nodes(
    root: yaml.Node, path: str, error: type[YamlError] = YamlError, *, dates: bool = False
) -> None:
    """Refuse aliases (a node met twice), tags other than plain data (and dates, with
    `dates`), keys that are not strings, duplicate keys (PyYAML would keep the last one
    silently) and deep nesting. Iterative: an alias bomb is refused at its first alias."""
    allowed = _ALLOWED_TAGS | {_TIMESTAMP} if dates else _ALLOWED_TAGS
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise error(path, line, "anchors and aliases (&name, *name) are not allowed")
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise error(path, line, f"nested more than {MAX_DEPTH} levels deep")
        if node.tag not in allowed:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise error(path, line, f"unsupported tag {shown!r}")
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag != _STR:
                    shown = key.value if isinstance(key, yaml.ScalarNode) else "a collection"
                    raise error(path, key.start_mark.line + 1, f"key {shown} is not a string")
                if key.value in keys:
                    raise error(path, key.start_mark.line + 1, f"duplicate key {key.value!r}")
                keys.add(key.value)
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


def _first(text: str, default: str) -> str:
    lines = text.strip().splitlines()
    return " ".join(lines[0].split()) if lines else default
