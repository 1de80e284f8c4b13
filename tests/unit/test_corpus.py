"""Reading a corpus the way a reader sees it: one small fixture per quirk."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest

from reader.corpus import discover, read_source
from reader.model import Article, CorpusWarning
from tests.conftest import SEEDS


def read_one(path: Path, root: Path | None = None) -> tuple[list[Article], list[CorpusWarning]]:
    root = root or path.parent
    (source,) = [s for s in discover(root) if s.path == path]
    return read_source(source)


def article_of(tmp_path: Path, name: str, data: bytes | str) -> Article:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    (article,), warnings = read_one(path, tmp_path)
    assert warnings == []
    return article


def texts(article: Article) -> list[str]:
    return [p.text for p in article.passages]


# -- the bundled seeds ---------------------------------------------------------------------


def seed(prefix: str) -> Article:
    (source,) = [s for s in discover(SEEDS) if s.id.startswith(prefix)]
    (article,), warnings = read_source(source)
    assert warnings == []
    return article


def test_seed_000_is_dated_and_starts_with_the_white_house() -> None:
    article = seed("000")
    assert article.id == "000_6d362e06adb48299"
    assert str(article.date) == "2023-04-26"
    assert article.passages[0].text.startswith("The White House has welcomed")
    assert str(article.passages[0].ref) == "000_6d362e06adb48299#1"


def test_seeds_002_and_004_are_undated() -> None:
    assert seed("002").date is None
    assert seed("004").date is None
    assert str(seed("003").date) == "2023-04-27"


def test_seed_002_has_one_paragraph_per_line_and_its_repeats_are_marked() -> None:
    article = seed("002")
    assert len(article.passages) == 16
    assert article.passages[0].text.startswith('"Now, whether that')
    repeated = [p for p in article.passages if p.duplicate_of]
    assert [p.number for p in repeated] == list(range(10, 17))
    assert repeated[0].duplicate_of == 3
    assert repeated[0].text == article.passages[2].text


def test_discover_lists_the_five_seeds_in_order() -> None:
    ids = [s.id for s in discover(SEEDS)]
    assert len(ids) == 5 and ids == sorted(ids) and ids[0].startswith("000_")


# -- ids and discovery ---------------------------------------------------------------------


def test_ids_are_relative_paths_without_extension(tmp_path: Path) -> None:
    (tmp_path / "2023" / "may").mkdir(parents=True)
    (tmp_path / "2023" / "may" / "envoy.txt").write_text("Text.")
    (tmp_path / "top.md").write_text("Text.")
    (tmp_path / "notes.csv").write_text("not an article")
    assert [s.id for s in discover(tmp_path)] == ["2023/may/envoy", "top"]


def test_hidden_folders_and_the_annotations_folder_are_skipped(tmp_path: Path) -> None:
    for folder in (".git", "annotations", "kept"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text("Text.")
    (tmp_path / ".hidden.txt").write_text("Text.")
    ids = [s.id for s in discover(tmp_path, skip=tmp_path / "annotations")]
    assert ids == ["kept/a"]


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "shown", "precision"),
    [
        ("2023", "2023", "year"),
        ("2023-05", "2023-05", "month"),
        ("2023-05-12", "2023-05-12", "day"),
    ],
)
def test_date_header_keeps_its_precision(
    tmp_path: Path, header: str, shown: str, precision: str
) -> None:
    article = article_of(tmp_path, "a.txt", f"date {header} First paragraph.\n\nSecond.")
    assert article.date is not None
    assert str(article.date) == shown and article.date.precision == precision
    assert texts(article) == ["First paragraph.", "Second."]


def test_date_header_with_text_on_the_next_line(tmp_path: Path) -> None:
    article = article_of(tmp_path, "a.txt", "\n  date 2023-04-26\nFirst paragraph.\n\nNext.")
    assert str(article.date) == "2023-04-26"
    assert texts(article) == ["First paragraph.", "Next."]


def test_an_impossible_date_is_not_a_header(tmp_path: Path) -> None:
    article = article_of(tmp_path, "a.txt", "date 2023-13-40 was not a date.")
    assert article.date is None
    assert texts(article) == ["date 2023-13-40 was not a date."]


def test_a_word_starting_with_date_is_not_a_header(tmp_path: Path) -> None:
    article = article_of(tmp_path, "a.txt", "dated 2023 documents were found.")
    assert article.date is None


# -- titles --------------------------------------------------------------------------------


def test_markdown_front_matter_gives_title_date_source_url(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Envoy named\ndate: 2023-05\nsource: Kyiv Post\nurl: https://e.org/x\n---\n"
        "First paragraph.\n\nSecond."
    )
    article = article_of(tmp_path, "a.md", text)
    assert article.title == "Envoy named"
    assert str(article.date) == "2023-05"
    assert article.source == "Kyiv Post" and article.url == "https://e.org/x"
    assert texts(article) == ["First paragraph.", "Second."]


def test_front_matter_full_date_is_read_from_yaml_date(tmp_path: Path) -> None:
    article = article_of(tmp_path, "a.md", "---\ndate: 2023-05-12\n---\nBody.")
    assert str(article.date) == "2023-05-12"


def test_broken_front_matter_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody.")
    (article,), warnings = read_one(path)
    assert texts(article) == ["Body."]
    assert "front matter" in warnings[0].message


@pytest.mark.parametrize(
    ("front", "why"),
    [("date: 2023-02-30", "day is out of range"), ("title: [a,\n  b", "expected ',' or ']'")],
)
def test_front_matter_yaml_cannot_read_is_a_one_line_warning(
    tmp_path: Path, front: str, why: str
) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}\n---\nBody.")
    (article,), [warning] = read_one(path)
    assert texts(article) == ["Body."] and article.date is None
    assert warning.message.startswith("front matter ignored: ") and why in warning.message
    assert "\n" not in warning.message


def test_a_short_first_line_that_reads_like_a_headline_is_the_title(tmp_path: Path) -> None:
    text = "China names envoy to Ukraine\n\ndate 2023-04-27 Beijing said on Thursday.\n\nMore."
    article = article_of(tmp_path, "a.txt", text)
    assert article.title == "China names envoy to Ukraine"
    assert str(article.date) == "2023-04-27"
    assert texts(article) == ["Beijing said on Thursday.", "More."]


def test_a_sentence_is_not_a_title(tmp_path: Path) -> None:
    article = article_of(tmp_path, "a.txt", "Xi spoke to Zelensky.\n\nMore text here.")
    assert article.title is None
    assert texts(article)[0] == "Xi spoke to Zelensky."


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    article = article_of(tmp_path, "a.md", "# The call\n\nFirst.")
    assert article.title == "The call" and texts(article) == ["First."]


# -- passages ------------------------------------------------------------------------------


def test_hard_wrapped_lines_are_joined_into_one_paragraph(tmp_path: Path) -> None:
    text = "The White House has\nwelcomed the news\nof the call.\n\nA second\nparagraph.\n"
    article = article_of(tmp_path, "a.txt", text)
    assert texts(article) == [
        "The White House has welcomed the news of the call.",
        "A second paragraph.",
    ]
    first, second = article.passages
    assert article.text[first.start : first.end] == first.text
    assert article.text[second.start : second.end] == second.text


def test_one_paragraph_per_line_files_work(tmp_path: Path) -> None:
    lines = [
        f"Paragraph {i} " + "with plenty of words to be a real paragraph " * 3 for i in range(4)
    ]
    article = article_of(tmp_path, "a.txt", "\n".join(lines))
    assert texts(article) == [line.strip() for line in lines]


def test_blank_lines_with_spaces_separate_paragraphs(tmp_path: Path) -> None:
    article = article_of(tmp_path, "a.txt", "One.\n   \t\nTwo.")
    assert texts(article) == ["One.", "Two."]


def test_markdown_list_items_are_their_own_passages(tmp_path: Path) -> None:
    article = article_of(tmp_path, "a.md", "Points:\n- first\n- second")
    assert texts(article) == ["Points:", "- first", "- second"]


def test_repeated_paragraph_is_marked_once(tmp_path: Path) -> None:
    article = article_of(tmp_path, "a.txt", "Same words.\n\nOther.\n\nSame  words.")
    assert [p.duplicate_of for p in article.passages] == [None, None, 1]


# -- encodings and normalisation ----------------------------------------------------------


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    article = article_of(tmp_path, "a.txt", b"\xef\xbb\xbfdate 2023-04-26 Caf\xc3\xa9 talks.")
    assert str(article.date) == "2023-04-26"
    assert texts(article) == ["Café talks."]


def test_cp1252_falls_back_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Caf\u00e9 \u201ctalks\u201d".encode("cp1252"))
    (article,), warnings = read_one(path)
    assert texts(article) == ["Café “talks”"]
    assert len(warnings) == 1 and "cp1252" in warnings[0].message
    assert str(path) in str(warnings[0])


def test_nul_file_is_skipped_with_a_warning_that_names_it(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"PK\x03\x04\x00\x00garbage")
    articles, warnings = read_one(path)
    assert articles == []
    assert "binary.txt" in str(warnings[0]) and "NUL" in warnings[0].message


def test_unreadable_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    os.symlink(tmp_path / "missing", tmp_path / "dangling.txt")
    (source,) = discover(tmp_path)
    articles, warnings = read_source(source)
    assert articles == [] and "dangling.txt" in str(warnings[0])
    assert warnings[0].message.startswith("skipped")


def test_crlf_and_cr_line_endings_are_normalised(tmp_path: Path) -> None:
    article = article_of(
        tmp_path, "a.txt", b"date 2023-04-26\r\nOne line\r\nwrapped.\r\n\r\nTwo.\r"
    )
    assert str(article.date) == "2023-04-26"
    assert texts(article) == ["One line wrapped.", "Two."]


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Zürich café")
    article = article_of(tmp_path, "a.txt", decomposed)
    assert texts(article) == ["Zürich café"]
    assert unicodedata.is_normalized("NFC", article.text)


# -- jsonl ---------------------------------------------------------------------------------


def test_jsonl_lines_are_articles_with_their_metadata(tmp_path: Path) -> None:
    records = [
        {"id": "a1", "text": "First.\n\nSecond.", "date": "2023-05", "title": "T", "source": "S"},
        {"id": "a2", "text": "Only one."},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    articles, warnings = read_one(path)
    assert warnings == []
    assert [a.id for a in articles] == ["feed/a1", "feed/a2"]
    assert str(articles[0].date) == "2023-05" and articles[0].title == "T"
    assert articles[0].source == "S" and texts(articles[0]) == ["First.", "Second."]
    assert articles[1].date is None


def test_jsonl_bad_lines_are_warnings_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "ok", "text": "Fine."}\nnot json\n{"id": "x"}\n{"id": "ok", "text": "dup"}\n'
    )
    articles, warnings = read_one(path)
    assert [a.id for a in articles] == ["feed/ok"]
    assert [w.message.split(":")[0] for w in warnings] == ["line 2", "line 3", "line 4"]


def test_jsonl_ids_cannot_climb_out(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "../../etc/passwd", "text": "x"}\n')
    articles, warnings = read_one(path)
    assert articles == [] and "unusable id" in warnings[0].message


def test_jsonl_ids_that_could_not_be_typed_or_annotated_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    bad = ["a\nb", "a//b", ".hid", "a/.x", "a\\b", "x\u0000y", "e\u001b[31m", "p\u0085q"]
    rows = [{"id": i, "text": "x"} for i in bad] + [{"id": "a/b", "text": "kept"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    articles, warnings = read_one(path)
    assert [a.id for a in articles] == ["feed/a/b"]
    assert len(warnings) == len(bad) and all("unusable id" in w.message for w in warnings)


def test_link_out_of_the_corpus_is_skipped_with_a_warning(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "secret.txt").write_text("Private key.")
    (corpus / "innocent.txt").symlink_to(tmp_path / "secret.txt")
    (source,) = discover(corpus)
    articles, warnings = read_source(source)
    assert articles == [] and "outside the corpus" in str(warnings[0])


def test_two_files_with_one_id_keep_the_txt_and_warn_about_the_other(tmp_path: Path) -> None:
    (tmp_path / "envoy.txt").write_text("From the text file.")
    (tmp_path / "envoy.md").write_text("From the markdown file.")
    sources = discover(tmp_path)
    assert [s.path.name for s in sources] == ["envoy.txt", "envoy.md"]
    (article,), warnings = read_source(sources[0])
    assert texts(article) == ["From the text file."] and warnings == []
    articles, warnings = read_source(sources[1])
    assert articles == []
    assert "envoy.md" in str(warnings[0]) and "same article id as envoy.txt" in str(warnings[0])
