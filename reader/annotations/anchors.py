"""Placing an annotation on the article as it is now: by position, by quote, or fuzzily.

An annotation's target records a passage number and offsets (hints) and the quoted text
with some context (W3C TextQuoteSelector). The article may have changed since; `Anchorer`
finds where the quote is now, or says why it cannot (an orphan, kept and listed).
Comparisons ignore Unicode normal form, CRLF and curly versus straight quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz, process

from reader.model import Article
from reader.records import Target
from reader.textnorm import normalise, straight_quotes

THRESHOLD = 0.75
"""A fuzzy match needs this quote similarity and this combined score (0..1)."""
AMBIGUITY = 0.03
"""A fuzzy runner-up in another passage this close to the best makes the match ambiguous."""

SHORT_QUOTE = 40
"""A quote shorter than this found away from its passage needs matching context too."""


def comparable(text: str) -> str:
    """NFC, LF line ends, straight quotes: the form quotes are compared in."""
    return straight_quotes(normalise(text))


@dataclass(frozen=True)
class Placement:
    """Where an annotation sits: passage number and offsets, or None with a reason.

    `method` is "position", "quote", "fuzzy" or "orphan"; `score` is 0..1.
    """

    passage: int | None
    start: int = 0
    end: int = 0
    method: str = "orphan"
    score: float = 0.0
    reason: str = ""

    @property
    def orphan(self) -> bool:
        return self.passage is None


class Anchorer:
    """Places targets on one article (its normalised text is computed once, and only
    when a target is not where its hints say: the usual case needs one passage)."""

    def __init__(self, article: Article) -> None:
        self.passages = article.passages

    @cached_property
    def texts(self) -> list[str]:
        # The corpus is NFC with LF already; translating quotes keeps offsets unchanged.
        return [straight_quotes(p.text) for p in self.passages]

    @cached_property
    def joined(self) -> str:
        return "\n\n".join(self.texts)

    @cached_property
    def words(self) -> list[set[str]]:
        return [set(text.casefold().split()) for text in self.texts]

    @cached_property
    def offsets(self) -> list[int]:
        found, at = [], 0
        for text in self.texts:
            found.append(at)
            at += len(text) + 2
        return found

    def place(self, target: Target) -> Placement:
        """Where `target` (an annotation's target) is in the article now."""
        quote = comparable(target.quote)
        hint = target.passage or 0
        if not quote:
            return Placement(None, reason="the target has no quoted text")
        if not self.passages:
            return Placement(None, reason="the article has no passages")
        start = target.start or 0
        if 1 <= hint <= len(self.passages):
            text = straight_quotes(self.passages[hint - 1].text)
            if text[start : start + len(quote)] == quote:
                return Placement(hint, start, start + len(quote), "position", 1.0)
        prefix = comparable(target.prefix)
        suffix = comparable(target.suffix)
        exact = self._exact(quote, prefix, suffix, hint)
        return exact or self._fuzzy(quote, prefix, suffix, hint)

    def _exact(self, quote: str, prefix: str, suffix: str, hint: int) -> Placement | None:
        found: list[tuple[int, int]] = []
        for index, text in enumerate(self.texts):
            at = text.find(quote)
            while at >= 0:
                found.append((index, at))
                at = text.find(quote, at + 1)
        if not found:
            return None
        if len(found) == 1:
            index, at = found[0]
            context = self._context(index, at, at + len(quote), prefix, suffix)
            if len(quote) < SHORT_QUOTE and index + 1 != hint and context < THRESHOLD:
                return Placement(
                    None,
                    score=round(context, 3),
                    reason=f"the short quote now appears only in passage {index + 1}, "
                    "in another context",
                )
            return Placement(index + 1, at, at + len(quote), "quote", 1.0)
        best = max(
            found,
            key=lambda f: (
                0.8 * self._context(f[0], f[1], f[1] + len(quote), prefix, suffix)
                + 0.2 * _nearness(f[0] + 1, hint),
                -abs(f[0] + 1 - hint),
            ),
        )
        score = self._context(best[0], best[1], best[1] + len(quote), prefix, suffix)
        return Placement(best[0] + 1, best[1], best[1] + len(quote), "quote", round(score, 3))

    def _fuzzy(self, quote: str, prefix: str, suffix: str, hint: int) -> Placement:
        candidates = self._candidates(quote, hint)
        scored: list[tuple[float, float, int, int, int]] = []
        for index in candidates:
            similarity, start, end = self._similarity(quote, index)
            context = self._context(index, start, end, prefix, suffix)
            combined = 0.7 * similarity + 0.2 * context + 0.1 * _nearness(index + 1, hint)
            scored.append((combined, similarity, index, start, end))
        scored.sort(reverse=True)
        if not scored:
            return Placement(None, reason="the quote is not in the article any more")
        combined, similarity, index, start, end = scored[0]
        if similarity < THRESHOLD or combined < THRESHOLD:
            return Placement(
                None,
                score=round(combined, 3),
                reason=f"the quote is not in the article any more (closest: passage "
                f"{index + 1}, {similarity:.0%} similar)",
            )
        for other, other_similarity, other_index, _, _ in scored[1:]:
            if (
                other_index != index
                and other_similarity >= THRESHOLD
                and (combined - other <= AMBIGUITY)
            ):
                return Placement(
                    None,
                    score=round(combined, 3),
                    reason=f"ambiguous: passages {index + 1} and {other_index + 1} "
                    "match about equally",
                )
        return Placement(index + 1, start, end, "fuzzy", round(combined, 3))

    def _candidates(self, quote: str, hint: int) -> list[int]:
        """Passages worth a close look: the hinted one and its neighbours, then the best
        few by a cheap score (partial_ratio is only cheap for short quotes)."""
        near = [i for i in range(hint - 3, hint + 2) if 0 <= i < len(self.texts)]
        if len(quote) <= 64:
            rough = process.extract(
                quote, self.texts, scorer=fuzz.partial_ratio, score_cutoff=60, limit=8
            )
            return list(dict.fromkeys(near + [index for _, _, index in rough]))
        rough = process.extract(quote, self.texts, scorer=fuzz.ratio, score_cutoff=50, limit=6)
        words = set(quote.casefold().split())
        overlap = sorted(
            range(len(self.texts)),
            key=lambda i: len(words & self.words[i]) / (len(words | self.words[i]) or 1),
            reverse=True,
        )[:6]
        return list(dict.fromkeys(near + [index for _, _, index in rough] + overlap))

    def _similarity(self, quote: str, index: int) -> tuple[float, int, int]:
        """Quote similarity to passage `index` (0..1) and the span that matched."""
        text = self.texts[index]
        if len(quote) >= 0.8 * len(text):
            return fuzz.ratio(quote, text) / 100, 0, len(text)
        found = fuzz.partial_ratio_alignment(quote, text)
        if found is None:  # no alignment at all (only with a score cutoff, which is not set)
            return 0.0, 0, len(text)
        window = text[found.dest_start : found.dest_end]
        return fuzz.ratio(quote, window) / 100, found.dest_start, found.dest_end

    def _context(self, index: int, start: int, end: int, prefix: str, suffix: str) -> float:
        """How well the text around a span matches the recorded prefix and suffix (0..1)."""
        at = self.offsets[index]
        before = self.joined[max(0, at + start - len(prefix)) : at + start]
        after = self.joined[at + end : at + end + len(suffix)]
        return (_similar(prefix, before) + _similar(suffix, after)) / 2


def _similar(recorded: str, now: str) -> float:
    if not recorded and not now:
        return 1.0
    return fuzz.ratio(recorded, now) / 100


def _nearness(number: int, hint: int) -> float:
    return 1 / (1 + abs(number - hint)) if hint else 0.0
