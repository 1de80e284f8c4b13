"""The app's calls into the annotation store, in one place (plain Python, no Textual).

The store writes the current author's YAML file; each write returns a change that
`revert` undoes. Functions here only adapt names and shapes for the screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reader.model import Article, PassageAnnotations
from reader.workspace import Workspace


@dataclass
class Undoable:
    """A change the store made, with the passage it touched (for undo)."""

    ref: str
    change: Any
    what: str


def tag(
    ws: Workspace, article: Article, number: int, add: Iterable[str], remove: Iterable[str]
) -> list[Undoable]:
    """Add and remove tags on one passage; the changes that wrote something, for undo."""
    ref = f"{article.id}#{number}"
    done = []
    add, remove = list(add), list(remove)
    if add:
        done.append(Undoable(ref, ws.store.tag(article, number, add), "tag " + " ".join(add)))
    if remove:
        change = ws.store.untag(article, number, remove)
        done.append(Undoable(ref, change, "untag " + " ".join(remove)))
    return [d for d in done if d.change]


def note(ws: Workspace, article: Article, number: int, text: str) -> list[Undoable]:
    """Set the current author's note on one passage (empty text removes it)."""
    change = ws.store.set_note(article, number, text)
    return [Undoable(f"{article.id}#{number}", change, "note")] if change else []


def reattach(ws: Workspace, article: Article, number: int, annotation_id: str) -> list[Undoable]:
    """Point an annotation (an orphan) at one passage; tags and note go with it."""
    change = ws.store.reattach(article, annotation_id, number)
    return [Undoable(f"{article.id}#{number}", change, "re-attach")] if change else []


def revert(ws: Workspace, undo: Undoable) -> None:
    ws.store.revert(undo.change)


def own_note(ws: Workspace, annotations: PassageAnnotations | None) -> str:
    """The current author's note on a passage (to edit), '' if none."""
    if annotations is None:
        return ""
    me = author_name(ws)
    for n in annotations.notes:
        if me and n.author == me:
            return n.text
    return ""


def author_name(ws: Workspace) -> str:
    """The name the store writes as author."""
    author = ws.store.author()
    return author.name or author.email


def tag_counts(ws: Workspace) -> dict[str, int]:
    return dict(ws.store.tag_counts())


def codebook(ws: Workspace) -> dict[str, Any]:
    return dict(ws.store.codebook())


def quick_keys(book: dict[str, Any], taken: set[str]) -> dict[str, str]:
    """Codebook one-key tags: key -> tag, skipping keys the app already uses."""
    keys = {}
    for tag_name, entry in book.items():
        key = entry.get("key") if isinstance(entry, dict) else getattr(entry, "key", None)
        if isinstance(key, str) and len(key) == 1 and key not in taken and key not in keys:
            keys[key] = tag_name
    return keys
