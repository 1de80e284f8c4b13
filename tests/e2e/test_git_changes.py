"""End to end with the real commands: `reader tag`/`note` in two clones, pull, `reader
changes`, `reader check`."""

from __future__ import annotations

import json
import sys
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
    assert alice.git("rev-parse", "HEAD").stdout == bob.git("rev-parse", "HEAD").stdout
    checked = run(alice, "check", "--json", check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["annotations"] == 4
    shown = json.loads(run(alice, "show", P2, "--json").stdout)
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


def test_article_metadata_set_in_both_clones(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    run(alice, "meta", ARTICLE, "--date", "2023-05")
    alice.commit("alice dates it")
    alice.git("push", "-q")
    run(bob, "meta", ARTICLE, "--title", "Envoy")
    bob.commit("bob titles it")
    pulled = bob.git("pull", "--no-edit")  # both added article.yaml: merged field by field
    assert "CONFLICT" not in pulled.stdout
    meta = json.loads(run(bob, "meta", ARTICLE, "--json").stdout)  # as reader sees it
    assert (meta["date"], meta["title"]) == ("2023-05", "Envoy")
    bob.git("push", "-q")
    alice.git("pull", "-q")
    run(alice, "meta", ARTICLE, "--title", "Alice's title")
    alice.commit("alice retitles")
    alice.git("push", "-q")
    run(bob, "meta", ARTICLE, "--source", "Xinhua")
    bob.commit("bob sources")
    bob.git("pull", "--no-edit")
    meta = bob.read(f"{ARTICLE}/article.yaml")
    assert (meta["title"], meta["source"]) == ("Alice's title", "Xinhua")


def test_both_add_different_titles_then_check_and_resolve(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    run(alice, "meta", ARTICLE, "--title", "Alice's title")
    alice.commit("alice titles it")
    alice.git("push", "-q")
    run(bob, "meta", ARTICLE, "--title", "Bob's title")
    bob.commit("bob titles it")
    pulled = bob.git("pull", "--no-edit", check=False)
    assert pulled.returncode != 0 and "CONFLICT" in pulled.stdout, "a real contradiction"
    checked = run(bob, "check", check=False)
    assert checked.returncode == 1 and "conflict marker" in checked.stdout
    hook = bob.root / ".git" / "hooks" / "pre-commit"  # the README's hook
    hook.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m reader check --corpus seeds\n')
    hook.chmod(0o755)
    bob.git("add", "-A")
    refused = bob.git("commit", "-q", "--no-edit", check=False)
    assert refused.returncode != 0 and "conflict marker" in refused.stdout + refused.stderr
    resolved = run(bob, "resolve", "--add")
    assert "article.yaml" in resolved.stdout and "kept the later version" in resolved.stdout
    assert run(bob, "check").returncode == 0
    assert bob.read(f"{ARTICLE}/article.yaml")["title"] in (
        "Alice's title",
        "Bob's title",
    )
    bob.git("commit", "-q", "--no-edit")


def test_resolve_refuses_paths_outside_the_annotations(team: tuple[Clone, Clone]) -> None:
    alice, _ = team
    outside = alice.root / "elsewhere.yaml"
    outside.write_text("<<<<<<< a\nx: 1\n=======\nx: 2\n>>>>>>> b\n")
    done = run(alice, "resolve", str(outside), check=False)
    assert done.returncode == 1 and "not an annotation file" in done.stderr
    assert outside.read_text().startswith("<<<<<<<"), "left as it was"
    clean = next((alice.annotations / ARTICLE).glob("*.yaml"))
    before = clean.read_bytes()
    assert "no conflict markers" in run(alice, "resolve", str(clean)).stdout
    assert clean.read_bytes() == before
    assert "no conflicted annotation files" in run(alice, "resolve").stdout


def test_changes_outside_git_says_so(tmp_path: Path) -> None:
    (tmp_path / "annotations").mkdir()
    done = Clone(tmp_path, "x", "x@example.org").reader(
        "changes", "--annotations", "annotations", check=False
    )
    assert done.returncode == 1 and "not inside a git work tree" in done.stderr


def test_changes_after_pull_rebase_names_the_other_author(team: tuple[Clone, Clone]) -> None:
    alice, bob = team
    run(alice, "tag", P3, "energy")
    alice.commit("alice")
    alice.git("push", "-q")
    run(bob, "tag", P2, "oil")
    bob.commit("bob")
    bob.git("pull", "--rebase", "-q")
    changes = changes_since(bob.annotations)
    assert [(c.kind, c.passage, c.author, c.tags_added) for c in changes] == [
        ("added", 3, "Alice", ["energy"])
    ]


def test_changes_credit_an_added_annotation_to_its_author(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    before = alice.git("rev-parse", "HEAD").stdout.strip()
    run(alice, "tag", P2, "trade", "china")
    alice.commit("alice tags")
    alice.git("push", "-q")
    bob.git("pull", "-q", "--no-edit")
    run(bob, "untag", P2, "china")  # bob edits alice's annotation
    bob.commit("bob untags")
    bob.git("push", "-q")
    alice.git("pull", "-q", "--no-edit")
    run(alice, "note", P2, "mine, edited last by me")
    alice.commit("alice notes")
    changes = json.loads(run(alice, "changes", before, "--json").stdout)
    assert [(c["kind"], c["author"], c["tags_added"]) for c in changes] == [
        ("added", "Alice", ["trade"])
    ]
