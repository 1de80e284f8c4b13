"""Noticing changes on disk (a `git pull`, another process): plain Python, no Textual.

Annotation fingerprints are cheap (one walk of the annotations folder) and are compared at
every look. Listing the corpus costs a `stat` per article (about 0.5 s for 10,000 files
here), so when it is not cheap it is done at most every `SCAN_FACTOR` times its own cost:
every look for a small corpus, every ~10 s for 10,000 articles, which keeps the app
responsive while typing.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from reader.workspace import Workspace

SCAN_FACTOR = 20
CHEAP = 0.05  # seconds: a corpus listed faster than this is listed at every look


@dataclass
class Changes:
    """What changed since the last look."""

    files: bool = False
    articles: set[str] = field(default_factory=set)  # with changed annotation files

    def __bool__(self) -> bool:
        return self.files or bool(self.articles)


class Watcher:
    """Compares the corpus files and annotation fingerprints with the previous look."""

    def __init__(self, ws: Workspace, interval: float) -> None:
        self.ws = ws
        self.interval = interval
        self.files: tuple | None = None
        self.prints: dict[str, str] | None = None
        self.scan_cost = 0.0
        self.scanned_at = 0.0
        self._lock = threading.Lock()

    def look(self) -> Changes:
        """Look now (the first look only records what is there). Thread-safe."""
        with self._lock:
            return self._look()

    def _look(self) -> Changes:
        changes = Changes()
        prints = self.ws.annotation_fingerprints()
        if self.prints is not None:
            keys = self.prints.keys() | prints.keys()
            changes.articles = {k for k in keys if self.prints.get(k) != prints.get(k)}
        self.prints = prints
        now = time.monotonic()
        spacing = SCAN_FACTOR * self.scan_cost if self.scan_cost > CHEAP else 0.0
        if self.files is None or now - self.scanned_at >= spacing:
            files = tuple((s.id, s.size, s.mtime_ns) for s in self.ws.sources())
            self.scan_cost = time.monotonic() - now
            self.scanned_at = time.monotonic()
            changes.files = self.files is not None and files != self.files
            self.files = files
        return changes
