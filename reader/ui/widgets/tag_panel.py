"""The tag panel: the codebook's codes and every tag in use as a tree (`a/b` nests under
`a`), with counts; a tag outside the codebook is marked."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.tagnames import tag_key, tag_tree
from reader.textnorm import printable


class TagPanel(Tree[str]):
    """Posts `Chosen` with the full tag when the user selects one."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Chosen(Message):
        def __init__(self, tag: str) -> None:
            super().__init__()
            self.tag = tag

    def __init__(self, **kwargs) -> None:
        super().__init__("tags", **kwargs)
        self.show_root = False
        self.guide_depth = 2

    def show(self, counts: Mapping[str, int], codebook: Collection[str] = ()) -> None:
        """Rebuild the tree from tag -> passage count (tags differing in case are one);
        the codebook's codes nobody used yet show with 0, tags outside it with a mark."""
        self.clear()
        keys = {tag_key(t) for t in codebook}
        have = {tag_key(t) for t in counts}
        merged = dict(counts) | {t: 0 for t in codebook if tag_key(t) not in have}
        parents: list[TreeNode[str]] = [self.root]
        for node in tag_tree(merged):
            del parents[node.depth + 1 :]
            label = Text(printable(node.name))
            label.append(f" {node.total}", style="dim")
            if keys and node.used and tag_key(node.tag) not in keys:
                label.append(" new", style="italic yellow")
            parent = parents[-1]
            if node.has_children:
                parents.append(parent.add(label, data=node.tag, expand=True))
            else:
                parent.add_leaf(label, data=node.tag)
        if not merged:
            self.root.add_leaf(Text("no tags yet", style="dim"), data=None)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data:
            self.post_message(self.Chosen(event.node.data))
