"""The workspace: the core's one front door (see `workspace.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.errors import WorkspaceError
from reader.workspace.workspace import Workspace

if TYPE_CHECKING:
    from reader.workspace.outcome import Outcome

__all__ = ["Outcome", "Workspace", "WorkspaceError"]


def __getattr__(name: str) -> Any:
    """`Outcome` is imported on first use (`reader search` never needs it)."""
    if name == "Outcome":
        from reader.workspace.outcome import Outcome

        return Outcome
    raise AttributeError(name)
