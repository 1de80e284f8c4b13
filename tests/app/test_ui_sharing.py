"""Pilot tests of git sharing in the app, on real clones: news since the last pull, the
missing-driver warning."""

from __future__ import annotations

from pathlib import Path

from apphelpers import ready, wait_until
from gitrepos import ARTICLE, annotation, make_team

from reader.ui.app import ReaderApp
from reader.ui.dialogs.news import NewsDialog
from reader.workspace import Workspace

SIZE = (140, 40)
ULID = "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C"


def palette_top(app: ReaderApp) -> str:
    lists = app.screen.query("CommandList")
    if not lists or not lists.first().option_count:
        return ""
    return str(lists.first().get_option_at_index(0).prompt)


def warnings(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "warning"]


async def test_g_lists_what_a_pull_brought_and_enter_opens_it(tmp_path: Path) -> None:
    alice, bob = make_team(tmp_path, "alice", "bob")
    bob.git("pull", "-q")
    alice.write(f"{ARTICLE}/{ULID}.yaml", annotation(ULID, tags=["actor/china"], passage=2))
    alice.commit("tag")
    alice.git("push", "-q", "origin", "main")
    bob.git("pull", "-q")
    app = ReaderApp(Workspace(bob.corpus, index_dir=tmp_path / "index"), save=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("escape", "g")
        await wait_until(pilot, lambda: isinstance(app.screen, NewsDialog), "the news")
        [change] = app.screen.changes
        assert change.author == "Alice" and change.tags_added == ["actor/china"]
        await pilot.press("enter")
        await wait_until(pilot, lambda: str(screen.current) == f"{ARTICLE}#2", "the passage")
        assert not warnings(app)  # the driver is installed: no warning
        await pilot.press("ctrl+p", *"new since")
        await wait_until(pilot, lambda: "New since last pull" in palette_top(app), "the palette")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, NewsDialog), "the news again")


async def test_a_clone_without_the_driver_is_warned_and_news_needs_a_pull(
    tmp_path: Path,
) -> None:
    (carol,) = make_team(tmp_path, "carol", driver=False)
    app = ReaderApp(Workspace(carol.corpus, index_dir=tmp_path / "index"), save=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await wait_until(pilot, lambda: warnings(app), "the driver warning")
        assert "reader git install" in warnings(app)[0]
        await pilot.press("escape", "g")
        await wait_until(pilot, lambda: len(warnings(app)) == 2, "the news error")
        assert "no earlier state" in warnings(app)[1]
        assert not isinstance(app.screen, NewsDialog)
