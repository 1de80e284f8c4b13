"""The workspace's exports, reports and codebook import (see `Workspace.export`,
`Workspace.report`, `Workspace.import_codebook`): choose what, gather it, hand it to
`reader.export`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.annotations.codebook import CodebookEntry
from reader.annotations.record import now_rfc3339
from reader.export import (
    CodebookMerge,
    ExportContext,
    ExportError,
    ExportResult,
    Report,
    agreement_report,
    cooccur_report,
    plan_merge,
    read_codes,
    split_names,
    tags_report,
    timeline_report,
    write_export,
)
from reader.records import Author
from reader.workspace import coded
from reader.workspace.coded import Progress

if TYPE_CHECKING:
    from reader.workspace.workspace import Workspace


def describe(query: str | None, authors: Sequence[str]) -> str:
    """The selection in words: `query 'tag:actor', by Ana Lima` ("" for everything)."""
    parts = []
    if query and query.strip():
        parts.append(f"query {query.strip()!r}")
    names = split_names(authors)
    if names:
        parts.append("by " + ", ".join(names))
    return ", ".join(parts)


def export(
    ws: Workspace,
    fmt: str,
    path: Path | None,
    *,
    query: str | None = None,
    authors: Sequence[str] = (),
    force: bool = False,
    wide: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the selected annotations as `fmt` to `path` (None: standard output)."""
    chosen = coded.selection(ws, query, authors)
    found = coded.segments(ws, chosen, progress)
    context = ExportContext(
        codebook=ws.codebook(),
        name=ws.corpus.name,
        exporter=ws.author() if fmt == "qdpx" else Author("unknown"),  # git runs for it
        now=now_rfc3339(),
        selection=describe(query, authors),
        filtered=chosen.refs is not None or bool(chosen.authors),
        wide=wide,
    )
    count = write_export(fmt, found, path, context, force=force)
    return ExportResult(fmt, count, path, found.left_out)


def report(
    ws: Workspace,
    kind: str,
    *,
    query: str | None = None,
    authors: Sequence[str] = (),
    options: dict[str, Any] | None = None,
) -> tuple[Report, list[str]]:
    """One report of the selection, and what was left out of it (one line each)."""
    options = dict(options or {})
    chosen_authors = () if kind == "agreement" else authors
    chosen = coded.selection(ws, query, chosen_authors)
    found = coded.codings(ws, chosen, query)
    made: Report
    if kind == "tags":
        made = tags_report(found, by=options.get("by"))
    elif kind == "cooccur":
        made = cooccur_report(found, options.get("unit", "passage"), options.get("min", 1))
    elif kind == "timeline":
        made = timeline_report(found, options.get("by") or "month", tuple(options.get("tags", ())))
    elif kind == "agreement":
        made = agreement_report(found, split_names(authors), tuple(options.get("tags", ())))
    else:
        raise ExportError(f"unknown report {kind!r}")
    return made, found.left_out


def plan_import(ws: Workspace, path: Path) -> tuple[CodebookMerge, list[CodebookEntry]]:
    """What importing a codebook file would do, and the entries it would add."""
    plan = plan_merge(read_codes(path), ws.codebook(), path.name)
    return plan, [CodebookEntry(c.tag, c.description, c.colour) for c in plan.added]
