"""The app's sharing parts without an app: the two settings, the "new from" phrase, the
sync toast, and the writer's wait for queued changes (a sync shares the tag just typed)."""

from __future__ import annotations

import threading
from pathlib import Path

from reader.gitshare import Change
from reader.gitshare.summary import ChangeSummary
from reader.gitshare.sync import SyncResult
from reader.ui.config import Config, load_config, save_config
from reader.ui.sharing import Sharing, came_from
from reader.ui.writer import Writer
from reader.workspace import Outcome, Workspace


def test_sharing_settings_round_trip_and_default_off(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    assert Config().pull_on_start is False and Config().sync_every_minutes == 0
    save_config(Config(theme="nord"), path)
    assert "pull_on_start" not in path.read_text()  # defaults are not written out
    save_config(Config(pull_on_start=True, sync_every_minutes=15), path)
    assert "sync_every_minutes: 15\n" in path.read_text()
    assert load_config(path) == (Config(pull_on_start=True, sync_every_minutes=15), None)
    save_config(Config(sync_every_minutes=0.5), path)
    assert load_config(path)[0].sync_every_minutes == 0.5


def test_wrong_sharing_settings_are_named_and_left_at_their_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("theme: nord\npull_on_start: sometimes\nsync_every_minutes: -5\n")
    config, problem = load_config(path)
    assert config == Config(theme="nord")
    assert problem and "pull_on_start must be true or false" in problem
    assert "sync_every_minutes must be a number of minutes" in problem
    path.write_text("pull_on_start: yes\nsync_every_minutes: true\n")  # YAML 1.1: yes is true
    config, problem = load_config(path)
    assert config.pull_on_start is True and config.sync_every_minutes == 0
    assert problem and "sync_every_minutes" in problem
    path.write_text("sync_every_minutes: 100000\n")
    assert load_config(path) == (Config(sync_every_minutes=24 * 60), None)


def test_what_came_in_is_counted_by_author_most_first() -> None:
    changes = [Change(f"a/{n}.yaml", "added", who) for n, who in enumerate(["Bob", "Ana", "Bob"])]
    assert came_from(changes) == "3 new from Bob and Ana"
    assert came_from(changes[1:2]) == "1 new from Ana"
    assert came_from([]) == ""


def test_the_sync_toast_says_what_came_in_and_what_went_out() -> None:
    result = SyncResult(pushed=True, sent=ChangeSummary(files=["a/x.yaml"], articles={"a"}))
    result.sent.tags_added = 2
    assert Sharing.summary(result, "1 new from Ana") == (
        "1 new from Ana (g lists them); sent 2 tags on 1 article"
    )
    assert Sharing.summary(SyncResult(), "") == "nothing new from the others"


def test_wait_idle_returns_once_the_queued_changes_are_written(seeds_copy: Path) -> None:
    ws = Workspace(seeds_copy)
    done: list[str] = []
    release = threading.Event()
    writer = Writer(ws, lambda written: done.append(written.what))
    assert writer.wait_idle(0.1)  # nothing queued yet: at once

    def slow(_: Workspace) -> list[Outcome]:
        release.wait(5)
        return []

    writer.submit("slow", None, slow)
    assert not writer.wait_idle(0.05)  # still writing
    release.set()
    assert writer.wait_idle(5) and done == ["slow"]
    writer.close()
