"""The export dialog (palette: "Export..."): a format, a file, and the current query.

The export runs in a thread worker through `Workspace.export` (atomic file, an existing
one replaced only when asked); a progress bar appears when it takes over a second. The
dialog closes with a one-line summary, or stays open with the error.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, ProgressBar, Select, Static

from reader.errors import ReaderError, first_line
from reader.export import FORMATS, SUFFIX
from reader.textnorm import printable
from reader.workspace import Workspace

DESCRIPTIONS = {
    "csv": "CSV: a row per coded segment and tag",
    "jsonl": "JSON Lines: an annotation per line",
    "markdown": "Markdown: a report by tag",
    "w3c": "W3C Web Annotation (JSON-LD)",
    "qdpx": "REFI-QDA project (.qdpx)",
    "qdc": "REFI-QDA codebook (.qdc)",
}
SHOW_PROGRESS_AFTER = 1.0  # seconds


class ExportDialog(ModalScreen[str | None]):
    """Dismisses with what was written (one line), or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "export", "Export", priority=True),
    ]

    def __init__(self, workspace: Workspace, query: str = "") -> None:
        super().__init__()
        self.ws = workspace
        self.query_text = query.strip()
        self.running = False
        self.done = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-dialog"):
            yield Label("Export", classes="dialog-title")
            yield Select(
                [(DESCRIPTIONS[f], f) for f in FORMATS],
                value="csv",
                allow_blank=False,
                id="export-format",
            )
            yield Input(f"export{SUFFIX['csv']}", placeholder="file", id="export-path")
            if self.query_text:
                label = Text(f"only the passages of the query {printable(self.query_text)!r}")
                yield Checkbox(label, value=True, id="export-query")
            yield Checkbox(Text("replace the file if it exists"), id="export-force")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static("", id="export-error", markup=False)
            yield Static("enter or ctrl+s exports · esc cancels", markup=False, classes="dim")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#export-path", Input).focus()

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#export-path", Input)
        stem, dot, suffix = path.value.rpartition(".")
        if dot and f".{suffix}" in SUFFIX.values():
            path.value = stem + SUFFIX[str(event.value)]

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def action_export(self) -> None:
        if self.running:
            return
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            self.say("name a file to write")
            return
        boxes = self.query(Checkbox)
        use_query = any(b.id == "export-query" and b.value for b in boxes)
        force = self.query_one("#export-force", Checkbox).value
        fmt = str(self.query_one("#export-format", Select).value)
        self.running = True
        self.say("")
        self.set_timer(SHOW_PROGRESS_AFTER, self._show_progress)
        self.run_export(
            fmt, Path(value).expanduser(), self.query_text if use_query else None, force
        )

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, fmt: str, path: Path, query: str | None, force: bool) -> None:
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, done, total)

        try:
            result = self.ws.export(fmt, path, query=query, force=force, progress=progress)
        except (ReaderError, OSError) as exc:
            self.app.call_from_thread(self._failed, first_line(exc))
            return
        noun = "annotation" if result.annotations == 1 else "annotations"
        message = f"exported {result.annotations} {noun} ({fmt}) to {path.resolve()}"
        if result.left_out:
            message += f"; {len(result.left_out)} left out (reader check lists them)"
        self.app.call_from_thread(self._finished, message)

    def _progress(self, done: int, total: int) -> None:
        self.done = done
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def _show_progress(self) -> None:
        if self.running and self.is_attached:
            self.query_one(ProgressBar).display = True

    def _finished(self, message: str) -> None:
        self.running = False
        self.dismiss(message)

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one(ProgressBar).display = False
        self.say(message)

    def say(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Text(printable(message), style="red"))

    def action_cancel(self) -> None:
        if self.running:
            self.app.notify("the export is still running", timeout=2)
            return
        self.dismiss(None)
