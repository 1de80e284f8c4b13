"""The reports as plain-text tables for a terminal (everything from files made printable)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence

from reader.export import AgreementReport, CooccurReport, Report, TagsReport, TimelineReport
from reader.textnorm import printable

BAR = "█"
BAR_WIDTH = 30
DISAGREEMENTS_SHOWN = 40


def terminal_width() -> int:
    """The terminal's width, or 100 when the output is not a terminal."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 100


def render(report: Report, width: int = 100) -> str:
    """The report as lines of text ending in a newline."""
    if isinstance(report, TagsReport):
        lines = tags_lines(report)
    elif isinstance(report, CooccurReport):
        lines = cooccur_lines(report, width)
    elif isinstance(report, TimelineReport):
        lines = timeline_lines(report, width)
    else:
        lines = agreement_lines(report)
    return printable("\n".join(lines)) + "\n"


def table(header: Sequence[str], rows: Sequence[Sequence[object]], left: int = 1) -> list[str]:
    """Columns padded to their widest cell; the first `left` columns left-aligned; no
    header line when `header` is empty."""
    cells = ([[str(c) for c in header]] if header else []) + [[_cell(c) for c in r] for r in rows]
    if not cells:
        return []
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    lines = []
    for row in cells:
        parts = [
            cell.ljust(widths[i]) if i < left else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(parts).rstrip())
    return lines


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    """A bar of `count` on a scale where `most` fills `width` (at least one block if > 0)."""
    if most <= 0 or count <= 0:
        return ""
    return BAR * max(1, round(width * count / most))


def tags_lines(report: TagsReport) -> list[str]:
    if not report.rows:
        return ["no tags in the selection"]
    header = ["tag", "passages", "articles", "own", "codings", *report.groups]
    rows = [
        ["  " * r.depth + r.name, r.passages, r.articles, r.own, r.codings]
        + [r.groups.get(g, 0) for g in report.groups]
        for r in report.rows
    ]
    lines = table(header, rows)
    lines.append("")
    lines.append(
        f"{report.passages} tagged passages in {report.articles} articles; "
        f"{report.annotations} annotations with tags"
        + (f"; columns after 'codings': passages per {report.by}" if report.by else "")
    )
    return lines


def cooccur_lines(report: CooccurReport, width: int) -> list[str]:
    unit = f"{report.unit}s"
    if not report.tags:
        return [f"no tags found together in {report.min_count} or more {unit}"]
    lines = [f"{unit} carrying both tags (diagonal: {unit} carrying the tag; of {report.units})"]
    labels = [f"{i}. {tag}" for i, tag in enumerate(report.tags, 1)]
    matrix = report.matrix()
    rows = []
    for label, values in zip(labels, matrix, strict=True):
        rows.append([label, *(v if v >= report.min_count else "." for v in values)])
    shown = table(["", *(str(i) for i in range(1, len(labels) + 1))], rows)
    if max(len(line) for line in shown) <= width:
        lines.extend(shown)
    else:
        lines.append("(too wide for this terminal: --csv or --json give the whole table)")
    pairs = report.pairs()
    lines.append("")
    lines.append("pairs, most frequent first:" if pairs else "no two tags found together")
    lines.extend(table([], [[f"  {a} + {b}", n] for a, b, n in pairs[:20]]) if pairs else [])
    return lines


def timeline_lines(report: TimelineReport, width: int) -> list[str]:
    rows = report.table()
    if not rows:
        return ["no tagged passages in the selection"]
    chosen = [t for t in report.tags if "/" not in t] if len(report.tags) > 6 else report.tags
    most = max(int(row[1]) for row in rows)  # type: ignore[call-overload]
    bar_width = max(5, min(BAR_WIDTH, width - 40 - 8 * len(chosen)))
    at = {tag: 2 + i for i, tag in enumerate(report.tags)}
    header = ["period", "", "passages", *chosen]
    body = [
        [row[0], bar(int(row[1]), most, bar_width).ljust(bar_width), row[1]]  # type: ignore[call-overload]
        + [row[at[t]] for t in chosen]
        for row in rows
    ]
    lines = [f"tagged passages per {report.by} (by the articles' dates)", ""]
    lines.extend(table(header, body, left=2))
    if chosen != report.tags:
        lines.append("")
        lines.append("(top-level tags shown; --tag TAG, --csv or --json give every tag)")
    return lines


def agreement_lines(report: AgreementReport) -> list[str]:
    lines = [
        f"coders: {', '.join(report.coders)}",
        f"units: {report.units} passages of the {len(report.articles)} articles they all annotated",
        "",
    ]
    rows = [[r.tag, r.used, _percent(r.agreement), r.kappa, r.alpha, r.note] for r in report.rows]
    lines.extend(table(["tag", "used", "agreed", "kappa", "alpha", ""], rows, left=1))
    lines.append("")
    found = report.disagreements
    lines.append(f"disagreements ({len(found)}):" if found else "no disagreements")
    for item in found[:DISAGREEMENTS_SHOWN]:
        lines.append(
            f"  {item.ref}  {item.tag}: {', '.join(item.with_tag)} (not {', '.join(item.without)})"
        )
    if len(found) > DISAGREEMENTS_SHOWN:
        lines.append(f"  ... {len(found) - DISAGREEMENTS_SHOWN} more (--json lists them all)")
    return lines


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"
