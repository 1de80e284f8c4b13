"""Small YAML files shared beside the codebook (`variants.yaml`, `sources.yaml`).

They are read strictly (the annotation rules: no aliases, no duplicate keys, plain data,
path and line in every error) and checked by the caller's `parse`. The parsed value can be
kept as JSON in a cache file keyed by the file's size, mtime and inode, so that a command
that only needs the value (`reader search`) does not import the YAML parser.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.fsio import atomic_write

MAX_SHARED_BYTES = 1_000_000


class SharedFileError(ValueError):
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
    from reader.annotations.yamlio import AnnotationFileError, load_annotation_bytes

    shown = display(path)
    if path.is_symlink():
        raise SharedFileError(f"{shown}: a link; shared files must be plain files")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SHARED_BYTES + 1)
    except OSError as exc:
        raise SharedFileError(f"{shown}: cannot read: {exc.strerror}") from None
    if len(raw) > MAX_SHARED_BYTES:
        raise SharedFileError(f"{shown}: too large (the limit is 1 MB)")
    if not _has_content(raw):
        return top()
    try:
        data = load_annotation_bytes(raw, shown, top=top)
    except AnnotationFileError as exc:
        raise SharedFileError(str(exc)) from None
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
