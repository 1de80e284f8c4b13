"""`reader show ARTICLE#N` (one passage) and `reader show ARTICLE` (a whole article), with
what annotates them: tags, every author's note, and the spans inside each passage."""

from __future__ import annotations

import argparse
from typing import Any

from reader.cli import common
from reader.model import Passage
from reader.records import PassageAnnotations
from reader.textnorm import plural, printable, printable_line
from reader.workspace import Workspace


def run_show(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    if "#" not in args.ref:
        return show_article(ws, args.ref, args.json)
    article, passage = ws.passage(args.ref)
    ann = ws.passage_annotations(article).get(passage.number)
    if args.json:
        common.print_json(
            {
                "id": str(passage.ref),
                "article": article.id,
                "date": str(article.date) if article.date else None,
                "title": article.title,
                "source": article.source,
            }
            | passage_json(passage, ann)
        )
        return 0
    lines = [printable_line(f"{passage.ref}  {article.date or 'undated'}")]
    if article.title:
        lines.append(printable_line(f"title: {article.title}"))
    if article.source:
        lines.append(printable_line(f"source: {article.source}"))
    lines += ["", printable(passage.text), ""]
    lines += annotation_lines(ann, "")
    print("\n".join(lines))
    return 0


def show_article(ws: Workspace, article_id: str, as_json: bool) -> int:
    """`reader show ARTICLE`: the whole article, each passage numbered with its tags,
    notes and spans."""
    article = ws.article(article_id)
    shown = ws.passage_annotations(article)
    head = {
        "article": article.id,
        "date": str(article.date) if article.date else None,
        "title": article.title,
        "source": article.source,
    }
    if as_json:
        passages = [passage_json(p, shown.get(p.number)) for p in article.passages]
        common.print_json(head | {"passages": passages})
        return 0
    lines = [printable_line(f"{article.id}  {article.date or 'undated'}")]
    lines += [printable_line(f"{k}: {head[k]}") for k in ("title", "source") if head[k]]
    for passage in article.passages:
        text = printable(passage.text).replace("\n", "\n    ")
        lines += ["", f"¶{passage.number}  {text}"]
        ann = shown.get(passage.number)
        lines += annotation_lines(ann, "    ") if ann else []
    lines += ["", plural(len(article.passages), "passage")]
    print("\n".join(lines))
    return 0


def passage_json(passage: Passage, ann: PassageAnnotations | None) -> dict[str, Any]:
    """One passage for `show --json`: its text, tags, every author's note, and spans."""
    return {
        "passage": passage.number,
        "text": passage.text,
        "tags": list(ann.tags) if ann else [],
        "notes": [{"author": n.author, "text": n.text} for n in ann.notes] if ann else [],
        "spans": [
            {
                "start": p.span[0],
                "end": p.span[1],
                "quote": p.quote,
                "tags": p.tags,
                "notes": [{"author": n.author, "text": n.text} for n in p.notes],
            }
            for p in (ann.spans if ann else [])
            if p.span
        ],
    }


def annotation_lines(ann: PassageAnnotations | None, indent: str) -> list[str]:
    """`tags: ...`, each note by its author, then each span with its quote; each line made
    printable (a note's lines one by one)."""
    whole = ann.part(None) if ann else None
    tags = whole.tags if whole else []
    lines = [indent + printable_line("tags: " + (", ".join(tags) if tags else "(none)"))]
    for note in whole.notes if whole else []:
        lines.append(indent + printable_line(f"note by {note.author}:"))
        lines.extend(f"{indent}    {printable_line(line)}" for line in note.text.split("\n"))
    for part in ann.spans if ann else []:
        assert part.span is not None
        where = f"{part.span[0]}-{part.span[1]}"
        listed = ", ".join(part.tags) or "(no tags)"
        lines.append(indent + printable_line(f"span {where} “{part.quote}”: {listed}"))
        for note in part.notes:
            text = f"note by {note.author}: " + note.text.replace("\n", " ")
            lines.append(f"{indent}    {printable_line(text)}")
    return lines
