"""Bounded parsing (issue 9, item 2): every YAML reader shares the strict loader.

Front matter, annotations, the codebook, article metadata and the app's config: aliases
refused before they expand, duplicate keys refused, depth and size bounded, and a value
that cannot be built (a 5,000-digit number) is one line, never a traceback.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hostile import alias_bomb

from reader.annotations.store import AnnotationStore
from reader.cli.main import main
from reader.corpus import discover, read_source
from reader.ui.config import load_config


def read_md(tmp_path: Path, text: str) -> tuple[str | None, list[str]]:
    path = tmp_path / "corpus" / "a.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    (source,) = discover(path.parent)
    (article,), warnings = read_source(source)
    return article.title, [str(w) for w in warnings]


def test_an_alias_bomb_in_front_matter_is_refused_at_once(tmp_path: Path) -> None:
    start = time.perf_counter()
    title, warnings = read_md(tmp_path, f"---\n{alias_bomb(levels=6)}---\nThe body.\n")
    assert time.perf_counter() - start < 1  # main: 5 s and 80 MB here (40 s at 7 levels)
    assert title is None
    [warning] = warnings
    assert warning.endswith(
        "a.md: front matter ignored: anchors and aliases (&name, *name) are not allowed (line 2)"
    )


@pytest.mark.parametrize(
    ("front", "why"),
    [
        ("title: one\ntitle: two", "duplicate key 'title' (line 3)"),
        ("title: !!python/object:os.system {}", "unsupported tag '!!python/object:os.system'"),
        ("title: &t x\nsource: *t", "anchors and aliases"),
        ("n: " + "1" * 5000, "Exceeds the limit (4300 digits)"),
    ],
)
def test_front_matter_that_is_not_plain_data_is_ignored_with_a_warning(
    tmp_path: Path, front: str, why: str
) -> None:
    title, [warning] = read_md(tmp_path, f"---\n{front}\n---\nBody.\n")
    assert title is None and why in warning and "\n" not in warning


def test_front_matter_keeps_its_dates(tmp_path: Path) -> None:
    path = tmp_path / "corpus" / "a.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: T\ndate: 2023-05-12\n---\nBody.\n")
    (source,) = discover(path.parent)
    (article,), warnings = read_source(source)
    assert warnings == [] and article.title == "T" and str(article.date) == "2023-05-12"


def test_deep_nesting_and_huge_numbers_are_one_line_errors() -> None:
    from reader.yamlsafe import MAX_DEPTH, YamlError, load_yaml_text  # new in issue 9

    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    with pytest.raises(YamlError, match=f"nested more than {MAX_DEPTH} levels deep"):
        load_yaml_text(deep, "x.yaml")
    with pytest.raises(YamlError, match=r"x.yaml: Exceeds the limit \(4300 digits\)"):
        load_yaml_text("n: " + "9" * 5000 + "\n", "x.yaml")
    assert load_yaml_text("- [a, b]\n- [c]\n", mapping=False) == [["a", "b"], ["c"]]


def test_an_annotation_with_a_huge_number_is_an_invalid_file_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("One paragraph.\n")
    folder = tmp_path / "annotations" / "a"
    folder.mkdir(parents=True)
    bad = folder / "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml"
    bad.write_text("schema: " + "1" * 5000 + "\n")
    status = main(["check", "--corpus", str(corpus), "--index-dir", str(tmp_path / "i")])
    out, err = capsys.readouterr()
    assert status == 1 and err == ""
    assert "error: annotations/a/01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml: Exceeds the limit" in out


def test_the_codebook_and_metadata_refuse_aliases_and_duplicates(tmp_path: Path) -> None:
    root = tmp_path / "annotations"
    (root / "a").mkdir(parents=True)
    (root / "codebook.yaml").write_text(f"schema: 1\n{alias_bomb(levels=8)}tags: {{}}\n")
    (root / "a" / "article.yaml").write_text("schema: 1\ntitle: one\ntitle: two\n")
    store = AnnotationStore(root)
    start = time.perf_counter()
    assert store.codebook() == {} and store.article_meta("a") is None
    assert time.perf_counter() - start < 1
    assert [str(e) for e in store.load_errors] == [
        "annotations/a/article.yaml:3: duplicate key 'title'",
        "annotations/codebook.yaml:2: anchors and aliases (&name, *name) are not allowed",
    ]


def test_the_app_config_is_loaded_strictly(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("theme: nord\ntheme: gruvbox\n")
    config, problem = load_config(path)
    assert (
        config.theme == "textual-dark" and problem == f"{path}:2: duplicate key 'theme' (ignored)"
    )
    path.write_text(f"{alias_bomb(levels=8)}theme: nord\n")
    config, problem = load_config(path)
    assert config.theme == "textual-dark" and problem is not None and "aliases" in problem


def test_a_jsonl_line_nested_too_deeply_is_a_warning(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = json.dumps({"id": "ok", "text": "Fine."})
    (corpus / "f.jsonl").write_text(f"{'[' * 100_000}\n{good}\n")
    (source,) = discover(corpus)
    articles, warnings = read_source(source)
    assert [a.id for a in articles] == ["f/ok"]
    assert [w.message for w in warnings] == [
        "line 1: not JSON reader can read (nested too deeply or a huge number)"
    ]
