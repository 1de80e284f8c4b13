"""The reports view (`r`) and the palette's "Export..." on the bundled coded sample."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from apphelpers import main_screen, ready, search, wait_until
from exporting import coded_copy
from textual.widgets import Input, OptionList, Static

from reader.ui.app import ReaderApp
from reader.ui.dialogs.export import ExportDialog
from reader.ui.screens.reports import ReportsScreen
from reader.workspace import Workspace

SIZE = (140, 40)


@pytest.fixture
def app(tmp_path: Path) -> ReaderApp:
    return ReaderApp(Workspace(coded_copy(tmp_path), index_dir=tmp_path / "index"), save=False)


def text(screen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    return str(getattr(content, "plain", content))


def rows(screen: ReportsScreen) -> list[str]:
    listing = screen.query_one("#report-tags", OptionList)
    return [str(getattr(o.prompt, "plain", o.prompt)) for o in listing.options]


async def test_r_shows_tag_bars_timeline_and_what_a_tag_comes_with(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("escape", "r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportsScreen), "the reports")
        screen = app.screen
        await wait_until(pilot, lambda: rows(screen), "the tag bars")
        assert rows(screen)[0].split() == ["actor", "█" * 24, "18"]
        assert rows(screen)[1].split()[0] == "china"
        assert "2023-04" in text(screen, "#report-timeline")
        assert "undated" in text(screen, "#report-timeline")
        await pilot.press("down")
        await wait_until(
            pilot, lambda: "together with actor/china" in text(screen, "#report-cooccur"), "china"
        )
        assert "theme/peace" in text(screen, "#report-cooccur")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main_screen(pilot), "the main screen")


async def test_the_reports_follow_the_current_query(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "Peskov")
        await pilot.press("escape", "r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportsScreen), "the reports")
        screen = app.screen
        await wait_until(pilot, lambda: rows(screen), "the tag bars")
        assert "query 'Peskov'" in text(screen, "#reports-title")
        assert [r.split()[0] for r in rows(screen)] == ["actor", "russia", "stance", "caution"]


async def test_palette_export_writes_the_file(app: ReaderApp, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "Kirby")
        await pilot.press("escape", "ctrl+p", *"Export")
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.query("#export-path"), "the dialog")
        dialog = app.screen
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: target.exists(), "the export")
        await wait_until(pilot, lambda: app.screen is main_screen(pilot), "the dialog closing")
        written = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
        assert written and all("Kirby" in row["quote"] for row in written)
        main_screen(pilot).action_export()  # the palette's command, again
        await wait_until(pilot, lambda: app.screen.query("#export-path"), "the dialog")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "already exists" in text(app.screen, "#export-error"), "the refusal"
        )
        assert isinstance(app.screen, ExportDialog) and os.path.getsize(target) > 0
