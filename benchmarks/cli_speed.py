"""`reader search` as a whole process against a minimal Whoosh script over the same index.

    python benchmarks/cli_speed.py                     # the bundled corpus (seeds/)
    python benchmarks/cli_speed.py --runs 30 --query '"peace plan"'

Both are timed from just before the process is spawned to its exit, in pairs (reader,
script, reader, script, ...) so that a busy moment of the host hits both; the medians
and their ratio are printed. The script is what the issue's 1.9x was measured against:
it opens the index reader built (`open_dir` with a schema of the same field names, so it
imports nothing of reader), parses the query with Whoosh's parser and prints 20 hits
highlighted by Whoosh. reader's modules are byte-compiled first, as an installed package
is (this host sets PYTHONDONTWRITEBYTECODE, which would otherwise compile them each run).
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = """
import sys
from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer
from whoosh.qparser import QueryParser

schema = fields.Schema(
    article=fields.ID(stored=True), passage=fields.STORED(), body=fields.STORED(),
    text=fields.TEXT(analyzer=StemmingAnalyzer()),
)
ix = index.open_dir(sys.argv[1], schema=schema)
with ix.searcher() as searcher:
    query = QueryParser("text", schema).parse(sys.argv[2])
    for hit in searcher.search(query, limit=20):
        print(hit["article"], hit["passage"])
        print(hit.highlights("text", text=hit["body"]))
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    parser.add_argument("--query", default="Kirby")
    parser.add_argument("--runs", type=int, default=20, help="pairs of runs")
    args = parser.parse_args()

    compileall.compile_dir(ROOT / "reader", quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="reader-cli-"))
    try:
        index = tmp / "index"
        script = tmp / "minimal.py"
        script.write_text(MINIMAL)
        env = {**os.environ, "READER_CACHE_DIR": str(tmp / "cache"), "NO_COLOR": "1"}
        script_path = Path(sys.executable).with_name("reader")  # what users run
        command = [str(script_path)] if script_path.exists() else [sys.executable, "-m", "reader"]
        options = ["--corpus", str(args.corpus), "--index-dir", str(index)]
        reader = [*command, "search", args.query, *options]
        subprocess.run([*command, "index", *options], check=True, capture_output=True, env=env)
        minimal = [sys.executable, str(script), str(index), args.query]
        for command in (reader, minimal):  # warm the OS cache and check both run
            timed(command, env)
        ours: list[tuple[float, float]] = []
        theirs: list[tuple[float, float]] = []
        for _ in range(args.runs):
            ours.append(timed(reader, env))
            theirs.append(timed(minimal, env))
        print(f"corpus {args.corpus.name}, query {args.query!r}, {args.runs} pairs")
        for what, at in (("wall-clock", 0), ("CPU", 1)):
            a = statistics.median(r[at] for r in ours)
            b = statistics.median(r[at] for r in theirs)
            print(
                f"{what}: reader search median {a * 1000:.0f} ms (min "
                f"{min(r[at] for r in ours) * 1000:.0f}), minimal Whoosh script {b * 1000:.0f} ms"
                f" (min {min(r[at] for r in theirs) * 1000:.0f}); ratio of medians {a / b:.2f}x"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
