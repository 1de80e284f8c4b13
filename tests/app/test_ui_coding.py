"""A coding run over five results under Pilot: codebook keys toggle, space and enter move
on, backspace goes back, x skips, n writes a note, escape leaves and c resumes."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from apphelpers import keys, main_screen, search, typed, wait_until

from reader.ui.app import ReaderApp
from reader.ui.dialogs.note_editor import NoteDialog
from reader.ui.screens.coding import CodingScreen
from reader.workspace import Workspace

CODEBOOK = Path(__file__).resolve().parents[2] / "annotations" / "codebook.yaml"
QUERY = "Zelensky AND Kirby"  # five passages of the seeds


def shown(seeds_copy: Path) -> dict[str, tuple[list[str], str | None]]:
    """`ARTICLE#N` -> (tags, note) of every live annotation file."""
    found = {}
    for path in (seeds_copy.parent / "annotations").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name != "codebook.yaml" and not data.get("deleted"):
            ref = f"{data['article']}#{data['target']['passage']}"
            found[ref] = (data.get("tags", []), data.get("note"))
    return found


async def test_a_coding_run_over_five_results(seeds_copy: Path, warm_index: Path) -> None:
    shutil.copy(CODEBOOK, seeds_copy.parent / "annotations")
    app = ReaderApp(Workspace(seeds_copy, index_dir=warm_index), save=False)
    async with app.run_test(size=(120, 36)) as pilot:
        hits = await search(pilot, QUERY)
        refs = [str(h.ref) for h in hits]
        assert len(refs) == 5
        screen = main_screen(pilot)
        await keys(pilot, "enter", "c")
        await wait_until(pilot, lambda: isinstance(app.screen, CodingScreen), "the run")
        coding = app.screen
        await wait_until(pilot, lambda: str(coding.query_one("#coding-head").content), "1/5")
        head = str(coding.query_one("#coding-head").content)
        assert head.startswith(f"Coding 1/5  ·  {QUERY}") and refs[0] in head
        assert "2023-04-26" in head or "undated" in head
        codebook_keys = str(coding.query_one("#coding-keys").content)
        assert "1   actor/china" in codebook_keys and "China, its government" in codebook_keys

        await keys(pilot, "1", "space")  # two keys: one code, next passage
        await keys(pilot, "1", "1", "enter")  # on, off, next
        assert coding.coding.counter() == "3/5"
        await keys(pilot, "x")  # skip
        assert coding.coding.counter() == "4/5 · 1 skipped"
        await keys(pilot, "backspace", "5")  # back to it after all: theme/peace
        await wait_until(pilot, lambda: refs[2] in shown(seeds_copy), "the third code")
        await wait_until(
            pilot, lambda: "5 ✓ theme/peace" in str(coding.query_one("#coding-keys").content)
        )
        await keys(pilot, "space")
        assert coding.coding.counter() == "4/5"  # coded after all: no longer skipped
        await keys(pilot, "escape")  # leave; the results are still there
        assert app.screen is screen and [str(h.ref) for h in screen.state.results.hits] == refs

        await keys(pilot, "c")  # resumes where it stopped
        await wait_until(pilot, lambda: isinstance(app.screen, CodingScreen), "the run again")
        assert app.screen.coding.counter() == "4/5" and str(screen.current) == refs[3]
        await keys(pilot, "n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteDialog), "the note editor")
        await typed(pilot, "hedges")
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: refs[3] in shown(seeds_copy), "the note")
        await keys(pilot, "space", "space")
        assert app.screen.coding.done
        assert "Done: 5 coded or passed" in str(app.screen.query_one("#coding-text").content)

    assert shown(seeds_copy) == {
        refs[0]: (["actor/china"], None),
        refs[2]: (["theme/peace"], None),
        refs[3]: ([], "hedges"),
    }
