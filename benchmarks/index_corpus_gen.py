"""A deterministic generator of news-like English articles for the benchmarks.

Sentences are built from templates about diplomacy, war, energy and trade, with names and
places (some accented), common English words drawn with a Zipf-like skew, and date headers
at day, month and year precision (some articles undated, some with a title line).
"""

from __future__ import annotations

import random
from pathlib import Path

SUBJECTS = [
    "The foreign minister",
    "Officials in Kyiv",
    "A spokesperson for the European Commission",
    "Analysts in Zürich",
    "President Zelensky",
    "The Kremlin",
    "Chinese envoy Li Hui",
    "NATO Secretary General Jens Stoltenberg",
    "Farmers near Odesa",
    "Diplomats in Genève",
    "White House spokesperson John Kirby",
    "The defence ministry",
    "Economists in São Paulo",
    "Aid workers in Kharkiv",
    "The central bank",
    "Negotiators from both sides",
    "A senior Turkish official",
    "Residents of Mykolaiv",
    "The United Nations",
    "Ministers",
]
VERBS = [
    "said",
    "warned",
    "announced",
    "denied",
    "confirmed",
    "suggested",
    "insisted",
    "told reporters",
    "argued",
    "acknowledged",
    "repeated",
    "claimed",
    "noted",
    "hinted",
]
TOPICS = [
    "negotiations over grain exports",
    "the ceasefire proposal",
    "energy prices",
    "peace talks",
    "the nuclear plant",
    "new sanctions",
    "the drone strikes",
    "returning refugees",
    "the damaged pipeline",
    "inflation",
    "the embassy",
    "the foreign minister",
    "diplomatic efforts",
    "the escalation",
    "a prisoner exchange",
    "wheat shipments",
    "the reactor",
    "the summit",
    "the fuel depot",
    "air defence systems",
    "the grain corridor",
    "humanitarian corridors",
    "reconstruction funds",
    "the blockade",
    "the counteroffensive",
    "gas storage",
    "the power grid",
    "shipping insurance",
    "the tribunal",
    "war crimes investigators",
    "the mediation offer",
    "arms deliveries",
    "the frozen assets",
    "the export ban",
    "fertiliser supplies",
    "the bond market",
    "election plans",
    "the border crossing",
    "troop rotations",
    "the dam",
    "cyber attacks",
    "the airport",
    "mine clearance",
    "the port of Odesa",
    "food prices",
    "the veto",
    "the security guarantees",
    "the loan package",
    "coal imports",
    "the envoy",
]
PREDICATES = [
    "would resume next week",
    "lacked credible guarantees",
    "had risen sharply since winter",
    "could start in the spring",
    "remained under pressure",
    "were being prepared",
    "had been hit overnight",
    "were growing in number",
    "would be repaired within a month",
    "was easing but remained high",
    "would reopen after months of closure",
    "were intensifying behind closed doors",
    "risked drawing in neighbouring countries",
    "had been agreed in principle",
    "had doubled since the autumn",
    "was shut down as a precaution",
    "produced no joint statement",
    "were delayed again",
    "faced new legal challenges",
    "needed urgent funding",
    "drew sharp criticism",
    "were discussed at length",
    "would be reviewed by parliament",
    "had stalled",
]
TAILS = [
    "",
    "",
    "on Wednesday",
    "according to state media",
    "in a televised address",
    "citing unnamed sources",
    "after a phone call with counterparts",
    "late on Tuesday",
    "during a briefing in the capital",
    "in an interview with a local newspaper",
]
TITLES = [
    "Talks resume amid doubts",
    "Grain deal under pressure",
    "Envoy heads to Kyiv",
    "Energy prices climb again",
    "Sanctions widen",
    "Ceasefire hopes fade",
    "Diplomatic consternation",
    "Summit ends without statement",
    "Shelling near the plant",
]
COMMON = (  # noqa: SIM905
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there one all we their has would been if more "
    "when will up no out so said what its about into than them can only other new some "
    "could time these two may then do first any my now such like our over man me even most "
    "made after also did many before must through back years where much your way well down "
    "should because each just those people how too little state good very make world still "
    "own see men work long get here between both life being under never day same another "
    "know while last might us great old year off come since against go came right used take "
    "three week month government officials country military forces border region support "
    "security talks peace war leaders economy trade market prices city people statement"
).split()


def _weights(count: int) -> list[float]:
    return [1.0 / (rank + 1) for rank in range(count)]


class ArticleWriter:
    """Writes `count` articles under `root` with a fixed seed (same seed, same bytes)."""

    def __init__(self, seed: int = 20230426) -> None:
        self.rng = random.Random(seed)
        self.common_weights = _weights(len(COMMON))

    def sentence(self) -> str:
        rng = self.rng
        filler = " ".join(rng.choices(COMMON, self.common_weights, k=rng.randint(4, 12)))
        tail = rng.choice(TAILS)
        clause = f"that {rng.choice(TOPICS)} {rng.choice(PREDICATES)}"
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {clause}"
        text += f" {tail}" if tail else ""
        return f"{text}, and {filler}."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))

    def header(self) -> str:
        rng = self.rng
        roll = rng.random()
        year = rng.choice((2022, 2023, 2024))
        month = rng.randint(1, 12)
        if roll < 0.80:
            return f"date {year}-{month:02d}-{rng.randint(1, 28):02d} "
        if roll < 0.88:
            return f"date {year}-{month:02d}\n"
        if roll < 0.92:
            return f"date {year}\n"
        return ""

    def article(self) -> str:
        rng = self.rng
        title = f"{rng.choice(TITLES)}\n\n" if rng.random() < 0.5 else ""
        paragraphs = [self.paragraph() for _ in range(rng.randint(4, 8))]
        return title + self.header() + "\n\n".join(paragraphs) + "\n"

    def write(self, root: Path, count: int) -> list[Path]:
        """Write the corpus: `root/YYYY-bucket/NNNNNN.txt`, 500 files per folder."""
        paths = []
        for number in range(count):
            folder = root / f"part{number // 500:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{number:06d}.txt"
            path.write_text(self.article(), encoding="utf-8")
            paths.append(path)
        return paths
