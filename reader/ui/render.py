"""Rich `Text` builders for everything the app shows from data.

Article text, titles, tags and notes come from files anyone may have written, so they are
only ever put into `Text` objects (never parsed as markup) after `printable()` has turned
control characters (terminal escapes among them) into visible stand-ins.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from rich.text import Text

from reader.dates import PartialDate
from reader.model import Article, Hit
from reader.records import PassageAnnotations, Span
from reader.refs import PassageRef
from reader.textnorm import printable

SNIPPET = 240
LABEL_WORDS = 8
MATCH = "bold reverse"
SPAN = "underline"
SELECTED = "bold white on blue"


def safe(value: object) -> str:
    """Untrusted text made printable; None becomes ''."""
    return "" if value is None else printable(str(value))


def date_label(date: PartialDate | None) -> str:
    """`2023-04-26`, `2023-05`, or `undated`."""
    return str(date) if date is not None else "undated"


def tags_text(tags: Iterable[str]) -> Text:
    """Tags as `#a #b/c`, each as plain text."""
    text = Text()
    for i, tag in enumerate(sorted(set(tags))):
        if i:
            text.append(" ")
        text.append("#" + safe(tag), style="bold magenta")
    return text


def untitled_label(text: str) -> str:
    """An untitled article's first words, to name it by (its id says little)."""
    words = text.split()
    label = " ".join(words[:LABEL_WORDS])
    return safe(label + ("…" if len(words) > LABEL_WORDS else ""))


def highlighted(
    text: str,
    spans: Sequence[tuple[int, int]],
    limit: int | None = None,
    *,
    one_line: bool = True,
) -> Text:
    """`text` with the matched spans styled; cut near the first match when `limit` is set."""
    return styled(text, [(s, e, MATCH) for s, e in spans], limit, one_line=one_line)


def styled(
    text: str,
    ranges: Sequence[tuple[int, int, str]],
    limit: int | None = None,
    *,
    one_line: bool = True,
) -> Text:
    """`text` with each `(start, end, style)` range styled (overlaps combine); cut near the
    first range when `limit` is set.

    Built piece by piece, so that control characters made visible (which lengthens the
    text) never shift a style.
    """
    start = 0
    if limit is not None and len(text) > limit:
        first = min((s for s, _, _ in ranges), default=0)
        start = max(0, min(first - limit // 4, len(text) - limit))
    end = len(text) if limit is None else min(len(text), start + limit)

    def piece(chunk: str) -> str:
        return safe(chunk.replace("\n", " ") if one_line else chunk)

    cuts = sorted({start, end} | {max(start, min(end, p)) for s, e, _ in ranges for p in (s, e)})
    result = Text("…" if start else "")
    for a, b in itertools.pairwise(cuts):
        style = " ".join(st for s, e, st in ranges if s <= a and b <= e)
        result.append(piece(text[a:b]), style=style or None)
    if end < len(text):
        result.append("…")
    return result


def hit_row(
    hit: Hit,
    tags: Sequence[str] | None = None,
    label: str | None = None,
    limit: int = SNIPPET,
) -> Text:
    """One result row: date and source, article (its title, else `label`: its first words,
    else its id), how many other articles carry the passage, its tags; then the passage
    text with matches (at most `limit` characters)."""
    tags = hit.tags if tags is None else tags
    head = Text()
    head.append(f"{date_label(hit.date):<10}", style="bold" if hit.date else "dim italic")
    if hit.source:
        head.append(" · " + safe(hit.source))
    head.append("  ")
    if hit.title or not label:
        head.append(safe(hit.title or hit.article), style="bold")
    else:
        head.append(safe(label), style="italic")
    head.append(f"  #{hit.passage}", style="dim")
    if hit.also_in:
        articles = len({other.article for other in hit.also_in})
        head.append(f"  also in {articles}", style="italic")
    if tags:
        head.append("  ")
        head.append_text(tags_text(tags))
    body = highlighted(hit.text, hit.highlights, limit)
    body.pad_left(2)
    return Text("\n").join([head, body])


def article_header(article: Article) -> Text:
    """The article's title (or its first words, in italics), then its date (or undated),
    source and id."""
    if article.title:
        text = Text(safe(article.title), style="bold")
    else:
        first = article.passages[0].text if article.passages else article.id
        text = Text(untitled_label(first), style="bold italic")
    text.append("\n")
    text.append(date_label(article.date), style="bold" if article.date else "dim italic")
    if article.source:
        text.append("  ·  " + safe(article.source))
    text.append("  ·  " + safe(article.id), style="dim")
    return text


def passage_body(
    number: int,
    text: str,
    annotations: PassageAnnotations | None,
    spans: Sequence[tuple[int, int]] = (),
    selection: Span | None = None,
) -> Text:
    """A passage in the reading pane: its number, its text (matches highlighted, annotated
    spans underlined, the selection marked), then its tags if any."""
    ranges = [(s, e, MATCH) for s, e in spans]
    ranges += [(*p.span, SPAN) for p in annotations.spans if p.span] if annotations else []
    if selection is not None:
        ranges.append((*selection, SELECTED))
    body = Text(f"¶{number} ", style="dim")
    body.append_text(styled(text, ranges, one_line=False))
    if annotations and annotations.tags:
        body.append("\n")
        body.append_text(tags_text(annotations.tags))
    if annotations and annotations.notes:
        body.append(f"  ✎ {len(annotations.notes)}", style="italic")
    return body


def passage_info(
    ref: PassageRef | None, annotations: PassageAnnotations | None, selection: str | None = None
) -> Text:
    """The current passage's reference, then what annotates it part by part: the whole
    passage's tags and notes, then each span with its quote; `selection` is the quote
    being selected, if any."""
    if ref is None:
        return Text("No passage open. Search, then press enter on a result.", style="dim")
    text = Text(safe(ref), style="bold")
    if selection is not None:
        text.append("  selecting: ", style="dim")
        text.append(quoted(selection), style=SELECTED)
    text.append("\n")
    if annotations is None or not annotations.parts:
        text.append("no tags or notes yet (t tags, n writes a note, v selects)", style="dim")
        return text
    for i, part in enumerate(annotations.parts):
        if i:
            text.append("\n")
        if part.span is None:
            text.append("tags: ", style="dim")
        else:
            text.append(quoted(part.quote), style=SPAN)
            text.append(" ")
        text.append_text(tags_text(part.tags) if part.tags else Text("no tags", style="dim"))
        for note in part.notes:
            text.append("\n  " if part.span else "\n")
            text.append(safe(note.author) + ": ", style="italic")
            text.append(safe(note.text))
    return text


def quoted(quote: str, limit: int = 60) -> str:
    """`“quote”`, cut in the middle when long, on one line."""
    flat = " ".join(quote.split())
    if len(flat) > limit:
        flat = flat[: limit // 2 - 1] + " … " + flat[-(limit // 2 - 2) :]
    return "“" + safe(flat) + "”"
