"""The workspace finds articles and passages by id, and refuses ids that climb out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.workspace import Workspace, WorkspaceError


def test_default_annotations_folder_is_beside_the_corpus(seeds_copy: Path) -> None:
    ws = Workspace(seeds_copy)
    assert ws.annotations == seeds_copy.parent / "annotations"


def test_index_lives_in_the_cache_keyed_by_corpus_path(seeds_copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "seeds"
    other.mkdir(parents=True)
    first, second = Workspace(seeds_copy), Workspace(other)
    assert first.index_dir != second.index_dir
    assert seeds_copy not in first.index_dir.parents
    assert Workspace(seeds_copy, index_dir=tmp_path / "ix").index_dir == tmp_path / "ix"


def test_passage_by_reference(seeds_copy: Path) -> None:
    article, passage = Workspace(seeds_copy).passage("000_6d362e06adb48299#1")
    assert str(article.date) == "2023-04-26"
    assert passage.text.startswith("The White House has welcomed")


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("000_6d362e06adb48299", "not a passage reference"),
        ("000_6d362e06adb48299#0", "not a passage reference"),
        ("000_6d362e06adb48299#99", "has no passage 99"),
        ("nope#1", "no article 'nope'"),
        ("../seeds/000_6d362e06adb48299#1", "not an article id"),
        ("/etc/passwd#1", "not an article id"),
    ],
)
def test_bad_references_get_a_clear_message(seeds_copy: Path, ref: str, message: str) -> None:
    with pytest.raises(WorkspaceError, match=message):
        Workspace(seeds_copy).passage(ref)


def test_symlink_out_of_the_corpus_is_not_followed(seeds_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret.")
    (seeds_copy / "link.txt").symlink_to(secret)
    with pytest.raises(WorkspaceError, match="no article"):
        Workspace(seeds_copy).article("link")


def test_jsonl_article_by_id(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "feeds").mkdir(parents=True)
    line = {"id": "may/envoy", "text": "One.\n\nTwo.", "date": "2023-05"}
    (corpus / "feeds" / "wire.jsonl").write_text(json.dumps(line) + "\n")
    article, passage = Workspace(corpus).passage("feeds/wire/may/envoy#2")
    assert str(article.date) == "2023-05" and passage.text == "Two."


def test_missing_corpus_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="corpus folder not found"):
        Workspace(tmp_path / "nowhere")


def test_article_follows_edits_of_its_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text(json.dumps({"id": "a", "text": "One."}) + "\n")
    ws = Workspace(corpus)
    assert ws.article("feed/a").passages[0].text == "One."
    ws.article("feed/a").passages.append(ws.article("feed/a").passages[0])  # a caller's copy
    assert len(ws.article("feed/a").passages) == 1
    (corpus / "feed.jsonl").write_text(json.dumps({"id": "a", "text": "Uno.\n\nDos."}) + "\n")
    assert [p.text for p in ws.article("feed/a").passages] == ["Uno.", "Dos."]
    (corpus / "feed").mkdir()
    (corpus / "feed" / "a.txt").write_text("Shadow.\n")
    assert ws.article("feed/a").passages[0].text == "Shadow."
    (corpus / "feed" / "a.txt").unlink()
    assert ws.article("feed/a").passages[0].text == "Uno."  # the line is no longer shadowed
