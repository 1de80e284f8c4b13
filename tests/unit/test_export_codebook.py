"""`reader codebook import`: REFI-QDA codebooks and projects (a real ATLAS.ti 8.4 export
among them), Taguette-style CSV; merged into codebook.yaml, nothing dropped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from exporting import INTEROP, coded_copy, shared

from reader.cli.main import main
from reader.workspace import Workspace

ATLAS_CODES = {
    # tag: (colour, description)
    "happiness": ("#F00082", ""),
    "Feelings": ("#F00082", "thoughts about breakfast foods"),
    "disgust": ("#F00082", ""),
    "waste_of_time": ("#F00082", ""),
    "Coke/full-fat_Coke": ("#966450", "aka regular"),
    "Coke/diet_Coke": ("#966450", "non sucré"),
    "Coke": ("#966450", "the breakfast of champions"),
    "milk": ("", ""),
    "serene": ("#F00082", ""),
    "bacon_and_eggs": ("#463CC8", "a plate of breakfast made by the hotel"),
    "sleepy": ("#F00082", ""),
    "Breakfast_food": ("#46AA00", "the foods people might eat for breakfast"),
    "cornflakes": ("#DC0000", "breakfast cereal made by Kellogg’s"),
    "rushed": ("#F00082", ""),
}


def run(capsys, corpus: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--corpus", str(corpus)])
    out, err = capsys.readouterr()
    return status, out, err


def codebook_file(corpus: Path) -> dict:
    return yaml.safe_load((corpus.parent / "annotations" / "codebook.yaml").read_text("utf-8"))


@pytest.mark.parametrize("name", ["atlasti-8.4-project.qde", "atlasti-8.4-project.qdpx"])
def test_the_real_atlas_ti_project_brings_all_14_codes(seeds_copy, tmp_path, capsys, name) -> None:
    source = tmp_path / name
    shutil.copy(shared(INTEROP / name), source)
    status, out, _ = run(capsys, seeds_copy, "codebook", "import", str(source))
    assert status == 0
    assert out.splitlines()[0] == (
        f"{name}: 14 codes; 14 added, 0 already in the codebook, 0 conflicts, "
        "6 renamed to fit as tags"
    )
    assert "renamed: 'Coke::diet Coke' -> Coke/diet_Coke" in out
    assert "renamed: '\"rushed\"' -> rushed" in out
    book = Workspace(seeds_copy).codebook()
    assert {t: (e.colour, e.description) for t, e in book.items()} == ATLAS_CODES
    status, out, _ = run(capsys, seeds_copy, "tags", "--all")
    assert "     0  Coke\n     0    diet_Coke\n     0    full-fat_Coke\n" in out
    status, out, _ = run(capsys, seeds_copy, "codebook", "import", str(source))
    assert "0 added, 14 already in the codebook, 0 conflicts" in out.splitlines()[0]


def test_an_import_keeps_existing_codes_and_reports_conflicts(tmp_path, capsys) -> None:
    corpus = coded_copy(tmp_path)
    before = codebook_file(corpus)["tags"]
    source = tmp_path / "codes.csv"
    source.write_text(
        "tag,description,colour\n"
        "actor/china,Something else,#FF0000\n"
        'actor/usa,"The United States: the White House, the State Department, US officials",\n'
        "frame/conflict,War as the frame,green\n"
        "frame/conflict,Again,\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, corpus, "codebook", "import", str(source), "--json")
    assert status == 0
    plan = json.loads(out)
    assert [a["tag"] for a in plan["added"]] == ["frame/conflict"]
    assert plan["unchanged"] == ["actor/usa"]
    assert plan["conflicts"][0].startswith("actor/china: kept the codebook's description")
    assert "frame/conflict: 'frame/conflict' is the same tag" in plan["conflicts"][1]
    after = codebook_file(corpus)["tags"]
    assert {k: v for k, v in after.items() if k in before} == before  # kept as they were
    assert after["frame/conflict"] == {"colour": "green", "description": "War as the frame"}


def test_taguette_csv_with_name_parent_and_a_bad_row(seeds_copy, tmp_path, capsys) -> None:
    source = tmp_path / "taguette.csv"
    source.write_text(
        "\ufefftag,description,number of highlights,number of documents\n"
        "interesting,Worth a second look,3,2\n"
        '"place, named",Where it happens,1,1\n'
        "-negative,Leading dash,0,0\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, seeds_copy, "codebook", "import", str(source), "--dry-run")
    assert status == 0 and "would add: interesting, place-_named, negative" in out
    assert "(dry run: nothing written)" in out
    assert not (seeds_copy.parent / "annotations" / "codebook.yaml").exists()
    nested = tmp_path / "nested.csv"
    nested.write_text("name,parent,description\nchina,actor,China\n", encoding="utf-8")
    run(capsys, seeds_copy, "codebook", "import", str(nested))
    assert codebook_file(seeds_copy)["tags"] == {"actor/china": {"description": "China"}}
    broken = tmp_path / "broken.csv"
    broken.write_text("tag,description\nok,fine\n,no name\n", encoding="utf-8")
    status, _, err = run(capsys, seeds_copy, "codebook", "import", str(broken))
    assert status == 1 and err == f"reader: {broken}:3: no code name in this row\n"
    both = tmp_path / "both.csv"
    both.write_text("tag,name\na,b\n", encoding="utf-8")
    status, _, err = run(capsys, seeds_copy, "codebook", "import", str(both))
    assert status == 1 and "needs exactly one 'tag', 'name' or 'path' column" in err


def test_our_own_qdc_round_trips_with_nesting_and_colours(tmp_path, capsys) -> None:
    corpus = coded_copy(tmp_path)
    target = tmp_path / "book.qdc"
    assert run(capsys, corpus, "export", "-f", "qdc", "-o", str(target))[0] == 0
    other = tmp_path / "other" / "seeds"
    shutil.copytree(corpus, other)
    status, out, _ = run(capsys, other, "codebook", "import", str(target))
    assert status == 0
    assert out.splitlines()[0] == (
        "book.qdc: 10 codes; 7 added, 0 already in the codebook, 0 conflicts, "
        "0 renamed to fit as tags, 3 groups kept as the hierarchy"
    )
    book = Workspace(other).codebook()
    assert set(book) == set(Workspace(corpus).codebook())
    assert book["actor/china"].colour == "#800000"
    assert book["actor/china"].description.startswith("China, its government")


def test_bad_files_are_one_line(tmp_path, seeds_copy, capsys) -> None:
    cases = {
        "x.qdc": b"<CodeBook><Codes><Code name='a'></CodeBook>",
        "y.qdc": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><CodeBook/>',
        "z.qdpx": b"not a zip",
        "w.txt": b"tag\na\n",
        "v.qde": b"<Project xmlns='urn:QDA-XML:project:1.0'/>",
    }
    expected = {
        "x.qdc": ":1: not valid XML",
        "y.qdc": "XML entity declarations are not accepted",
        "z.qdpx": "not a readable .qdpx zip",
        "w.txt": "not a codebook (expected .qdc, .qde, .qdpx, .csv)",
        "v.qde": "no <CodeBook> in it",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        status, _, err = run(capsys, seeds_copy, "codebook", "import", str(path))
        assert status == 1 and err.count("\n") == 1 and expected[name] in err, err
