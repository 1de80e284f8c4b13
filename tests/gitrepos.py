"""Real git repositories for tests: a bare origin and clones, as a team has them.

Each clone runs git and reader with its own identity through GIT_AUTHOR_* and
GIT_COMMITTER_* (CI has no identity and no standard input).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.annotations.yamlio import dump_annotation, load_annotation_file
from reader.gitshare.install import install

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
ARTICLE = "000_6d362e06adb48299"
READER = [sys.executable, "-m", "reader"]


@dataclass
class Clone:
    """One person's clone: `root/seeds` is the corpus, `root/annotations` the annotations."""

    root: Path
    name: str
    email: str

    @property
    def annotations(self) -> Path:
        return self.root / "annotations"

    @property
    def corpus(self) -> Path:
        return self.root / "seeds"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            GIT_AUTHOR_NAME=self.name,
            GIT_AUTHOR_EMAIL=self.email,
            GIT_COMMITTER_NAME=self.name,
            GIT_COMMITTER_EMAIL=self.email,
            GIT_TERMINAL_PROMPT="0",
            GIT_EDITOR="true",
            GIT_MERGE_AUTOEDIT="no",
        )
        return env

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self._run(["git", *args], check)

    def reader(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self._run([*READER, *args], check)

    def _run(self, argv: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        """Run a command in the clone as its person, with no terminal and no prompts."""
        done = subprocess.run(
            argv,
            cwd=self.root,
            env=self.env(),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        if check and done.returncode != 0:
            name = "reader" if argv[0] != "git" else "git"
            shown = " ".join(argv[len(READER) if name == "reader" else 1 :])
            raise AssertionError(f"{name} {shown} failed:\n{done.stdout}{done.stderr}")
        return done

    def write(self, rel: str, data: dict[str, Any]) -> Path:
        """Write an annotation (canonical YAML) at `annotations/REL`."""
        path = self.annotations / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_annotation(data), encoding="utf-8")
        return path

    def read(self, rel: str) -> dict[str, Any]:
        return load_annotation_file(self.annotations / rel)

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def install_driver(self) -> None:
        """What `reader git install` does (in-process: the CLI is tested on its own)."""
        install(self.annotations)


def make_team(tmp: Path, *names: str, driver: bool = True) -> list[Clone]:
    """A bare origin with a small corpus, and one clone per name (driver installed)."""
    origin = tmp / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    first = Clone(tmp / names[0], names[0].title(), f"{names[0]}@example.org")
    subprocess.run(
        ["git", "clone", "-q", str(origin), str(first.root)], check=True, capture_output=True
    )
    first.corpus.mkdir()
    shutil.copy(SEEDS / f"{ARTICLE}.txt", first.corpus)
    first.annotations.mkdir()
    (first.annotations / ".keep").write_text("")
    if driver:
        first.install_driver()
    first.commit("corpus")
    first.git("push", "-q", "origin", "main")
    clones = [first]
    for name in names[1:]:
        clone = Clone(tmp / name, name.title(), f"{name}@example.org")
        subprocess.run(
            ["git", "clone", "-q", str(origin), str(clone.root)], check=True, capture_output=True
        )
        if driver:
            clone.install_driver()
        clones.append(clone)
    for clone in clones:
        clone.git("config", "pull.rebase", "false")
    return clones


def annotation(
    ulid: str,
    *,
    tags: list[str],
    note: str = "",
    passage: int = 1,
    author: str = "Alice",
    updated: str = "2026-01-01T10:00:00Z",
    **extra: Any,
) -> dict[str, Any]:
    """An annotation mapping in the issue-3 format."""
    data: dict[str, Any] = {
        "schema": 1,
        "id": ulid,
        "article": ARTICLE,
        "target": {
            "passage": passage,
            "start": 0,
            "end": 10,
            "quote": "quoted",
            "prefix": "",
            "suffix": " after",
        },
        "tags": sorted(tags),
        "author": {"name": author, "email": f"{author.lower()}@example.org"},
        "created": "2026-01-01T10:00:00Z",
        "updated": updated,
    }
    if note:
        data["note"] = note
    data.update(extra)
    return data
