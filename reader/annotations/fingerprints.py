"""Telling cheaply whether an article's annotations changed: one listing, no file read.

Kept apart from the YAML machinery so that a freshness check (`reader search` brings the
index up to date first) imports nothing heavy.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

SUFFIX = ".yaml"


def walk(root: Path) -> Iterator[tuple[str, list[os.DirEntry[str]]]]:
    """Each article folder under `root` as (article id, its visible `.yaml` entries)."""
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        for entry in entries:
            if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                stack.append((Path(entry.path), f"{prefix}{entry.name}/"))
        files = _yaml_entries(entries) if prefix else []
        if files:
            yield prefix[:-1], files


def folder_entries(folder: Path) -> list[os.DirEntry[str]]:
    """The visible `.yaml` entries directly in `folder`, as `walk` lists them."""
    try:
        with os.scandir(folder) as scan:
            return _yaml_entries(list(scan))
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return []


def _yaml_entries(entries: list[os.DirEntry[str]]) -> list[os.DirEntry[str]]:
    found = [
        e
        for e in entries
        if e.name.endswith(SUFFIX)
        and not e.name.startswith(".")
        and not e.is_dir(follow_symlinks=False)
    ]
    return sorted(found, key=lambda e: e.name)


def fingerprint_of(entries: list[os.DirEntry[str]]) -> str:
    """A token that changes whenever any of the entries' names, sizes, mtimes or inodes do."""
    digest = hashlib.blake2b(digest_size=8)
    for entry in entries:
        stat = entry.stat()
        digest.update(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\n".encode())
    return digest.hexdigest()


def fingerprints(root: Path) -> dict[str, str]:
    """Article id -> `fingerprint_of` its annotation files, from one walk of `root`."""
    return {article_id: fingerprint_of(entries) for article_id, entries in walk(root)}
