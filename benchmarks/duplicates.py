"""Where to set the near-duplicate threshold: shingle similarity of copies and non-copies.

    python benchmarks/duplicates.py [--articles 2000]

Copies: the wire copies the bundled corpus holds (one quote in three articles with a word
changed, curly quotes and another attribution; a Kirby quote in two), and copies made from
every seeds passage of 15 words or more the way outlets change a wire text: quotes
straightened or curled and spaces doubled, one word replaced, the attribution at the end
rewritten. Non-copies: every other pair of passages of different seeds articles (the same
story, shared phrases), and the closest pairs the grouping would compare in a generated
corpus (`index_corpus_gen.py`, template sentences: the hard case for false groups).
Similarity is the Jaccard of the shingles `reader.index.duplicates` uses (3 consecutive
words of four letters or more), exact and as its bottom-24 sketch estimates it; the
threshold should sit between the loosest copy and the closest non-copy.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from index_corpus_gen import ArticleWriter  # noqa: E402

from reader.corpus import SourceFile, read_source  # noqa: E402
from reader.index.analysis import fold, word_sequence  # noqa: E402
from reader.index.duplicates import ANCHORS, SIMILAR, signature, similarity  # noqa: E402

SEED_COPIES = {
    ("000", 4, "001", 4),
    ("000", 9, "003", 6),
    ("000", 9, "004", 2),
    ("003", 6, "004", 2),
}


def shingles(text: str) -> set[str]:
    """The shingles `signature` sketches: 3 consecutive words of four letters or more."""
    words = [w for w in word_sequence(fold(text)) if len(w) > 3]
    return {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def estimate(a: str, b: str) -> float:
    sa, sb = signature(a), signature(b)
    return similarity(sa[1], sb[1]) if sa and sb else 0.0


def seeds() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        source = SourceFile(path, path.stem, path.stat().st_size, 0)
        for article in read_source(source)[0]:
            for p in article.passages:
                if p.duplicate_of is None:
                    found.append((article.id[:3], p.number, p.text))
    return found


def wire_edits(text: str, rng: random.Random) -> list[str]:
    """The same passage as other outlets print it."""
    quotes = text.replace('"', "“", 1).replace('"', "”", 1).replace("'", "’").replace(" ", "  ", 3)
    words = text.split()
    at = rng.randrange(len(words) // 3, len(words))
    changed = " ".join([*words[:at], "reportedly", *words[at + 1 :]])
    cut = text.rfind(",")
    attribution = (
        text[:cut] if cut > len(text) // 2 else text
    ) + ", a spokesperson told reporters."
    return [quotes, changed, attribution]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="generated corpus size")
    args = parser.parse_args()
    rng = random.Random(7)
    passages = seeds()
    by_key = {(a, n): t for a, n, t in passages}
    rows: list[tuple[str, float, float]] = []
    for a, n, b, m in sorted(SEED_COPIES):
        x, y = by_key[(a, n)], by_key[(b, m)]
        rows.append((f"seeds copy {a}#{n} {b}#{m}", jaccard(x, y), estimate(x, y)))
    made = []
    for _, _, text in passages:
        if len(text.split()) >= 15:
            made += [(text, copy) for copy in wire_edits(text, rng)]
    copies = [(jaccard(x, y), estimate(x, y)) for x, y in made]
    others = []
    for (a, n, x), (b, m, y) in combinations(passages, 2):
        if a != b and (a, n, b, m) not in SEED_COPIES and (b, m, a, n) not in SEED_COPIES:
            others.append((jaccard(x, y), estimate(x, y), f"{a}#{n} {b}#{m}"))
    generated = generated_pairs(args.articles)

    print("seeds' wire copies (exact Jaccard, sketch estimate):")
    for name, exact, sketch in rows:
        print(f"  {name}: {exact:.2f}, {sketch:.2f}")
    exact_made = sorted(c[0] for c in copies)
    sketch_made = sorted(c[1] for c in copies)
    print(
        f"made copies ({len(copies)}: quotes and spacing, a word changed, another attribution):"
        f" exact min {exact_made[0]:.2f}, 5th percentile {exact_made[len(exact_made) // 20]:.2f},"
        f" median {statistics.median(exact_made):.2f}; sketch min {sketch_made[0]:.2f},"
        f" 5th percentile {sketch_made[len(sketch_made) // 20]:.2f}"
    )
    others.sort(reverse=True)
    print(f"seeds' other cross-article pairs ({len(others)}), the closest:")
    for exact, sketch, name in others[:4]:
        print(f"  {name}: {exact:.2f}, {sketch:.2f}")
    generated.sort(reverse=True)
    print(
        f"generated corpus ({args.articles} articles), the closest of "
        f"{len(generated)} candidate pairs: "
        + ", ".join(f"{e:.2f}/{s:.2f}" for e, s in generated[:5])
    )
    loosest = min([r[1] for r in rows] + exact_made)
    closest = max([o[0] for o in others] + [g[0] for g in generated])
    print(f"loosest copy {loosest:.2f}, closest non-copy {closest:.2f}; threshold {SIMILAR}")
    total = len(copies) + len(rows)
    print(
        "threshold (on the sketch estimate, as the index groups): "
        "copies grouped, non-copies grouped"
    )
    for threshold in (0.45, 0.5, 0.55, 0.6, 0.65):
        kept = sum(1 for c in copies if c[1] >= threshold) + sum(
            1 for r in rows if r[2] >= threshold
        )
        false = sum(1 for o in others if o[1] >= threshold)
        false += sum(1 for g in generated if g[1] >= threshold)
        mark = "  <- SIMILAR" if threshold == SIMILAR else ""
        print(
            f"  {threshold:.2f}: {kept} of {total} copies, "
            f"{false} of {len(others) + len(generated)} non-copies{mark}"
        )
    return 0


def generated_pairs(count: int) -> list[tuple[float, float]]:
    """Similarity of the pairs the grouping compares (sharing one of their first sketch
    values) in a generated corpus."""
    writer = ArticleWriter()
    texts = [writer.paragraph() for _ in range(count * 6)]
    sigs = [signature(t) for t in texts]
    buckets: dict[int, list[int]] = {}
    for i, sig in enumerate(sigs):
        if sig:
            for value in sig[1][:ANCHORS]:
                buckets.setdefault(value, []).append(i)
    pairs = set()
    for members in buckets.values():
        if 2 <= len(members) <= 64:
            pairs.update(combinations(members, 2))
    return [(jaccard(texts[i], texts[j]), similarity(sigs[i][1], sigs[j][1])) for i, j in pairs]


if __name__ == "__main__":
    sys.exit(main())
