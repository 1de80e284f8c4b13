"""Keeping the index fresh: only changed files are re-read; damage means a rebuild."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.index.manifest import MANIFEST_NAME
from reader.workspace import Workspace
from tests.conftest import articles

A000 = "000_6d362e06adb48299"
A003 = "003_f2d72971b5166248"


def test_nothing_changed_reads_nothing(ws: Workspace) -> None:
    summary = ws.update_index()
    assert (summary.added, summary.updated, summary.removed) == (0, 0, 0)
    assert summary.articles == 5 and summary.passages > 40
    assert summary.rebuilt_because is None


def test_touched_file_is_checked_not_reindexed(ws: Workspace, seeds_copy: Path) -> None:
    path = seeds_copy / f"{A000}.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert ws.update_index().updated == 0
    assert ws.update_index().updated == 0  # the new mtime was recorded


def test_edited_file_is_reread(ws: Workspace, seeds_copy: Path) -> None:
    path = seeds_copy / f"{A003}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n\nA new paragraph on Kirby.\n")
    summary = ws.update_index()
    assert (summary.added, summary.updated, summary.removed) == (0, 1, 0)
    assert A003 in articles(ws, "Kirby")
    every = ws.search("Zelensky", limit=None)
    counted = ws.search("Zelensky", limit=1)  # counted apart from the hits: deletions skipped
    assert counted.total == every.total == len(every.hits)
    assert counted.articles == every.articles == 5


def test_same_size_edit_is_noticed(ws: Workspace, seeds_copy: Path) -> None:
    path = seeds_copy / f"{A003}.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Peskov", "Pxskov"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert ws.update_index().updated == 1
    assert articles(ws, "Pxskov") == {A003}


def test_new_and_removed_files(ws: Workspace, seeds_copy: Path) -> None:
    (seeds_copy / "extra.txt").write_text("date 2023-06\nA fresh article about Kirby.\n")
    (seeds_copy / f"{A000}.txt").unlink()
    summary = ws.update_index()
    assert (summary.added, summary.updated, summary.removed) == (1, 0, 1)
    assert summary.articles == 5
    assert articles(ws, "Kirby") == {"001_f47f3228949849cf", "002_9e357c00aa104845", "extra"}


def test_missing_index_is_rebuilt(ws: Workspace, tmp_path: Path) -> None:
    for path in (tmp_path / "index").glob("*MAIN*"):
        path.unlink()
    summary = ws.update_index()
    assert summary.rebuilt_because == "missing"
    assert articles(ws, "Kirby")


def test_corrupt_index_is_rebuilt(ws: Workspace, tmp_path: Path) -> None:
    for path in (tmp_path / "index").glob("_MAIN_*.toc"):
        path.write_bytes(b"garbage")
    summary = ws.update_index()
    assert summary.rebuilt_because and summary.rebuilt_because.startswith("corrupt")
    assert summary.added == 5
    assert articles(ws, "date:2023-04-27") == {A003}


def test_lost_segment_is_rebuilt(ws: Workspace, tmp_path: Path) -> None:
    segment = next((tmp_path / "index").glob("MAIN_*.seg"))
    segment.unlink()
    assert ws.update_index().rebuilt_because == "corrupt"
    assert articles(ws, "Kirby")


def test_older_schema_is_rebuilt(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "index" / MANIFEST_NAME
    data = json.loads(path.read_text())
    data["schema"] = 0
    path.write_text(json.dumps(data))
    summary = ws.update_index()
    assert summary.rebuilt_because is not None and summary.rebuilt_because.startswith("schema 0")
    assert ws.update_index().rebuilt_because is None


def test_rebuild_on_request_leaves_other_files_alone(ws: Workspace, tmp_path: Path) -> None:
    keep = tmp_path / "index" / "notes-of-mine.txt"
    keep.write_text("keep me")
    summary = ws.update_index(rebuild=True)
    assert summary.rebuilt_because == "requested"
    assert keep.read_text() == "keep me"


def test_progress_and_cancel(seeds_copy: Path, tmp_path: Path) -> None:
    ws = Workspace(seeds_copy, index_dir=tmp_path / "index")
    calls: list[tuple[int, int]] = []
    summary = ws.update_index(progress=lambda d, t: calls.append((d, t)), cancelled=lambda: True)
    assert summary.added == 0 and calls == []
    summary = ws.update_index(progress=lambda d, t: calls.append((d, t)))
    assert summary.added == 5
    assert calls[-1] == (5, 5)


def test_warnings_are_collected(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "binary.txt").write_bytes(b"abc\x00def")
    ws = Workspace(seeds_copy, index_dir=tmp_path / "index")
    summary = ws.update_index()
    assert any(w.path.name == "binary.txt" for w in summary.warnings)
    assert "1 warning" in summary.line()


def test_parallel_build_matches_serial(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(12):
        (corpus / f"a{n:02d}.txt").write_text(
            f"date 2023-05-{n + 1:02d}\nParagraph one of article {n} on grain.\n\n"
            f"Paragraph two mentions Kirby and number{n}.\n"
        )
    results = []
    for procs in (1, 2):
        ws = Workspace(corpus, tmp_path / "ann", tmp_path / f"index{procs}")
        ws.index.procs = procs
        ws.index.parallel_min_files = 4
        calls: list[int] = []
        summary = ws.update_index(progress=lambda d, t, calls=calls: calls.append(d))
        assert (summary.articles, summary.passages, summary.added) == (12, 24, 12)
        assert calls[-1] == 12
        hits = ws.search("kirby", limit=None).hits
        results.append(sorted(str(h.ref) for h in hits))
        assert ws.update_index().updated == 0
    assert results[0] == results[1] and len(results[0]) == 12


def test_a_link_out_of_the_corpus_is_warned_about_not_read(
    seeds_copy: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Kirby secret outside the corpus\n")
    (seeds_copy / "link.txt").symlink_to(secret)
    ws = Workspace(seeds_copy, index_dir=tmp_path / "index")
    summary = ws.update_index()
    assert any(w.path.name == "link.txt" for w in summary.warnings)
    assert "secret" not in {h.text for h in ws.search("secret", limit=None).hits}
    assert ws.search("secret", limit=None).total == 0
    assert ws.update_index().updated == 0


@pytest.mark.parametrize("python", ["/nonexistent/python", "/bin/false"])
def test_a_worker_that_cannot_run_has_its_share_done_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, python: str
) -> None:
    import reader.index.parallel as parallel

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(8):
        (corpus / f"a{n}.txt").write_text(f"Article {n} about Kirby.\n\nSecond paragraph {n}.\n")
    ws = Workspace(corpus, tmp_path / "ann", tmp_path / "index")
    ws.index.procs = 2
    ws.index.parallel_min_files = 4
    monkeypatch.setattr(parallel.sys, "executable", python)
    summary = ws.update_index()
    assert (summary.articles, summary.passages) == (8, 16)
    assert ws.search("kirby", limit=None).total == 8


def test_a_file_with_the_id_of_a_jsonl_line_wins_and_gives_it_back(
    ws: Workspace, seeds_copy: Path
) -> None:
    (seeds_copy / "feed.jsonl").write_text('{"id": "a1", "text": "zebra from the feed"}\n')
    ws.update_index()
    assert [h.text for h in ws.search("zebra").hits] == ["zebra from the feed"]
    (seeds_copy / "feed").mkdir()
    (seeds_copy / "feed" / "a1.txt").write_text("zebra from the file\n")
    summary = ws.update_index()
    assert [h.text for h in ws.search("zebra").hits] == ["zebra from the file"]
    assert any("same article id as a1.txt" in str(w) for w in summary.warnings)
    assert ws.passage("feed/a1#1")[1].text == "zebra from the file"
    (seeds_copy / "feed" / "a1.txt").unlink()
    ws.update_index()
    assert [h.text for h in ws.search("zebra").hits] == ["zebra from the feed"]


def test_clashing_jsonl_does_not_keep_an_annotated_txt_stale(
    ws: Workspace, seeds_copy: Path
) -> None:
    """`a.jsonl` is skipped beside `a.txt`; its annotation token must not stick to `a.txt`."""
    (seeds_copy / "dup.txt").write_text("A short article about Kirby.\n", encoding="utf-8")
    (seeds_copy / "dup.jsonl").write_text('{"id": "x", "text": "Other."}\n', encoding="utf-8")
    ws.update_index()
    ws.store.tag("dup", 1, ["kirby"])
    assert ws.update_index().updated == 1  # its annotations changed
    assert ws.update_index().updated == 0  # and now nothing did
