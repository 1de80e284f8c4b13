"""Where reader keeps things: the corpus, the annotations, the index cache and the config.

Every path the program uses comes from here, so tests redirect them all through the
environment: `READER_CACHE_DIR`, `READER_CONFIG_DIR`, `READER_INDEX_DIR`, `READER_CORPUS`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

APP_NAME = "reader"


def cache_dir() -> Path:
    """The user's cache folder for reader (`$READER_CACHE_DIR` overrides)."""
    override = os.environ.get("READER_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs  # imported when needed (start-up time of every command)

    return Path(platformdirs.user_cache_dir(APP_NAME))


def config_dir() -> Path:
    """The user's config folder for reader (`$READER_CONFIG_DIR` overrides)."""
    override = os.environ.get("READER_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME))


def default_corpus() -> Path | None:
    """`$READER_CORPUS`, else `./seeds` when it exists."""
    env = os.environ.get("READER_CORPUS")
    if env:
        return Path(env)
    seeds = Path("seeds")
    return seeds if seeds.is_dir() else None


def default_annotations(corpus: Path) -> Path:
    """`annotations/` beside the corpus folder."""
    return Path(os.path.abspath(corpus)).parent / "annotations"


def index_dir_for(corpus: Path, override: Path | None = None) -> Path:
    """The index folder for a corpus: `--index-dir`, `$READER_INDEX_DIR`, or the cache.

    In the cache, the folder is keyed by the corpus's real path, so two corpora never share
    an index and moving one simply builds a new one.
    """
    if override is not None:
        return Path(override)
    env = os.environ.get("READER_INDEX_DIR")
    if env:
        return Path(env)
    real = os.path.realpath(corpus)
    key = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(real).name)[:40]
    return cache_dir() / "index" / f"{name}-{key}"


def is_inside(path: str | Path, folder: str | Path) -> bool:
    """Whether `path` lies strictly below `folder`, links resolved in both."""
    return os.path.realpath(path).startswith(os.path.realpath(folder) + os.sep)
