"""Shared fixtures: every test gets its own cache, config and index folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


LAYERS = ("unit", "app", "e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its folder: `pytest -m unit` runs tests/unit only."""
    for item in items:
        layer = Path(str(item.path)).parent.name
        if layer in LAYERS:
            item.add_marker(getattr(pytest.mark, layer))


@pytest.fixture(autouse=True)
def hermetic(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point reader's cache and config at temp folders; forget the caller's corpus."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("READER_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("READER_CONFIG_DIR", str(base / "config"))
    monkeypatch.delenv("READER_INDEX_DIR", raising=False)
    monkeypatch.delenv("READER_CORPUS", raising=False)
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(base / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (base / "gitconfig").write_text(
        "[user]\n\tname = Test User\n\temail = test@example.org\n[init]\n\tdefaultBranch = main\n"
    )


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A copy of the bundled corpus, as `tmp/corpus/seeds`, with `tmp/corpus/annotations`."""
    root = tmp_path / "corpus"
    shutil.copytree(SEEDS, root / "seeds")
    (root / "annotations").mkdir()
    return root / "seeds"


@pytest.fixture
def ws(seeds_copy: Path, tmp_path: Path) -> Workspace:
    """A workspace on a copy of the seeds with its index built in a temp folder."""
    workspace = Workspace(seeds_copy, index_dir=tmp_path / "index")
    workspace.update_index()
    return workspace


def articles(ws: Workspace, query: str) -> set[str]:
    """The ids of the articles whose passages match `query`."""
    return {hit.article for hit in ws.search(query, limit=None).hits}
