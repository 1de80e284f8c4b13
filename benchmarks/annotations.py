"""Benchmark the annotation store: 10,000 annotation files, and `reader tag` from a shell.

Run: `python benchmarks/annotations.py [--files 10000] [--runs 5]`. Prints one line per
figure (median of --runs); nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reader.annotations.record import make_target
from reader.annotations.store import AnnotationStore
from reader.annotations.ulid import new_ulid
from reader.annotations.yamlio import dump_annotation
from reader.model import Article, Passage

REPO = Path(__file__).resolve().parent.parent
TAGS = ["actor/china", "actor/ukraine", "actor/usa", "theme/peace", "theme/diplomacy"]


def make_article(number: int, passages: int = 20) -> Article:
    items, at = [], 0
    for n in range(1, passages + 1):
        text = f"Paragraph {n} of article {number}: " + "words of the passage " * 20
        items.append(Passage(f"art{number:04d}", n, text, at, at + len(text)))
        at += len(text) + 2
    return Article(f"art{number:04d}", Path(f"art{number:04d}.txt"), items)


def populate(root: Path, files: int, per_article: int = 20) -> list[Article]:
    """Write `files` annotation files, `per_article` per article, one per passage."""
    articles = []
    for number in range(files // per_article):
        article = make_article(number, per_article)
        articles.append(article)
        folder = root / article.id
        folder.mkdir(parents=True)
        for passage in article.passages:
            data = {
                "schema": 1,
                "id": new_ulid(),
                "article": article.id,
                "target": make_target(article, passage.number).as_dict(),
                "tags": sorted(TAGS[: 1 + passage.number % len(TAGS)]),
                "note": f"A note on {passage.ref}.\nSecond line.\n" if passage.number % 3 else None,
                "author": {"name": "Bench Mark", "email": "bench@example.org"},
                "created": "2024-03-01T10:20:30Z",
                "updated": "2024-03-01T10:20:30Z",
            }
            data = {k: v for k, v in data.items() if v is not None}
            (folder / f"{data['id']}.yaml").write_text(dump_annotation(data), encoding="utf-8")
    return articles


def timed(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "annotations"
        articles = populate(root, args.files)
        print(f"{args.files} annotation files in {len(articles)} articles")
        cold = timed(lambda: AnnotationStore(root).tag_counts(), args.runs)
        print(f"tag_counts, cold (parse every file): {cold * 1000:.0f} ms")
        store = AnnotationStore(root)
        store.tag_counts()
        print(f"tag_counts, warm (stat only): {timed(store.tag_counts, args.runs) * 1000:.0f} ms")
        prints = timed(store.fingerprints, args.runs)
        print(f"fingerprints (one walk): {prints * 1000:.0f} ms")

        def all_passages() -> None:
            fresh = AnnotationStore(root)
            for article in articles:
                fresh.passage_annotations(article)

        shown = timed(all_passages, args.runs)
        print(
            f"passage_annotations for every article, cold (parse + anchor): {shown * 1000:.0f} ms"
        )
        print(
            f"reader tag from the command line: {cli_latency(Path(tmp), args.runs) * 1000:.0f} ms"
        )


def cli_latency(tmp: Path, runs: int) -> float:
    """Median wall time of `reader tag` in a fresh process on a copy of the seeds."""
    corpus = tmp / "cli" / "seeds"
    shutil.copytree(REPO / "seeds", corpus)
    (corpus.parent / "annotations").mkdir()
    article = sorted(p.stem for p in corpus.glob("*.txt"))[0]
    env = dict(os.environ, READER_CORPUS=str(corpus), READER_CACHE_DIR=str(tmp / "cache"))
    times = []
    for run in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "reader", "tag", f"{article}#1", f"bench/{run}"],
            env=env,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    main()
