"""The reports view (`r`): tag counts as bars, the timeline, and the co-occurrence of the
tag under the cursor, for the passages of the current query (everything when it is empty).

The reports are computed in a thread worker through `Workspace.report` (the codings are
cached on disk, so opening the view again is quick); moving over a tag only redraws.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.errors import ReaderError, first_line
from reader.export import CooccurReport, TagsReport, TimelineReport
from reader.tagnames import tag_key
from reader.textnorm import printable
from reader.workspace import Workspace

BAR = "█"
BAR_WIDTH = 24


def bar_row(label: str, count: int, most: int, width: int = BAR_WIDTH, pad: int = 18) -> Text:
    """`label  ██████ count`, the bar scaled so that `most` fills `width`."""
    blocks = max(1, round(width * count / most)) if most and count else 0
    text = Text(printable(label)[:pad].ljust(pad) + " ")
    text.append(BAR * blocks, style="bold")
    text.append(f" {count}", style="dim")
    return text


class ReportsScreen(Screen[None]):
    """Tag counts, timeline and co-occurrence of the current query's passages."""

    BINDINGS = [Binding("escape,q,r", "close", "Close")]

    def __init__(self, workspace: Workspace, query: str = "", tag: str | None = None) -> None:
        super().__init__()
        self.ws = workspace
        self.query_text = query.strip()
        self.start_tag = tag
        self.tags_report: TagsReport | None = None
        self.cooccur: CooccurReport | None = None

    def compose(self) -> ComposeResult:
        what = f"query {self.query_text!r}" if self.query_text else "every annotation"
        yield Static(Text(f"Reports · {printable(what)}", style="bold"), id="reports-title")
        with Horizontal(id="reports-body"):
            with Vertical(id="reports-left"):
                yield Static("tags (passages, children rolled up)", classes="dim")
                yield OptionList(id="report-tags")
            with Vertical(id="reports-right"):
                yield Static("computing…", id="report-timeline", markup=False)
                yield Static("", id="report-cooccur", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-tags", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="reports")
    def load(self) -> None:
        """Compute the three reports off the event loop."""
        query = self.query_text or None
        try:
            tags, _ = self.ws.report("tags", query=query)
            timeline, _ = self.ws.report("timeline", query=query)
            cooccur, _ = self.ws.report("cooccur", query=query)
        except (ReaderError, OSError) as exc:
            self.app.call_from_thread(self.failed, first_line(exc))
            return
        assert isinstance(tags, TagsReport) and isinstance(timeline, TimelineReport)
        assert isinstance(cooccur, CooccurReport)
        self.app.call_from_thread(self.show, tags, timeline, cooccur)

    def failed(self, message: str) -> None:
        self.query_one("#report-timeline", Static).update(Text(printable(message), style="red"))

    def show(self, tags: TagsReport, timeline: TimelineReport, cooccur: CooccurReport) -> None:
        """Draw the reports (on the event loop)."""
        self.tags_report, self.cooccur = tags, cooccur
        listing = self.query_one("#report-tags", OptionList)
        listing.clear_options()
        most = max((row.passages for row in tags.rows), default=0)
        for row in tags.rows:
            label = "  " * row.depth + row.name
            listing.add_option(Option(bar_row(label, row.passages, most), id=row.tag))
        if not tags.rows:
            listing.add_option(
                Option(Text("no tags in these passages", style="dim"), disabled=True)
            )
        self.query_one("#report-timeline", Static).update(timeline_text(timeline))
        start = 0
        if self.start_tag is not None:
            keys = [tag_key(row.tag) for row in tags.rows]
            start = keys.index(tag_key(self.start_tag)) if tag_key(self.start_tag) in keys else 0
        if tags.rows:
            listing.highlighted = start
            self.show_cooccur(tags.rows[start].tag)

    @on(OptionList.OptionHighlighted, "#report-tags")
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.show_cooccur(event.option.id)

    def show_cooccur(self, tag: str) -> None:
        """The tags found on the same passages as `tag`, as bars."""
        text = Text(f"together with {printable(tag)} (passages)\n", style="bold")
        found = self.cooccur.with_tag(tag) if self.cooccur else []
        if self.cooccur is not None and tag_key(tag) not in {tag_key(t) for t in self.cooccur.tags}:
            text.append("a group: pick a tag under it", style="dim")
        elif not found:
            text.append("never with another tag", style="dim")
        most = max((n for _, n in found), default=0)
        for other, count in found[:12]:
            text.append_text(bar_row(other, count, most))
            text.append("\n")
        self.query_one("#report-cooccur", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(None)


def timeline_text(report: TimelineReport) -> Text:
    """Tagged passages per month as bars, undated apart."""
    text = Text(f"tagged passages per {report.by}\n", style="bold")
    rows = report.table()
    if not rows:
        text.append("no tagged passages", style="dim")
        return text
    most = max(int(str(row[1])) for row in rows)
    for row in rows:
        text.append_text(bar_row(str(row[0]), int(str(row[1])), most, pad=10))
        text.append("\n")
    return text
