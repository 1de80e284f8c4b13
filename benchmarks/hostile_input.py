"""Hostile input, measured: an alias bomb in front matter, and writing a note of megabytes.

Run: `python benchmarks/hostile_input.py [--levels 5 6 7] [--note-mb 3.5]`. Each case runs
in a fresh process, which reports its time and peak memory (ru_maxrss):

- front matter `title: *a6` over nested anchors (9 wide): `yaml.safe_load` and the title
  made a string, as `corpus.py` did before issue 9 (the baseline), against
  `reader.yamlsafe.load_yaml_text` (aliases refused);
- a note of N MB written canonically: PyYAML's emitter character by character (the
  baseline) against the fast path for block texts (`yamlio.FAST_BLOCK_CHARS`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from hostile import alias_bomb

CASE = r"""
import json, resource, sys, time
kind, size = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if kind in ("safe_load", "strict"):
    sys.path.insert(0, sys.argv[3])
    from hostile import alias_bomb
    text = alias_bomb(levels=int(size))
    if kind == "safe_load":
        import yaml
        title = " ".join(str(yaml.safe_load(text)["title"]).split())
        outcome = f"title of {len(title):,} characters"
    else:
        from reader.yamlsafe import YamlError, load_yaml_text
        try:
            load_yaml_text(text, dates=True)
            outcome = "loaded"
        except YamlError as exc:
            outcome = exc.message
else:
    from reader.annotations import yamlio
    if kind == "emitter":
        yamlio.FAST_BLOCK_CHARS = 10**12
    line = "Talks resumed in Geneva on Monday, officials said.\n"
    note = (line * int(float(size) * 1e6 / len(line) + 1))[: int(float(size) * 1e6)]
    outcome = f"{len(yamlio.dump_annotation({'schema': 1, 'note': note})):,} bytes of YAML"
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "mib": peak, "outcome": outcome}))
"""


def measure(kind: str, size: str, timeout: float) -> str:
    tests = str(Path(__file__).resolve().parent.parent / "tests")
    try:
        done = subprocess.run(
            [sys.executable, "-c", CASE, kind, size, tests],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"over {timeout:.0f} s (stopped)"
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1]}"
    data = json.loads(done.stdout)
    return f"{data['seconds']:.2f} s, {data['mib']:.0f} MiB peak: {data['outcome']}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[5, 6, 7])
    parser.add_argument("--note-mb", type=float, default=3.5)
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    for levels in args.levels:
        size = len(alias_bomb(levels=levels).encode())
        print(f"alias bomb, {levels} levels ({size} bytes of front matter)")
        for kind in ("safe_load", "strict"):
            print(f"  {kind:<10} {measure(kind, str(levels), args.timeout)}")
    print(f"writing a {args.note_mb:g} MB note")
    for kind in ("emitter", "fast"):
        print(f"  {kind:<10} {measure(kind, str(args.note_mb), args.timeout)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
