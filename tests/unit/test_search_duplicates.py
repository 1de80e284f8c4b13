"""Also reported by: one passage carried by several articles is one hit, the earliest shown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.index.duplicates import SIMILAR, group, signature, similarity
from reader.workspace import Workspace

QUOTE = (
    '"I had a long and meaningful phone call with President Xi Jinping. I believe that this '
    "call, as well as the appointment of Ukraine's ambassador to China, will give a powerful "
    'impetus to the development of our bilateral relations," Zelensky said.'
)
COPY = (  # curly quotes, spaces, one word changed
    "“I had a long and meaningful phone call with  Chinese President Xi Jinping. I believe that "
    "this call, as well as the appointment of Ukraine’s ambassador to China, will give a "
    "powerful impetus to the development of our bilateral relations,” Zelensky wrote."
)
OTHER = (  # the same story, not the same passage
    "Zelensky said the call with President Xi Jinping was long and meaningful, and that "
    "Ukraine would appoint an ambassador to China soon, his office said on Wednesday."
)
ARTICLES = {
    "wire/first.md": (
        f"---\nsource: Kyiv Independent\ndate: 2023-04-26\n---\n{QUOTE}\n\nRead more.\n"
    ),
    "wire/second.txt": f"date 2023-04-27\n{COPY}\n\nRead more.\n",
    "wire/third.txt": f"{QUOTE}\n\nThe envoy will travel next month.\n",
    "wire/fourth.txt": f"date 2023-04-25\n{OTHER}\n",
}


def corpus_with(root: Path, articles: dict[str, str]) -> Workspace:
    corpus = root / "corpus"
    for name, text in articles.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    ws = Workspace(corpus, root / "annotations", root / "index")
    ws.update_index()
    return ws


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return corpus_with(tmp_path, ARTICLES)


def test_copies_are_one_hit_the_earliest_shown_the_others_named(ws: Workspace) -> None:
    results = ws.search("impetus")
    assert results.total == 3 and results.collapsed == 2
    (hit,) = results.hits
    assert (hit.ref.article, str(hit.date), hit.source) == (
        "wire/first",
        "2023-04-26",
        "Kyiv Independent",
    )
    also = [(a.article, str(a.date) if a.date else None) for a in hit.also_in]
    assert also == [("wire/second", "2023-04-27"), ("wire/third", None)]  # undated last
    meaningful = {h.article for h in ws.search("meaningful", limit=None).hits}
    assert meaningful == {"wire/first", "wire/fourth"}  # another passage of the story stays


def test_no_collapse_lists_every_copy(ws: Workspace) -> None:
    results = ws.search("impetus", collapse=False)
    assert sorted(h.article for h in results.hits) == ["wire/first", "wire/second", "wire/third"]
    assert results.collapsed == 0
    assert all(len(h.also_in) == 2 for h in results.hits)


def test_by_date_the_group_sits_at_its_earliest_copy(ws: Workspace) -> None:
    hits = ws.search("Zelensky", sort="date", limit=None).hits
    assert [h.article for h in hits] == ["wire/first", "wire/fourth"]


def test_boilerplate_copied_word_for_word_is_a_group_too(ws: Workspace) -> None:
    (hit,) = ws.search('"read more"').hits
    assert hit.article == "wire/first" and [a.article for a in hit.also_in] == ["wire/second"]


def test_groups_follow_the_corpus_incrementally(ws: Workspace) -> None:
    corpus = ws.corpus
    (corpus / "late.txt").write_text(f"date 2023-05-02\n{COPY}\n", encoding="utf-8")
    summary = ws.update_index()
    assert summary.rebuilt_because is None and summary.added == 1
    (hit,) = ws.search("impetus").hits
    assert [a.article for a in hit.also_in] == ["wire/second", "late", "wire/third"]
    (corpus / "wire" / "first.md").unlink()
    (corpus / "wire" / "third.txt").write_text("A different paragraph now.\n")
    ws.update_index()
    (hit,) = ws.search("impetus").hits
    assert hit.article == "wire/second" and [a.article for a in hit.also_in] == ["late"]
    (corpus / "late.txt").unlink()
    ws.update_index()
    (hit,) = ws.search("impetus").hits
    assert hit.article == "wire/second" and hit.also_in == ()


def test_a_lost_signature_store_rebuilds_the_index(ws: Workspace) -> None:
    (ws.index_dir / "reader-duplicates.bin").unlink()
    assert ws.update_index().rebuilt_because == "no duplicate signatures"
    assert len(ws.search("impetus").hits) == 1


def test_the_command_line_names_the_copies(ws: Workspace) -> None:
    base = [sys.executable, "-m", "reader", "search", "impetus", "--corpus", str(ws.corpus)]
    base += ["--annotations", str(ws.annotations), "--index-dir", str(ws.index_dir)]
    env = {**os.environ, "NO_COLOR": "1"}
    text = subprocess.run(base, capture_output=True, text=True, env=env).stdout
    assert text.splitlines()[0] == "2023-04-26 · Kyiv Independent  wire/first#1"
    assert "    also in 2 articles: 2023-04-27 wire/second#1; undated wire/third#1" in text
    assert text.splitlines()[-1] == "3 passages in 3 articles; 2 copies listed once (--no-collapse)"
    data = json.loads(subprocess.run([*base, "--json"], capture_output=True, text=True).stdout)
    assert [h["id"] for h in data] == ["wire/first#1"]
    assert data[0]["also_in"] == [
        {"id": "wire/second#1", "date": "2023-04-27", "source": None, "title": None},
        {"id": "wire/third#1", "date": None, "source": None, "title": None},
    ]
    every = json.loads(
        subprocess.run([*base, "--json", "--no-collapse"], capture_output=True, text=True).stdout
    )
    assert sorted(h["id"] for h in every) == ["wire/first#1", "wire/second#1", "wire/third#1"]


def test_signatures_ignore_case_quotes_and_spacing() -> None:
    straight = signature('He said "peace" is   possible, and THE talks go on today.')
    curly = signature("he said “peace” is possible, and the talks go on today.")
    assert straight == curly
    assert signature("...") is None


def test_the_sketch_estimates_the_jaccard_of_shingles() -> None:
    words = [f"word{n}" for n in range(200)]
    a = " ".join(words[:150])
    b = " ".join(words[50:200])  # 98 of 198 shingles shared: about 0.49
    sa, sb = signature(a), signature(b)
    assert sa is not None and sb is not None
    assert abs(similarity(sa[1], sb[1]) - 0.49) < 0.2
    assert similarity(sa[1], sa[1]) == 1.0


def test_the_threshold_groups_the_seeds_wire_copies_only(seeds_copy: Path, tmp_path: Path) -> None:
    """The seeds carry one quote in three articles (a word changed, curly quotes, another
    attribution) and a Kirby quote in two; other passages share phrases but are not copies."""
    ws = Workspace(seeds_copy, index_dir=tmp_path / "index")
    ws.update_index()
    entries = {}
    for source in ws.sources():
        for article in ws.feed.read(source, None)[0]:
            entries[article[0].id] = [
                (p.number, *signature(p.text)) for p in article[0].passages if signature(p.text)
            ]
    found = group(entries)
    assert [[f"{a[:3]}#{n}" for a, n in g] for g in found] == [
        ["000#4", "001#4"],
        ["000#9", "003#6", "004#2"],
    ]
    assert 0.46 < SIMILAR < 0.62  # between the closest non-copy and the loosest copy here
