"""The app on news text told by many outlets: the other copies of a passage (`a`), and a
group of spelling variants added from the palette."""

from __future__ import annotations

from pathlib import Path

import yaml
from apphelpers import hits, keys, main_screen, ready, search, typed, wait_until
from textual.widgets import Input, OptionList, Static

from reader.refs import PassageRef
from reader.ui.app import ReaderApp
from reader.ui.dialogs.copies import CopiesDialog
from reader.ui.dialogs.variants import VariantDialog
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.results import ResultsList
from reader.workspace import Workspace

SIZE = (140, 40)
QUOTE = PassageRef("000_6d362e06adb48299", 9)  # the Zelensky quote, also in 003 and 004


def dialog_rows(app: ReaderApp) -> list[str]:
    listing = app.screen.query_one(OptionList)
    return [str(getattr(o.prompt, "plain", o.prompt)) for o in listing.options]


async def test_a_lists_the_other_copies_earliest_first_and_opens_one(
    seeds_copy: Path, warm_index: Path
) -> None:
    app = ReaderApp(Workspace(seeds_copy, index_dir=warm_index), save=False)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "meaningful")
        screen = main_screen(pilot)
        listing = screen.query_one(ResultsList)
        await keys(pilot, "enter")
        listing.highlighted = next(i for i, h in enumerate(listing.hits) if h.ref == QUOTE)
        await wait_until(pilot, lambda: screen.current == QUOTE, "the quote chosen")
        await keys(pilot, "a")
        await wait_until(pilot, lambda: isinstance(app.screen, CopiesDialog), "the copies")
        title = app.screen.query_one(".dialog-title", Static).content
        assert str(title) == f"{QUOTE} is also in 2 articles, earliest first"
        # 003 is dated the day after, 004 undated; both untitled: named by their first words
        await wait_until(pilot, lambda: "Xi Jinping" in dialog_rows(app)[0], "the labels")
        first, second = dialog_rows(app)
        assert first.startswith("2023-04-27  China's Xi Jinping held telephonic talks")
        assert first.endswith("  003_f2d72971b5166248#6")
        assert second.startswith("undated") and second.endswith("  004_8d05e1ad106699d0#2")

        await keys(pilot, "down", "enter")  # open the undated copy at its passage
        wanted = PassageRef("004_8d05e1ad106699d0", 2)
        await wait_until(pilot, lambda: screen.current_number() == 2, "the copy open")
        assert screen.current == wanted and screen.state.article.id == wanted.article
        assert isinstance(screen.focused, ReadingPane)
        pane = screen.query_one(ReadingPane)
        await wait_until(pilot, lambda: pane.current == 2, "the copy's passage marked")

        await keys(pilot, "a")  # from the copy: the rest of its group, earliest first
        await wait_until(pilot, lambda: isinstance(app.screen, CopiesDialog), "the copies")
        rows = dialog_rows(app)
        assert [row.split()[-1] for row in rows] == [str(QUOTE), "003_f2d72971b5166248#6"]
        assert rows[0].startswith("2023-04-26  The White House has welcomed")
        await keys(pilot, "escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CopiesDialog), "closed")
        assert screen.current == wanted


async def test_palette_adds_a_variant_group_and_the_search_finds_both(tmp_path: Path) -> None:
    corpus = tmp_path / "news" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text("date 2023-04-26\nOfficials in Kyiv said talks go on.\n")
    (corpus / "b.txt").write_text("date 2023-04-27\nThe embassy in Kiev reopened on Tuesday.\n")
    (corpus / "c.txt").write_text("date 2023-04-28\nBerlin said nothing about the capital.\n")
    variants = tmp_path / "news" / "annotations" / "variants.yaml"
    variants.parent.mkdir()
    variants.write_text("- [Kiev, Kiew]\n")
    app = ReaderApp(Workspace(corpus, index_dir=tmp_path / "index"), save=False)
    async with app.run_test(size=SIZE) as pilot:
        assert [h.article for h in await search(pilot, "Kyiv")] == ["a"]
        screen = main_screen(pilot)
        await keys(pilot, "escape", "ctrl+p")
        await typed(pilot, "Add spelling")
        await wait_until(
            pilot,
            lambda: (
                app.screen.query("CommandList")
                and "Add spelling variants"
                in str(
                    app.screen.query_one("CommandList", OptionList).get_option_at_index(0).prompt
                )
            ),
            "the palette's command",
        )
        await keys(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, VariantDialog), "the dialog")
        dialog = app.screen
        field = dialog.query_one(Input)

        def said() -> str:
            return str(dialog.query_one("#variant-error", Static).content)

        await typed(pilot, "Kyiv Kiev\r")  # no comma: one spelling
        assert "at least two spellings, separated by commas" in said()
        assert field.value == "Kyiv Kiev" and app.screen is dialog
        field.value = "Kyiv, --"
        await keys(pilot, "enter")  # refused by the same rule as reader variants --add
        await wait_until(pilot, lambda: "a letter or a digit" in said(), "the reason")
        assert field.value == "Kyiv, --" and app.screen is dialog
        assert variants.read_text() == "- [Kiev, Kiew]\n"  # nothing written

        field.value = ""
        await typed(pilot, "Kyiv, Kiev\r")
        await wait_until(pilot, lambda: app.screen is screen, "the dialog closed")
        await wait_until(pilot, lambda: len(hits(pilot)) == 2, "the search run again")
        assert screen.state.shown_query == "Kyiv"
        assert yaml.safe_load(variants.read_text()) == [["Kiev", "Kiew", "Kyiv"]]  # merged
        kiev = next(h for h in hits(pilot) if h.article == "b")
        assert [kiev.text[s:e] for s, e in kiev.highlights] == ["Kiev"]
        await ready(pilot)
