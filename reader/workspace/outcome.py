"""What a change through the workspace did, as the command line and the app report it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.refs import PassageRef

if TYPE_CHECKING:  # not for `reader search` (start-up time)
    from reader.annotations.changes import Change
    from reader.records import PassageAnnotations


@dataclass(frozen=True)
class Outcome:
    """One change: what was written (`change`, which `Workspace.undo` takes back), the
    passage it was about (None for a corpus-wide change such as a rename), what that
    passage shows now, the files written as shown to users, the articles re-indexed, and
    why re-indexing failed if it did (the change itself is saved either way)."""

    change: Change
    ref: PassageRef | None = None
    shown: PassageAnnotations | None = None
    files: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    index_problem: str | None = None
    annotations: dict[int, PassageAnnotations] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """Whether anything was written (False for a no-op, e.g. a tag already there)."""
        return bool(self.change)

    @property
    def tags(self) -> list[str]:
        """The tags the passage shows now."""
        return list(self.shown.tags) if self.shown else []


def articles_of(change: Change, root: Path) -> list[str]:
    """The article ids whose annotation folders a change wrote in (codebook: none)."""
    found = set()
    for path in change.paths:
        try:
            folder = path.parent.relative_to(root)
        except ValueError:
            continue
        if folder.parts:
            found.add(folder.as_posix())
    return sorted(found)
