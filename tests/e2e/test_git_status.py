"""`reader status` and the app's status line: what is unshared, what the last fetch brought,
what needs attention, and an exit status scripts can use."""

from __future__ import annotations

import json
from pathlib import Path

from gitrepos import ARTICLE, Clone, make_team
from syncing import leftover, note, synced, tag

from reader.gitshare.status import repo_status, status_line
from reader.gitshare.sync import fetch_upstream


def status_json(clone: Clone) -> tuple[int, dict]:
    done = clone.reader("status", "--json", "--annotations", str(clone.annotations), check=False)
    return done.returncode, json.loads(done.stdout)


def test_unshared_changes_and_what_others_pushed_as_of_the_last_fetch(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    assert status_line(alice.annotations) == "all shared"
    assert repo_status(alice.annotations).exit_code == 0

    tag(alice, 2, "china", "trade")
    note(alice, 2, "first reading")
    tag(alice, 3, "oil")
    tag(bob, 4, "energy")
    note(bob, 5, "bob's note")
    synced(bob)
    assert status_line(alice.annotations) == "2 unshared"  # no fetch yet: bob is unknown
    assert fetch_upstream(alice.annotations) is None
    assert status_line(alice.annotations) == "2 unshared · 2 new from Bob"

    code, found = status_json(alice)
    assert code == 3
    assert found["behind"] == 1 and found["ahead"] == 0 and found["driver_installed"]
    assert found["unshared_summary"]["words"] == "3 tags, 1 note on 1 article"
    assert found["uncommitted"] == found["unshared"] and len(found["unshared"]) == 2
    assert found["new_from_others"] == {"Bob": 2}
    assert found["line"] == "2 unshared · 2 new from Bob"

    synced(alice)
    assert status_line(alice.annotations) == "all shared"
    assert status_json(alice)[0] == 0


def test_committed_but_not_pushed_still_counts_as_unshared(tmp_path: Path) -> None:
    alice, _bob = make_team(tmp_path, "alice", "bob")
    tag(alice, 2, "china")
    synced(alice, push=False)
    status = repo_status(alice.annotations)
    assert status.pending == [] and len(status.unshared) == 1 and status.ahead == 1
    assert status.summary is not None and status.summary.words() == "1 tag on 1 article"
    assert status.exit_code == 3


def test_what_needs_attention_gives_exit_status_4(tmp_path: Path) -> None:
    alice, _bob = make_team(tmp_path, "alice", "bob", driver=False)
    temp = leftover(alice)
    marked = alice.annotations / ARTICLE / "01JCCCCCCCCCCCCCCCCCCCCCCC.yaml"
    marked.write_text("schema: 1\n<<<<<<< ours\ntags: [a]\n=======\ntags: [b]\n>>>>>>> theirs\n")
    done = alice.reader("status", "--annotations", str(alice.annotations), check=False)
    assert done.returncode == 4
    out = done.stdout
    assert "merge driver: missing" in out
    assert f"in conflict: annotations/{ARTICLE}/{marked.name}" in out
    assert f"left by a crash: annotations/{ARTICLE}/{temp.name} (safe to delete)" in out
    status = repo_status(alice.annotations)
    assert status.leftovers == [f"annotations/{ARTICLE}/{temp.name}"]
    assert "1 in conflict" in status.line() and "no merge driver" in status.line()


def test_no_upstream_and_no_repository(tmp_path: Path) -> None:
    alice, _bob = make_team(tmp_path, "alice", "bob")
    alice.git("branch", "--unset-upstream")
    assert "git push -u origin main" in (fetch_upstream(alice.annotations) or "")
    status = repo_status(alice.annotations)
    assert status.upstream is None and status.exit_code == 4
    assert "git push -u origin main" in status.attention()[-1]
    outside = tmp_path / "nowhere" / "annotations"
    outside.mkdir(parents=True)
    assert status_line(outside) == ""
    done = Clone(tmp_path / "nowhere", "X", "x@example.org").reader(
        "status", "--annotations", str(outside), check=False
    )
    assert done.returncode == 1 and "not inside a git repository" in done.stderr
