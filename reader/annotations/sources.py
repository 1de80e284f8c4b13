"""`annotations/sources.yaml`: the source (outlet) of articles by id pattern, in bulk.

    # The source of articles by id: the first pattern that fits wins.
    tass/*: TASS
    "*-cnn": CNN
    2023/reuters: Reuters

A pattern is matched against article ids (`*` and `?` as in a shell, `*` crossing `/`);
a pattern without wildcards names an article or a folder (everything below it). An
article's own source (front matter, a `.jsonl` field) and one set with `reader meta` win
over the patterns. Shared through git like the codebook; the index re-reads the articles
whose source a change of the file changes.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from pathlib import Path
from typing import Any

from reader.annotations.shared_yaml import SharedFileError, read_shared

SOURCES_NAME = "sources.yaml"
HEADER = "# The source of articles by id: the first pattern that fits wins (see the README).\n"


class SourceRules:
    """Ordered (pattern, source) pairs."""

    def __init__(self, rules: list[tuple[str, str]] | None = None) -> None:
        self.rules = list(rules or [])
        self._compiled: list[tuple[re.Pattern[str], str]] | None = None
        self._memo: dict[str, str | None] = {}

    def __bool__(self) -> bool:
        return bool(self.rules)

    def source_for(self, article_id: str) -> str | None:
        """The source the first fitting pattern gives `article_id` (None: no pattern fits)."""
        if article_id in self._memo:
            return self._memo[article_id]
        if self._compiled is None:
            self._compiled = [(_compile(p), s) for p, s in self.rules]
        found = next((s for rx, s in self._compiled if rx.match(article_id)), None)
        self._memo[article_id] = found
        return found

    def file_part(self, file_id: str, jsonl: bool) -> str:
        """What the patterns give a corpus file's articles, for the index's freshness token:
        the source of a `.txt`/`.md` article ("" when none fits, so that only the files a
        pattern change concerns are read again), a digest of every pattern for a `.jsonl`."""
        if not self.rules:
            return ""
        if jsonl:
            text = "\n".join(f"{p}\t{s}" for p, s in self.rules)
            return "sources:" + hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
        source = self.source_for(file_id)
        return f"source:{source}" if source else ""

    def count(self, article_ids: list[str]) -> dict[str, int]:
        """How many of `article_ids` each pattern gives its source to."""
        counts = {pattern: 0 for pattern, _ in self.rules}
        if self._compiled is None:
            self._compiled = [(_compile(p), s) for p, s in self.rules]
        for article_id in article_ids:
            for (rx, _), (pattern, _) in zip(self._compiled, self.rules, strict=True):
                if rx.match(article_id):
                    counts[pattern] += 1
                    break
        return counts


def _compile(pattern: str) -> re.Pattern[str]:
    if not any(c in pattern for c in "*?["):
        folder = re.escape(pattern.rstrip("/"))
        return re.compile(rf"{folder}(?:/.*)?\Z", re.DOTALL)
    return re.compile(fnmatch.translate(pattern))


def sources_path(annotations: Path) -> Path:
    return Path(annotations) / SOURCES_NAME


def read_sources(annotations: Path, cache: Path | None = None) -> SourceRules:
    """The rules of `sources.yaml` (none when it is missing); SharedFileError if invalid."""
    pairs = read_shared(sources_path(annotations), _check, dict, cache)
    if isinstance(pairs, dict):  # a missing file
        pairs = list(pairs.items())
    return SourceRules([(str(p), str(s)) for p, s in pairs])


def _check(data: Any, shown: str) -> list[list[str]]:
    pairs = []
    for pattern, source in data.items():
        if not isinstance(source, str) or not source.strip():
            raise SharedFileError(
                f"{shown}: {pattern!r}: the source must be text (put it in quotes)"
            )
        if not pattern.strip() or pattern.startswith("/") or ".." in pattern.split("/"):
            raise SharedFileError(f"{shown}: {pattern!r} is not a pattern of article ids")
        pairs.append([pattern.strip(), " ".join(source.split())])
    return pairs


def set_source(annotations: Path, pattern: str, source: str) -> None:
    """Give the articles `pattern` fits the source `source` ('' removes the pattern).

    The pattern keeps its place when it is there already, else it goes last. Locked and
    atomic; SharedFileError if the file on disk is invalid (it is then left alone)."""
    import yaml

    from reader.fsio import atomic_write, locked

    _check({pattern: source or "x"}, SOURCES_NAME)
    path = sources_path(annotations)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path.parent):
        rules = dict(read_sources(annotations).rules)
        if source.strip():
            rules[pattern.strip()] = " ".join(source.split())
        else:
            rules.pop(pattern.strip(), None)
        body = "".join(
            yaml.safe_dump({p: s}, allow_unicode=True, width=10**6) for p, s in rules.items()
        )
        atomic_write(path, HEADER + body)
