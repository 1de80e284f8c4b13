"""Spelling variants: `annotations/variants.yaml`, searched as one word; `reader variants`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.annotations.shared_yaml import SharedFileError
from reader.annotations.variants import read_variants
from reader.workspace import Workspace

ARTICLES = {
    "a.txt": "President Zelensky spoke to Xi on Wednesday.",
    "b.txt": "President Zelenskyy thanked the allies in Kiev.",
    "c.txt": "Präsident Selenskyj reiste nach Kyiv.",
    "d.txt": "Zelenskiy's office said the talks would go on.",
    "e.txt": "The United States welcomed the call, the Wall Street Journal reported.",
    "f.txt": "US officials and the WSJ were cautious.",
    "g.txt": "Sergei Lavrov answered. Sergey Shoigu did not.",
}
VARIANTS = """\
# groups of spellings
- [Zelensky, Zelenskyy, Zelenskiy, Selenskyj]
- [Kyiv, Kiev]
- [US, U.S., United States]
- [WSJ, Wall Street Journal]
"""


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("variants")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (root / "annotations").mkdir()
    (root / "annotations" / "variants.yaml").write_text(VARIANTS, encoding="utf-8")
    workspace = Workspace(corpus, root / "annotations", root / "index")
    workspace.update_index()
    return workspace


def found(ws: Workspace, query: str) -> set[str]:
    return {hit.article for hit in ws.search(query, limit=None).hits}


def marked(ws: Workspace, query: str) -> set[str]:
    return {h.text[s:e] for h in ws.search(query, limit=None).hits for s, e in h.highlights}


@pytest.mark.parametrize("spelling", ["Zelensky", "zelenskyy", "Zelenskiy", "Selenskyj"])
def test_any_spelling_finds_them_all(ws: Workspace, spelling: str) -> None:
    assert found(ws, spelling) == {"a", "b", "c", "d"}
    assert marked(ws, spelling) == {"Zelensky", "Zelenskyy", "Zelenskiy's", "Selenskyj"}


def test_variants_work_in_phrases_and_prefixes(ws: Workspace) -> None:
    assert found(ws, '"President Zelenskyy"') == {"a", "b"}
    assert found(ws, "Zelensk*") == {"a", "b", "c", "d"}
    assert found(ws, "Kiev") == found(ws, "Kyiv") == {"b", "c"}
    assert found(ws, '"in Kyiv"') == {"b"}  # "in Kiev"
    assert found(ws, "Sergei") == {"g"}  # not in a group: stems apart as before


def test_a_member_of_several_words(ws: Workspace) -> None:
    assert found(ws, "WSJ") == found(ws, '"Wall Street Journal"') == {"e", "f"}
    assert found(ws, "Wall Street Journal") == {"e", "f"}  # unquoted words side by side
    assert marked(ws, "WSJ") == {"WSJ", "Wall Street Journal"}
    assert found(ws, "US") == found(ws, '"United States"') == {"e", "f"}
    assert found(ws, '"US officials"') == {"f"}


def test_an_invalid_file_is_reported_and_search_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Zelensky spoke.\n")
    (tmp_path / "annotations").mkdir()
    path = tmp_path / "annotations" / "variants.yaml"
    path.write_text("- [Zelensky, Zelenskyy\n")
    ws = Workspace(corpus, tmp_path / "annotations", tmp_path / "index")
    ws.update_index()
    results = ws.search("Zelenskyy")
    assert results.hits == []
    assert results.warnings and "variants.yaml:" in results.warnings[0]
    assert "spelling variants not used" in results.warnings[0]
    assert path.read_text() == "- [Zelensky, Zelenskyy\n"  # never written over
    path.write_text("- [Zelensky, Zelenskyy]\n")  # fixed: used at the next search
    assert [h.article for h in ws.search("Zelenskyy").hits] == ["a"]
    path.write_text("- [Zelensky, 2022]\n")
    with pytest.raises(SharedFileError, match="2022 is not text"):
        read_variants(tmp_path / "annotations")


def test_adding_a_group_merges_with_groups_sharing_a_member(tmp_path: Path) -> None:
    ws = Workspace(tmp_path, tmp_path / "annotations", tmp_path / "index")
    assert ws.add_variant_group(["Kyiv", "Kiev"]) == ["Kyiv", "Kiev"]
    assert ws.add_variant_group(["Zelensky", "Zelenskyy"]) == ["Zelensky", "Zelenskyy"]
    assert ws.add_variant_group(["kiev", "Kyjiw", "no"]) == ["Kyiv", "Kiev", "Kyjiw", "no"]
    assert ws.variants() == ([["Zelensky", "Zelenskyy"], ["Kyiv", "Kiev", "Kyjiw", "no"]], None)
    text = (tmp_path / "annotations" / "variants.yaml").read_text()
    assert "- [Kyiv, Kiev, Kyjiw, 'no']\n" in text  # quoted: YAML would read no as false
    with pytest.raises(SharedFileError, match="two different spellings"):
        ws.add_variant_group(["Kyiv", "kyiv"])
    with pytest.raises(SharedFileError, match="'--': a spelling needs a letter or a digit"):
        ws.add_variant_group(["Kyiv", "--"])  # it would search for nothing
    with pytest.raises(SharedFileError, match="no control characters"):
        ws.add_variant_group(["Kyiv", "Ki\x1b]52;c;eA==\x07ev"])
    assert (tmp_path / "annotations" / "variants.yaml").read_text() == text  # untouched


def test_reader_variants_suggests_groups_and_adds_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [
        "President Zelensky met the envoy in Kyiv on Monday.",
        "President Zelenskyy met the envoy in Kyiv on Tuesday.",
        "President Zelensky thanked allies for air defence.",
        "President Zelenskyy thanked allies for air defence.",
        "Russia said Russian troops would stay. Russia insisted.",
        "Russian officials and Russia agreed.",
    ]
    for number, line in enumerate(lines):
        (corpus / f"{number}.txt").write_text(line + "\n")
    env = {**os.environ, "NO_COLOR": "1"}
    base = [sys.executable, "-m", "reader", "variants", "--corpus", str(corpus)]
    base += ["--index-dir", str(tmp_path / "index")]
    shown = subprocess.run([*base, "--json"], capture_output=True, text=True, env=env)
    assert shown.returncode == 0, shown.stderr
    groups = [s["group"] for s in json.loads(shown.stdout)]
    assert groups == [["Zelensky", "Zelenskyy"]]  # Russia/Russian: an inflection, left apart
    added = subprocess.run(
        [*base, "--add", "Zelensky", "Zelenskyy"], capture_output=True, text=True
    )
    assert added.returncode == 0 and "Zelensky, Zelenskyy" in added.stdout
    again = subprocess.run(base, capture_output=True, text=True, env=env)
    assert again.stdout.startswith("# no new spelling variants found")
