"""The import contract: reader's layers import downward only, and no module cycles.

Run as `python tests/layers.py` (CI does) or through tests/unit/test_layers.py. It reads
every module of `reader/` as an AST, so it sees imports inside functions too, and fails on:
- an import from a higher floor, or from another package of the same floor;
- a cycle between modules (imports under `if TYPE_CHECKING:` count for floors, not cycles);
- Textual outside `reader.ui`, Whoosh outside `reader.index`.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "reader"

FLOORS: tuple[tuple[str, ...], ...] = (
    # ground: plain types and helpers, stdlib (and pyyaml, platformdirs) only
    (
        "reader",
        "reader.errors",
        "reader.textnorm",
        "reader.dates",
        "reader.ids",
        "reader.refs",
        "reader.tagnames",
        "reader.fsio",
        "reader.paths",
        "reader.model",
        "reader.records",
        "reader.yamlsafe",
    ),
    ("reader.corpus", "reader.paragraphs", "reader.annotations"),
    ("reader.index", "reader.gitshare", "reader.export"),
    ("reader.workspace",),
    ("reader.ui",),
    ("reader.cli", "reader.__main__"),
)
"""Floors from the ground up. Each entry is a unit: a module, or a package with its modules."""

SAME_UNIT = {"reader.paragraphs": "reader.corpus", "reader.__main__": "reader.cli"}
"""Modules that belong to another unit (paragraphs is the corpus's own helper)."""

ONLY_IN = {"textual": "reader.ui", "whoosh": "reader.index"}
"""Third-party packages that only one unit may import."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    typing_only: bool


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = ROOT) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def unit_of(name: str) -> tuple[int, str]:
    """The floor and unit of a reader module (KeyError if the contract does not place it)."""
    name = SAME_UNIT.get(name, name)
    for floor, units in enumerate(FLOORS):
        for unit in units:
            if name == unit or (unit != "reader" and name.startswith(unit + ".")):
                return floor, SAME_UNIT.get(unit, unit)
    raise KeyError(name)


def _typing_lines(tree: ast.Module) -> set[int]:
    """Lines of imports inside `if TYPE_CHECKING:` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                for inner in ast.walk(child):
                    lines.add(getattr(inner, "lineno", -1))
    return lines


def imports(name: str, path: Path, known: dict[str, Path]) -> list[Edge]:
    """Every import in a module, resolved to reader modules or third-party top names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing = _typing_lines(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Edge] = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.append(full if full in known else base)
        for target in targets:
            if target != "__future__":
                found.append(Edge(name, target, node.lineno, node.lineno in typing))
    return found


def violations(root: Path = ROOT) -> list[str]:
    """What breaks the contract in the package at `root`, one line each ([] if it holds)."""
    known = modules(root)
    problems: list[str] = []
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        try:
            floor, unit = unit_of(name)
        except KeyError:
            problems.append(f"{name}: not placed on any floor of the contract (tests/layers.py)")
            continue
        for edge in imports(name, path, known):
            top = edge.target.split(".")[0]
            where = f"{path.relative_to(root.parent)}:{edge.line}"
            if top in ONLY_IN and not (unit == ONLY_IN[top] or name.startswith(ONLY_IN[top])):
                problems.append(f"{where}: {name} imports {top} (only {ONLY_IN[top]} may)")
            if top != "reader":
                continue
            target = edge.target
            while target not in known and "." in target:
                target = target.rpartition(".")[0]
            other_floor, other_unit = unit_of(target)
            if other_floor > floor:
                problems.append(f"{where}: {name} imports {target}, a higher floor (upward)")
            elif other_floor == floor and other_unit != unit and floor > 0:
                problems.append(f"{where}: {name} imports {target}, a sibling on its floor")
            if not edge.typing_only and target != name:
                graph[name].add(target)
    problems.extend(f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph))
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each as a loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append([*sorted(group), sorted(group)[0]])

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main() -> int:
    problems = violations()
    for problem in problems:
        print(problem)
    print(f"import contract: {len(modules())} modules, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
