"""Re-attaching annotations and confirming moved anchors, on real files and the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.annotations.files import StoreError
from reader.annotations.reattach import confirm_anchors, reattach
from reader.annotations.store import AnnotationStore
from reader.annotations.yamlio import load_annotation_file
from reader.cli.main import main
from reader.model import Article
from reader.paragraphs import make_passages

PARAS = [
    "Chinese President Xi Jinping held a phone call with Ukrainian President Zelensky.",
    "Xi said China's position is to promote peace talks.",
    "The White House said it welcomed the call.",
]
A = "000_6d362e06adb48299"


def make_article(paras: list[str], article_id: str = "2023/xi-call") -> Article:
    return Article(article_id, Path(f"{article_id}.txt"), make_passages(article_id, paras))


def test_confirm_rewrites_a_moved_anchor_and_undo_restores_the_bytes(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "annotations")
    [path] = store.tag(make_article(PARAS), 2, ["theme/peace"]).paths
    store.tag(make_article(PARAS), 1, ["actor/xi"])
    before = path.read_bytes()
    moved = make_article(["A new first paragraph.", *PARAS])
    assert [p.placement.method for p in store.placed(moved)].count("quote") == 2
    change = confirm_anchors(store, moved)
    assert len(change.files) == 2
    target = load_annotation_file(path)["target"]
    assert target["passage"] == 3 and target["quote"] == PARAS[1]
    assert target["prefix"].endswith(PARAS[0][-20:] + "\n\n")
    assert {p.placement.method for p in store.placed(moved)} == {"position"}
    assert not confirm_anchors(store, moved)  # nothing moved any more: nothing written
    store.revert(change)
    assert path.read_bytes() == before


def test_confirm_leaves_exact_positions_and_orphans_alone(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "annotations")
    [kept] = store.tag(make_article(PARAS), 1, ["a"]).paths
    [lost] = store.tag(make_article(PARAS), 2, ["b"]).paths
    edited = make_article([PARAS[0], "Completely different words about the weather.", PARAS[2]])
    snapshot = {p: p.read_bytes() for p in (kept, lost)}
    assert not confirm_anchors(store, edited)
    assert {p: p.read_bytes() for p in (kept, lost)} == snapshot
    assert len(store.orphans(edited)) == 1


def test_an_orphan_reattached_keeps_its_tags_and_note(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "annotations")
    [path] = store.tag(make_article(PARAS), 2, ["theme/peace"]).paths
    store.set_note(make_article(PARAS), 2, "key passage")
    before = path.read_bytes()
    edited = make_article([PARAS[0], "Xi called for negotiations, without conditions.", PARAS[2]])
    [orphan] = store.orphans(edited)
    change = reattach(store, edited, orphan.annotation, 2)
    assert store.orphans(edited) == []
    shown = store.passage_annotations(edited)[2]
    assert shown.tags == ["theme/peace"] and shown.notes[0].text == "key passage"
    saved = load_annotation_file(path)
    assert saved["target"]["quote"] == edited.passages[1].text and saved["id"] == path.stem
    store.revert(change)
    assert path.read_bytes() == before


def test_reattach_mistakes_are_one_line_and_touch_nothing(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "annotations")
    [path] = store.tag(make_article(PARAS), 2, ["x"]).paths
    other = make_article(PARAS, "2023/other")
    before = path.read_bytes()
    for ident, article, number, message in [
        ("../../etc/passwd", make_article(PARAS), 1, "not an annotation id"),
        ("01HV5Z8Q3M6T9W2X4Y7Z0A1B2C", make_article(PARAS), 1, "no annotation"),
        (path.stem, other, 1, "belongs to 2023/xi-call"),
        (path.stem, make_article(PARAS), 9, "has no passage 9"),
    ]:
        with pytest.raises(StoreError, match=message):
            reattach(store, article, ident, number)
    assert path.read_bytes() == before


def run(capsys: pytest.CaptureFixture[str], corpus: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--corpus", str(corpus)])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_confirm_anchors_and_reattach(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, seeds_copy, "tag", f"{A}#2", "moved")
    run(capsys, seeds_copy, "tag", f"{A}#3", "lost")
    run(capsys, seeds_copy, "note", f"{A}#3", "keep me")
    article = seeds_copy / f"{A}.txt"
    paras = article.read_text(encoding="utf-8").split("\n\n")
    paras[2] = "Entirely different words now."  # passage 3's annotation is orphaned
    article.write_text("\n\n".join([paras[0], "A new paragraph.", *paras[1:]]), encoding="utf-8")
    status, out, _ = run(capsys, seeds_copy, "check", "--confirm-anchors")
    assert status == 1 and "1 orphans" in out
    assert "confirmed anchors: 1 annotations rewritten" in out
    folder = seeds_copy.parent / "annotations" / A
    moved = next(p for p in folder.iterdir() if "moved" in load_annotation_file(p)["tags"])
    assert load_annotation_file(moved)["target"]["passage"] == 3
    orphan = json.loads(run(capsys, seeds_copy, "check", "--json")[1])["orphans"][0]
    status, out, err = run(capsys, seeds_copy, "reattach", Path(orphan["path"]).stem, f"{A}#4")
    assert status == 0 and f"{A}#4: re-attached" in out, err
    status, out, _ = run(capsys, seeds_copy, "check")
    assert status == 0 and "0 orphans" in out
    status, out, _ = run(capsys, seeds_copy, "search", "tag:lost", "--json")
    assert f"{A}#4" in out
    status, _, err = run(capsys, seeds_copy, "reattach", "nonsense", f"{A}#4")
    assert status == 1 and err.startswith("reader: ") and err.count("\n") == 1


def test_an_annotation_is_named_by_its_ulid_or_its_file_path() -> None:
    from reader.annotations.reattach import annotation_id_of

    ulid = "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C"
    assert annotation_id_of(ulid.lower()) == ulid
    assert annotation_id_of(f"annotations/2023/xi-call/{ulid}.yaml") == ulid
    with pytest.raises(StoreError, match="not an annotation id"):
        annotation_id_of("annotations/2023/xi-call/article.yaml")
