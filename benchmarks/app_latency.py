"""Benchmark the app: launch to first results on screen, and keystroke to results.

    /work/venv/bin/python benchmarks/app_latency.py                  # seeds + 10,000 articles
    /work/venv/bin/python benchmarks/app_latency.py --articles 2000

Launch: a fresh Python process (imports included) opens `ReaderApp` headless with an
initial query, and reports when the results list first shows that query's hits; the clock
starts in the parent just before the process is spawned. Measured on `seeds/` (cold index
and warm index) and on a generated corpus (`index_corpus_gen.py`) with a warm index.

Keystrokes: in one running app on the generated corpus (warm), each query of a mix is typed
one key at a time; the figure is the time from the last key press to its results on screen
(this includes the search box's debounce, `search_box.DEBOUNCE`; the clock stops when the
rows are in the results list, which the next frame paints). Up to `workers.RESULTS_LIMIT`
rows are shown.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # apphelpers

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"
TYPED = ["grain", "ceasefire", "Kirby", "peace talks", "sanction*", "negotiatons~", "drones"]


def child(corpus: str, index: str, query: str, started: float) -> None:
    """Run in the spawned process: open the app and print seconds to the first results."""
    from apphelpers import main_screen, wait_until

    from reader.ui.app import ReaderApp
    from reader.workspace import Workspace

    async def run() -> None:
        ws = Workspace(Path(corpus), Path(corpus).parent / "annotations", Path(index))
        app = ReaderApp(ws, query, save=False)
        async with app.run_test(size=(140, 40)) as pilot:
            await wait_until(pilot, lambda: app.main_screen() is not None, "the screen", 60)
            screen = main_screen(pilot)
            await wait_until(
                pilot,
                lambda: (
                    screen.state.shown_query == query
                    and screen.state.results
                    and screen.state.results.hits
                ),
                "results",
                600,
            )
            print(f"FIRST {time.time() - started:.4f} {len(screen.state.results.hits)}", flush=True)
            app.exit()

    asyncio.run(run())


def launch(corpus: Path, index: Path, query: str) -> tuple[float, int]:
    """Seconds from spawning a process to the first results of `query`, and the hit count."""
    started = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(corpus), str(index), query, repr(started)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("FIRST "))
    _, seconds, hits = line.split()
    return float(seconds), int(hits)


async def keystrokes(corpus: Path, index: Path, rounds: int) -> dict[str, list[float]]:
    """Milliseconds from the last key of each query to its results on screen."""
    from apphelpers import main_screen, ready, wait_until

    from reader.ui.app import ReaderApp
    from reader.workspace import Workspace

    ws = Workspace(corpus, corpus.parent / "annotations", index)
    app = ReaderApp(ws, save=False)
    timings: dict[str, list[float]] = {q: [] for q in TYPED}
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await ready(pilot)
        for _ in range(rounds):
            for query in TYPED:
                screen.action_focus_search()
                box = screen.query_one("#search")
                box.value = ""
                await pilot.press(*query[:-1])
                await pilot.pause(0.3)  # let the earlier keys' searches settle
                started = time.perf_counter()
                # The last key goes in directly: `pilot.press` would wait for the app to
                # go idle (the reading pane included) before the clock could be read.
                box.insert_text_at_cursor(query[-1])
                await wait_until(pilot, lambda q=query: screen.state.shown_query == q, query, 60)
                timings[query].append((time.perf_counter() - started) * 1000)
        assert main_screen(pilot).results is not None
    return timings


def median_of(runs: int, corpus: Path, index: Path, query: str) -> tuple[float, float, int]:
    values, hits = [], 0
    for _ in range(runs):
        seconds, hits = launch(corpus, index, query)
        values.append(seconds)
    return statistics.median(values), max(values), hits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="launches per figure")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the typed queries")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        corpus, index, query, started = args.child
        child(corpus, index, query, float(started))
        return 0

    sys.path.insert(0, str(HERE))
    from index_corpus_gen import ArticleWriter

    from reader.workspace import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="reader-app-bench-"))
    os.environ["READER_CONFIG_DIR"] = str(tmp / "config")
    try:
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        seeds = tmp / "seeds-copy" / "seeds"
        shutil.copytree(SEEDS, seeds)
        (seeds.parent / "annotations").mkdir()
        cold = [launch(seeds, tmp / f"cold-{i}", "Kirby")[0] for i in range(args.runs)]
        print(f"seeds, cold index: first results {statistics.median(cold):.2f} s median "
              f"(max {max(cold):.2f})")  # fmt: skip
        p50, worst, hits = median_of(args.runs, seeds, tmp / "cold-0", "Kirby")
        print(f"seeds, warm index: first results {p50:.2f} s median (max {worst:.2f}), "
              f"{hits} hits")  # fmt: skip

        corpus = tmp / "big" / "corpus"
        ArticleWriter().write(corpus, args.articles)
        (corpus.parent / "annotations").mkdir()
        started = time.perf_counter()
        summary = Workspace(corpus, corpus.parent / "annotations", tmp / "big-index").update_index()
        print(f"{args.articles} articles: {summary.passages} passages, index built in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        p50, worst, hits = median_of(args.runs, corpus, tmp / "big-index", "grain")
        print(f"{args.articles} articles, warm index: first results {p50:.2f} s median "
              f"(max {worst:.2f}), {hits} hits shown")  # fmt: skip

        per_query = asyncio.run(keystrokes(corpus, tmp / "big-index", args.rounds))
        typed = sorted(t for values in per_query.values() for t in values)
        p95 = typed[min(len(typed) - 1, int(len(typed) * 0.95))]
        print(f"{args.articles} articles, keystroke to results: {statistics.median(typed):.0f} ms "
              f"median, {p95:.0f} ms p95, {len(typed)} queries")  # fmt: skip
        for query, values in per_query.items():
            print(f"  {query:<14} {statistics.median(values):5.0f} ms median")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
