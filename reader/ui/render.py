"""Rich `Text` builders for everything the app shows from data.

Article text, titles, tags and notes come from files anyone may have written, so they are
only ever put into `Text` objects (never parsed as markup) after `printable()` has turned
control characters (terminal escapes among them) into visible stand-ins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text

from reader.dates import PartialDate
from reader.model import Article, Hit
from reader.records import PassageAnnotations
from reader.refs import PassageRef
from reader.textnorm import printable

SNIPPET = 240


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


def highlighted(
    text: str,
    spans: Sequence[tuple[int, int]],
    limit: int | None = None,
    *,
    one_line: bool = True,
) -> Text:
    """`text` with the matched spans styled; cut near the first match when `limit` is set.

    Built piece by piece, so that control characters made visible (which lengthens the
    text) never shift a highlight.
    """
    start = 0
    if limit is not None and len(text) > limit:
        first = min((s for s, _ in spans), default=0)
        start = max(0, min(first - limit // 4, len(text) - limit))
    end = len(text) if limit is None else min(len(text), start + limit)

    def piece(chunk: str) -> str:
        return safe(chunk.replace("\n", " ") if one_line else chunk)

    result = Text("…" if start else "")
    at = start
    for s, e in sorted(spans):
        s, e = max(s, at), min(e, end)
        if s >= e:
            continue
        result.append(piece(text[at:s]))
        result.append(piece(text[s:e]), style="bold reverse")
        at = e
    result.append(piece(text[at:end]))
    if end < len(text):
        result.append("…")
    return result


def hit_row(hit: Hit, tags: Sequence[str] | None = None) -> Text:
    """One result row: date and source, article, how many other articles carry the passage,
    its tags; then the passage text with matches."""
    tags = hit.tags if tags is None else tags
    head = Text()
    head.append(f"{date_label(hit.date):<10}", style="bold" if hit.date else "dim italic")
    if hit.source:
        head.append(" · " + safe(hit.source))
    head.append("  ")
    head.append(safe(hit.title or hit.article), style="bold")
    head.append(f"  #{hit.passage}", style="dim")
    if hit.also_in:
        articles = len({other.article for other in hit.also_in})
        head.append(f"  also in {articles}", style="italic")
    if tags:
        head.append("  ")
        head.append_text(tags_text(tags))
    body = highlighted(hit.text, hit.highlights, SNIPPET)
    body.pad_left(2)
    return Text("\n").join([head, body])


def article_header(article: Article) -> Text:
    """The article's title, then its date, source and id."""
    text = Text(safe(article.title or article.id), style="bold underline")
    text.append("\n")
    text.append(date_label(article.date), style="bold" if article.date else "dim italic")
    if article.source:
        text.append("  ·  " + safe(article.source))
    text.append("  ·  " + safe(article.id), style="dim")
    return text


def passage_body(
    number: int, text: str, annotations: PassageAnnotations | None, spans: Sequence = ()
) -> Text:
    """A passage in the reading pane: its number, text, and its tags if any."""
    body = Text(f"¶{number} ", style="dim")
    body.append_text(highlighted(text, spans, one_line=False))
    if annotations and annotations.tags:
        body.append("\n")
        body.append_text(tags_text(annotations.tags))
    if annotations and annotations.notes:
        body.append(f"  ✎ {len(annotations.notes)}", style="italic")
    return body


def passage_info(ref: PassageRef | None, annotations: PassageAnnotations | None) -> Text:
    """The current passage's reference, tags and every author's note."""
    if ref is None:
        return Text("No passage open. Search, then press enter on a result.", style="dim")
    text = Text(safe(ref), style="bold")
    text.append("\n")
    if annotations is None or not (annotations.tags or annotations.notes):
        text.append("no tags or notes yet (t tags, n writes a note)", style="dim")
        return text
    text.append("tags: ", style="dim")
    text.append_text(tags_text(annotations.tags) if annotations.tags else Text("none"))
    for note in annotations.notes:
        text.append("\n")
        text.append(safe(note.author) + ": ", style="italic")
        text.append(safe(note.text))
    return text
