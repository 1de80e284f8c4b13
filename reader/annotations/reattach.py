"""Pointing annotations at passages again: re-attaching one, confirming moved anchors.

Placing anchors on load (`anchors.py`) never rewrites a file. These are the two ways a
user makes a placement stick: `reattach` points one annotation (an orphan, say) at a
passage chosen by hand; `confirm_anchors` rewrites the target of every annotation the
anchorer found somewhere else (by quote or fuzzily), so the hints match the article again.
Both write through `changes.rewrite` (locked, re-read, atomic) and return a revertible
`Change`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.annotations.changes import Change, Edit, FileChange
from reader.annotations.files import SUFFIX, StoreError, article_dir, walk
from reader.annotations.record import make_target
from reader.annotations.store import AnnotationStore
from reader.annotations.ulid import is_ulid
from reader.model import Article
from reader.refs import PassageRef


def annotation_id_of(text: str) -> str:
    """The ULID in `text` (a bare id or a path ending in `<ULID>.yaml`); StoreError if none."""
    name = str(text).strip().replace("\\", "/").rsplit("/", 1)[-1]
    if name.endswith(SUFFIX):
        name = name[: -len(SUFFIX)]
    if not is_ulid(name.upper()):
        raise StoreError(f"not an annotation id: {text!r} (expected a ULID such as the file name)")
    return name.upper()


def find_annotation(root: Path, annotation_id: str) -> tuple[str, Path]:
    """The (article id, file) of an annotation under `root`, by its id or file path.

    The folder walk never follows links, so the file found is inside `root`.
    """
    wanted = annotation_id_of(annotation_id) + SUFFIX
    for article_id, entries in walk(root):
        for entry in entries:
            if entry.name == wanted and entry.is_file(follow_symlinks=False):
                return article_id, Path(entry.path)
    raise StoreError(f"no annotation {annotation_id_of(annotation_id)} under {root.name}/")


def retarget(new: dict[str, Any], expected: dict[str, Any] | None = None) -> tuple[Edit, Edit]:
    """An edit setting the target to `new` (only while it is still `expected`, if given),
    and its inverse, which puts back the target it replaced."""
    previous: list[Any] = [None]

    def edit(data: dict[str, Any] | None) -> dict[str, Any] | None:
        if data is None:
            return None
        if expected is not None and data.get("target") != expected:
            return data  # changed on disk since it was placed: leave it to the next check
        previous[0] = data.get("target")
        data["target"] = dict(new)
        return data

    def undo(data: dict[str, Any] | None) -> dict[str, Any] | None:
        if data is None or previous[0] is None or data.get("target") != new:
            return data
        data["target"] = previous[0]
        return data

    return edit, undo


def reattach(store: AnnotationStore, article: Article, annotation_id: str, number: int) -> Change:
    """Point the annotation `annotation_id` of `article` at passage `number` (whole).

    Tags, note and author stay; the target is made as for a new annotation. StoreError when
    the annotation is not found, belongs to another article, is deleted or is invalid.
    """
    if not 1 <= number <= len(article.passages):
        raise StoreError(f"{article.id} has no passage {number} (it has {len(article.passages)})")
    found_article, path = find_annotation(store.root, annotation_id)
    if found_article != article.id:
        raise StoreError(
            f"annotation {path.stem} belongs to {found_article}, not {article.id}: "
            f"re-attach it to a passage of {found_article}"
        )
    if path.parent != article_dir(store.root, article.id):
        raise StoreError(f"{store.display(path)}: not in the article's folder")
    loaded = store.load(path)
    if loaded is None or loaded.record is None:
        raise StoreError(f"{store.display(path)}: cannot be read (see `reader check`)")
    if loaded.record.deleted:
        raise StoreError(f"annotation {path.stem} was deleted; nothing to re-attach")
    edit, undo = retarget(make_target(article, number).as_dict())
    what = f"reattach {path.stem} to {PassageRef(article.id, number)}"
    return store.edit_file(loaded, edit, undo, what)


def confirm_anchors(store: AnnotationStore, article: Article) -> Change:
    """Rewrite the targets of `article`'s annotations that were placed somewhere else than
    their recorded position (by quote or fuzzily). Exact positions and orphans stay."""
    done: list[FileChange] = []
    for placed in store.placed(article):
        place = placed.placement
        if place.passage is None or place.method == "position" or placed.annotation.deleted:
            continue
        old = placed.loaded.data.get("target")
        new = make_target(article, place.passage, place.start, place.end).as_dict()
        if new == old:
            continue
        edit, undo = retarget(new, old if isinstance(old, dict) else None)
        done.extend(store.edit_file(placed.loaded, edit, undo).files)
    return Change(f"confirm anchors of {article.id}", tuple(done))
