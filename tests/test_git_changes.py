"""End to end with the real commands: `reader tag`/`note` in two clones, pull, `reader
changes`, `reader check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gitrepos import ARTICLE, Clone, make_team

from reader.gitshare.changes import changes_since

P2 = f"{ARTICLE}#2"
P3 = f"{ARTICLE}#3"


def run(clone: Clone, *args: str, check: bool = True):
    return clone.reader(*args, "--corpus", "seeds", check=check)


@pytest.fixture
def team(tmp_path: Path) -> tuple[Clone, Clone]:
    alice, bob = make_team(tmp_path, "alice", "bob")
    run(alice, "tag", P2, "china", "trade")
    run(alice, "note", P2, "first reading")
    alice.commit("alice starts")
    alice.git("push", "-q")
    bob.git("pull", "-q")
    return alice, bob


def test_both_tag_one_passage_pull_and_check(team: tuple[Clone, Clone]) -> None:
    alice, bob = team
    run(alice, "tag", P3, "energy")
    alice.commit("alice tags 3")
    alice.git("push", "-q")
    run(bob, "tag", P2, "diplomacy")
    run(bob, "tag", P3, "oil")
    bob.commit("bob tags 2 and 3")
    bob.git("pull", "--no-edit")
    bob.git("push", "-q")
    alice.git("pull", "-q")
    for clone in (alice, bob):
        checked = run(clone, "check", "--json", check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert json.loads(checked.stdout)["annotations"] == 4
        shown = json.loads(run(clone, "show", P2, "--json").stdout)
        assert shown["tags"] == ["china", "diplomacy", "trade"]


def test_changes_after_a_pull_lists_exactly_what_the_other_clone_did(
    team: tuple[Clone, Clone],
) -> None:
    alice, bob = team
    run(bob, "untag", P2, "trade")  # edits alice's annotation
    run(bob, "tag", P3, "oil")  # bob's own new annotation
    run(bob, "note", P3, "bob thinks\nin two lines")
    bob.commit("bob")
    bob.git("push", "-q")
    run(alice, "tag", P2, "energy")  # alice's own work is not news to her
    alice.commit("alice")
    alice.git("pull", "--no-edit")

    changes = changes_since(alice.annotations)
    summary = sorted(
        (c.kind, c.passage, c.author, tuple(c.tags_added), tuple(c.tags_removed), c.note_after)
        for c in changes
    )
    assert summary == [
        ("added", 3, "Bob", ("oil",), (), "bob thinks\nin two lines"),
        ("changed", 2, "Bob", (), ("trade",), "first reading"),
    ]
    text = run(alice, "changes").stdout
    assert "Bob" in text and "-trade" in text and "+oil" in text and "energy" not in text
    as_json = json.loads(run(alice, "changes", "--json").stdout)
    assert {c["kind"] for c in as_json} == {"added", "changed"}
    assert next(c for c in as_json if c["kind"] == "changed")["note_changed"] is False


def test_changes_with_an_explicit_revision_and_without_history(tmp_path: Path) -> None:
    (alice,) = make_team(tmp_path, "alice")
    first = alice.git("rev-parse", "HEAD").stdout.strip()
    run(alice, "tag", P2, "china")
    alice.commit("tag")
    out = run(alice, "changes", first).stdout
    assert "Alice" in out and "added" in out and "+china" in out
    bad = run(alice, "changes", "no-such-rev", check=False)
    assert (
        bad.returncode == 1 and "unknown revision" in bad.stderr and "Traceback" not in bad.stderr
    )


def test_same_person_on_two_machines_edits_one_note(tmp_path: Path) -> None:
    alice, laptop = make_team(tmp_path, "alice", "laptop")
    laptop.name, laptop.email = alice.name, alice.email
    run(alice, "note", P2, "draft")
    alice.commit("draft")
    alice.git("push", "-q")
    laptop.git("pull", "-q")
    run(alice, "note", P2, "desk version")
    run(alice, "tag", P2, "china")
    alice.commit("desk")
    alice.git("push", "-q")
    run(laptop, "note", P2, "train version")
    run(laptop, "tag", P2, "trade")
    laptop.commit("train")
    pulled = laptop.git("pull", "--no-edit")
    assert "CONFLICT" not in pulled.stdout
    shown = (laptop.annotations / ARTICLE).glob("*.yaml")
    (only,) = list(shown)
    text = only.read_text()
    assert "desk version" in text and "train version" in text and "--- merged note" in text
    assert run(laptop, "check", check=False).returncode == 0
