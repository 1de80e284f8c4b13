"""Every command of the app, declared once: its key, what it does, and where it shows.

This one table feeds the screen's bindings, the footer, the command palette and the help
screen. Each binding carries the command's id, so a user can remap it in the config file
(`keymap: {tag: ctrl+t}`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    """One thing the user can do.

    `key` is Textual's key syntax (several keys separated by commas); `footer` says whether
    the footer shows it; `bound` is False for keys a widget handles itself (listed in help
    only); `palette` puts it in the command palette.
    """

    id: str
    key: str
    action: str
    description: str
    help: str
    footer: bool = True
    bound: bool = True
    palette: bool = True
    scope: str = "main"  # "main" (the main screen) or "app"


COMMANDS: tuple[Command, ...] = (
    Command("search", "slash", "focus_search", "Search", "Go to the search box"),
    Command(
        "leave",
        "escape",
        "leave_search",
        "Leave",
        "Leave the search box",
        footer=False,
        palette=False,
    ),
    Command(
        "open",
        "enter",
        "open",
        "Open",
        "Open the passage (or go to the first result)",
        bound=False,
        palette=False,
    ),
    Command(
        "down",
        "j,down",
        "cursor_down",
        "Down",
        "Next result",
        footer=False,
        bound=False,
        palette=False,
    ),
    Command(
        "up", "k,up", "cursor_up", "Up", "Previous result", footer=False, bound=False, palette=False
    ),
    Command(
        "history",
        "up,down",
        "history",
        "History",
        "Earlier queries (in the search box)",
        footer=False,
        bound=False,
        palette=False,
    ),
    Command("tag", "t", "tag", "Tag", "Tag the current passage (several tags at once)"),
    Command("note", "n", "note", "Note", "Write a note on the current passage"),
    Command("undo", "u", "undo", "Undo", "Undo the last tag or note change"),
    Command(
        "next_passage",
        "right_square_bracket",
        "next_passage",
        "Next ¶",
        "Next passage of the open article",
        footer=False,
    ),
    Command(
        "prev_passage",
        "left_square_bracket",
        "prev_passage",
        "Prev ¶",
        "Previous passage of the open article",
        footer=False,
    ),
    Command(
        "article",
        "m",
        "article_meta",
        "Article",
        "Set the article's date, title and source (shared with the annotations)",
        footer=False,
    ),
    Command("sort", "s", "toggle_sort", "Sort", "Sort by relevance or by date"),
    Command("tags", "b", "toggle_tags", "Tags", "Show or hide the tag panel"),
    Command(
        "orphans",
        "o",
        "orphans",
        "Orphans",
        "List annotations that lost their passage",
        footer=False,
    ),
    Command(
        "news",
        "g",
        "news",
        "New since last pull",
        "Show the annotation changes since the last git pull, by author",
        footer=False,
    ),
    Command(
        "reload", "ctrl+r", "reload", "Reload", "Re-read the corpus and annotations", footer=False
    ),
    Command(
        "reports",
        "r",
        "reports",
        "Reports",
        "Reports on the current query: tag counts, timeline, co-occurrence",
        footer=False,
    ),
    Command(
        "export",
        "",
        "export",
        "Export...",
        "Export the annotations (csv, jsonl, markdown, w3c, qdpx, qdc)",
        footer=False,
        bound=False,
    ),
    Command("help", "question_mark", "help", "Help", "Show every key", scope="app"),
    Command("quit", "q", "quit", "Quit", "Quit the app", scope="app"),
    Command(
        "quit_anywhere",
        "ctrl+q",
        "quit",
        "Quit",
        "Quit, even from the search box",
        footer=False,
        palette=False,
        scope="app",
    ),
    Command(
        "palette",
        "ctrl+p",
        "command_palette",
        "Palette",
        "Open the command palette",
        footer=False,
        bound=False,
        palette=False,
        scope="app",
    ),
)


def bindings(scope: str) -> list[BindingType]:
    """The Textual bindings of one scope, each with its command's id (for remapping)."""
    return [
        Binding(c.key, c.action, c.description, show=c.footer, id=c.id)
        for c in COMMANDS
        if c.scope == scope and c.bound
    ]


def palette_commands() -> list[Command]:
    """The commands the command palette offers."""
    return [c for c in COMMANDS if c.palette]


def display_key(key: str) -> str:
    """A key as a person writes it: `question_mark` -> `?`, `j,down` -> `j / down`; a
    command with no key is found in the palette."""
    if not key.strip():
        return "palette"
    names = {
        "slash": "/",
        "question_mark": "?",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "escape": "esc",
    }
    return " / ".join(names.get(k.strip(), k.strip()) for k in key.split(","))
