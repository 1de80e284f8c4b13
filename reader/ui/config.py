"""The user's settings for the app: theme, key remapping and sharing, in one YAML file.

`config_dir()/config.yaml`, for example::

    theme: gruvbox
    keymap:
      tag: ctrl+t
      quit: ctrl+q
    pull_on_start: true        # at start: commit and pull, as `reader sync --no-push`
    sync_every_minutes: 15     # sync (commit, pull, push) every 15 minutes; 0: never

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
MAX_SYNC_MINUTES = 24 * 60

SETTINGS_HELP = (
    "Settings (config.yaml in the config folder; READER_CONFIG_DIR overrides): theme; "
    "keymap (command id: keys); pull_on_start: true commits and pulls your annotations when "
    "the app opens (as reader sync --no-push); sync_every_minutes: N syncs (commit, pull, "
    "push) every N minutes while the app is open (0, the default: only on S)"
)
"""What the settings are, for `--help` and the help screen (the README says it at length)."""


@dataclass
class Config:
    """What the app remembers between runs."""

    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = field(default_factory=dict)
    pull_on_start: bool = False
    sync_every_minutes: float = 0


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
    pull = raw.get("pull_on_start", False)
    if isinstance(pull, bool):
        config.pull_on_start = pull
    else:
        problems.append("pull_on_start must be true or false")
    minutes = raw.get("sync_every_minutes", 0)
    if isinstance(minutes, int | float) and not isinstance(minutes, bool) and minutes >= 0:
        config.sync_every_minutes = min(float(minutes), MAX_SYNC_MINUTES)
    else:
        problems.append("sync_every_minutes must be a number of minutes (0: off)")
    return config, (f"{path}: {'; '.join(problems)}" if problems else None)


def save_config(config: Config, path: Path | None = None) -> None:
    """Write the config atomically."""
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, object] = {
        "theme": config.theme,
        "keymap": dict(sorted(config.keymap.items())),
    }
    if config.pull_on_start:
        data["pull_on_start"] = True
    if config.sync_every_minutes:
        minutes = config.sync_every_minutes
        data["sync_every_minutes"] = int(minutes) if float(minutes).is_integer() else minutes
    text = yaml.safe_dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False)
    atomic_write(path, text)
