"""Small YAML files shared beside the codebook (`variants.yaml`, `sources.yaml`).

They are read strictly (`reader.yamlsafe`: no aliases, no duplicate keys, plain data, a
size limit, path and line in every error) and checked by the caller's `parse`. The parsed
value can be kept as JSON in a cache file keyed by the file's size, mtime and inode, so
that a command that only needs the value (`reader search`) does not import the YAML
parser.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.errors import ReaderError
from reader.fsio import atomic_write

MAX_SHARED_BYTES = 1_000_000


class SharedFileError(ReaderError, ValueError):
    """A shared file that cannot be used: `path:line: message` in one line."""


def display(path: Path) -> str:
    """How the file is named in messages: `annotations/variants.yaml`."""
    return f"{path.parent.name}/{path.name}"


def stamp_of(path: Path) -> list[int] | None:
    """Size, mtime and inode of the file; None when it does not exist."""
    try:
        stat = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def read_shared(
    path: Path, parse: Callable[[Any, str], Any], top: type, cache: Path | None = None
) -> Any:
    """The file parsed strictly and checked by `parse(data, shown)`; `top()` when the file
    is missing or holds nothing. SharedFileError when it is invalid."""
    stamp = stamp_of(path)
    if stamp is None:
        return top()
    if cache is not None:
        try:
            kept = json.loads(cache.read_text(encoding="utf-8"))
            if kept.get("stamp") == stamp:
                return kept["value"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass
    value = _parse(path, parse, top)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(cache, json.dumps({"stamp": stamp, "value": value}))
        except OSError:
            pass  # a cache: reading again next time is fine
    return value


def _parse(path: Path, parse: Callable[[Any, str], Any], top: type) -> Any:
    from reader.yamlsafe import YamlError, load_yaml_bytes, read_limited

    shown = display(path)
    try:
        raw = read_limited(path, shown, max_bytes=MAX_SHARED_BYTES)
        if not _has_content(raw):
            return top()
        data = load_yaml_bytes(raw, shown, mapping=top is dict, max_bytes=MAX_SHARED_BYTES)
    except YamlError as exc:
        raise SharedFileError(str(exc)) from None
    if not isinstance(data, top):
        kind = "a list" if top is list else "a mapping"
        raise SharedFileError(f"{shown}: the top level must be {kind}")
    return parse(data, shown)


def _has_content(raw: bytes) -> bool:
    """Whether the file holds anything but blank lines and comments."""
    for line in raw.splitlines():
        text = line.strip()
        if text and not text.startswith(b"#") and text != b"---":
            return True
    return False


def cache_name(index_dir: Path, name: str) -> Path:
    """Where the parsed copy of a shared file is kept (beside the index, a cache)."""
    return Path(index_dir) / f"reader-{name}.json"
