"""The codebook: the bundled one reads cleanly; saving and renaming keep it canonical."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.annotations.codebook import CodebookEntry
from reader.annotations.store import AnnotationStore
from reader.annotations.yamlio import dump_annotation, load_annotation_file

BUNDLED = Path(__file__).resolve().parents[2] / "annotations" / "codebook.yaml"


def test_the_bundled_codebook_is_canonical_and_complete() -> None:
    data = load_annotation_file(BUNDLED)
    assert BUNDLED.read_text(encoding="utf-8") == dump_annotation(data)
    book = AnnotationStore(BUNDLED.parent).codebook()
    assert {"actor/china", "actor/ukraine", "actor/usa", "theme/peace"} <= set(book)
    keys = [e.key for e in book.values() if e.key]
    assert len(keys) == len(set(keys)) and all(len(k) == 1 for k in keys)
    assert all(e.description and e.colour for e in book.values())


def test_save_and_read_back(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    assert store.codebook() == {}
    store.save_codebook({"b/x": CodebookEntry("b/x", "Bee", "red", "b"), "a": CodebookEntry("a")})
    assert list(store.codebook()) == ["a", "b/x"]
    assert store.codebook()["b/x"] == CodebookEntry("b/x", "Bee", "red", "b")
    assert (tmp_path / "codebook.yaml").read_text() == (
        "schema: 1\ntags:\n  a: {}\n  b/x:\n    colour: red\n    description: Bee\n    key: b\n"
    )


def test_rename_moves_codebook_entries_and_keeps_an_existing_one(tmp_path: Path) -> None:
    shutil.copy(BUNDLED, tmp_path / "codebook.yaml")
    store = AnnotationStore(tmp_path)
    before = store.codebook()
    assert len(store.rename_tag("actor", "party").files) == 1
    after = store.codebook()
    assert "actor/china" not in after and after["party/china"].key == before["actor/china"].key
    store.rename_tag("theme/peace", "theme/diplomacy")  # a merge: the existing entry wins
    assert store.codebook()["theme/diplomacy"] == before["theme/diplomacy"]
    assert "theme/peace" not in store.codebook()


def test_an_invalid_codebook_is_reported_not_used(tmp_path: Path) -> None:
    (tmp_path / "codebook.yaml").write_text("tags:\n  a: {}\n  a: {}\n")
    store = AnnotationStore(tmp_path)
    assert store.codebook() == {}
    assert [e.line for e in store.load_errors] == [3]
