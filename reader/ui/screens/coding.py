"""The coding run (`c`): the current results one passage at a time, one key per decision.

As in Prodigy's one-task-at-a-time stream: the passage full width with its article's
date, source and title, the codebook's keys and descriptions beside it (a mark on those
the passage has); a codebook key toggles its tag, `space`/`enter` moves on, `backspace`
goes back, `x` skips, `n` writes a note, `t` tags freely; a count shows the position.
`escape` leaves; `c` over the same results resumes where the run stopped (the run is
kept in the main screen's `MainState`). A passage that gets one code costs two keys.

The main screen stays underneath: its current passage follows the run (so the editor,
the writer and undo work as usual), and it tells this screen when what the passage shows
has changed (`show_passage`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.tagnames import tag_key
from reader.ui.coding_run import CodingRun
from reader.ui.commands import bindings
from reader.ui.render import date_label, passage_body, safe, untitled_label

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen

DESCRIPTION_CHARS = 60


def start_coding(screen: MainScreen) -> None:
    """`c`: a run over the screen's results; the same results resume the last run."""
    state = screen.state
    hits = state.results.hits if state.results else []
    if not hits:
        screen.notify("no results to code: search first", severity="warning")
        return
    query = state.shown_query or ""
    if state.coding is None or not state.coding.covers(query, hits):
        state.coding = CodingRun(query, list(hits))
    screen.end_selection()
    screen.app.push_screen(CodingScreen(screen, state.coding))


class CodingScreen(Screen[None]):
    """One passage at a time; keys decide (see the module's docstring)."""

    BINDINGS = bindings("coding")

    def __init__(self, main: MainScreen, run: CodingRun) -> None:
        super().__init__()
        self.main = main
        self.coding = run

    def compose(self) -> ComposeResult:
        with Horizontal(id="coding-body"):
            with Vertical(id="coding-main"):
                yield Static("", id="coding-head", markup=False)
                with VerticalScroll(id="coding-scroll"):
                    yield Static("", id="coding-text", markup=False)
            yield Static("", id="coding-keys", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.on_resize()
        self.follow()

    def on_resize(self) -> None:
        compact = (self.size.width or self.app.size.width) < 100
        if compact != self.has_class("-compact"):
            self.set_class(compact, "-compact")
            if self.is_mounted:
                self.show_passage()

    def follow(self) -> None:
        """Make the run's passage the main screen's current one, then show it."""
        hit = self.coding.current
        if hit is not None and self.main.current != hit.ref:
            self.main.current = hit.ref  # loads its article; show_passage follows
        self.show_passage()

    def show_passage(self) -> None:
        """Draw the run's passage with what it shows now, and the codebook's keys."""
        hit = self.coding.current
        head = Text(f"Coding {self.coding.counter()}", style="bold")
        if self.coding.query:
            head.append(f"  ·  {safe(self.coding.query)}", style="dim")
        text = self.query_one("#coding-text", Static)
        if hit is None:
            head.append("\n")
            done = f"Done: {len(self.coding.seen)} coded or passed"
            skipped = f", {len(self.coding.skipped)} skipped" if self.coding.skipped else ""
            text.update(Text(f"{done}{skipped}. backspace goes back, escape leaves."))
            self.query_one("#coding-head", Static).update(head)
            self.show_keys(set())
            return
        state = self.main.state
        shown = state.shown(hit.ref)
        label = hit.title or state.labels.get(hit.article) or untitled_label(hit.text)
        head.append("\n")
        head.append(date_label(hit.date), style="bold" if hit.date else "dim italic")
        if hit.source:
            head.append("  ·  " + safe(hit.source))
        head.append("  ·  ")
        head.append(safe(label), style="bold" if hit.title else "italic")
        head.append(f"  ·  {safe(str(hit.ref))}", style="dim")
        if hit.ref in self.coding.skipped:
            head.append("  (skipped)", style="yellow")
        self.query_one("#coding-head", Static).update(head)
        text.update(passage_body(hit.passage, hit.text, shown, hit.highlights))
        self.show_keys({tag_key(t) for t in shown.tags} if shown else set())

    def show_keys(self, have: set[str]) -> None:
        """The codebook's one-key tags, a mark on those the passage has."""
        state = self.main.state
        keys = Text("Codebook\n", style="bold")
        if not state.quick:
            keys.append("no one-key codes in the codebook: t tags\n", style="dim")
        for key, tag in sorted(state.quick.items()):
            on = tag_key(tag) in have
            keys.append(f"{safe(key)} ", style="bold reverse" if on else "bold")
            keys.append(("✓ " if on else "  ") + safe(tag), style="bold" if on else "")
            entry = state.codebook.get(tag)
            description = entry.description if entry else ""
            if description:
                cut = description[:DESCRIPTION_CHARS]
                cut += "…" if len(description) > DESCRIPTION_CHARS else ""
                # Narrow: one line a code (the list sits under the passage); else two.
                lead = "  " if self.has_class("-compact") else "\n    "
                keys.append(f"{lead}{safe(cut)}", style="dim")
            keys.append("\n")
        self.query_one("#coding-keys", Static).update(keys)

    def on_key(self, event: events.Key) -> None:
        """A codebook key toggles its tag on the passage; `t` opens the tag dialog."""
        hit = self.coding.current
        if hit is None or not event.character:
            return
        tag = self.main.state.quick.get(event.character)
        if tag is not None:
            event.stop()
            self.main.editor.quick_tag(tag, hit.ref)
        elif event.character == "t":
            event.stop()
            self.main.editor.tag(hit.ref)

    def action_step(self, step: int) -> None:
        if step > 0:
            self.coding.advance()
        else:
            self.coding.back()
        self.follow()

    def action_skip(self) -> None:
        self.coding.skip()
        self.follow()

    def action_note(self) -> None:
        if self.coding.current is not None:
            self.main.editor.note(self.coding.current.ref)

    def action_leave(self) -> None:
        self.dismiss(None)
