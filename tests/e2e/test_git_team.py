"""Two clones of one origin annotate in parallel and pull each other's work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gitrepos import ARTICLE, Clone, annotation, make_team

from reader.annotations.yamlio import load_annotation_file
from reader.gitshare.conflicts import find_conflicted
from reader.gitshare.install import driver_status

ID = "01JAAAAAAAAAAAAAAAAAAAAAAA"
REL = f"{ARTICLE}/{ID}.yaml"


def every_annotation_parses(clone: Clone) -> list[dict[str, Any]]:
    """Load every annotation file strictly (what `reader check` does for the files)."""
    files = sorted(clone.annotations.rglob("*.yaml"))
    return [load_annotation_file(path) for path in files]


def edit(clone: Clone, rel: str, **changes: Any) -> None:
    data = clone.read(rel)
    data.update(changes)
    clone.write(rel, {k: v for k, v in data.items() if v is not None})


def shared_annotation(alice: Clone, bob: Clone, **fields: Any) -> None:
    alice.write(REL, annotation(ID, **{"tags": ["china", "trade"], "note": "base"} | fields))
    alice.commit("base annotation")
    alice.git("push", "-q")
    bob.git("pull", "-q")


def test_both_add_annotations_to_one_article_and_pull(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    alice.write(
        f"{ARTICLE}/01JA0000000000000000000001.yaml",
        annotation("01JA0000000000000000000001", tags=["oil"]),
    )
    alice.commit("alice tags")
    alice.git("push", "-q")
    bob.write(
        f"{ARTICLE}/01JB0000000000000000000001.yaml",
        annotation("01JB0000000000000000000001", tags=["gas"], author="Bob"),
    )
    bob.commit("bob tags")
    bob.git("pull", "-q")
    bob.git("push", "-q")
    alice.git("pull", "-q")
    for clone in (alice, bob):
        ids = {data["id"] for data in every_annotation_parses(clone)}
        assert ids == {"01JA0000000000000000000001", "01JB0000000000000000000001"}
        assert find_conflicted(clone.annotations) == []


def test_both_edit_one_annotation_and_the_driver_keeps_everything(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    shared_annotation(alice, bob)
    edit(
        alice,
        REL,
        tags=["china", "energy", "trade"],
        note="alice's reading",
        updated="2026-02-01T10:00:00Z",
    )
    alice.commit("alice edits")
    alice.git("push", "-q")
    edit(bob, REL, tags=["china", "oil"], note="bob's reading", updated="2026-02-02T10:00:00Z")
    bob.commit("bob edits")
    pulled = bob.git("pull", "--no-edit")
    assert "CONFLICT" not in pulled.stdout
    merged = bob.read(REL)
    assert merged["tags"] == ["china", "energy", "oil"]
    assert "alice's reading" in merged["note"] and "bob's reading" in merged["note"]
    assert merged["updated"] == "2026-02-02T10:00:00Z"
    assert bob.git("status", "--porcelain").stdout == ""


def test_delete_in_one_clone_and_edit_in_the_other(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    shared_annotation(alice, bob)
    edit(alice, REL, deleted=True, updated="2026-02-01T10:00:00Z")
    alice.commit("alice deletes")
    alice.git("push", "-q")
    edit(bob, REL, tags=["china", "oil", "trade"], updated="2026-02-02T10:00:00Z")
    bob.commit("bob edits")
    bob.git("pull", "--no-edit")
    merged = bob.read(REL)
    assert "deleted" not in merged, "the edit brings the annotation back"
    assert merged["tags"] == ["china", "oil", "trade"]


def test_delete_against_an_untouched_clone_stays_deleted(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    shared_annotation(alice, bob)
    edit(alice, REL, deleted=True, updated="2026-02-01T10:00:00Z")
    alice.commit("alice deletes")
    alice.git("push", "-q")
    bob.write(
        f"{ARTICLE}/01JB0000000000000000000009.yaml",
        annotation("01JB0000000000000000000009", tags=["x"]),
    )
    bob.commit("bob adds another")
    bob.git("pull", "--no-edit")
    assert bob.read(REL)["deleted"] is True


def test_pull_rebase_uses_the_driver(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    shared_annotation(alice, bob)
    edit(alice, REL, tags=["china"], note="alice", updated="2026-02-01T10:00:00Z")
    alice.commit("alice")
    alice.git("push", "-q")
    edit(bob, REL, tags=["china", "trade", "war"], note="bob", updated="2026-02-02T10:00:00Z")
    bob.commit("bob")
    bob.git("pull", "--rebase", "-q")
    merged = bob.read(REL)
    assert merged["tags"] == ["china", "war"]
    assert "alice" in merged["note"] and "bob" in merged["note"]
    log = bob.git("log", "--format=%s").stdout.split()
    assert log[:2] == ["bob", "alice"], "a straight history"


def test_criss_cross_merge(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    shared_annotation(alice, bob)
    edit(
        alice, REL, tags=["china", "trade", "a"], note="from alice", updated="2026-02-01T10:00:00Z"
    )
    alice.commit("A1")
    alice.git("push", "-q", "origin", "main")
    edit(bob, REL, tags=["china", "b"], note="from bob", updated="2026-02-02T10:00:00Z")
    bob.commit("B1")
    bob.git("push", "-q", "origin", "HEAD:bob")
    alice.git("fetch", "-q")
    bob.git("fetch", "-q")
    alice.git("merge", "--no-edit", "origin/bob")  # A2 = A1 + B1
    bob.git("merge", "--no-edit", "origin/main")  # B2 = B1 + A1
    assert alice.read(REL) == bob.read(REL), "the driver is symmetric"
    edit(alice, REL, tags=[*alice.read(REL)["tags"], "x"], updated="2026-02-03T10:00:00Z")
    alice.commit("A3")
    edit(bob, REL, tags=[*bob.read(REL)["tags"], "y"], updated="2026-02-04T10:00:00Z")
    bob.commit("B3")
    bob.git("push", "-q", "origin", "HEAD:bob")
    alice.git("fetch", "-q")
    bases = alice.git("merge-base", "--all", "HEAD", "origin/bob").stdout.split()
    assert len(bases) == 2, "a criss-cross: two merge bases"
    out = alice.git("merge", "--no-edit", "origin/bob")
    assert "CONFLICT" not in out.stdout
    merged = alice.read(REL)
    assert merged["tags"] == ["a", "b", "china", "x", "y"]
    assert merged["note"].count("from alice") == 1 and merged["note"].count("from bob") == 1


def test_clone_without_driver_then_reader_resolve(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob", driver=False)
    assert driver_status(bob.annotations) is not None
    shared_annotation(alice, bob)
    edit(
        alice,
        REL,
        tags=["china", "trade", "energy"],
        note="alice\nthinks",
        updated="2026-02-01T10:00:00Z",
    )
    alice.commit("alice")
    alice.git("push", "-q")
    edit(bob, REL, tags=["trade", "oil"], note="bob\nthinks", updated="2026-02-02T10:00:00Z")
    bob.commit("bob")
    bob.git("config", "merge.conflictStyle", "diff3")
    pulled = bob.git("pull", "--no-edit", check=False)
    assert pulled.returncode != 0 and "CONFLICT" in pulled.stdout
    path = bob.annotations / REL
    assert find_conflicted(bob.annotations) == [path]
    checked = bob.reader("check", "--corpus", "seeds", check=False)
    assert checked.returncode == 1 and "conflict marker" in checked.stdout
    assert "reader resolve" in checked.stdout
    result = bob.reader("resolve", "--annotations", str(bob.annotations), "--add")
    assert "resolved" in result.stdout
    merged = load_annotation_file(path)
    assert merged["tags"] == ["energy", "oil", "trade"]
    assert "alice\nthinks" in merged["note"] and "bob\nthinks" in merged["note"]
    bob.git("commit", "--no-edit", "-q")
    assert find_conflicted(bob.annotations) == []


def test_resolve_merge_style_markers_takes_the_base_from_the_index(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob", driver=False)
    shared_annotation(alice, bob)
    edit(alice, REL, tags=["china"], note="alice", updated="2026-02-01T10:00:00Z")
    alice.commit("alice")
    alice.git("push", "-q")
    edit(bob, REL, tags=["china", "trade", "oil"], note="bob", updated="2026-02-02T10:00:00Z")
    bob.commit("bob")
    bob.git("pull", "--no-edit", check=False)
    assert "|||||||" not in (bob.annotations / REL).read_text()
    bob.reader("resolve", "--annotations", str(bob.annotations))
    assert bob.read(REL)["tags"] == ["china", "oil"], "alice's removal of trade applies"


def test_git_install_is_idempotent_and_checkable(tmp_path: Path) -> None:
    (alice,) = make_team(tmp_path, "alice", driver=False)
    args = ("git", "install", "--annotations", str(alice.annotations))
    assert alice.reader(*args, "--check", check=False).returncode == 1
    first = alice.reader(*args)
    assert "merge driver" in first.stdout or ".gitattributes" in first.stdout
    again = alice.reader(*args)
    assert "already installed" in again.stdout
    attributes = (alice.root / ".gitattributes").read_text()
    assert attributes.count("annotations/**/*.yaml merge=reader") == 1
    driver = alice.git("config", "--local", "merge.reader.driver").stdout.strip()
    program = driver.split()[0]
    assert Path(program).is_absolute() and not Path(program).is_relative_to(alice.root)
    assert alice.reader(*args, "--check").returncode == 0
    assert driver_status(alice.annotations) is None
    assert driver_status(tmp_path / "not-a-repo") is None


def test_install_for_a_nested_annotations_folder_with_a_space(tmp_path: Path) -> None:
    import subprocess

    from reader.gitshare.install import install, status

    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    folder = tmp_path / "repo" / "my corpus" / "annotations"
    found, done = install(folder)
    assert found.ok and found.ignores_temp and len(done) == 3
    line = (tmp_path / "repo" / ".gitattributes").read_text()
    assert line == '"my corpus/annotations/**/*.yaml" merge=reader\n'
    assert install(folder)[1] == [], "idempotent"
    assert status(folder).ok


def test_clone_without_driver_rebases_then_resolves(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob", driver=False)
    shared_annotation(alice, bob)
    edit(alice, REL, tags=["china"], note="alice", updated="2026-02-01T10:00:00Z")
    alice.commit("alice")
    alice.git("push", "-q")
    edit(bob, REL, tags=["china", "oil", "trade"], note="bob", updated="2026-02-02T10:00:00Z")
    bob.commit("bob")
    assert bob.git("pull", "--rebase", check=False).returncode != 0
    bob.reader("resolve", "--annotations", str(bob.annotations), "--add")
    bob.git("rebase", "--continue")
    merged = bob.read(REL)
    assert merged["tags"] == ["china", "oil"] and "alice" in merged["note"]
    assert "bob" in merged["note"]
    assert bob.git("log", "--format=%s").stdout.split()[:2] == ["bob", "alice"]


def test_reader_check_warns_when_the_clone_lacks_the_driver(tmp_path: Path) -> None:
    (alice,) = make_team(tmp_path, "alice", driver=False)
    done = alice.reader("check", "--corpus", "seeds", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning:" in done.stdout and "reader git install" in done.stdout
    alice.reader("git", "install")
    done = alice.reader("check", "--corpus", "seeds")
    assert "git install" not in done.stdout


def test_resolve_add_stages_a_file_resolved_by_an_earlier_resolve(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob", driver=False)
    shared_annotation(alice, bob)
    edit(alice, REL, tags=["china"], note="alice", updated="2026-02-01T10:00:00Z")
    alice.commit("alice")
    alice.git("push", "-q")
    edit(bob, REL, tags=["china", "oil"], note="bob", updated="2026-02-02T10:00:00Z")
    bob.commit("bob")
    bob.git("pull", "--no-edit", check=False)
    folder = str(bob.annotations)
    first = bob.reader("resolve", "--annotations", folder)
    assert "run with --add" in first.stdout
    second = bob.reader("resolve", "--annotations", folder, "--add")
    assert "staged" in second.stdout and REL.split("/")[1] in second.stdout
    assert bob.git("diff", "--name-only", "--diff-filter=U").stdout == ""
    bob.git("commit", "--no-edit", "-q")
    merged = bob.read(REL)
    assert "alice" in merged["note"] and "bob" in merged["note"]
