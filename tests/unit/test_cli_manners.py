"""The command line's manners: spans and quotes, new tags said, did-you-mean, plurals,
moved anchors, whole articles; the same tag rule as the app."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.annotations.yamlio import load_annotation_file
from reader.cli.main import main

A = "000_6d362e06adb48299"
SENTENCE = "We think that's a good thing."
CODEBOOK = Path(__file__).resolve().parents[2] / "annotations" / "codebook.yaml"


def run(capsys: pytest.CaptureFixture[str], corpus: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--corpus", str(corpus)])
    out, err = capsys.readouterr()
    return status, out, err


def ref_text(corpus: Path, number: int) -> str:
    return (corpus / f"{A}.txt").read_text(encoding="utf-8").split("\n\n")[number - 1].strip()


def test_tag_a_span_by_offsets_or_by_quote(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(CODEBOOK, seeds_copy.parent / "annotations")
    status, out, err = run(capsys, seeds_copy, "tag", f"{A}#2", "theme/peace", "--quote", SENTENCE)
    assert status == 0 and err == ""  # a codebook code: nothing to say
    ref = out.split(" ", 1)[0]
    assert out == f"{ref} “{SENTENCE}”: tagged; tags: theme/peace\n"
    status, out, err = run(capsys, seeds_copy, "tag", ref, "hedge", "--json")
    data = json.loads(out)
    assert (data["quote"], data["tags"]) == (SENTENCE, ["hedge", "theme/peace"])
    assert err == "reader: new tag: hedge (not in the codebook, not used before)\n"
    status, out, err = run(capsys, seeds_copy, "tag", f"{A}#3", "hedge")
    assert status == 0 and err == ""  # in use now: not new
    spans = [
        load_annotation_file(path)["target"]
        for path in (seeds_copy.parent / "annotations" / A).glob("*.yaml")
        if path.name != "codebook.yaml"
    ]
    assert sorted(t["quote"] for t in spans) == sorted([SENTENCE, ref_text(seeds_copy, 3)])
    status, out, _ = run(capsys, seeds_copy, "show", f"{A}#2")
    assert f"span {ref.split(':')[1]} “{SENTENCE}”: hedge, theme/peace" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tag", f"{A}#2", "bad tag!"), "tag 'bad tag!' holds a space: a tag is one word"),
        (("tag", f"{A}#2", "a\x1bb"), "tag 'a\\x1bb' holds a control character (\\x1b)"),
        (("tag", f"{A}#2", "a,b"), "holds a comma"),
        (("tag", f"{A}#2:5-2", "x"), "the span's end must come after its start"),
        (("tag", f"{A}#2:0-9999", "x"), "is not a span of the passage"),
        (("tag", f"{A}#2", "x", "--quote", "no such words"), "does not hold the quote"),
        (("tags", "rename", "nosuch", "foo"), "no tag 'nosuch' to rename"),
    ],
)
def test_what_is_refused_is_refused_with_the_reason(
    seeds_copy: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    status, out, err = run(capsys, seeds_copy, *args)
    assert status == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("reader: ") and message in err
    assert not any((seeds_copy.parent / "annotations").rglob("*.yaml"))


def test_a_mistyped_command_gets_did_you_mean(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(seeds_copy.parent)
    assert main(["serach", "Kirby"]) == 2
    assert capsys.readouterr().err == (
        "reader: no command or corpus folder named 'serach' (did you mean `reader search`?)\n"
    )
    assert main(["qwxyz"]) == 2
    assert "`reader --help` lists them" in capsys.readouterr().err


def test_tags_lists_unused_codebook_codes_and_marks_the_rest(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(CODEBOOK, seeds_copy.parent / "annotations")
    run(capsys, seeds_copy, "tag", f"{A}#1", "actor/china", "actr/china")
    status, out, _ = run(capsys, seeds_copy, "tags")
    assert status == 0
    lines = out.splitlines()
    assert "     1    china" in lines and "     0    russia" in lines
    assert "     1    china  (not in the codebook)" in lines  # under actr/
    _status, out, _ = run(capsys, seeds_copy, "tags", "--json")
    by_tag = {t["tag"]: t for t in json.loads(out)}
    assert by_tag["actor/russia"]["count"] == 0 and by_tag["actor/russia"]["codebook"]
    assert by_tag["actr/china"]["codebook"] is False


def test_check_counts_moved_anchors_and_says_how_to_confirm(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, seeds_copy, "tag", f"{A}#2", "actor/usa")
    path = seeds_copy / f"{A}.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text("A new first paragraph.\n\n" + text, encoding="utf-8")
    status, out, _ = run(capsys, seeds_copy, "check")
    assert status == 0
    assert "1 anchor moved: `reader check --confirm-anchors` records where they are now" in out
    assert out.endswith("1 file, 1 annotation: 0 invalid, 0 orphans\n")
    status, out, _ = run(capsys, seeds_copy, "check", "--confirm-anchors")
    assert "confirmed anchors: 1 annotation rewritten" in out
    status, out, _ = run(capsys, seeds_copy, "check")
    assert "moved" not in out


def test_show_prints_a_whole_article(seeds_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, seeds_copy, "tag", f"{A}#2", "actor/usa")
    run(capsys, seeds_copy, "note", f"{A}#2", "hedges")
    status, out, _ = run(capsys, seeds_copy, "show", A)
    assert status == 0 and out.startswith(f"{A}  2023-04-26\n")
    assert "\n¶1  The White House has welcomed" in out
    assert '\n¶2  "We welcome the news' in out and "    tags: actor/usa\n" in out
    assert "    note by Test User:\n        hedges\n" in out
    assert out.rstrip().endswith("passages")
    status, out, _ = run(capsys, seeds_copy, "show", A, "--json")
    data = json.loads(out)
    assert data["article"] == A and data["passages"][1]["tags"] == ["actor/usa"]
    assert [p["passage"] for p in data["passages"]] == list(range(1, len(data["passages"]) + 1))
