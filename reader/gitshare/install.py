"""`reader git install`: register the merge driver in this clone, and check that it is.

A repository cannot install its own merge driver: `.gitattributes` (committed, shared)
names it, but the command must be set in each clone's config. `install` does both, and
points the command at the installed `reader`, never at a script inside the repository. It
also tells git to ignore the temporary files a killed write leaves (`.tmp-*`), in the
clone's `.git/info/exclude`, so that `git add -A` never stages one.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from reader.fsio import TEMP_PREFIX
from reader.gitshare.repo import GitError, config_get, git, relative_to_root, repo_root

DRIVER = "reader"
DRIVER_NAME = "reader: field-by-field merge of annotation YAML files"


@dataclass
class InstallStatus:
    """What this clone has: the config entry, the attributes line, a runnable command,
    and whether git ignores the temporary files of interrupted writes."""

    root: Path
    attributes_line: str
    driver: str | None
    attribute_set: bool
    runnable: bool
    ignores_temp: bool = True

    @property
    def ok(self) -> bool:
        return self.driver is not None and self.attribute_set and self.runnable

    def problem(self) -> str | None:
        """One line saying what is missing, or None."""
        if self.driver is None:
            return "this clone has no merge driver for annotations: run `reader git install`"
        if not self.runnable:
            return (
                "the annotation merge driver points at a program that is gone: "
                "run `reader git install` again"
            )
        if not self.attribute_set:
            return (
                f".gitattributes lacks `{self.attributes_line}`: run `reader git install` "
                "and commit .gitattributes"
            )
        return None


def reader_command() -> str:
    """The shell command that runs this installation of reader (absolute paths)."""
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is not None and argv0.name == "reader" and argv0.is_file():
        return shlex.quote(str(argv0.resolve()))
    sibling = Path(sys.executable).parent / "reader"
    if sibling.is_file() and os.access(sibling, os.X_OK):
        return shlex.quote(str(sibling))
    found = shutil.which("reader")
    if found:
        return shlex.quote(str(Path(found).resolve()))
    return f"{shlex.quote(sys.executable)} -m reader"


def attributes_line(annotations_dir: Path, root: Path) -> str:
    """The `.gitattributes` line that routes annotation files to the driver."""
    rel = relative_to_root(annotations_dir, root)
    pattern = f"{rel}/**/*.yaml" if rel else "**/*.yaml"
    if any(c.isspace() or c in '"\\' for c in pattern):
        pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{pattern} merge={DRIVER}"


def status(annotations_dir: Path) -> InstallStatus | None:
    """This clone's driver set-up, or None when the folder is not in a git work tree."""
    root = repo_root(annotations_dir)
    if root is None:
        return None
    line = attributes_line(annotations_dir, root)
    driver = config_get(root, f"merge.{DRIVER}.driver")
    rel = relative_to_root(annotations_dir, root)
    probe = f"{rel}/article/probe.yaml" if rel else "article/probe.yaml"
    out = git(["check-attr", "merge", "--", probe], root).stdout.decode("utf-8", "replace")
    attribute_set = out.strip().endswith(f": merge: {DRIVER}")
    temp = probe.rsplit("/", 1)[0] + f"/{TEMP_PREFIX}probe.yaml.1"
    ignored = git(["check-ignore", "-q", "--no-index", "--", temp], root, check=False)
    return InstallStatus(
        root, line, driver, attribute_set, _runnable(driver), ignored.returncode == 0
    )


def _runnable(driver: str | None) -> bool:
    if not driver:
        return False
    try:
        program = shlex.split(driver)[0]
    except (ValueError, IndexError):
        return False
    path = Path(program)
    if path.is_absolute():
        return path.is_file() and os.access(path, os.X_OK)
    return shutil.which(program) is not None


def install(annotations_dir: Path) -> tuple[InstallStatus, list[str]]:
    """Register the driver and add the attributes line (idempotent); what was done."""
    root = repo_root(annotations_dir)
    if root is None:
        raise GitError(f"{annotations_dir} is not inside a git work tree")
    done: list[str] = []
    command = f"{reader_command()} merge-driver %O %A %B %P"
    if config_get(root, f"merge.{DRIVER}.name") != DRIVER_NAME:
        git(["config", "--local", f"merge.{DRIVER}.name", DRIVER_NAME], root)
    if (
        git(["config", "--local", "--get", f"merge.{DRIVER}.driver"], root, check=False)
        .stdout.decode("utf-8", "surrogateescape")
        .strip()
        != command
    ):
        git(["config", "--local", f"merge.{DRIVER}.driver", command], root)
        done.append(f"set merge.{DRIVER}.driver = {command}")
    line = attributes_line(annotations_dir, root)
    attributes = root / ".gitattributes"
    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if line not in (existing.strip() for existing in text.splitlines()):
        if text and not text.endswith("\n"):
            text += "\n"
        attributes.write_text(text + line + "\n", encoding="utf-8")
        done.append(f"added `{line}` to .gitattributes (commit it so every clone uses it)")
    if _ignore_temp(annotations_dir, root):
        done.append("git now ignores the temporary files of interrupted writes (.git/info/exclude)")
    result = status(annotations_dir)
    assert result is not None
    return result, done


def ignore_rule(annotations_dir: Path, root: Path) -> str:
    """The gitignore rule for temporary files (`.tmp-NAME.PID`) under the annotations folder."""
    rel = relative_to_root(annotations_dir, root)
    escaped = "".join("\\" + c if c in "*?[]\\#! " else c for c in rel)
    return f"/{escaped}/**/{TEMP_PREFIX}*" if rel else f"/**/{TEMP_PREFIX}*"


def _ignore_temp(annotations_dir: Path, root: Path) -> bool:
    """Add the rule to this clone's `.git/info/exclude` (per clone, like the driver's
    config: never a file to commit, so `git status` and `reader sync` stay as they were).
    True when it was added."""
    rule = ignore_rule(annotations_dir, root)
    where = git(["rev-parse", "--git-path", "info/exclude"], root).stdout.decode().strip()
    path = root / where
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    if rule in (line.strip() for line in text.splitlines()):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    if text and not text.endswith("\n"):
        text += "\n"
    comment = "# reader: temporary files of interrupted writes (never shared)\n"
    path.write_text(text + comment + rule + "\n", encoding="utf-8")
    return True


def driver_status(annotations_dir: str | Path) -> str | None:
    """A one-line warning when this clone lacks the merge driver; None if fine or no git."""
    try:
        found = status(Path(annotations_dir))
    except GitError:
        return None
    return None if found is None else found.problem()
