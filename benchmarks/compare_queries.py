"""Query latency of this tree against another (a baseline checkout), in alternating passes.

    git archive main | tar -x -C /tmp/base
    python benchmarks/compare_queries.py --baseline /tmp/base [--articles 10000] [--passes 12]

On a shared host the load drifts within minutes, so two runs of index_search.py one after
the other compare two moments as much as two versions. Here each tree builds its own
index of the same generated corpus once, then a worker process per tree keeps its index
warm while the driver asks them in turn (A B A B ...) for one pass over the query mix of
index_search.py (top 20 with highlights); p50 and p95 per query type come from all passes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[3])
from index_search import QUERIES
from reader.workspace import Workspace
ws = Workspace(sys.argv[1], sys.argv[1] + "-annotations", sys.argv[2])
ws.update_index()
for queries in QUERIES.values():
    for query in queries:
        ws.search(query, limit=20)
print("ready", flush=True)
for line in sys.stdin:
    times = {}
    for kind, queries in QUERIES.items():
        times[kind] = []
        for query in queries:
            started = time.perf_counter()
            ws.search(query, limit=20)
            times[kind].append((time.perf_counter() - started) * 1000)
    print(json.dumps(times), flush=True)
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def start(tree: Path, corpus: Path, index: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-c", WORKER, str(corpus), str(index), str(HERE)]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        raise SystemExit(f"the worker for {tree} did not start")
    return process


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, help="the other source tree")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--passes", type=int, default=12, help="passes per tree")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from index_corpus_gen import ArticleWriter

    tmp = Path(tempfile.mkdtemp(prefix="reader-compare-"))
    trees = {"baseline": args.baseline.resolve(), "this tree": HERE.parent}
    workers: dict[str, subprocess.Popen[str]] = {}
    try:
        ArticleWriter().write(tmp / "corpus", args.articles)
        for name, tree in trees.items():
            workers[name] = start(tree, tmp / "corpus", tmp / f"index-{len(workers)}")
        times: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
        for _ in range(args.passes):
            for name, worker in workers.items():
                assert worker.stdin is not None and worker.stdout is not None
                worker.stdin.write("pass\n")
                worker.stdin.flush()
                for kind, values in json.loads(worker.stdout.readline()).items():
                    times[name].setdefault(kind, []).extend(values)
        print(f"{args.articles} articles, {args.passes} alternating passes per tree (ms)")
        print(f"{'query type':<11} {'baseline p50':>12} {'p95':>7}   {'this p50':>9} {'p95':>7}")
        for kind in times["baseline"]:
            base, ours = times["baseline"][kind], times["this tree"][kind]
            print(
                f"{kind:<11} {statistics.median(base):12.1f} {percentile(base, 0.95):7.1f}   "
                f"{statistics.median(ours):9.1f} {percentile(ours, 0.95):7.1f}   "
                f"p95 {percentile(ours, 0.95) / percentile(base, 0.95):.2f}x"
            )
    finally:
        for worker in workers.values():
            worker.kill()
            worker.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
