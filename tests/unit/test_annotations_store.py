"""The annotation store on real files: tagging, notes, undo, merging, bad files, metadata."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from reader.annotations.check import check
from reader.annotations.files import StoreError
from reader.annotations.store import AnnotationStore
from reader.annotations.ulid import is_ulid
from reader.annotations.yamlio import dump_annotation, load_annotation_file
from reader.model import Article, Passage
from reader.tagnames import TagError

PARAS = [
    "Chinese President Xi Jinping held a phone call with Ukrainian President Zelensky.",
    "Xi said China's position is to promote peace talks.",
    "The White House said it welcomed the call.",
]


def make_article(paras: list[str] = PARAS, article_id: str = "2023/xi-call") -> Article:
    passages, at = [], 0
    for number, text in enumerate(paras, 1):
        passages.append(Passage(article_id, number, text, at, at + len(text)))
        at += len(text) + 2
    return Article(article_id, Path(f"{article_id}.txt"), passages)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "annotations"


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def as_author(monkeypatch: pytest.MonkeyPatch, name: str, email: str) -> None:
    monkeypatch.setenv("GIT_AUTHOR_NAME", name)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", email)


def test_tag_writes_one_canonical_file_for_the_current_author(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    change = store.tag(article, 2, ["theme/peace", " Actor / China "])
    [path] = change.paths
    assert path.parent == root / "2023" / "xi-call" and is_ulid(path.stem)
    data = load_annotation_file(path)
    assert data["schema"] == 1 and data["id"] == path.stem and data["article"] == "2023/xi-call"
    assert data["tags"] == ["Actor/China", "theme/peace"]
    assert data["author"] == {"name": "Test User", "email": "test@example.org"}
    assert data["target"]["quote"] == PARAS[1] and data["target"]["passage"] == 2
    assert data["target"]["prefix"].endswith("Zelensky.\n\n") and data["created"].endswith("Z")
    assert path.read_text(encoding="utf-8") == dump_annotation(data)
    shown = store.passage_annotations(article)
    assert list(shown) == [2] and shown[2].tags == ["Actor/China", "theme/peace"]


def test_re_adding_a_tag_is_a_no_op_that_does_not_touch_the_file(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    [path] = store.tag(article, 1, ["actor/china"]).paths
    before = path.stat().st_mtime_ns, path.read_bytes()
    change = store.tag(article, 1, ["ACTOR/CHINA"])
    assert not change and change.paths == []
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_two_authors_each_get_their_own_file_and_the_passage_shows_the_union(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = make_article()
    as_author(monkeypatch, "Ana", "ana@example.org")
    AnnotationStore(root).tag(article, 2, ["actor/china"])
    AnnotationStore(root).set_note(article, 2, "Ana's note")
    as_author(monkeypatch, "Bo", "bo@example.org")
    bo = AnnotationStore(root)
    bo.tag(article, 2, ["theme/peace", "actor/china"])
    bo.set_note(article, 2, "Bo's note\nsecond line")
    assert len(list((root / "2023" / "xi-call").glob("*.yaml"))) == 2
    shown = bo.passage_annotations(article)[2]
    assert shown.tags == ["actor/china", "theme/peace"]
    assert sorted((n.author, n.text) for n in shown.notes) == [
        ("Ana", "Ana's note"),
        ("Bo", "Bo's note\nsecond line"),
    ]
    assert shown.authors == ["Ana", "Bo"]
    # untag removes the tag wherever it sits on that passage, whoever wrote it
    change = bo.untag(article, 2, ["Actor/China"])
    assert len(change.paths) == 2
    assert bo.passage_annotations(article)[2].tags == ["theme/peace"]


def test_clearing_the_last_note_and_tag_leaves_a_tombstone_that_tag_revives(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    [path] = store.set_note(article, 3, "a note").paths
    store.set_note(article, 3, "  ")
    assert load_annotation_file(path)["deleted"] is True
    assert store.passage_annotations(article) == {}
    assert store.tag(article, 3, ["x"]).paths == [path]
    data = load_annotation_file(path)
    assert "deleted" not in data and data["tags"] == ["x"]


def test_blank_note_on_an_unannotated_passage_writes_nothing(root: Path) -> None:
    assert not AnnotationStore(root).set_note(make_article(), 1, "")
    assert not root.exists() or files(root) == {}


def test_revert_restores_exactly_the_files_a_change_touched(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    store.tag(article, 1, ["a"])
    snapshot = files(root)
    change = store.tag(article, 1, ["b"])
    created = store.tag(article, 2, ["c"])
    store.revert(created)
    store.revert(change)
    assert files(root) == snapshot


def test_revert_after_someone_else_changed_the_file_keeps_their_change(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    store.tag(article, 1, ["a"])
    change = store.tag(article, 1, ["b"])
    AnnotationStore(root).tag(article, 1, ["c"])  # a second instance
    store.revert(change)
    assert store.passage_annotations(article)[1].tags == ["a", "c"]


def test_a_file_changed_on_disk_since_it_was_read_is_merged_not_overwritten(root: Path) -> None:
    mine, theirs = AnnotationStore(root), AnnotationStore(root)
    article = make_article()
    [path] = mine.tag(article, 1, ["a"]).paths
    mine.passage_annotations(article)  # mine has read the file
    theirs.tag(article, 1, ["from-pull"])
    theirs.set_note(article, 1, "their note")
    mine.tag(article, 1, ["b"])
    data = load_annotation_file(path)
    assert data["tags"] == ["a", "b", "from-pull"] and data["note"] == "their note"


def test_compare_and_swap_merges_what_changed_between_read_and_write(root: Path) -> None:
    from reader.annotations import edits
    from reader.annotations.changes import rewrite

    store = AnnotationStore(root)
    article = make_article()
    [path] = store.tag(article, 1, ["a"]).paths
    seen = path.read_bytes()
    AnnotationStore(root).tag(article, 1, ["c"])  # lands between our read and our write
    edit, undo = edits.add_tags(["b"], dict)
    change = rewrite(path, edit, "x", undo, seen)
    assert change is not None and change.merged and change.before != seen
    assert load_annotation_file(path)["tags"] == ["a", "b", "c"]


def test_unknown_keys_are_kept_on_rewrite(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    [path] = store.tag(article, 1, ["a"]).paths
    data = load_annotation_file(path)
    data["x-colour"] = "red"
    data["target"]["x-selector"] = {"type": "css"}
    path.write_text(dump_annotation(data), encoding="utf-8")
    store.tag(article, 1, ["b"])
    again = load_annotation_file(path)
    assert again["x-colour"] == "red" and again["target"]["x-selector"] == {"type": "css"}


def test_a_newer_schema_is_read_but_never_written(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    [path] = store.tag(article, 1, ["a"]).paths
    data = load_annotation_file(path) | {"schema": 2}
    path.write_text(dump_annotation(data), encoding="utf-8")
    before = files(root)
    assert store.passage_annotations(article)[1].tags == ["a"]
    with pytest.raises(StoreError, match=r"schema 2\); read-only"):
        store.untag(article, 1, ["a"])
    assert files(root) == before


def test_a_broken_file_is_reported_with_its_line_and_never_overwritten(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    [path] = store.tag(article, 1, ["a"]).paths
    path.write_text(path.read_text() + "tags: [again]\n", encoding="utf-8")
    before = files(root)
    assert store.passage_annotations(article) == {}
    [error] = store.load_errors
    assert str(error).startswith(f"annotations/2023/xi-call/{path.name}:")
    assert error.line and "duplicate key 'tags'" in str(error)
    # It is invisible to _mine, so tagging the passage makes a new file... but untagging
    # and writing to the broken one itself refuse.
    from reader.annotations.changes import rewrite

    with pytest.raises(StoreError, match=r"duplicate key 'tags'.*not changed"):
        rewrite(path, lambda d: d, "x")
    assert files(root) == before


def test_a_half_written_temporary_file_is_ignored(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    store.tag(article, 1, ["a"])
    folder = root / "2023" / "xi-call"
    (folder / ".tmp-01HXXXXXXXXXXXXXXXXXXXXXXX.yaml.123").write_bytes(b"schema: 1\ntags: [unfin")
    assert store.passage_annotations(article)[1].tags == ["a"]
    assert store.load_errors == []
    assert store.tag_counts() == {"a": 1}


def test_shape_errors_are_load_errors(root: Path) -> None:
    folder = root / "2023" / "xi-call"
    folder.mkdir(parents=True)
    (folder / "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml").write_text("schema: 1\nid: x\narticle: a\n")
    store = AnnotationStore(root)
    assert store.passage_annotations(make_article()) == {}
    assert [str(e) for e in store.load_errors] == [
        "annotations/2023/xi-call/01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml: missing key 'target'"
    ]


@pytest.mark.parametrize("bad", ["../x", "/etc/x", "a/../../b", "a\\b", ".git/x", "", "a//b"])
def test_article_ids_that_would_escape_are_refused(root: Path, bad: str) -> None:
    store = AnnotationStore(root)
    with pytest.raises(StoreError, match="not a usable article id"):
        store.tag(make_article(article_id=bad), 1, ["a"])
    assert store.article_meta(bad) is None
    assert not root.exists()


@pytest.mark.parametrize("bad", ["", "   ", "a//b", "/a", "a/", "\x1b", "a/\t/b"])
def test_bad_tags_are_refused(root: Path, bad: str) -> None:
    with pytest.raises(TagError):
        AnnotationStore(root).tag(make_article(), 1, [bad])


def test_tags_are_normalised(root: Path) -> None:
    store = AnnotationStore(root)
    change = store.tag(make_article(), 1, ["  a \t b ", "x\u200b/y", "A  B", "\x1b[31m"])
    assert load_annotation_file(change.paths[0])["tags"] == ["[31m", "a b", "x/y"]


def test_tag_counts_rename_and_merge(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    store.tag(article, 1, ["actor/china", "actor/usa"])
    store.tag(article, 2, ["actor/china", "new/china"])
    store.tag(article, 3, ["theme/peace"])
    assert store.tag_counts() == {
        "actor/china": 2,
        "actor/usa": 1,
        "new/china": 1,
        "theme/peace": 1,
    }
    assert len(store.rename_tag("actor", "new").files) == 2
    assert store.tag_counts() == {"new/china": 2, "new/usa": 1, "theme/peace": 1}
    assert store.passage_annotations(article)[2].tags == ["new/china"]
    assert not store.rename_tag("nothing", "else")


def test_fingerprints_change_with_the_files_and_only_then(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    assert store.fingerprints() == {}
    store.tag(article, 1, ["a"])
    first = store.fingerprints()
    assert list(first) == ["2023/xi-call"] and store.fingerprints() == first
    store.tag(article, 1, ["a"])  # no-op
    assert store.fingerprints() == first
    store.tag(article, 1, ["b"])
    assert store.fingerprints() != first
    second = store.fingerprints()
    store.set_article_meta("2023/xi-call", title="A title")
    assert store.fingerprints() != second


def test_one_articles_fingerprint_is_its_entry_in_fingerprints(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    assert store.fingerprint(article.id) is None
    store.tag(article, 1, ["a"])
    (root / "2023" / "other").mkdir()
    (root / "2023" / "other" / "x.yaml").write_text("schema: 1\n")  # a sub-article's file
    (root / "2023" / "xi-call" / ".tmp-y.yaml.1").write_text("junk")  # hidden: not counted
    prints = store.fingerprints()
    assert store.fingerprint(article.id) == prints[article.id]
    assert store.fingerprint("2023/other") == prints["2023/other"]
    assert store.fingerprint("2023") is None and store.fingerprint("../x") is None


def test_article_metadata_set_show_and_clear(root: Path) -> None:
    store = AnnotationStore(root)
    assert store.article_meta("002") is None
    store.set_article_meta("002", date="2023-4", title=" The  call ", source="CGTN")
    meta = store.article_meta("002")
    assert (str(meta.date), meta.title, meta.source) == ("2023-04", "The call", "CGTN")
    text = (root / "002" / "article.yaml").read_text()
    assert "date: '2023-04'\n" in text and text.startswith("schema: 1\narticle: '002'\n")
    store.set_article_meta("002", title="")
    assert store.article_meta("002").title is None
    with pytest.raises(StoreError, match="not a date"):
        store.set_article_meta("002", date="May 2023")
    # metadata files are not annotations
    assert store.tag_counts() == {} and store.load_errors == []


def test_re_anchoring_does_not_rewrite_files(root: Path) -> None:
    store = AnnotationStore(root)
    store.tag(make_article(), 2, ["a"])
    before = files(root)
    edited = make_article(["A new first paragraph.", *PARAS])
    assert store.passage_annotations(edited)[3].tags == ["a"]
    assert files(root) == before


def test_orphans_are_kept_and_listed_with_a_reason(root: Path) -> None:
    store = AnnotationStore(root)
    store.tag(make_article(), 3, ["a"])
    edited = make_article(PARAS[:2])
    assert store.passage_annotations(edited) == {}
    [orphan] = store.orphans(edited)
    assert orphan.path.startswith("annotations/2023/xi-call/") and orphan.tags == ("a",)
    assert orphan.reason
    report = check(store, [edited])
    assert not report.ok and [o.reason for o in report.orphans] == [orphan.reason]


def test_tag_by_article_id_uses_the_resolver(root: Path) -> None:
    article = make_article()
    store = AnnotationStore(root, resolve=lambda article_id: article)
    assert store.tag(article.id, 1, ["a"])
    assert AnnotationStore(root).passage_annotations(article) != {}
    with pytest.raises(StoreError, match="no corpus"):
        AnnotationStore(root).tag(article.id, 1, ["b"])


def test_unwritable_annotations_folder_is_a_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "annotations"
    root.mkdir()
    (root / "2023").write_text("a file where a folder should be")
    with pytest.raises(StoreError, match="cannot write"):
        AnnotationStore(root).tag(make_article(), 1, ["a"])
    assert (root / "2023").read_text() == "a file where a folder should be"


def test_check_reports_bad_files_conflicts_orphans_and_leftovers(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    [path] = store.tag(article, 1, ["a"]).paths
    store.tag(make_article(article_id="gone"), 1, ["b"])
    folder = path.parent
    (folder / "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml").write_text("a: 1\n<<<<<<< HEAD\n")
    (folder / ".tmp-x.yaml.1").write_text("junk")
    report = check(store, [article])
    assert [e.line for e in report.conflicted] == [2]
    assert [o.reason for o in report.orphans] == ["the article is not in the corpus"]
    assert any("leftover temporary file" in w for w in report.warnings)
    assert report.as_json()["ok"] is False


def test_the_store_never_writes_outside_its_folder(tmp_path: Path) -> None:
    root = tmp_path / "annotations"
    store = AnnotationStore(root)
    store.tag(make_article(), 1, ["a"])
    store.set_article_meta("2023/xi-call", title="t")
    outside = [p for p in tmp_path.rglob("*") if root not in p.parents and p != root]
    assert outside == []
    assert os.listdir(root) == ["2023"]


def _tag_after(barrier: Any, root: Path, tag: str) -> None:
    barrier.wait()
    AnnotationStore(root).tag(make_article(), 1, [tag])


def test_racing_first_tags_by_one_author_share_one_file(root: Path) -> None:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(6)
    workers = [context.Process(target=_tag_after, args=(barrier, root, f"t{i}")) for i in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [w.exitcode for w in workers] == [0] * 6
    [path] = (root / "2023" / "xi-call").glob("*.yaml")
    assert load_annotation_file(path)["tags"] == [f"t{i}" for i in range(6)]


def test_rename_with_an_invalid_codebook_changes_nothing(root: Path) -> None:
    store = AnnotationStore(root)
    store.tag(make_article(), 1, ["actor/usa"])
    (root / "codebook.yaml").write_text("schema: 1\ntags: {}\ntags: {}\n")
    before = files(root)
    with pytest.raises(StoreError, match=r"duplicate key 'tags'.*not changed"):
        store.rename_tag("actor/usa", "actor/us")
    assert files(root) == before


def test_links_inside_the_folder_lead_nowhere_outside(tmp_path: Path) -> None:
    root, outside = tmp_path / "annotations", tmp_path / "outside"
    outside.mkdir()
    root.mkdir()
    (root / "2023").symlink_to(outside)  # a clone's git can carry such a link
    store = AnnotationStore(root)
    article = make_article()
    with pytest.raises(StoreError, match="a link"):
        store.tag(article, 1, ["a"])
    with pytest.raises(StoreError, match="a link"):
        store.set_article_meta("2023/xi-call", title="t")
    assert list(outside.iterdir()) == [] and store.passage_annotations(article) == {}
    (root / "2023").unlink()
    [path] = AnnotationStore(root).tag(article, 1, ["a"]).paths
    secret = outside / "secret.yaml"
    secret.write_bytes(path.read_bytes().replace(b"- a", b"- secret"))
    (path.parent / "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml").symlink_to(secret)
    store = AnnotationStore(root)
    assert store.passage_annotations(article)[1].tags == ["a"]
    assert [e.message for e in store.load_errors] == [
        "a link; annotation files must be plain files"
    ]
    (root / "elsewhere").symlink_to(outside)
    report = check(store, [article])
    assert any("elsewhere: a link to a folder; not read" in w for w in report.warnings)


def test_awkward_notes_come_back_exactly(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    for note in [
        "tab\there\r\nCRLF kept",
        "nel\x85ls\u2028end",
        "emoji 🇺🇦 and RTL שלום",
        "---\n...\n- not a list\n",
        "no",
        "  leading and trailing  ",
    ]:
        store.set_note(article, 1, note)
        assert AnnotationStore(root).passage_annotations(article)[1].notes[0].text == note


def test_an_undecodable_command_line_note_is_written_with_a_replacement(root: Path) -> None:
    store = AnnotationStore(root)
    [path] = store.set_note(make_article(), 1, "bad \udcff byte").paths
    assert load_annotation_file(path)["note"] == "bad \ufffd byte"


def test_a_note_too_large_to_read_back_is_refused(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    store.set_note(article, 1, "small")
    before = files(root)
    with pytest.raises(StoreError, match="would exceed 4,000,000 bytes"):
        store.set_note(article, 1, "x" * 4_000_001)
    assert files(root) == before


def test_check_warns_when_the_article_field_disagrees_with_the_folder(root: Path) -> None:
    store = AnnotationStore(root)
    article = make_article()
    [path] = store.tag(article, 1, ["a"]).paths
    text = path.read_text().replace("article: '2023/xi-call'", "article: '../../etc'")
    path.write_text(text)
    report = check(AnnotationStore(root), [article])
    assert report.ok and report.orphans == []
    assert any("'../../etc' differs from its folder (2023/xi-call)" in w for w in report.warnings)
    assert path.read_text() == text


def test_check_warns_about_a_bad_date_in_article_metadata(root: Path) -> None:
    folder = root / "2023" / "xi-call"
    folder.mkdir(parents=True)
    (folder / "article.yaml").write_text("schema: 1\ndate: sometime in May\n")
    store = AnnotationStore(root)
    assert store.article_meta("2023/xi-call") is None
    report = check(store, [make_article()])
    assert report.ok and report.warnings == [
        "annotations/2023/xi-call/article.yaml: date 'sometime in May' is not YYYY, YYYY-MM "
        "or YYYY-MM-DD"
    ]
