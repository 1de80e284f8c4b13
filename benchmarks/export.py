"""Benchmark exports and reports: 10,000 annotations over 2,000 generated articles.

Run: `python benchmarks/export.py [--articles 2000] [--runs 3]`. Prints, for each export
format and each report, its time against the baseline measured in the same run (parsing
every annotation file and every article once: the least any export must do), then a
second run of each report (nothing changed; in process, and as `reader report KIND` in a
fresh process, its table printed), then the peak memory of the streamed exports (csv,
jsonl, w3c; markdown for comparison) with 1, 2 and 5 annotations an article. Everything
is written to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from index_corpus_gen import ArticleWriter

from reader.annotations.record import make_target
from reader.annotations.store import AnnotationStore
from reader.annotations.ulid import new_ulid
from reader.annotations.yamlio import dump_annotation
from reader.corpus import discover, read_source
from reader.workspace import Workspace

TAGS = [
    "actor/china", "actor/russia", "actor/ukraine", "actor/usa", "stance/caution",
    "stance/support", "theme/diplomacy", "theme/energy", "theme/peace", "theme/trade",
]  # fmt: skip
AUTHORS = [("Ana Lima", "ana@example.org"), ("Ben Okafor", "ben@example.org")]
EXPORTS = ("csv", "jsonl", "markdown", "w3c", "qdpx", "qdc")
REPORTS = ("tags", "cooccur", "timeline", "agreement")


def build(root: Path, articles: int, per_article: int = 5, seed: int = 7) -> int:
    """Write `articles` generated articles under `root/seeds` and `per_article`
    annotations on each (two coders who often, not always, agree); the count written."""
    corpus, notes_folder = root / "seeds", root / "annotations"
    ArticleWriter().write(corpus, articles)
    rng = random.Random(seed)
    count = 0
    for source in discover(corpus):
        for article in read_source(source)[0]:
            folder = notes_folder / article.id
            folder.mkdir(parents=True, exist_ok=True)
            numbers = rng.sample(range(1, len(article.passages) + 1), k=3)
            plan = [(AUTHORS[0], n) for n in numbers] + [(AUTHORS[1], n) for n in numbers[:2]]
            for (name, email), number in plan[:per_article]:
                tags = rng.sample(TAGS, k=rng.randint(1, 3))
                data = {
                    "schema": 1,
                    "id": new_ulid(),
                    "article": article.id,
                    "target": make_target(article, number).as_dict(),
                    "tags": sorted(tags),
                    "author": {"name": name, "email": email},
                    "created": "2024-03-01T10:20:30Z",
                    "updated": "2024-03-01T10:20:30Z",
                }
                if rng.random() < 0.3:
                    data["note"] = f"A note by {name} on {article.id}#{number}.\nSecond line.\n"
                path = folder / f"{data['id']}.yaml"
                path.write_text(dump_annotation(data), encoding="utf-8")
                count += 1
    return count


def baseline(corpus: Path, annotations: Path) -> None:
    """Parse every article and every annotation file once (strict loader, records)."""
    for source in discover(corpus, skip=annotations):
        read_source(source)
    for _ in AnnotationStore(annotations).annotations():
        pass


Times = tuple[float, float]
"""Wall-clock and CPU seconds (this process and its children)."""


def _cpu() -> float:
    own = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + children.ru_utime + children.ru_stime


def timed(func: Callable[[], object], runs: int) -> Times:
    """The best of `runs` wall times and of `runs` CPU times (the least disturbed by other
    work on a shared host)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), _cpu()
        func()
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
    return min(walls), min(cpus)


def against(
    base: Callable[[], object], func: Callable[[], object], runs: int
) -> tuple[Times, Times]:
    """`func` and the baseline alternated `runs` times: the best times of each."""
    pairs = [(timed(base, 1), timed(func, 1)) for _ in range(runs)]
    best = lambda found: (min(t[0] for t in found), min(t[1] for t in found))  # noqa: E731
    return best([b for b, _ in pairs]), best([f for _, f in pairs])


def fresh(root: Path, index: Path) -> Workspace:
    """A workspace as a new process has it: nothing parsed yet."""
    return Workspace(root / "seeds", index_dir=index)


def line(what: str, base: Times, seconds: Times) -> None:
    print(
        f"{what:<32} {seconds[0]:>6.2f} {base[0]:>6.2f} {seconds[0] / base[0]:>6.2f}x"
        f" {seconds[1]:>8.2f} {base[1]:>6.2f} {seconds[1] / base[1]:>6.2f}x"
    )


def cold(root: Path, index: Path, kind: str) -> None:
    (index / "coded.json").unlink(missing_ok=True)
    fresh(root, index).report(kind)


def cli_seconds(root: Path, index: Path, args: list[str], runs: int) -> Times:
    env = dict(os.environ, READER_INDEX_DIR=str(index))
    command = [sys.executable, "-m", "reader", *args, "--corpus", str(root / "seeds")]
    return timed(lambda: subprocess.run(command, env=env, check=True, capture_output=True), runs)


def peak_memory(root: Path, fmt: str) -> float:
    """Peak traced memory (MiB) of one export in a fresh process."""
    code = (
        "import sys, tracemalloc\n"
        "from pathlib import Path\n"
        "from reader.workspace import Workspace\n"
        "ws = Workspace(Path(sys.argv[1]) / 'seeds', index_dir=Path(sys.argv[1]) / 'ix')\n"
        "tracemalloc.start()\n"
        "ws.export(sys.argv[2], Path(sys.argv[1]) / ('mem.' + sys.argv[2]), force=True)\n"
        "print(tracemalloc.get_traced_memory()[1])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(root), fmt], check=True, capture_output=True, text=True
    )
    return int(done.stdout) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root, index = Path(tmp) / "full", Path(tmp) / "index"
        count = build(root, args.articles)
        print(f"{count} annotations over {args.articles} articles, 2 coders, {args.runs} runs")
        print(f"baseline: parse every article and annotation once ({count} files)")

        def base() -> None:
            baseline(root / "seeds", root / "annotations")

        print("each line: best of the runs, alternated with the baseline (best of its runs)")
        print(
            f"{'':<32} {'wall s':>6} {'base':>6} {'ratio':>7} {'CPU s':>8} {'base':>6} {'ratio':>7}"
        )
        out = Path(tmp) / "out"
        for fmt in EXPORTS:

            def export(fmt: str = fmt) -> None:
                fresh(root, index).export(fmt, out, force=True)

            line(f"export {fmt}", *against(base, export, args.runs))
        for kind in REPORTS:
            line(
                f"report {kind} (cold)",
                *against(base, lambda k=kind: cold(root, index, k), args.runs),
            )
        fresh(root, index).report("tags")  # the cache is written
        base_time = timed(base, args.runs)
        for kind in REPORTS:
            again = timed(lambda k=kind: fresh(root, index).report(k), args.runs)
            line(f"report {kind} (again)", base_time, again)
        for kind in REPORTS:
            again = cli_seconds(root, index, ["report", kind], args.runs)
            line(f"reader report {kind} (again)", base_time, again)
        memory(Path(tmp), args.articles)


def memory(tmp: Path, articles: int) -> None:
    """Peak memory of the streamed exports (and markdown, which is not) for 1, 2 and 5
    annotations an article over the same number of articles."""
    roots = []
    for per_article in (1, 2, 5):
        root = tmp / f"mem{per_article}"
        roots.append((build(root, articles, per_article), root))
    print(f"{'peak memory (MiB)':<28} " + " ".join(f"{n:>8}" for n, _ in roots) + "  annotations")
    for fmt in ("csv", "jsonl", "w3c", "markdown"):
        peaks = [peak_memory(root, fmt) for _, root in roots]
        print(f"{'export ' + fmt:<28} " + " ".join(f"{p:>8.1f}" for p in peaks))


if __name__ == "__main__":
    main()
