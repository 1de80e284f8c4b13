"""The workspace: the core's one front door (see `workspace.py`)."""

from reader.errors import WorkspaceError
from reader.workspace.outcome import Outcome
from reader.workspace.workspace import Workspace

__all__ = ["Outcome", "Workspace", "WorkspaceError"]
