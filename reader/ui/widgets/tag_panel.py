"""The tag panel: every tag in use as a tree (`a/b` nests under `a`), with counts."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.tagnames import tag_tree
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
        """Rebuild the tree from tag -> passage count (tags differing in case are one)."""
        self.clear()
        parents: list[TreeNode[str]] = [self.root]
        for node in tag_tree(counts):
            del parents[node.depth + 1 :]
            label = Text(printable(node.name))
            label.append(f" {node.total}", style="dim")
            parent = parents[-1]
            if node.has_children:
                parents.append(parent.add(label, data=node.tag, expand=True))
            else:
                parent.add_leaf(label, data=node.tag)
        if not counts:
            self.root.add_leaf(Text("no tags yet", style="dim"), data=None)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data:
            self.post_message(self.Chosen(event.node.data))
