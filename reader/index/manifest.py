"""The manifest beside the index: what was indexed from each corpus file, and when.

A file is re-read when its size or mtime changed *and* its content hash differs, or when
the annotation fingerprint of its articles changed. Checking costs one `stat` per file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reader.corpus import SourceFile
from reader.fsio import atomic_write

MANIFEST_NAME = "reader-manifest.json"


@dataclass
class FileEntry:
    """One corpus file as indexed."""

    size: int
    mtime_ns: int
    hash: str
    annotations: str | None
    articles: list[str] = field(default_factory=list)
    passages: int = 0
    hidden: list[str] = field(default_factory=list)  # its invalid annotation files, one line each


@dataclass
class Manifest:
    """Every indexed file by `file_key`, and the schema version the index was built with."""

    schema: int
    files: dict[str, FileEntry] = field(default_factory=dict)

    @property
    def article_count(self) -> int:
        return sum(len(entry.articles) for entry in self.files.values())

    @property
    def passage_count(self) -> int:
        return sum(entry.passages for entry in self.files.values())

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        """The manifest in `folder`, or None when missing or unreadable."""
        try:
            raw = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
            files = {key: FileEntry(**value) for key, value in raw["files"].items()}
            return cls(schema=int(raw["schema"]), files=files)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, folder: Path) -> None:
        """Write atomically (see `atomic_write`)."""
        data = {"schema": self.schema, "files": {k: asdict(v) for k, v in self.files.items()}}
        atomic_write(folder / MANIFEST_NAME, json.dumps(data, separators=(",", ":")))


def file_key(source: SourceFile) -> str:
    """The manifest key of a file: its id with its suffix (`a.txt` and `a.md` differ)."""
    return source.id + source.path.suffix


def file_hash(path: Path) -> str:
    """A content hash of the file (empty when it cannot be read)."""
    try:
        return content_hash(path.read_bytes())
    except OSError:
        return ""


def content_hash(raw: bytes) -> str:
    """The hash `file_hash` gives a file holding `raw`."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def annotation_token(source: SourceFile, fingerprints: dict[str, str]) -> str | None:
    """The annotation fingerprint of the articles of `source`, combined for a `.jsonl`."""
    if source.path.suffix != ".jsonl":
        return fingerprints.get(source.id)
    prefix = source.id + "/"
    parts = sorted(f"{k}={v}" for k, v in fingerprints.items() if k.startswith(prefix))
    if not parts:
        return None
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def plan(
    manifest: Manifest, sources: list[SourceFile], tokens: dict[str, str | None]
) -> tuple[list[SourceFile], list[str], dict[str, FileEntry]]:
    """Compare the corpus with the manifest (`tokens`: `annotation_token` by `file_key`).

    Returns the files to (re-)read, the ids of files gone from the corpus, and the entries
    whose stat changed but whose content and annotations did not (only their stat is new).
    """
    to_read: list[SourceFile] = []
    touched: dict[str, FileEntry] = {}
    present = set()
    for source in sources:
        key = file_key(source)
        present.add(key)
        entry = manifest.files.get(key)
        token = tokens.get(key)
        if entry is None or entry.annotations != token:
            to_read.append(source)
        elif entry.size != source.size or entry.mtime_ns != source.mtime_ns:
            unreadable = source.problem is not None  # never read outside
            if entry.size == source.size and (unreadable or file_hash(source.path) == entry.hash):
                touched[key] = FileEntry(
                    source.size,
                    source.mtime_ns,
                    entry.hash,
                    token,
                    entry.articles,
                    entry.passages,
                    entry.hidden,
                )
            else:
                to_read.append(source)
    removed = [key for key in manifest.files if key not in present]
    return to_read, removed, touched
