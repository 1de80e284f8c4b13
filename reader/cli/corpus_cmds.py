"""`reader variants` (spelling variants) and `reader sources` (sources by id pattern)."""

from __future__ import annotations

import argparse

from reader.annotations.shared_yaml import SharedFileError
from reader.cli import common
from reader.cli.common import CommandError
from reader.textnorm import printable


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `variants` and `sources`."""
    variants = subparsers.add_parser(
        "variants",
        help="suggest spelling-variant groups for annotations/variants.yaml; --add one",
        description="Print groups of names the corpus spells several ways (close spellings "
        "used in similar contexts), as lines to paste into annotations/variants.yaml; "
        "groups the file has already are left out. --add WORD WORD... adds a group.",
    )
    variants.add_argument(
        "--add", nargs="+", metavar="SPELLING", help="add a group of spellings to the file"
    )
    variants.add_argument(
        "--min-count", type=int, default=2, help="uses a name needs to be considered (2)"
    )
    common.add_workspace_options(variants)
    common.command(variants, _variants)

    sources = subparsers.add_parser(
        "sources",
        help="list the source patterns of annotations/sources.yaml; set one",
        description="With no arguments, list the patterns of annotations/sources.yaml and "
        "how many .txt and .md articles each gives its source (the first pattern that fits "
        "an article wins). `reader sources PATTERN SOURCE` sets the "
        "source of every article whose id fits PATTERN ('tass/*', a folder name, an id); "
        "an empty SOURCE removes the pattern. An article's own source and one set with "
        "`reader meta` win over patterns.",
    )
    sources.add_argument("pattern", nargs="?", metavar="PATTERN")
    sources.add_argument("source", nargs="?", metavar="SOURCE")
    common.add_workspace_options(sources)
    common.command(sources, _sources)


def _variants(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    if args.add:
        try:
            group = ws.add_variant_group(args.add)
        except SharedFileError as exc:
            raise CommandError(str(exc)) from None
        if args.json:
            common.print_json({"group": group})
        else:
            print(printable(f"variants.yaml: {', '.join(group)}"))
        return 0
    _, problem = ws.variants()
    if problem:
        common.error(problem)
    suggestions = ws.suggest_variants(min_count=args.min_count)
    if args.json:
        common.print_json(
            [{"group": s.spellings, "counts": s.counts, "score": s.score} for s in suggestions]
        )
        return 0
    if not suggestions:
        print("# no new spelling variants found")
        return 0
    from reader.annotations.variants import dump_groups

    print(f"# {len(suggestions)} suggested groups: paste the ones you accept into")
    print("# annotations/variants.yaml, or add one with `reader variants --add A B ...`")
    for suggestion, line in zip(
        suggestions, dump_groups(s.spellings for s in suggestions).splitlines(), strict=True
    ):
        uses = ", ".join(str(c) for c in suggestion.counts)
        print(printable(f"{line}  # uses {uses}; score {suggestion.score:.2f}"))
    return 0


def _sources(args: argparse.Namespace) -> int:
    ws = common.workspace(args)
    if args.pattern is not None:
        if args.source is None:
            raise CommandError("usage: reader sources PATTERN SOURCE ('' removes it)", 2)
        try:
            ws.set_source_pattern(args.pattern, args.source)
        except SharedFileError as exc:
            raise CommandError(str(exc)) from None
    if ws.sources_problem:
        raise CommandError(ws.sources_problem)
    rules = ws.source_rules()
    counts = rules.count([s.id for s in ws.sources() if s.path.suffix != ".jsonl"])
    if args.json:
        common.print_json(
            [{"pattern": p, "source": s, "articles": counts[p]} for p, s in rules.rules]
        )
        return 0
    if not rules:
        print("no source patterns (annotations/sources.yaml)")
    for pattern, source in rules.rules:
        print(printable(f"{counts[pattern]:>6}  {pattern}: {source}"))
    return 0
