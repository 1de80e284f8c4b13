"""Pilot test: re-attaching an orphaned annotation to the open passage from the orphans list."""

from __future__ import annotations

from pathlib import Path

from apphelpers import main_screen, ready, wait_until

from reader.annotations.store import AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.dialogs.orphans import OrphansDialog
from reader.workspace import Workspace

SIZE = (140, 40)
ARTICLE = "004_8d05e1ad106699d0"


async def test_a_reattaches_an_orphan_to_the_open_passage_and_u_undoes(
    seeds_copy: Path, tmp_path: Path
) -> None:
    app = ReaderApp(Workspace(seeds_copy, index_dir=tmp_path / "index"))
    store = AnnotationStore(seeds_copy.parent / "annotations", resolve=app.workspace.article)
    [path] = store.tag(ARTICLE, 1, ["lost/tag"]).paths
    store.set_note(ARTICLE, 1, "keep this note")
    (seeds_copy / f"{ARTICLE}.txt").write_text("Entirely different words now.\n")
    before = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("escape", "o")
        await wait_until(pilot, lambda: isinstance(app.screen, OrphansDialog), "the orphans")
        await pilot.press("a")  # no passage open yet: a warning, the dialog stays
        assert isinstance(app.screen, OrphansDialog)
        await pilot.press("enter")  # opens the article where it was
        await wait_until(pilot, lambda: str(screen.current) == f"{ARTICLE}#1", "the article")
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, OrphansDialog), "the orphans")
        await pilot.press("a")
        await wait_until(
            pilot, lambda: screen.state.annotations.get(1) is not None, "the re-attach"
        )
        shown = screen.state.annotations[1]
        assert shown.tags == ["lost/tag"] and shown.notes[0].text == "keep this note"
        assert store.orphans(app.workspace.article(ARTICLE)) == []
        assert any("re-attached lost/tag" in n.message for n in app._notifications)
        await pilot.press("u")
        await wait_until(pilot, lambda: path.read_bytes() == before, "the undo")
        assert main_screen(pilot).state.annotations.get(1) is None
