"""Every command of the app, declared once: its key, what it does, and where it shows.

This one table feeds the bindings (the main screen's, the reading pane's while selecting,
the coding run's), the footer, the command palette, the help screen and the README's key
table (`python -m reader.ui.commands` prints it; a test keeps the README in step). Each
binding carries the command's id, so a user can remap it in the config file
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
    only); `palette` puts it in the command palette; `scope` is where it is bound ("main",
    "app", "select": the reading pane while selecting, "coding": the coding run);
    `section` groups it in the help and the README.
    """

    id: str
    key: str
    action: str
    description: str
    help: str
    footer: bool = True
    bound: bool = True
    palette: bool = True
    scope: str = "main"  # "main" (the main screen), "app", "select" or "coding"
    section: str = ""  # "" takes the scope's section (SECTIONS)


SECTIONS = {
    "main": "Searching, reading, tagging",
    "app": "Searching, reading, tagging",
    "select": "Selecting a span (after v)",
    "coding": "Coding run (after c)",
}


COMMANDS: tuple[Command, ...] = (
    Command(
        "search",
        "slash",
        "focus_search",
        "Search",
        "Go to the search box from anywhere (the `/` is not typed); type to search",
    ),
    Command(
        "leave",
        "escape",
        "back",
        "Back",
        "Back one level: the search box, the reading pane or the tag panel to the results; "
        "a dialog closes (a changed note asks first)",
        footer=False,
        palette=False,
    ),
    Command(
        "open",
        "enter",
        "open",
        "Open",
        "In the search box: go to the results; on a result: open it in the reading pane",
        bound=False,
        palette=False,
    ),
    Command(
        "down",
        "j,down",
        "cursor_down",
        "Down",
        "Next result, in the results and in the reading pane (the pane follows)",
        footer=False,
        bound=False,
        palette=False,
    ),
    Command(
        "up",
        "k,up",
        "cursor_up",
        "Up",
        "Previous result (no wrapping at the top)",
        footer=False,
        bound=False,
        palette=False,
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
    Command(
        "tag",
        "t",
        "tag",
        "Tag",
        "Tag the current passage (or the selection), several tags at once: tab completes "
        "(codebook codes first, with their descriptions), a second tab or the arrows "
        "choose; -tag removes one; a tag not in the codebook is marked new",
    ),
    Command(
        "codebook",
        "1-9",
        "codebook",
        "Codebook",
        "The codebook's one-key tags: toggle the tag on the current passage (or the selection)",
        footer=False,
        bound=False,
        palette=False,
    ),
    Command(
        "note",
        "n",
        "note",
        "Note",
        "Write your note on the current passage or the selection (ctrl+s saves; escape "
        "asks before dropping a change)",
    ),
    Command(
        "select",
        "v",
        "select",
        "Select",
        "Select a span of the open passage, starting with its first sentence",
    ),
    Command(
        "code",
        "c",
        "coding_run",
        "Code",
        "Coding run over the current results: one passage at a time, one key per decision",
    ),
    Command("undo", "u", "undo", "Undo", "Undo the last change (tag, note, article details)"),
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
    Command(
        "tags",
        "b",
        "toggle_tags",
        "Tags",
        "The tag panel: codebook codes and tags in use, with counts (j/k move, enter lists "
        "a tag's passages); again hides it",
    ),
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
        "The annotation changes since the last git pull (or a revision you type), by author",
        footer=False,
    ),
    Command(
        "sync",
        "S",
        "sync",
        "Sync",
        "Share through git: commit your tags and notes, pull the others', push (as reader "
        "sync); the status line shows the steps, then the list of what came in opens",
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
        "Reports on the current query's passages: tag counts as bars, the timeline, and the "
        "tags found with the tag under the cursor (escape closes)",
        footer=False,
    ),
    Command(
        "copies",
        "a",
        "also_in",
        "Also in",
        "The other articles that carry the current passage (a row's 'also in N'), earliest "
        "first, with date, source or title and id: enter opens one at that passage",
        footer=False,
    ),
    Command(
        "variants",
        "",
        "add_variants",
        "Add spelling variants...",
        "Add a group of spellings search treats as one word (Kyiv, Kiev) to "
        "annotations/variants.yaml, merged with a group sharing one; the search runs again",
        footer=False,
        bound=False,
    ),
    Command(
        "export",
        "",
        "export",
        "Export...",
        "Export the annotations (csv, jsonl, markdown, w3c, qdpx, qdc): a format, a file, the "
        "current query's passages if ticked; a progress bar when it takes over a second",
        footer=False,
        bound=False,
    ),
    Command("help", "question_mark", "help", "Help", "Every key (this screen)", scope="app"),
    Command("quit", "q", "quit", "Quit", "Quit the app (q outside the search box)", scope="app"),
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
    # While selecting a span (the reading pane's keys after v):
    Command("select_more", "j,shift+down", "select('more')", "+Sentence",
            "Extend the selection by a sentence", palette=False, scope="select"),
    Command("select_less", "k,shift+up", "select('less')", "-Sentence",
            "Shrink it by a sentence", palette=False, scope="select"),
    Command("select_word", "w,shift+right", "select('word')", "+Word",
            "Extend it by a word", palette=False, scope="select"),
    Command("select_unword", "b,shift+left", "select('unword')", "-Word",
            "Shrink it by a word", footer=False, palette=False, scope="select"),
    Command("select_next", "right_square_bracket", "select('next')", "Next sentence",
            "Select the next sentence instead", footer=False, palette=False, scope="select"),
    Command("select_prev", "left_square_bracket", "select('prev')", "Previous sentence",
            "Select the previous sentence instead", footer=False, palette=False,
            scope="select"),
    Command("select_start", "W", "select('start')", "Start +word",
            "Move its start forward a word", footer=False, palette=False, scope="select"),
    Command("select_unstart", "B", "select('unstart')", "Start -word",
            "Move its start back a word", footer=False, palette=False, scope="select"),
    Command("select_done", "escape", "select('done')", "Done",
            "Leave the selection (t, n and the codebook keys apply to it until then)",
            palette=False, scope="select"),
    # In a coding run (c): one passage at a time.
    Command("coding_next", "space,enter", "step(1)", "Next", "On to the next passage",
            palette=False, scope="coding"),
    Command("coding_back", "backspace", "step(-1)", "Back", "Back to the previous passage",
            palette=False, scope="coding"),
    Command("coding_skip", "x", "skip", "Skip", "Skip this passage (counted as skipped)",
            palette=False, scope="coding"),
    Command("coding_note", "n", "note", "Note", "Write a note on this passage",
            palette=False, scope="coding"),
    Command("coding_leave", "escape", "leave", "Leave",
            "Leave the run; c over the same results resumes it", palette=False,
            scope="coding"),
)  # fmt: skip


def bindings(scope: str) -> list[BindingType]:
    """The Textual bindings of one scope, each with its command's id (for remapping)."""
    return [
        Binding(c.key, c.action, c.description, show=c.footer, id=c.id)
        for c in COMMANDS
        if c.scope == scope and c.bound
    ]


def section(command: Command) -> str:
    return command.section or SECTIONS.get(command.scope, "")


def key_table(keymap: dict[str, str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help and the README's key table: (section, [(keys, what they do)])."""
    keymap = keymap or {}
    groups: dict[str, list[tuple[str, str]]] = {}
    for command in COMMANDS:
        key = display_key(keymap.get(command.id, command.key))
        groups.setdefault(section(command), []).append((key, command.help))
    return list(groups.items())


def key_table_markdown() -> str:
    """The README's key table (between its `keys` markers)."""
    lines = []
    for title, rows in key_table():
        lines += [f"**{title}**", "", "| key | does |", "| --- | --- |"]
        lines += [f"| `{key.replace(' / ', '`, `')}` | {text} |" for key, text in rows]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


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


if __name__ == "__main__":
    print(key_table_markdown(), end="")
