"""The tag dialog: several tags at once, with a list of candidates for the one being typed.

`tab` completes to the longest common prefix of the candidates; when that adds nothing, it
walks the list (a second tab chooses), as do the arrows; `enter` on a chosen candidate
accepts it with its separator, otherwise saves. Tags outside the codebook are marked new
before they are saved; a tag the rule refuses keeps the dialog open with the reason.
`escape` steps back: out of the list, then out of the dialog, keeping what was typed as a
draft for the next `t` on the same passage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.tagnames import TagError, new_tags, normalise_tag, tag_key
from reader.textnorm import printable
from reader.ui.completion import (
    Candidate,
    candidates,
    common_prefix,
    is_new,
    last_token,
    parse_tags,
    replace_token,
)
from reader.ui.safe_edit import for_edit

HINT = "tab completes · tab again or ↑↓ choose · enter saves · -tag removes · esc steps back"


@dataclass(frozen=True)
class TagAnswer:
    """What the dialog closed with: the tags to apply (None: cancelled) and the text."""

    tags: list[str] | None
    text: str


def candidate_prompt(candidate: Candidate) -> Text:
    """A candidate as a list row (one line): the tag, then its description or count."""
    text = Text(printable(candidate.tag), style="bold", no_wrap=True, overflow="ellipsis")
    if candidate.kind == "codebook":
        text.append("  " + printable(candidate.description), style="dim")
    elif candidate.kind == "in use":
        text.append(f"  in use ({candidate.count})", style="dim")
    elif candidate.kind == "on passage":
        text.append("  on this passage", style="dim")
    return text


class TagDialog(ModalScreen[TagAnswer]):
    """Asks for tags for one passage (or a span of it)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("tab", "complete(1)", "Complete", show=False),
        Binding("shift+tab", "complete(-1)", "Complete", show=False),
        Binding("down", "choose(1)", "Next candidate", show=False),
        Binding("up", "choose(-1)", "Previous candidate", show=False),
    ]

    def __init__(
        self,
        title: str,
        codebook: Mapping[str, str],
        counts: Mapping[str, int],
        current: Iterable[str] = (),
        draft: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.codebook = dict(codebook)
        self.counts = dict(counts)
        self.current = sorted(set(current), key=tag_key)
        self.draft = for_edit(draft, one_line=True)
        self.found: list[Candidate] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tag-dialog"):
            yield Static(Text(printable(self.title_text)), classes="dialog-title")
            if self.current:
                shown = " ".join(printable(t) for t in self.current)
                yield Static(Text("has: " + shown), markup=False, classes="dim")
            yield Input(
                self.draft,
                placeholder="tags, separated by commas or spaces (tab completes)",
                id="tag-input",
                select_on_focus=False,
            )
            yield OptionList(id="tag-candidates")
            yield Static("", id="tag-marks", markup=False)
            yield Static(HINT, markup=False, classes="dim")

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.can_focus = False
        self.refresh_candidates()

    @property
    def input(self) -> Input:
        return self.query_one("#tag-input", Input)

    @property
    def listing(self) -> OptionList:
        return self.query_one("#tag-candidates", OptionList)

    # -- the candidates --------------------------------------------------------------------

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_candidates()

    def refresh_candidates(self) -> None:
        """List what the tag being typed may become, and mark the tags typed so far."""
        value = self.input.value
        start, token = last_token(value)
        typed = parse_tags(value[:start])
        self.found = (
            candidates(token, self.codebook, self.counts, self.current, typed) if token else []
        )
        listing = self.listing
        listing.set_options([Option(candidate_prompt(c)) for c in self.found])
        listing.highlighted = None
        listing.display = bool(self.found)
        self.show_marks()

    def show_marks(self, refused: str | None = None) -> None:
        """Under the field: new tags (outside the codebook and unused), refused ones."""
        marks = self.query_one("#tag-marks", Static)
        value = self.input.value
        start, token = last_token(value)
        tags = [t for t in parse_tags(value[:start]) if not t.startswith("-")]
        known = list(self.codebook) + list(self.counts)
        fresh = new_tags(tags, known) + ([token] if is_new(token, self.found, known) else [])
        text = Text()
        if refused:
            text.append(printable(refused), style="bold red")
        elif fresh:
            listed = ", ".join(printable(t) for t in fresh)
            text.append(f"new: {listed} (not in the codebook)", style="yellow")
        marks.update(text)
        marks.display = bool(text.plain)
        self.set_class(bool(refused), "-refused")

    def action_complete(self, step: int) -> None:
        """Tab: the longest common prefix; when that adds nothing, walk the list."""
        if not self.found:
            return
        if self.listing.highlighted is not None:
            self.action_choose(step)
            return
        value = self.input.value
        _, token = last_token(value)
        if len(self.found) == 1:
            self.accept(self.found[0])
            return
        prefix = common_prefix(token, self.found)
        if prefix != token:
            self.set_value(replace_token(value, prefix, accept=False))
            return
        self.action_choose(step)

    def action_choose(self, step: int) -> None:
        """Move the highlight in the candidate list (the arrows, a second tab)."""
        if not self.found:
            return
        at = self.listing.highlighted
        if at is None:
            at = 0 if step > 0 else len(self.found) - 1
        else:
            at = (at + step) % len(self.found)
        self.listing.highlighted = at

    def accept(self, candidate: Candidate) -> None:
        """Put `candidate` in place of the tag being typed, with its separator."""
        _, token = last_token(self.input.value)
        sign = "-" if token.startswith("-") else ""
        self.set_value(replace_token(self.input.value, sign + candidate.tag, accept=True))

    def set_value(self, value: str) -> None:
        self.input.value = value
        self.input.cursor_position = len(value)

    # -- closing ---------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        chosen = self.listing.highlighted
        if chosen is not None and self.found:
            self.accept(self.found[chosen])
            return
        tags = parse_tags(event.value)
        for tag in tags:
            try:
                normalise_tag(tag[1:] if tag.startswith("-") else tag, new=not tag.startswith("-"))
            except TagError as exc:
                self.show_marks(refused=f"not saved: {exc}")
                return
        self.dismiss(TagAnswer(tags or None, event.value))

    def action_back(self) -> None:
        """Escape: out of the candidate list first, then out of the dialog (what was typed
        is kept as a draft)."""
        if self.listing.highlighted is not None:
            self.listing.highlighted = None
            return
        self.dismiss(TagAnswer(None, self.input.value))
