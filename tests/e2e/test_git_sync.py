"""`reader sync` with real repositories: a bare origin and clones, each with its own person.

The core runs in-process (as the app will call it); the command line is run where its
output or exit status is what is tested, and where two syncs must run at the same time.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from gitrepos import ARTICLE, READER, annotation, make_team
from syncing import (
    committed_files,
    head,
    leftover,
    note,
    notes_of,
    porcelain,
    sync_as,
    synced,
    tag,
    tags_of,
)

from reader.annotations.yamlio import dump_annotation
from reader.gitshare.install import driver_status


def test_two_people_sync_in_turn_and_everything_arrives_everywhere(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    tag(alice, 2, "china", "trade")
    note(alice, 2, "the envoy hedges")
    first = synced(alice)
    assert [c.message for c in first.commits] == ["Alice: 2 tags, 1 note on 1 article"]
    assert first.pushed and first.shared
    assert first.sent is not None and first.sent.tags_added == 2

    tag(bob, 3, "oil")
    second = synced(bob)
    assert second.pull == "merge" and second.pulled_commits == 1
    assert [(c.author, c.kind, c.passage) for c in second.incoming] == [("Alice", "added", 2)]
    assert second.pushed

    third = synced(alice)
    assert third.pull == "fast-forward"
    assert [(c.author, c.passage, c.tags_added) for c in third.incoming] == [("Bob", 3, ["oil"])]
    assert not third.commits and not third.pushed and third.shared
    synced(bob)
    for clone in (alice, bob):
        assert tags_of(clone, 2) == ["china", "trade"] and tags_of(clone, 3) == ["oil"]
        assert notes_of(clone, 2) == {"Alice": "the envoy hedges"}
        assert porcelain(clone) == ""
        assert head(clone) == head(clone, "origin/main")
    assert head(alice) == head(bob)


def test_two_people_sync_at_the_same_time(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    tag(alice, 2, "china")
    tag(bob, 3, "oil")
    tag(bob, 2, "energy")
    runs = [
        subprocess.Popen(
            [*READER, "sync", "--annotations", str(c.annotations), "--json"],
            cwd=c.root,
            env=c.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for c in (alice, bob)
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    results = [json.loads(out) for out, _err in outputs]
    assert [r["ok"] for r in results] == [True, True], outputs
    assert all(r["pushed"] for r in results)  # the second one pulled and pushed again
    for clone in (alice, bob, alice, bob):  # each syncs a second time
        synced(clone)
    for clone in (alice, bob):
        assert tags_of(clone, 2) == ["china", "energy"]
        assert tags_of(clone, 3) == ["oil"]
        assert porcelain(clone) == ""
    assert head(alice) == head(bob) == head(alice, "origin/main")


def test_the_users_other_work_staged_and_unstaged_stays_exactly_as_it_was(
    tmp_path: Path,
) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    (alice.root / "README.md").write_text("Team notes\n")
    alice.commit("readme")
    alice.git("push", "-q")
    bob.git("pull", "-q")
    tag(bob, 4, "from-bob")
    synced(bob)  # alice's sync must merge (a fast-forward would not test much)

    article = alice.corpus / f"{ARTICLE}.txt"
    article.write_text(article.read_text() + "\nMy unfinished paragraph.\n")  # unstaged
    (alice.root / "README.md").write_text("Team notes\nstaged line\n")
    alice.git("add", "README.md")
    (alice.root / "README.md").write_text("Team notes\nstaged line\nunstaged line\n")
    (alice.root / "draft.txt").write_text("a new file of mine\n")
    alice.git("add", "draft.txt")  # staged, new
    tag(alice, 2, "china")
    before = {
        "staged": alice.git("diff", "--cached", "--", ".", ":!annotations").stdout,
        "unstaged": alice.git("diff", "--", ".", ":!annotations").stdout,
        "untracked": alice.git(
            "ls-files", "-o", "--exclude-standard", "--", ".", ":!annotations"
        ).stdout,
    }
    old = head(alice)

    result = synced(alice)

    assert result.pull == "merge" and result.pushed
    after = {
        "staged": alice.git("diff", "--cached", "--", ".", ":!annotations").stdout,
        "unstaged": alice.git("diff", "--", ".", ":!annotations").stdout,
        "untracked": alice.git(
            "ls-files", "-o", "--exclude-standard", "--", ".", ":!annotations"
        ).stdout,
    }
    assert after == before
    assert "README.md" in before["staged"] and "draft.txt" in before["staged"]
    assert f"{ARTICLE}.txt" in before["unstaged"] and "unstaged line" in before["unstaged"]
    assert alice.git("show", ":README.md").stdout == "Team notes\nstaged line\n"
    assert "My unfinished paragraph." in article.read_text()
    shared = committed_files(alice, f"{old}..origin/main")
    assert shared and all(path.startswith("annotations/") for path in shared), shared
    assert tags_of(alice, 4) == ["from-bob"]  # bob's tag came in beside all that
    assert alice.git("status", "--porcelain", "--", "annotations").stdout == ""


def test_a_conflict_the_driver_merges_keeps_both_sides(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    rel = f"{ARTICLE}/01JAAAAAAAAAAAAAAAAAAAAAAA.yaml"
    alice.write(rel, annotation("01JAAAAAAAAAAAAAAAAAAAAAAA", tags=["china"], note="base"))
    synced(alice)
    synced(bob)
    data = alice.read(rel) | {"tags": ["china", "trade"], "note": "alice's reading"}
    alice.write(rel, data | {"updated": "2026-02-01T10:00:00Z"})
    data = bob.read(rel) | {"tags": ["oil"], "note": "bob's reading"}
    bob.write(rel, data | {"updated": "2026-02-02T10:00:00Z"})
    synced(alice)
    result = synced(bob)
    assert result.pull == "merge" and not result.resolved  # the driver did it
    synced(alice)
    for clone in (alice, bob):
        merged = clone.read(rel)
        assert merged["tags"] == ["oil", "trade"]
        assert "alice's reading" in merged["note"] and "bob's reading" in merged["note"]
        assert porcelain(clone) == ""


def test_what_the_driver_leaves_is_merged_with_resolves_rules(tmp_path: Path) -> None:
    """Both add the same article's details with different titles: the driver leaves a text
    conflict (a value would be dropped); sync merges it as `reader resolve` would."""
    alice, bob = make_team(tmp_path, "alice", "bob")
    meta = f"{ARTICLE}/article.yaml"
    base = {"schema": 1, "article": ARTICLE}
    alice.write(meta, base | {"title": "Alice's title", "updated": "2026-01-01T10:00:00Z"})
    bob.write(meta, base | {"title": "Bob's title", "updated": "2026-01-02T10:00:00Z"})
    synced(alice)
    result = synced(bob)
    assert result.resolved == [f"annotations/{meta}"]
    assert bob.read(meta)["title"] == "Bob's title"  # the later one, as resolve keeps it
    synced(alice)
    assert alice.read(meta) == bob.read(meta)
    assert "<<<<<<<" not in (alice.annotations / meta).read_text()


def test_a_repository_that_pulls_with_rebase_is_rebased_not_merged(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    bob.git("config", "pull.rebase", "true")
    tag(alice, 2, "china")
    synced(alice)
    tag(bob, 3, "oil")
    (bob.root / "notes.txt").write_text("bob's own file\n")
    bob.git("add", "notes.txt")  # staged: `git pull --rebase` would refuse
    result = synced(bob)
    assert result.pull == "rebase" and result.pushed
    parents = bob.git("log", "--format=%p", "origin/main").stdout.split("\n")
    assert all(len(p.split()) <= 1 for p in parents if p)  # no merge commit
    assert bob.git("log", "-1", "--format=%an %s", "origin/main").stdout.startswith(
        "Bob Bob: 1 tag on 1 article"
    )
    assert bob.git("diff", "--cached", "--name-only").stdout == "notes.txt\n"
    synced(alice)
    assert tags_of(alice, 3) == ["oil"] and tags_of(bob, 2) == ["china"]


def test_a_clone_without_the_driver_gets_it_before_anything_merges(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob", driver=False)
    assert driver_status(alice.annotations) is not None
    rel = f"{ARTICLE}/01JAAAAAAAAAAAAAAAAAAAAAAA.yaml"
    alice.write(rel, annotation("01JAAAAAAAAAAAAAAAAAAAAAAA", tags=["china"]))
    result = synced(alice)
    assert result.installed and driver_status(alice.annotations) is None
    assert ".gitattributes" in committed_files(alice, "origin/main~1..origin/main")
    bob.write(f"{ARTICLE}/01JBBBBBBBBBBBBBBBBBBBBBBB.yaml", annotation(
        "01JBBBBBBBBBBBBBBBBBBBBBBB", tags=["x"], author="Bob"
    ))  # fmt: skip
    synced(bob)
    assert driver_status(bob.annotations) is None
    # Both now edit alice's annotation: a text merge would conflict, the driver does not.
    synced(alice)
    alice.write(rel, alice.read(rel) | {"tags": ["china", "a"], "updated": "2026-03-01T00:00:00Z"})
    bob.write(rel, bob.read(rel) | {"tags": ["b", "china"], "updated": "2026-03-02T00:00:00Z"})
    synced(alice)
    result = synced(bob)
    assert not result.resolved and bob.read(rel)["tags"] == ["a", "b", "china"]


def test_crash_leftovers_and_invalid_files_are_never_committed(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    temp = leftover(alice)
    broken = alice.annotations / ARTICLE / "01JBROKENBROKENBROKENBROKE.yaml"
    broken.write_text("schema: 1\ntags: [unclosed\n")
    tag(alice, 2, "china")
    result = synced(alice)
    assert len(result.left_out) == 1 and "01JBROKENBROKENBROKENBROKE.yaml" in result.left_out[0]
    files = committed_files(alice, "origin/main~1..origin/main")
    mine = [p for p in (alice.annotations / ARTICLE).glob("*.yaml") if p != broken]
    assert len(mine) == 1 and files == {f"annotations/{ARTICLE}/{mine[0].name}"}
    assert broken.exists()  # left for the user, untouched
    assert not temp.exists()  # its writer is gone: the tag's write in its folder removed it
    synced(bob)
    assert not (bob.annotations / ARTICLE / temp.name).exists()
    assert tags_of(bob, 2) == ["china"]


def test_sync_command_prints_what_went_out_and_came_in(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    tag(alice, 2, "china", "trade")
    synced(alice)
    tag(bob, 3, "oil")
    done = bob.reader("sync", "--annotations", str(bob.annotations))
    out = done.stdout
    assert "committed " in out and "Bob: 1 tag on 1 article" in out
    assert "pulled 1 commit from origin/main (merge)" in out
    assert "Alice" in out and "+china +trade" in out
    assert "sent to origin/main: 1 tag on 1 article" in out
    assert out.rstrip().endswith("everything is shared")
    assert "[3/5] fetching from origin" in done.stderr


def test_dry_run_says_what_would_happen_and_changes_nothing(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob", driver=False)
    tag(alice, 2, "china")
    synced(alice)
    bob.git("fetch", "-q")
    tag(bob, 3, "oil")
    note(bob, 3, "a note")
    before = (head(bob), porcelain(bob), bob.git("config", "--list", "--local").stdout)
    done = bob.reader("sync", "--dry-run", "--json", "--annotations", str(bob.annotations))
    found = json.loads(done.stdout)
    assert found["install_driver"] is True
    assert found["commit_message"].startswith("Bob: 1 tag, 1 note on 1 article")
    assert found["pull_commits"] == 1 and found["pull"]["tags_added"] == 1
    assert found["push_commits"] == 1
    assert (head(bob), porcelain(bob), bob.git("config", "--list", "--local").stdout) == before


def test_a_file_left_with_conflict_markers_is_merged_before_it_is_committed(
    tmp_path: Path,
) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    rel = f"{ARTICLE}/01JAAAAAAAAAAAAAAAAAAAAAAA.yaml"
    ours = dump_annotation(annotation("01JAAAAAAAAAAAAAAAAAAAAAAA", tags=["china", "oil"]))
    theirs = dump_annotation(annotation("01JAAAAAAAAAAAAAAAAAAAAAAA", tags=["china", "gas"]))
    path = alice.annotations / rel
    path.parent.mkdir(parents=True)
    path.write_text(f"<<<<<<< ours\n{ours}=======\n{theirs}>>>>>>> theirs\n")
    result = synced(alice)
    assert result.resolved == [f"annotations/{rel}"] and not result.left_out
    assert alice.read(rel)["tags"] == ["china", "gas", "oil"]
    synced(bob)
    assert bob.read(rel)["tags"] == ["china", "gas", "oil"]


def test_annotations_written_during_a_sync_are_committed_and_merged_in_a_second_round(
    tmp_path: Path,
) -> None:
    """The app may save a tag while its sync runs: the files the pull would overwrite are
    then committed too, and the pull is done again (nothing the user wrote is lost)."""
    alice, bob = make_team(tmp_path, "alice", "bob")
    rel = f"{ARTICLE}/01JAAAAAAAAAAAAAAAAAAAAAAA.yaml"
    alice.write(rel, annotation("01JAAAAAAAAAAAAAAAAAAAAAAA", tags=["china"]))
    synced(alice)
    synced(bob)
    bob.write(rel, bob.read(rel) | {"tags": ["china", "bob"], "updated": "2026-03-01T00:00:00Z"})
    synced(bob)
    tag(alice, 2, "first")
    written = []

    def alice_saves_meanwhile(step: int, total: int, message: str) -> None:
        if message == "updating files" and not written:
            data = alice.read(rel) | {"tags": ["alice", "china"]}
            written.append(alice.write(rel, data | {"updated": "2026-03-02T00:00:00Z"}))

    result = sync_as(alice, progress=alice_saves_meanwhile)
    assert result.ok, result.error
    assert written and len(result.commits) == 2 and result.pushed
    assert result.pulled_commits == 1 and not (alice.root / ".git" / "reader-sync.json").exists()
    assert alice.read(rel)["tags"] == ["alice", "bob", "china"]
    assert porcelain(alice) == ""
    synced(bob)
    assert bob.read(rel)["tags"] == ["alice", "bob", "china"] and tags_of(bob, 2) == ["first"]
