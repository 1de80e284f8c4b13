"""Merges that stay readable (issue 9, item 4): a merge never makes a file reader refuses.

Two long notes on one annotation, written on two machines, used to merge cleanly into a
file over the 1 MB read limit: every command then refused it and its tags and both notes
vanished. Now the limit is 4 MB, the driver never writes a file over it (it leaves git's
conflict instead), and `reader resolve` keeps the two notes as two annotations.
"""

from __future__ import annotations

import json
from pathlib import Path

from gitrepos import ARTICLE, Clone, make_team

from reader.annotations.yamlio import MAX_BYTES, load_annotation_file

REF = f"{ARTICLE}#1"


def long_note(word: str, size: int) -> str:
    line = f"{word} " * 9 + word + "\n"
    return line * (size // len(line) + 1)


def with_note(path: Path, note: str, updated: str) -> None:
    """Add a long note to an annotation file (YAML written by hand: fast at megabytes)."""
    lines = path.read_text().splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(("updated:", "note:"))]
    block = "".join(f"  {line}" for line in note.splitlines(keepends=True))
    path.write_text("".join(kept) + f"note: |\n{block}updated: '{updated}'\n")


def two_machines(tmp_path: Path, size: int) -> tuple[Clone, Clone, Path]:
    """One annotation, then a note of `size` bytes on it from each of two clones, each
    committed; the second has not pulled the first's yet."""
    alice, laptop = make_team(tmp_path, "alice", "laptop")
    alice.reader("tag", REF, "talks", "--corpus", str(alice.corpus))
    alice.commit("tag")
    alice.git("push", "-q", "origin", "main")
    laptop.git("pull", "-q")
    [path] = (alice.annotations / ARTICLE).glob("*.yaml")
    rel = path.relative_to(alice.root)
    with_note(alice.root / rel, long_note("desk", size), "2026-03-01T10:00:00Z")
    alice.commit("a long note")
    alice.git("push", "-q", "origin", "main")
    with_note(laptop.root / rel, long_note("laptop", size), "2026-03-02T10:00:00Z")
    laptop.commit("another long note")
    return alice, laptop, laptop.root / rel


def shown(clone: Clone) -> dict:
    done = clone.reader("show", REF, "--json", "--corpus", str(clone.corpus))
    assert done.stderr == ""
    return json.loads(done.stdout)


def test_two_600_kb_notes_merge_into_a_file_every_command_reads(tmp_path: Path) -> None:
    _alice, laptop, path = two_machines(tmp_path, 600_000)
    done = laptop.git("pull", "-q", "--no-rebase", check=False)
    assert done.returncode == 0, done.stderr
    assert 1_200_000 < path.stat().st_size <= MAX_BYTES
    data = shown(laptop)
    assert data["tags"] == ["talks"]
    [note] = data["notes"]
    assert note["text"].startswith("desk desk") and "laptop laptop" in note["text"]


def test_notes_too_long_together_stay_a_conflict_then_resolve_keeps_both(tmp_path: Path) -> None:
    _alice, laptop, path = two_machines(tmp_path, 2_010_000)
    done = laptop.git("pull", "-q", "--no-rebase", check=False)
    assert done.returncode != 0  # the driver refused: one file cannot hold both notes
    assert "would pass the 4 MB read limit" in done.stderr
    text = path.read_text()
    assert "<<<<<<<" in text and "desk desk" in text and "laptop laptop" in text
    show = laptop.reader("show", REF, "--corpus", str(laptop.corpus))
    assert "left out (cannot be read" in show.stderr and "`reader resolve` merges it" in show.stderr
    resolved = laptop.reader("resolve", "--add", "--annotations", str(laptop.annotations))
    assert "the other one is in" in resolved.stdout
    files = sorted((laptop.annotations / ARTICLE).glob("*.yaml"))
    assert len(files) == 2 and all(p.stat().st_size <= MAX_BYTES for p in files)
    assert [load_annotation_file(p).get("tags") for p in files].count(["talks"]) == 1
    data = shown(laptop)
    assert data["tags"] == ["talks"] and len(data["notes"]) == 2
    texts = sorted(n["text"][:30] for n in data["notes"])
    assert texts[0].startswith("--- merged note (other version") and texts[1].startswith("laptop")
    laptop.git("commit", "-q", "--no-edit")
    assert laptop.git("status", "--porcelain").stdout == ""
