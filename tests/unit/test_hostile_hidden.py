"""Say what is hidden (issue 9, item 5): an annotation file that cannot be read is named.

Every command that leaves out an invalid annotation file says so on stderr (one line per
file, or a count and `reader check`); `reader tag`/`note`/`untag` on a passage whose file
cannot be read refuse with its path and line instead of writing a second file; search
during an unfinished merge says the conflicted files are left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli.main import main
from reader.workspace import Workspace

A = "000_6d362e06adb48299"
MINE = "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C"
CONFLICTED = (
    "schema: 1\nid: '{ulid}'\narticle: '{article}'\ntarget:\n  passage: {passage}\n"
    "  quote: x\n<<<<<<< ours\ntags:\n- q\n=======\ntags:\n- r\n>>>>>>> theirs\n"
    "author:\n  name: {name}\n  email: {email}\n"
)


def run(capsys: pytest.CaptureFixture[str], corpus: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--corpus", str(corpus), "--index-dir", str(corpus.parent / "ix")])
    out, err = capsys.readouterr()
    return status, out, err


def conflicted(corpus: Path, passage: int = 2, email: str = "test@example.org", ulid=MINE) -> Path:
    path = corpus.parent / "annotations" / A / f"{ulid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        CONFLICTED.format(ulid=ulid, article=A, passage=passage, name="Someone", email=email)
    )
    return path


def test_show_and_search_name_a_conflicted_file(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = conflicted(seeds_copy)
    shown = f"annotations/{A}/{path.name}:7: git conflict marker '<<<<<<<' (an unfinished merge)"
    status, out, err = run(capsys, seeds_copy, "search", "tag:q")
    assert status == 0 and out == "0 passages in 0 articles\n"
    assert err.splitlines() == [
        f"reader: left out (cannot be read; its tags and notes are not shown): {shown} "
        "(`reader resolve` merges it)"
    ]
    status, out, err = run(capsys, seeds_copy, "show", f"{A}#2")
    assert status == 0 and "tags: (none)" in out and shown in err
    _, out, err = run(capsys, seeds_copy, "search", "tag:q", "--json")
    assert out == "[]\n" and shown in err


@pytest.mark.parametrize(
    "args", [("tag", "q"), ("note", "a note"), ("untag", "q")], ids=["tag", "note", "untag"]
)
def test_writing_next_to_my_unreadable_file_is_refused(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, str]
) -> None:
    path = conflicted(seeds_copy)
    before = path.read_bytes()
    status, out, err = run(capsys, seeds_copy, args[0], f"{A}#2", args[1])
    assert status == 1 and out == ""
    assert err.startswith(f"reader: annotations/{A}/{path.name}:7: git conflict marker")
    assert f"of {A}#2 may be in this file, which cannot be read; nothing written" in err
    assert "`reader resolve` merges it" in err and len(err.splitlines()) == 1
    assert sorted(path.parent.iterdir()) == [path] and path.read_bytes() == before


def test_someone_elses_unreadable_file_or_another_passage_does_not_block(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = conflicted(seeds_copy, passage=2, email="bob@example.org")
    mine_elsewhere = conflicted(seeds_copy, passage=3, ulid="01HV5Z8Q3M6T9W2X4Y7Z0A1B2D")
    status, out, err = run(capsys, seeds_copy, "tag", f"{A}#2", "china")
    assert status == 0 and out == f"{A}#2: tagged; tags: china\n"
    assert theirs.name in err and mine_elsewhere.name in err  # said, not in the way
    status, _, err = run(capsys, seeds_copy, "untag", f"{A}#2", "china")
    assert status == 1 and theirs.name in err  # untag takes tags off anyone's annotation


def test_many_unreadable_files_are_counted_with_a_pointer_to_check(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = seeds_copy.parent / "annotations" / A
    folder.mkdir(parents=True)
    for n in range(5):
        (folder / f"01HV5Z8Q3M6T9W2X4Y7Z0A1BX{n}.yaml").write_text("tags: [unclosed\n")
    conflicted(seeds_copy)
    status, out, err = run(capsys, seeds_copy, "show", f"{A}#1")
    assert status == 0
    assert err == (
        "reader: 6 annotation files cannot be read and are left out, 1 in conflict "
        "(`reader resolve`): see `reader check`\n"
    )
    status, out, err = run(capsys, seeds_copy, "check")
    assert status == 1 and err == "" and out.count("error: ") == 6  # check lists them itself


def test_the_workspace_lists_hidden_files_for_the_app(seeds_copy: Path, tmp_path: Path) -> None:
    path = conflicted(seeds_copy)
    ws = Workspace(seeds_copy, index_dir=tmp_path / "ix")
    ws.update_index()
    fresh = Workspace(seeds_copy, index_dir=tmp_path / "ix")  # nothing read in this one yet
    assert fresh.hidden_files(index=False) == []
    [line] = fresh.hidden_files()
    assert line.startswith(f"annotations/{A}/{path.name}:7: git conflict marker")
    path.unlink()
    ws.update_index()
    assert fresh.hidden_files() == []
