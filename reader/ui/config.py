"""The user's settings for the app: theme and key remapping, in one YAML file.

`config_dir()/config.yaml`, for example::

    theme: gruvbox
    keymap:
      tag: ctrl+t
      quit: ctrl+q

Loaded with the strict loader (`reader.yamlsafe`); a broken file is reported and the
defaults are used.
Written atomically (temporary file, fsync, rename).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reader.fsio import atomic_write
from reader.paths import config_dir
from reader.yamlsafe import YamlError, load_yaml_file

DEFAULT_THEME = "textual-dark"


@dataclass
class Config:
    """What the app remembers between runs."""

    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = field(default_factory=dict)


def config_path() -> Path:
    return config_dir() / "config.yaml"


def load_config(path: Path | None = None) -> tuple[Config, str | None]:
    """The config and a one-line problem to report (None when all is well)."""
    path = path or config_path()
    if not path.exists():
        return Config(), None
    try:
        raw = load_yaml_file(path, mapping=False, max_bytes=1_000_000)
    except YamlError as exc:
        return Config(), f"{exc} (ignored)"
    if raw is None:
        return Config(), None
    if not isinstance(raw, dict):
        return Config(), f"{path}: ignored (expected a mapping)"
    config = Config()
    problems = []
    theme = raw.get("theme", DEFAULT_THEME)
    if isinstance(theme, str):
        config.theme = theme
    else:
        problems.append("theme must be text")
    keymap = raw.get("keymap") or {}
    if isinstance(keymap, dict):
        config.keymap = {str(k): str(v) for k, v in keymap.items() if isinstance(v, str)}
    else:
        problems.append("keymap must be a mapping of command id to keys")
    return config, (f"{path}: {'; '.join(problems)}" if problems else None)


def save_config(config: Config, path: Path | None = None) -> None:
    """Write the config atomically."""
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"theme": config.theme, "keymap": dict(sorted(config.keymap.items()))}
    text = yaml.safe_dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False)
    atomic_write(path, text)
