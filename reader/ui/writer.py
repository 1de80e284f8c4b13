"""The app's changes, written one at a time off the event loop, with the undo stack.

Every tag, note, metadata change, re-attachment and undo goes through one `Writer`: a
thread that takes tasks in the order the keys were pressed (a slow disk never freezes
the screen, and `u` pressed right after `t` undoes that tag), and hands each result to
`done` (the screen's `post_message`, which is thread-safe). Plain Python: no Textual.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.errors import ReaderError, first_line
from reader.records import PassageAnnotations
from reader.refs import PassageRef
from reader.workspace import Outcome, Workspace

UNDO_DEPTH = 100
DRAIN_SECONDS = 10.0  # how long quitting waits for writes still queued


@dataclass(frozen=True)
class Undo:
    """A change the app made, with the passage it was about (for `u`)."""

    ref: PassageRef | None
    outcome: Outcome
    what: str
    reload: bool = False  # the article and results are read again after it


@dataclass
class Written:
    """What one task did: its label, the passage, the changes (empty: nothing to write),
    what each touched article shows now, and the problem if it failed (nothing written)."""

    what: str
    ref: PassageRef | None
    outcomes: list[Outcome] = field(default_factory=list)
    shown: dict[str, dict[int, PassageAnnotations]] = field(default_factory=dict)
    error: str | None = None
    undone: Undo | None = None
    reload: bool = False

    @property
    def changed(self) -> bool:
        return any(o.changed for o in self.outcomes)

    @property
    def index_problem(self) -> str | None:
        return next((o.index_problem for o in self.outcomes if o.index_problem), None)


Task = Callable[[Workspace], Sequence[Outcome]]


class Writer:
    """Runs changes in order on one thread; `done(Written)` is called from that thread."""

    def __init__(self, ws: Workspace, done: Callable[[Written], object]) -> None:
        self.ws = ws
        self.done = done
        self._tasks: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._undo: list[Undo] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, what: str, ref: PassageRef | None, task: Task, reload: bool = False) -> None:
        """Queue a change; its result comes back through `done`."""
        self._put(lambda: self._run(what, ref, task, reload))

    def undo(self) -> None:
        """Queue taking back the last change still on the stack."""
        self._put(self._run_undo)

    @property
    def depth(self) -> int:
        """How many changes `u` can take back."""
        with self._lock:
            return len(self._undo)

    def wait_idle(self, timeout: float = DRAIN_SECONDS) -> bool:
        """Wait (off the event loop) until the changes queued so far are written, so that
        a sync started right after `t` shares that tag; False if they took too long."""
        if self._thread is None:
            return True
        reached = threading.Event()
        self._put(reached.set)
        return reached.wait(timeout)

    def close(self, timeout: float = DRAIN_SECONDS) -> None:
        """Finish the queued writes (at most `timeout` seconds), then stop the thread."""
        if self._thread is not None:
            self._tasks.put(None)
            self._thread.join(timeout)
            self._thread = None

    def _put(self, job: Callable[[], None]) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="reader-writer", daemon=True)
            self._thread.start()
        self._tasks.put(job)

    def _loop(self) -> None:
        while (job := self._tasks.get()) is not None:
            job()

    def _run(self, what: str, ref: PassageRef | None, task: Task, reload: bool) -> None:
        result = Written(what, ref, reload=reload)
        try:
            result.outcomes = list(task(self.ws))
        except ReaderError as exc:
            result.error = first_line(exc)
        except OSError as exc:
            result.error = f"{exc.filename or 'annotations'}: {exc.strerror or exc}"
        with self._lock:
            self._undo.extend(Undo(ref, o, what, reload) for o in result.outcomes if o.changed)
            del self._undo[:-UNDO_DEPTH]
        self._finish(result)

    def _run_undo(self) -> None:
        with self._lock:
            last = self._undo.pop() if self._undo else None
        if last is None:
            self.done(Written("undo", None, error="nothing to undo"))
            return
        result = Written(f"undone: {last.what}", last.ref, undone=last, reload=last.reload)
        try:
            result.outcomes = [self.ws.undo(last.outcome.change)]
        except ReaderError as exc:
            result.error = f"undo failed: {first_line(exc)}"
        self._finish(result, touched=last.outcome.articles)

    def _finish(self, result: Written, touched: Sequence[str] = ()) -> None:
        """Read what the touched articles show now (still off the event loop), report."""
        articles = {a for o in result.outcomes for a in o.articles} | set(touched)
        for article_id in sorted(articles):
            try:
                article = self.ws.article(article_id)
                result.shown[article_id] = self.ws.passage_annotations(article)
            except ReaderError:
                continue
        self.done(result)
