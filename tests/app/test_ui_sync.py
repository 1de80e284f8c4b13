"""Pilot tests of sharing from the app, on real clones of a bare origin: the status line
("1 unshared", "1 new from Ana"), the sync key and what it brings, failures, the settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apphelpers import hits, main_screen, ready, search, typed, wait_until
from gitrepos import ARTICLE, Clone, make_team
from syncing import person, synced, tag

from reader.ui import sharing
from reader.ui.app import ReaderApp
from reader.ui.config import Config, save_config
from reader.ui.dialogs.news import NewsDialog
from reader.ui.dialogs.tag_input import TagDialog
from reader.ui.screens import main
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.status import StatusLine
from reader.workspace import Workspace

SIZE = (140, 40)


@pytest.fixture(autouse=True)
def quick_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    """The screen polls every 0.2 s and asks git for the status at each poll."""
    monkeypatch.setattr(main, "POLL_SECONDS", 0.2)
    monkeypatch.setattr(sharing, "STATUS_SECONDS", 0.0)


@pytest.fixture
def team(tmp_path: Path) -> Iterator[tuple[Clone, Clone]]:
    """Ana and Bob, with Bob's identity for the app run in this process."""
    ana, bob = make_team(tmp_path, "ana", "bob")
    bob.git("pull", "-q")
    with person(bob):
        yield ana, bob


def app_for(clone: Clone, tmp_path: Path) -> ReaderApp:
    return ReaderApp(Workspace(clone.corpus, index_dir=tmp_path / "index"), save=False)


def shared_text(screen: MainScreen) -> str:
    """What the status line says about sharing ("" when hidden)."""
    widget = screen.query_one("#status-share")
    return str(widget.render()) if widget.display else ""


def origin_head(tmp_path: Path) -> str:
    """The bare origin's main (a push rewrites this file)."""
    return (tmp_path / "origin.git" / "refs" / "heads" / "main").read_text()


async def found(pilot, ref: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the results are exactly `ref` (the index catches up after a sync)."""
    await wait_until(pilot, lambda: [str(h.ref) for h in hits(pilot)] == [ref], f"hit {ref}")


async def tag_first(pilot, query: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Open the first hit of `query` and tag it `name` through the tag dialog."""
    screen = main_screen(pilot)
    await search(pilot, query)
    await pilot.press("enter", "enter")
    await wait_until(pilot, lambda: screen.current_number() is not None, "the article")
    await pilot.press("t")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, TagDialog), "the tag dialog")
    await typed(pilot, name)
    await pilot.press("enter")


async def test_status_counts_unshared_and_new_then_the_key_brings_them_in(
    team: tuple[Clone, Clone], tmp_path: Path
) -> None:
    ana, bob = team
    app = app_for(bob, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await wait_until(pilot, lambda: shared_text(screen) == "all shared", "the first status")
        await tag_first(pilot, "Kirby", "bob/checked")
        await wait_until(pilot, lambda: shared_text(screen) == "1 unshared", "1 unshared")

        tag(ana, 2, "ana/peace")  # Ana tags and shares; Bob's clone learns of it on a fetch
        synced(ana)
        bob.git("fetch", "-q")
        await wait_until(
            pilot, lambda: shared_text(screen) == "1 unshared · 1 new from Ana", "the poll"
        )

        await pilot.press("escape", "S")
        await wait_until(pilot, lambda: isinstance(app.screen, NewsDialog), "the news")
        [change] = app.screen.changes
        assert change.author == "Ana" and change.tags_added == ["ana/peace"]
        assert change.article == ARTICLE and change.passage == 2
        assert shared_text(screen) == "all shared · synced: 1 new from Ana"
        await pilot.press("escape")
        await search(pilot, "tag:ana/peace")
        await found(pilot, f"{ARTICLE}#2")  # re-indexed after the sync
        ana.git("pull", "-q")  # Bob's tag went out
        assert "bob/checked" in "".join(
            p.read_text() for p in (ana.annotations / ARTICLE).glob("*.yaml")
        )


async def test_a_sync_that_cannot_reach_the_remote_says_why_and_keeps_the_tag(
    team: tuple[Clone, Clone], tmp_path: Path
) -> None:
    _, bob = team
    bob.git("remote", "set-url", "origin", str(tmp_path / "gone.git"))
    tag(bob, 1, "kept/here")
    app = app_for(bob, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        steps: list[str] = []
        progress = screen.sharing.progress

        def shown_steps(event: sharing.SyncProgress) -> None:
            progress(event)
            steps.append(shared_text(screen))

        screen.sharing.progress = shown_steps  # type: ignore[method-assign]
        screen.action_sync()
        screen.action_sync()  # a second one while the first runs is refused
        await wait_until(
            pilot, lambda: any("already running" in n.message for n in app._notifications)
        )
        await wait_until(pilot, lambda: "sync failed" in shared_text(screen), "the failure")
        line = shared_text(screen)
        assert "cannot reach origin" in line and "committed in this clone" in line, line
        assert steps[-1] == "syncing [3/5] fetching from origin…", steps  # where it stopped
        assert screen.query_one("#status-share").has_class("-error")
        [path] = bob.annotations.rglob("*.yaml")
        assert "kept/here" in path.read_text()
        assert "kept/here" in bob.git("show", "HEAD", "--", str(path)).stdout  # committed


async def test_outside_git_nothing_is_shown_and_the_key_says_why(
    seeds_copy: Path, warm_index: Path
) -> None:
    app = ReaderApp(Workspace(seeds_copy, index_dir=warm_index), save=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await wait_until(pilot, lambda: screen.sharing.in_git is False, "the first status")
        assert shared_text(screen) == ""
        await pilot.press("escape", "S")
        await wait_until(pilot, lambda: "sync failed" in shared_text(screen), "the failure")
        assert "not inside a git repository" in shared_text(screen)
        screen.query_one(StatusLine).share("Ana \x1b]0;PWN\x07 [bold]x[/bold] · 1 new")
        shown = shared_text(screen)  # names from git are data: no escapes, no markup
        assert "\x1b" not in shown and "\x07" not in shown and "[bold]x[/bold]" in shown


async def test_pull_on_start_and_sync_every_minutes(
    team: tuple[Clone, Clone], tmp_path: Path
) -> None:
    ana, bob = team
    tag(ana, 3, "ana/early")
    synced(ana)
    broken = bob.annotations / ARTICLE / "01HV5Z8Q3M6T9W2X4Y7Z0BROKE.yaml"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("schema: 1\ntags: [unclosed\n")  # stays here, unshared
    save_config(Config(pull_on_start=True, sync_every_minutes=0.01))  # every 0.6 s
    app = ReaderApp(Workspace(bob.corpus, index_dir=tmp_path / "index"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search(pilot, "tag:ana/early")
        await found(pilot, f"{ARTICLE}#3")  # pulled and re-indexed
        toasts = [n.message for n in app._notifications]
        assert "pulled: 1 new from Ana (g lists them)" in toasts, toasts
        assert any(t.startswith("left out (not valid, not shared): ") for t in toasts), toasts
        assert not isinstance(app.screen, NewsDialog)  # a toast, not a dialog unasked
        before = origin_head(tmp_path)
        tag(bob, 1, "bob/timed")  # in another terminal, say: the timer shares it all the same
        await wait_until(pilot, lambda: origin_head(tmp_path) != before, "the timed sync")
    ana.git("pull", "-q")
    assert "bob/timed" in ana.git("log", "-p", "-1", "--", "annotations").stdout
    assert broken.read_text() == "schema: 1\ntags: [unclosed\n"
    assert not (ana.annotations / ARTICLE / broken.name).exists()  # never shared
