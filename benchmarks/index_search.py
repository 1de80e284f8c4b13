"""Benchmark the passage index: build, incremental re-runs, query latency, size, memory.

    /work/venv/bin/python benchmarks/index_search.py              # 10,000 articles
    /work/venv/bin/python benchmarks/index_search.py --articles 500

Generates a deterministic corpus in a temp folder, builds our index (reader.index, the
path `reader index` takes), re-runs it with nothing changed and after editing one file,
times a fixed mix of queries (top 20 with highlights), and in the same run times a plain
single-process Whoosh build of the same passages (StemmingAnalyzer TEXT stored, ID fields,
default writer) as the baseline. Our build time includes reading and parsing the corpus;
the baseline's excludes it (its passages are read before the clock starts).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from index_corpus_gen import ArticleWriter

from reader.corpus import read_source
from reader.workspace import Workspace

try:
    from reader.index.duplicate_store import load_groups
except ImportError:  # an older reader, for a baseline run of this script

    def load_groups(folder: Path) -> list:  # type: ignore[misc]
        return []


QUERIES = {
    "term": ["ceasefire", "grain", "sanctions", "Kirby", "embassy", "reactor", "blockade"],
    "two terms": ["grain exports", "peace talks", "energy prices", "nuclear plant", "Kirby dam"],
    "phrase": ['"peace talks"', '"grain exports"', '"foreign minister"', '"power grid"'],
    "prefix": ["negotiat*", "sanction*", "diplomat*", "refuge*", "escalat*", "ship*"],
    "fuzzy": ["Zelenskyy~", "negotiatons~", "sanctoins~", "cesefire~", "diplomatc~"],
    "date range": [
        "date:[2023-03 TO 2023-04-15]",
        "grain date:[2023 TO 2023-06]",
        "date:[2022-11-01 TO 2022-12-31]",
        "talks date:[TO 2022-02]",
    ],
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def peak_rss_mib() -> tuple[float, float]:
    """Peak RSS of this process and of its largest finished child, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (workers), user + system."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def baseline_build(ws: Workspace, folder: Path) -> tuple[float, int]:
    """Plain Whoosh, one process, default settings; returns seconds and passages."""
    from whoosh import fields, index
    from whoosh.analysis import StemmingAnalyzer

    passages = []
    for source in ws.sources():
        for article in read_source(source)[0]:
            passages.extend(p for p in article.passages if p.duplicate_of is None)
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        article=fields.ID(stored=True),
        text=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
    )
    folder.mkdir()
    started = time.perf_counter()
    ix = index.create_in(folder, schema)
    writer = ix.writer()
    for passage in passages:
        writer.add_document(id=str(passage.ref), article=passage.article, text=passage.text)
    writer.commit()
    return time.perf_counter() - started, len(passages)


def duplicate_work(ws: Workspace, folder: Path) -> tuple[float, float]:
    """CPU seconds of what the duplicate groups add to a full build, measured alone: the
    signatures of every passage (words folded and split already, as the build has them
    for the vocabulary), and a fresh store with its groups, saved."""
    from reader.index.analysis import Written
    from reader.index.duplicate_store import refresh
    from reader.index.duplicates import signatures

    docs = []
    for source in ws.sources():
        for article in read_source(source)[0]:
            for passage in article.passages:
                text = Written.of(passage.text)
                text.words  # noqa: B018  (computed in the build for the vocabulary)
                docs.append({"article": article.id, "passage": passage.number, "text": text})
    started = time.process_time()
    found = signatures(docs)
    signing = time.process_time() - started
    folder.mkdir()
    started = time.process_time()
    refresh(folder, (), found, fresh=True)
    return signing, time.process_time() - started


def timed_queries(ws: Workspace, rounds: int) -> dict[str, tuple[float, float, int]]:
    """p50 and p95 in ms per query type (limit 20, highlights included), and hits seen."""
    for queries in QUERIES.values():  # warm the searcher and the OS cache once
        for query in queries:
            ws.search(query, limit=20)
    figures = {}
    for kind, queries in QUERIES.items():
        times: list[float] = []
        total = 0
        for _ in range(rounds):
            for query in queries:
                started = time.perf_counter()
                results = ws.search(query, limit=20)
                times.append((time.perf_counter() - started) * 1000)
                assert all(h.highlights for h in results.hits if not query.startswith("date"))
                total += results.total
        figures[kind] = (statistics.median(times), percentile(times, 0.95), total // rounds)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20230426)
    parser.add_argument("--rounds", type=int, default=6, help="passes over the query mix")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--no-duplicates-run",
        action="store_true",
        help="skip the builds without duplicate groups (their cost is then not measured)",
    )
    parser.add_argument(
        "--builds", type=int, default=2, help="full builds of each kind, alternated (best kept)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--procs", type=int, help="processes for a build (default: 2 or fewer)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    corpus = tmp / "corpus"
    try:
        started = time.perf_counter()
        paths = ArticleWriter(args.seed).write(corpus, args.articles)
        corpus_bytes = sum(p.stat().st_size for p in paths)
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        print(
            f"corpus: {args.articles} articles, {corpus_bytes / 2**20:.1f} MiB, "
            f"generated in {time.perf_counter() - started:.1f} s"
        )
        ws = Workspace(corpus, tmp / "annotations", tmp / "index")
        if args.procs:
            ws.index.procs = args.procs

        builds: list[tuple[float, float]] = []
        plain: list[tuple[float, float]] = []  # without duplicate groups
        baselines: list[tuple[float, float]] = []
        for round_number in range(max(1, args.builds)):
            if not args.no_duplicates_run:
                ws.index.duplicates = False
                cpu = cpu_seconds()
                summary = ws.update_index(rebuild=True)
                plain.append((summary.seconds, cpu_seconds() - cpu))
                ws.index.duplicates = True
            cpu = cpu_seconds()
            summary = ws.update_index(rebuild=True)
            builds.append((summary.seconds, cpu_seconds() - cpu))
            if not args.no_baseline:
                cpu = cpu_seconds()
                seconds, _ = baseline_build(ws, tmp / f"baseline{round_number}")
                baselines.append((seconds, cpu_seconds() - cpu))
        build = min(b[0] for b in builds)
        print(
            f"build: {build:.1f} s best of {len(builds)} "
            f"({', '.join(f'{b[0]:.1f}' for b in builds)}; CPU "
            f"{', '.join(f'{b[1]:.1f}' for b in builds)} s), {summary.passages} passages, "
            f"{summary.passages / build:.0f} passages/s (procs={ws.index.procs})"
        )
        groups = load_groups(tmp / "index")
        print(f"duplicate groups: {len(groups)} groups, {sum(len(g) for g in groups)} passages")
        if not args.no_duplicates_run:
            signing, grouping = duplicate_work(ws, tmp / "duplicates")
            cpu = statistics.median(b[1] for b in builds)
            print(
                f"duplicate groups alone: signatures {signing:.2f} s CPU (shared by the "
                f"{ws.index.procs} processes), store and groups {grouping:.2f} s CPU (at the "
                f"end): {(signing + grouping) / cpu * 100:.1f}% of the build's CPU, about "
                f"{(signing / ws.index.procs + grouping) / build * 100:.1f}% of its time"
            )
        if plain:
            bare = min(b[0] for b in plain)
            medians = statistics.median(b[0] for b in builds) / statistics.median(
                b[0] for b in plain
            )
            print(
                f"build without duplicate groups: {bare:.1f} s best of {len(plain)} "
                f"({', '.join(f'{b[0]:.1f}' for b in plain)}; CPU "
                f"{', '.join(f'{b[1]:.1f}' for b in plain)} s); groups cost "
                f"{(build / bare - 1) * 100:+.1f}% (best vs best), "
                f"{(medians - 1) * 100:+.1f}% (median vs median)"
            )
        if baselines:
            base = min(b[0] for b in baselines)
            print(
                f"baseline (plain Whoosh, 1 process, default writer): {base:.1f} s best of "
                f"{len(baselines)} ({', '.join(f'{b[0]:.1f}' for b in baselines)}; CPU "
                f"{', '.join(f'{b[1]:.1f}' for b in baselines)} s, reading included), "
                f"{summary.passages / base:.0f} passages/s"
            )
            print(f"build speed-up vs baseline: {base / build:.2f}x (best vs best)")

        fresh = Workspace(corpus, tmp / "annotations", tmp / "index")
        again = fresh.update_index()
        print(f"re-run, nothing changed (in process): {again.seconds:.3f} s")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "reader", "index", "--corpus", str(corpus),
             "--index-dir", str(tmp / "index")],
            check=True, capture_output=True,
        )  # fmt: skip
        print(f"re-run, nothing changed (`reader index`, whole process): "
              f"{time.perf_counter() - started:.3f} s")  # fmt: skip

        target = paths[len(paths) // 2]
        with open(target, "a", encoding="utf-8") as out:
            out.write("\nA late paragraph about the grain corridor and Kirby.\n")
        one = Workspace(corpus, tmp / "annotations", tmp / "index").update_index()
        assert one.updated == 1, one
        print(f"re-run, one file changed: {one.seconds:.3f} s")

        print("queries (ms, top 20 with highlights):")
        for kind, (p50, p95, hits) in timed_queries(ws, args.rounds).items():
            print(f"  {kind:<11} p50 {p50:6.1f}  p95 {p95:6.1f}  (~{hits} matches per pass)")

        size = folder_size(tmp / "index")
        print(f"index size: {size / 2**20:.1f} MiB ({size / corpus_bytes:.1f}x the corpus)")
        own, children = peak_rss_mib()
        print(f"peak RSS: {own:.0f} MiB (this process), {children:.0f} MiB (largest worker)")

    finally:
        if args.keep:
            print(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
