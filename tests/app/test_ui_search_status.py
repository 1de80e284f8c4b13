"""The app's status line and rows on what a search left out and what it folded together."""

from __future__ import annotations

from pathlib import Path

from apphelpers import hits, rows, search, text_of

from reader.ui.app import ReaderApp
from reader.workspace import Workspace


async def test_status_says_which_words_were_left_out(seeds_copy: Path, tmp_path: Path) -> None:
    app = ReaderApp(Workspace(seeds_copy, index_dir=tmp_path / "index"), save=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await search(pilot, "the meaningful")
        status = text_of(pilot, "#status-text")
        assert "left out: the" in status
        assert status.startswith("9 passages in 5 articles ·")  # three copies listed once
        assert "(first" not in status
        assert len(hits(pilot)) == 6
        tweet = next(row for row in rows(pilot) if "#9" in row.split("\n")[0])
        head = tweet.split("\n")[0]  # the untitled 000 named by its first words
        assert head.startswith("2023-04-26  The White House has welcomed")
        assert head.endswith("#9  also in 2")
