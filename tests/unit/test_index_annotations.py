"""Tags, notes and authors reach the index: `tag:`, `note:`, `author:` and hit tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.workspace import Workspace

A000 = "000_6d362e06adb48299"
A003 = "003_f2d72971b5166248"


def refs(ws: Workspace, query: str) -> set[str]:
    return {str(hit.ref) for hit in ws.search(query, limit=None).hits}


def test_tags_notes_and_authors_are_searchable_after_update(ws: Workspace) -> None:
    ws.store.tag(A000, 2, ["actor/china", "Tone"])
    ws.store.set_note(A003, 4, "Xinhua quotes on negotiating")
    summary = ws.update_index()
    assert summary.updated == 2
    assert refs(ws, "tag:actor/china") == {f"{A000}#2"}
    assert refs(ws, "tag:actor") == {f"{A000}#2"}
    assert refs(ws, "tag:ACTOR/China") == {f"{A000}#2"}
    assert refs(ws, "tag:tone") == {f"{A000}#2"}
    assert refs(ws, "tag:actor*") == {f"{A000}#2"}
    assert refs(ws, "note:negotiations") == {f"{A003}#4"}
    author = ws.store.passage_annotations(ws.article(A000))[2].authors[0]
    word = author.split()[0]
    assert refs(ws, f"author:{word}") == {f"{A000}#2", f"{A003}#4"}
    hit = ws.search(f"tag:actor article:{A000}").hits[0]
    assert hit.tags == ("Tone", "actor/china") or hit.tags == tuple(sorted(hit.tags))


def test_a_tag_on_a_repeated_paragraph_stays_on_the_passage_it_was_put_on(
    ws: Workspace,
) -> None:
    a002 = "002_9e357c00aa104845"
    repeat = next(p for p in ws.article(a002).passages if p.duplicate_of is not None)
    first = f"{a002}#{repeat.duplicate_of}"
    phrase = '"' + " ".join(repeat.text.split()[:6]) + f'" article:{a002}'
    assert refs(ws, phrase) == {first}  # text search lists a repeated paragraph once
    ws.tag(repeat.ref, ["echo"])
    ws.note(repeat.ref, "said twice")
    tagged = f"{a002}#{repeat.number}"
    assert refs(ws, "tag:echo") == refs(ws, "note:twice") == {tagged}
    assert ws.search("tag:echo").hits[0].tags == ("echo",)
    assert refs(ws, phrase) == {first, tagged}  # annotated, the repeat is its own hit


def test_reindex_article_applies_a_change_at_once(ws: Workspace) -> None:
    ws.store.tag(A000, 1, ["welcome"])
    ws.reindex([A000])
    assert refs(ws, "tag:welcome") == {f"{A000}#1"}
    assert ws.update_index().updated == 0  # the manifest knows it is up to date
    ws.store.untag(A000, 1, ["welcome"])
    ws.reindex([A000])
    assert refs(ws, "tag:welcome") == set()


def test_user_set_metadata_is_indexed(ws: Workspace) -> None:
    set_meta = getattr(ws.store, "set_article_meta", None)
    if set_meta is None:
        pytest.skip("the annotation store cannot set article metadata yet")
    from reader.dates import PartialDate

    set_meta("002_9e357c00aa104845", date=PartialDate(2023, 4), title="Kirby on the call")
    ws.update_index()
    hits = ws.search("title:kirby", limit=None).hits
    assert {h.article for h in hits} == {"002_9e357c00aa104845"}
    assert {str(h.date) for h in hits} == {"2023-04"}


def test_reindexing_an_article_of_a_jsonl_file(tmp_path: Path) -> None:
    import json

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [
        {"id": "a1", "text": "Kirby spoke about grain.\n\nA second paragraph.", "date": "2023-05"},
        {"id": "a2", "text": "Another article on grain exports."},
    ]
    (corpus / "feed.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    ws = Workspace(corpus, tmp_path / "annotations", tmp_path / "index")
    assert ws.update_index().articles == 2
    ws.store.tag("feed/a1", 1, ["actor/usa"])
    ws.reindex(["feed/a1"])
    assert refs(ws, "tag:actor") == {"feed/a1#1"}
    assert refs(ws, "grain") == {"feed/a1#1", "feed/a2#1"}  # nothing doubled
    summary = ws.update_index()
    assert summary.rebuilt_because is None
    assert refs(ws, "grain") == {"feed/a1#1", "feed/a2#1"}
    assert ws.search("grain").total == 2
    assert ws.update_index().updated == 0
