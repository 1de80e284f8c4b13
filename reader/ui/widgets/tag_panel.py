"""The tag panel: every tag in use as a tree (`a/b` nests under `a`), with counts."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree

from reader.textnorm import printable


class TagPanel(Tree[str]):
    """Posts `Chosen` with the full tag when the user selects one."""

    class Chosen(Message):
        def __init__(self, tag: str) -> None:
            super().__init__()
            self.tag = tag

    def __init__(self, **kwargs) -> None:
        super().__init__("tags", **kwargs)
        self.show_root = False
        self.guide_depth = 2

    def show(self, counts: Mapping[str, int]) -> None:
        """Rebuild the tree from tag -> passage count."""
        self.clear()
        totals: dict[str, int] = {}
        for tag, count in counts.items():
            parts = tag.split("/")
            for i in range(1, len(parts) + 1):
                prefix = "/".join(parts[:i])
                totals[prefix] = totals.get(prefix, 0) + count
        nodes = {"": self.root}
        for prefix in sorted(totals):
            parent, _, leaf = prefix.rpartition("/")
            parent_node = nodes.get(parent, self.root)
            label = Text(printable(leaf or prefix))
            label.append(f" {totals[prefix]}", style="dim")
            has_children = any(t.startswith(prefix + "/") for t in totals)
            if has_children:
                node = parent_node.add(label, data=prefix, expand=True)
            else:
                node = parent_node.add_leaf(label, data=prefix)
            nodes[prefix] = node
        if not counts:
            self.root.add_leaf(Text("no tags yet", style="dim"), data=None)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data:
            self.post_message(self.Chosen(event.node.data))
