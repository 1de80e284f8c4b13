"""Two flows of the main screen for news text told by many outlets: the other copies of
the current passage (`a`, `CopiesDialog`), and a group of spelling variants added from the
palette (`VariantDialog`), after which the current search runs again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.model import AlsoIn
from reader.ui.dialogs.copies import CopiesDialog, other_copies
from reader.ui.dialogs.variants import VariantDialog

if TYPE_CHECKING:
    from reader.ui.screens.main import MainScreen


def show_copies(screen: MainScreen) -> None:
    """List the other articles carrying the current passage; enter opens one there."""
    ref = screen.current
    results = screen.state.results
    if ref is None:
        screen.notify("no passage chosen: search, then pick a result", timeout=3)
        return
    copies = other_copies(results.hits if results else (), ref)
    if not copies:
        screen.notify(f"no other article carries {ref} (among the results)", timeout=3)
        return

    def chosen(copy: AlsoIn | None) -> None:
        if copy is not None:
            screen.open(copy.ref)

    screen.app.push_screen(CopiesDialog(ref, copies, screen.state.labels, screen.ws), chosen)


def add_variants(screen: MainScreen) -> None:
    """Ask for spellings, add them as a group, and search again so the new matches show."""

    def added(group: list[str] | None) -> None:
        if group:
            screen.notify(f"variants.yaml: {', '.join(group)}", timeout=4)
            screen.refresh_results(keep=screen.current)

    screen.app.push_screen(VariantDialog(screen.ws), added)
