"""Merging imported codes into the codebook: new codes added, existing ones kept.

`plan_merge` compares the file's codes with the codebook and says what an import does:
the entries to add, the codes already there (unchanged, or differing: a conflict, the
codebook's version kept), and the names that had to change to become tags. Nothing is
dropped: every code of the file is in one of these lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.annotations.codebook import CodebookEntry
from reader.export.codebook_import import ImportedCode
from reader.export.codenames import tag_for
from reader.tagnames import tag_key


@dataclass(frozen=True)
class NewCode:
    """A code to add: its tag, description and colour."""

    tag: str
    description: str = ""
    colour: str = ""


@dataclass
class CodebookMerge:
    """What importing a file does to the codebook."""

    source: str
    codes: int = 0
    added: list[NewCode] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (name in the file, tag)
    groups: list[str] = field(default_factory=list)  # parents only, kept as the hierarchy
    dry_run: bool = False
    written: bool = False

    def summary(self) -> str:
        """One line: how many codes were read and what became of them."""
        verb = "to add" if self.dry_run else "added"
        groups = f", {len(self.groups)} groups kept as the hierarchy" if self.groups else ""
        return (
            f"{self.source}: {self.codes} codes; {len(self.added)} {verb}, "
            f"{len(self.unchanged)} already in the codebook, {len(self.conflicts)} conflicts, "
            f"{len(self.mapped)} renamed to fit as tags{groups}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "codes": self.codes,
            "written": self.written,
            "added": [
                {"tag": c.tag, "description": c.description, "colour": c.colour} for c in self.added
            ],
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "mapped": [{"name": name, "tag": tag} for name, tag in self.mapped],
            "groups": self.groups,
            "dry_run": self.dry_run,
        }


def plan_merge(
    codes: Sequence[ImportedCode], codebook: Mapping[str, CodebookEntry], source: str
) -> CodebookMerge:
    """Compare `codes` (as read from `source`) with the codebook."""
    plan = CodebookMerge(source, codes=len(codes))
    existing = {tag_key(tag): (tag, entry) for tag, entry in codebook.items()}
    planned: dict[str, NewCode] = {}
    for code in codes:
        tag = tag_for(code.path)
        if tag != code.original:
            plan.mapped.append((code.original, tag))
        key = tag_key(tag)
        if code.group and key not in existing:
            plan.groups.append(tag)
        elif key in existing:
            ours, entry = existing[key]
            differs = _differences(entry.description, entry.colour, code)
            if differs:
                plan.conflicts.append(f"{ours}: kept the codebook's {differs}")
            else:
                plan.unchanged.append(ours)
        elif key in planned:
            plan.conflicts.append(
                f"{tag}: {code.original!r} is the same tag as an earlier code of the file; "
                "the first one is imported"
            )
        else:
            planned[key] = NewCode(tag, code.description, code.colour)
            plan.added.append(planned[key])
    return plan


def _differences(description: str, colour: str, code: ImportedCode) -> str:
    """What the file says differently from the codebook, or "" when nothing."""
    found = []
    if code.description and code.description != description:
        found.append(f"description (the file has {code.description!r})")
    if code.colour and code.colour.casefold() != colour.casefold():
        found.append(f"colour {colour or '(none)'} (the file has {code.colour})")
    return " and ".join(found)
