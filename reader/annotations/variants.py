"""`annotations/variants.yaml`: groups of spellings that search treats as one word.

    # Spellings search treats as one (reader variants suggests groups)
    - [Zelensky, Zelenskyy, Zelenskiy, Selenskyj]
    - [Kyiv, Kiev]
    - [US, U.S., United States]

A member may be several words (`United States`); a member typed in capitals that is a
common word (`US`) is the acronym. Shared through git like the codebook.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.annotations.shared_yaml import SharedFileError, display, read_shared

VARIANTS_NAME = "variants.yaml"
HEADER = (
    "# Spellings that search treats as one word, one group a line (see the README).\n"
    "# `reader variants` suggests groups from the corpus.\n"
)


def variants_path(annotations: Path) -> Path:
    return Path(annotations) / VARIANTS_NAME


def read_variants(annotations: Path, cache: Path | None = None) -> list[list[str]]:
    """The groups of `variants.yaml` ([] when there is none); SharedFileError if invalid."""
    groups: list[list[str]] = read_shared(variants_path(annotations), _check, list, cache)
    return groups


def _check(data: Any, shown: str) -> list[list[str]]:
    groups: list[list[str]] = []
    for number, group in enumerate(data, start=1):
        if isinstance(group, str):
            raise SharedFileError(
                f"{shown}: entry {number} ({group!r}) is a single spelling; "
                "write a group as a list: - [Kyiv, Kiev]"
            )
        if not isinstance(group, list):
            raise SharedFileError(f"{shown}: entry {number} is not a list of spellings")
        members = []
        for member in group:
            if not isinstance(member, str):
                raise SharedFileError(
                    f"{shown}: entry {number}: {member!r} is not text (put it in quotes)"
                )
            text = " ".join(member.split())
            if text:
                members.append(text)
        if len(members) >= 2:
            groups.append(members)
    return groups


def add_group(annotations: Path, words: Iterable[str]) -> list[str]:
    """Add a group of spellings (merged into every group sharing a member, case
    ignored); returns the group as written. Locked, atomic; SharedFileError, saying why,
    for fewer than two spellings, a spelling with nothing to search for or with control
    characters, or an invalid file on disk (it is then left alone)."""
    from reader.fsio import atomic_write, locked
    from reader.textnorm import has_controls

    wanted = [" ".join(w.split()) for w in words if w.strip()]
    for word in wanted:
        if has_controls(word):
            raise SharedFileError(f"{word!r}: a spelling holds no control characters")
        if not any(c.isalnum() for c in word):
            raise SharedFileError(f"{word!r}: a spelling needs a letter or a digit")
    if len(set(w.casefold() for w in wanted)) < 2:
        raise SharedFileError("a group needs at least two different spellings")
    path = variants_path(annotations)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path.parent):
        groups = read_shared(path, _check, list)
        merged = list(dict.fromkeys(wanted))
        kept = []
        for group in groups:
            keys = {m.casefold() for m in group}
            if keys & {m.casefold() for m in merged}:
                merged = _union(group, merged)
            else:
                kept.append(group)
        kept.append(merged)
        atomic_write(path, HEADER + dump_groups(kept))
    return merged


def _union(first: list[str], second: list[str]) -> list[str]:
    seen = {m.casefold() for m in first}
    return first + [m for m in second if m.casefold() not in seen]


def dump_groups(groups: Iterable[list[str]]) -> str:
    """Groups as YAML, one flow list a line, quoted where YAML would retype a spelling."""
    import yaml

    lines = []
    for group in groups:
        text = yaml.safe_dump([group], default_flow_style=True, allow_unicode=True, width=10**6)
        lines.append("- " + text.strip()[1:-1].strip() + "\n")
    return "".join(lines)


__all__ = ["VARIANTS_NAME", "SharedFileError", "add_group", "display", "read_variants"]
