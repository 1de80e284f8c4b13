"""Keys in the order they were typed, each to what has focus once the one before is done.

Textual hands each key to the focused widget as soon as the app reads it, but a key that
moves the focus (`tab`, `enter` in a dialog, `/`, `t` opening a dialog) only does so when
the widget has processed it: keys typed quickly after it went to the old widget (three
values in one field of the `m` dialog, the first letters of a tag typed into the results
list). `KeyOrder` holds each key until the one before has been handled all the way up
(the widget, its parents, the screen, then the app's bindings), the messages that set off
have been handled too (`enter` in the search box posts the message that moves the focus
to the results), and a screen that opened meanwhile has its focus; then it sends it on.

Nothing is dropped or held for long: a widget that goes away meanwhile (a dialog the key
closed) is skipped as soon as it is gone, and a key still unfinished after `STALL_SECONDS`
(a handler that never returns) lets the next one go.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer

STALL_SECONDS = 3.0
WATCH_SECONDS = 0.05  # how often a key in flight is looked after (a widget gone, a stall)
SCREEN_WAITS = 3  # refreshes to wait for a new screen's focus before sending keys on
SETTLE_TICKS = 60  # looks (a few milliseconds apart) for the messages a key set off
SETTLE_SECONDS = 0.003


class KeyOrder:
    """Sends an app's keys on one at a time (see the module's docstring)."""

    def __init__(self, app: App[Any], forward: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self.forward = forward  # how the app hands a key on (App.on_event's own path)
        self.waiting: deque[events.Key] = deque()
        self.busy = False
        self._turn = 0  # which key is in flight; stale callbacks compare against it
        self._chain: list[DOMNode] = []  # the nodes still to hear back from, nearest first
        self._since = 0.0
        self._watch: Timer | None = None
        self.sent = 0  # keys handed on so far (tests wait for a count)

    @property
    def idle(self) -> bool:
        """No key in flight and none waiting (tests wait for this)."""
        return not self.busy and not self.waiting

    async def take(self, event: events.Key) -> None:
        """A key the terminal sent: hand it on now, or after the ones before it."""
        if self.busy:
            self.waiting.append(event)
            return
        await self._send(event)

    async def _send(self, event: events.Key) -> None:
        self.busy = True
        self._turn += 1
        self._since = time.monotonic()
        self.sent += 1
        if not self.app.screen_stack:  # the app is closing: nothing to wait for
            await self.forward(event)
            self._release(self._turn)
            return
        target = self.app.focused or self.app.screen
        await self.forward(event)
        if self._watch is None:
            self._watch = self.app.set_interval(WATCH_SECONDS, self._look_after)
        self._follow(self._turn, _chain(target))

    def _follow(self, turn: int, chain: list[DOMNode]) -> None:
        """Wait for each node up the chain to have processed what it had queued."""
        if turn != self._turn:
            return
        self._chain = chain
        if not chain:
            self._settle(turn, SETTLE_TICKS)
            return
        node, rest = chain[0], chain[1:]
        if not node.call_later(self._follow, turn, rest):
            self._follow(turn, rest)

    def _look_after(self) -> None:
        """Skip a node that went away while the key was with it; release a stalled key."""
        if not self.busy:
            if self._watch is not None:
                self._watch.stop()
                self._watch = None
            return
        turn = self._turn
        if time.monotonic() - self._since > STALL_SECONDS:
            self._release(turn)
        elif self._chain and self._chain[0] is not self.app and not self._chain[0].is_attached:
            self._follow(turn, self._chain[1:])

    def _screen_of(self, turn: int) -> Screen[Any] | None:
        """The screen key `turn` acts on; None once a newer key took over, or (the key
        released) when the app has no screen left."""
        if turn != self._turn:
            return None
        if not self.app.screen_stack:
            self._release(turn)
            return None
        return self.app.screen

    def _settle(self, turn: int, ticks: int) -> None:
        """Wait until the screen's widgets have handled the messages the key set off."""
        screen = self._screen_of(turn)
        if screen is None:
            return
        busy = any(node.message_queue_size for node in screen.walk_children(with_self=True))
        if busy and ticks:
            self.app.set_timer(SETTLE_SECONDS, lambda: self._settle(turn, ticks - 1))
            return
        self._screen_ready(turn, SCREEN_WAITS)

    def _screen_ready(self, turn: int, waits: int) -> None:
        """A screen pushed by the key gets its focus on mount: wait for it."""
        screen = self._screen_of(turn)
        if screen is None:
            return
        pending = waits and screen.focused is None and screen.focus_chain
        if pending and screen.call_after_refresh(self._screen_ready, turn, waits - 1):
            return
        self._release(turn)

    def _release(self, turn: int) -> None:
        if turn != self._turn or not self.busy:
            return
        self.busy = False
        self._turn += 1
        self._chain = []
        if self.waiting:
            self.busy = True  # keys arriving meanwhile queue behind this one
            event = self.waiting.popleft()
            self.app.call_later(self._resume, event)

    async def _resume(self, event: events.Key) -> None:
        self.busy = False
        await self._send(event)


def _chain(node: DOMNode) -> list[DOMNode]:
    """`node` and its ancestors up to the app, nearest first."""
    found: list[DOMNode] = []
    current: DOMNode | None = node
    while current is not None:
        found.append(current)
        current = current.parent
    return found
