"""`reader sync` when things go wrong: each failure is one line, and a state the next sync
(or the git command the line names) carries on from; nothing is lost."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepos import ARTICLE, SEEDS, Clone, make_team
from syncing import head, note, notes_of, porcelain, sync_as, synced, tag, tags_of

from reader.gitshare.sync import sync


def solo_repo(tmp_path: Path) -> Clone:
    """A repository with a corpus and no remote at all."""
    clone = Clone(tmp_path / "solo", "Carol", "carol@example.org")
    (clone.corpus).mkdir(parents=True)
    shutil.copy(SEEDS / f"{ARTICLE}.txt", clone.corpus)
    clone.annotations.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(clone.root)], check=True)
    clone.commit("corpus")
    return clone


def one_line_error(clone: Clone) -> str:
    """Run `reader sync`, expect exit 1 and exactly one line on stderr (after progress)."""
    done = clone.reader("sync", "--annotations", str(clone.annotations), check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if not line.startswith("[")]
    assert len(errors) == 1, done.stderr
    assert errors[0].startswith("reader: ")
    return errors[0]


def test_no_remote_commits_locally_and_says_how_to_add_one(tmp_path: Path) -> None:
    carol = solo_repo(tmp_path)
    tag(carol, 2, "china")
    line = one_line_error(carol)
    assert "your annotations are committed in this clone" in line
    assert "git remote add origin URL" in line and "git push -u origin main" in line
    subject = carol.git("log", "-1", "--format=%s").stdout
    assert subject.startswith("Carol: 1 tag on 1 article; use reader's merge driver")
    assert porcelain(carol) == ""
    tag(carol, 3, "oil")
    result = synced(carol, push=False)
    assert len(result.commits) == 1 and "no remote" in result.notes[0]


def test_an_unreachable_remote_keeps_the_commit_and_the_next_sync_sends_it(
    tmp_path: Path,
) -> None:
    alice, _bob = make_team(tmp_path, "alice", "bob")
    origin = alice.git("remote", "get-url", "origin").stdout.strip()
    alice.git("remote", "set-url", "origin", str(tmp_path / "gone.git"))
    tag(alice, 2, "china")
    result = sync_as(alice)
    assert result.error_kind == "offline"
    assert result.error is not None and result.error.startswith("cannot reach origin (")
    assert "does not appear to be a git repository" in result.error
    assert result.error.endswith(
        "your annotations are committed in this clone; run reader sync again when online"
    )
    assert len(result.commits) == 1 and porcelain(alice) == ""
    assert one_line_error(alice).startswith("reader: cannot reach origin")
    alice.git("remote", "set-url", "origin", origin)
    again = synced(alice)
    assert again.pushed and head(alice) == head(alice, "origin/main")


def test_a_refused_login_is_told_apart_from_being_offline(tmp_path: Path) -> None:
    alice, _bob = make_team(tmp_path, "alice", "bob")
    fake_ssh = tmp_path / "ssh"
    fake_ssh.write_text(
        "#!/bin/sh\necho 'git@example.invalid: Permission denied (publickey).' >&2\nexit 255\n"
    )
    fake_ssh.chmod(0o755)
    alice.git("remote", "set-url", "origin", "git@example.invalid:team/corpus.git")
    alice.git("config", "core.sshCommand", str(fake_ssh))
    tag(alice, 2, "china")
    result = sync_as(alice)
    assert result.error_kind == "auth"
    assert result.error is not None and result.error.startswith("origin refused the login")
    assert "check your access" in result.error and len(result.commits) == 1


def test_a_push_rejected_by_a_newer_remote_is_pulled_again_and_lands(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    tag(alice, 2, "china")
    tag(bob, 3, "oil")
    pushed_meanwhile = []

    def bob_pushes_first(step: int, total: int, message: str) -> None:
        if message.startswith("pushing") and not pushed_meanwhile:
            pushed_meanwhile.append(synced(bob))  # between alice's fetch and her push

    with_retry = sync_as(alice, progress=bob_pushes_first)
    assert with_retry.ok, with_retry.error
    assert pushed_meanwhile and with_retry.pushed
    assert "origin/main moved while pushing: pulled again" in with_retry.notes
    assert with_retry.pulled_commits == 1
    synced(bob)
    assert tags_of(bob, 2) == ["china"] and tags_of(alice, 3) == ["oil"]
    assert head(alice) == head(bob) == head(bob, "origin/main")


def test_a_merge_in_progress_is_refused_with_the_reason(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    for clone, text in ((alice, "alice's readme\n"), (bob, "bob's readme\n")):
        (clone.root / "README.md").write_text(text)
        clone.commit("readme")
    bob.git("push", "-q")
    assert alice.git("pull", "--no-edit", check=False).returncode != 0  # README conflicts
    tag(alice, 2, "china")
    before = (head(alice), porcelain(alice))
    line = one_line_error(alice)
    assert "a merge is in progress" in line and "git merge --abort" in line
    assert (head(alice), porcelain(alice)) == before
    assert (alice.root / ".git" / "MERGE_HEAD").exists()


def test_a_detached_head_and_a_folder_outside_git_are_refused(tmp_path: Path) -> None:
    alice, _bob = make_team(tmp_path, "alice", "bob")
    alice.git("checkout", "-q", "--detach")
    result = sync_as(alice)
    assert result.error is not None and result.error.startswith("HEAD is detached")
    outside = tmp_path / "loose" / "annotations"
    outside.mkdir(parents=True)
    lone = sync(outside)
    assert lone.error is not None and "is not inside a git repository" in lone.error


def test_no_git_identity_is_one_line_saying_how_to_set_it(tmp_path: Path) -> None:
    carol = solo_repo(tmp_path)
    carol.git("config", "user.useConfigOnly", "true")
    (tmp_path / "empty-gitconfig").write_text("")
    env = {
        k: v for k, v in carol.env().items() if not k.startswith(("GIT_AUTHOR", "GIT_COMMITTER"))
    }
    env["GIT_CONFIG_GLOBAL"] = str(tmp_path / "empty-gitconfig")
    done = subprocess.run(
        [sys.executable, "-m", "reader", "sync", "--annotations", str(carol.annotations)],
        cwd=carol.root, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 1
    assert "git does not know who you are: run `git config --global user.name" in done.stderr


def test_incoming_changes_to_a_file_the_user_is_editing_stop_the_pull_safely(
    tmp_path: Path,
) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    (bob.root / "README.md").write_text("from bob\n")
    bob.commit("readme")
    bob.git("push", "-q")
    (alice.root / "README.md").write_text("alice is writing this\n")  # untracked here
    tag(alice, 2, "china")
    result = sync_as(alice)
    assert result.error is not None and "README.md" in result.error
    assert "commit or undo your change" in result.error
    assert (alice.root / "README.md").read_text() == "alice is writing this\n"
    assert len(result.commits) == 1  # the tag is committed; nothing else moved
    assert alice.git("log", "-1", "--format=%s").stdout.startswith("Alice: 1 tag")
    (alice.root / "README.md").unlink()
    assert synced(alice).pushed


def test_a_conflict_outside_the_annotations_stops_before_anything_changes(
    tmp_path: Path,
) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    for clone, text in ((alice, "alice's readme\n"), (bob, "bob's readme\n")):
        (clone.root / "README.md").write_text(text)
        clone.commit("readme")
    bob.git("push", "-q")
    tag(alice, 2, "china")
    result = sync_as(alice)
    assert result.error is not None
    assert result.error.startswith("README.md changed both here and on origin/main")
    assert "nothing was pulled" in result.error and "git pull" in result.error
    assert porcelain(alice) == "" and (alice.root / "README.md").read_text() == "alice's readme\n"
    assert not (alice.root / ".git" / "MERGE_HEAD").exists()


KILL = """
import os, signal, sys
from reader.gitshare.sync import sync

def progress(step, total, message):
    if message.startswith(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)

sync(sys.argv[1], progress=progress)
"""


@pytest.mark.parametrize("at", ["updating files", "recording the pull", "pushing"])
def test_sigkill_in_the_middle_of_a_sync_then_sync_again(tmp_path: Path, at: str) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    tag(bob, 3, "oil")
    synced(bob)
    tag(alice, 2, "china")
    note(alice, 2, "alice's note")
    killed = subprocess.run(
        [sys.executable, "-c", KILL, str(alice.annotations), at],
        cwd=alice.root, env=alice.env(), capture_output=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    journal = alice.root / ".git" / "reader-sync.json"
    if at == "recording the pull":  # files moved, the branch not yet
        assert journal.exists() and head(alice) != head(alice, "origin/main")
        assert (alice.annotations / ARTICLE).is_dir() and tags_of(alice, 3) == ["oil"]
    again = alice.reader("sync", "--annotations", str(alice.annotations))
    if at != "pushing":
        assert "finished an interrupted sync" in again.stdout
    assert not journal.exists()
    assert porcelain(alice) == ""
    assert head(alice) == head(alice, "origin/main")
    synced(bob)
    for clone in (alice, bob):
        assert tags_of(clone, 2) == ["china"] and tags_of(clone, 3) == ["oil"]
        assert notes_of(clone, 2) == {"Alice": "alice's note"}
    assert alice.git("fsck", "--no-dangling").returncode == 0
    assert os.listdir(alice.root / ".git").count("index.lock") == 0


def test_conflicts_left_by_a_stash_are_refused_and_an_old_git_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    (alice.root / "README.md").write_text("one\n")
    alice.commit("readme")
    (alice.root / "README.md").write_text("two\n")
    alice.git("stash", "-q")
    (alice.root / "README.md").write_text("three\n")
    alice.commit("readme again")
    assert alice.git("stash", "pop", check=False).returncode != 0  # README: both changed
    result = sync_as(alice)
    assert result.error is not None and result.error.startswith("README.md in conflict")
    alice.git("checkout", "-q", "HEAD", "--", "README.md")  # the user gives up the stash

    tag(bob, 3, "oil")
    synced(bob)
    tag(alice, 2, "china")
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    real = shutil.which("git")
    fake.write_text(
        f'#!/bin/sh\n[ "$1" = version ] && echo "git version 2.34.1" && exit 0\nexec {real} "$@"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    old = sync_as(alice)
    assert old.error is not None and old.error.startswith("merging needs git 2.38 or newer")
    assert "(this is 2.34)" in old.error and len(old.commits) == 1
