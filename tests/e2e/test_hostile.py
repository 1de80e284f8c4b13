"""A hostile corpus and annotation set through every command of the command line (issue 9).

`tests/hostile.py` writes articles, file names, front matter, `.jsonl` lines, annotations,
a codebook and metadata full of terminal escapes (CSI, OSC 0/52/8, DCS, bell, C1), bidi
controls and Rich markup, plus alias bombs, long ids and FIFOs; here it becomes a git
clone with an upstream, a hostile git identity and an unfinished merge with a real
conflict. Every `reader` subcommand then runs on it as a real process, and the tests check
what a user's terminal would get:

- no control byte in stdout or stderr (escapes arrive as visible `\\x1b`, `\\u202e`);
- no markup interpreted: `[bold red]...`, `[@click=...]` come out as written;
- every command ends within its time bound (the bomb, the FIFOs: nothing hangs);
- one line per problem, each problem named once;
- nothing outside `annotations/` and the index changed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile import (
    ARTICLE,
    ESCAPES,
    LONG_ID,
    MARKUP,
    POISON,
    build_hostile,
    control_bytes,
    yaml_escaped,
)

READER = [sys.executable, "-m", "reader"]
BOUND = 15.0
"""Seconds any one command may take on a loaded 2-core machine (each takes under 1 s)."""
NAME = f"Eve {ESCAPES['osc0']} {MARKUP}"
EXPORTS = ("export", "report")  # checked when main has them (see `test_every_command_ran`)


@dataclass
class Run:
    """One command as a user ran it."""

    args: tuple[str, ...]
    status: int | None
    out: str
    err: str
    seconds: float

    def __str__(self) -> str:
        return f"reader {' '.join(self.args)!r} -> {self.status} in {self.seconds:.1f} s"


@dataclass
class Scene:
    root: Path
    runs: list[Run]
    before: dict[str, tuple]
    after: dict[str, tuple]


def snapshot(root: Path, skip: tuple[str, ...]) -> dict[str, tuple]:
    """Every entry under `root` but the `skip` folders: kind, size, mtime (nothing opened)."""
    found: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        rel = os.path.relpath(folder, root)
        dirs[:] = [d for d in dirs if os.path.normpath(os.path.join(rel, d)) not in skip]
        for name in files + dirs:
            info = os.lstat(os.path.join(folder, name))
            found[os.path.join(rel, name)] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return found


def git(root: Path, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def clone_with_a_conflict(root: Path, env: dict[str, str]) -> None:
    """The hostile folder as a git clone with an upstream, mid-merge with a real conflict
    in an annotation holding the tag `q` (no merge driver: git's own text merge)."""
    git(root, "init", "-q", "-b", "main", env=env)
    rel = "annotations/front/01HV5Z8Q3M6T9W2X4Y7Z0FR0NT.yaml"
    path = root / rel
    path.parent.mkdir()
    base = (
        "schema: 1\nid: '01HV5Z8Q3M6T9W2X4Y7Z0FR0NT'\narticle: front\ntarget:\n  passage: 1\n"
        "  quote: Front matter body\ntags:\n- q\nnote: {note}\nauthor:\n  name: Eve\n"
        "  email: eve@example.org\ncreated: '2024-01-01T00:00:00Z'\nupdated: '{updated}'\n"
    )
    path.write_text(base.format(note='"base"', updated="2024-01-01T00:00:00Z"))
    git(root, "add", "-A", env=env)
    git(root, "commit", "-q", "-m", f"hostile {ESCAPES['csi']}", env=env)
    origin = root.parent / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(root), str(origin)], check=True, env=env)
    git(root, "remote", "add", "origin", str(origin), env=env)
    git(root, "fetch", "-q", "origin", env=env)
    git(root, "branch", "-q", "-u", "origin/main", env=env)
    git(root, "checkout", "-q", "-b", "other", env=env)
    path.write_text(
        base.format(note=yaml_escaped(f"theirs {POISON}"), updated="2024-01-03T00:00:00Z")
    )
    git(root, "commit", "-q", "-am", "theirs", env=env)
    git(root, "checkout", "-q", "main", env=env)
    path.write_text(
        base.format(note=yaml_escaped(f"ours {POISON}"), updated="2024-01-02T00:00:00Z")
    )
    git(root, "commit", "-q", "-am", "ours", env=env)
    git(root, "merge", "-q", "other", env=env)  # exits 1: the conflict stays
    assert "<<<<<<<" in path.read_text()


def commands(scene_root: Path) -> list[list[tuple[str, ...]]]:
    """Every subcommand, in rounds: each round's commands run side by side (they only read,
    or write different files); rounds run in order."""
    c = ("--corpus", str(scene_root / "corpus"), "--index-dir", str(scene_root / "index"))
    a = ("--annotations", str(scene_root / "annotations"))
    orphan = "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C"
    return [
        [("index", *c)],
        [
            ("search", "tag:q", *c),
            ("search", "paragraph OR markup OR bidi", "--limit", "0", *c),
            ("search", "*", "--json", *c),
            ("search", f"title:{ESCAPES['osc0']} [bold red]x[/] [@click=app.quit]", *c),
            ("show", f"{ARTICLE}#1", *c),
            ("show", "[bold red]fname#1", *c),
            ("show", f"esc{ESCAPES['osc0']}#1", *c),
            ("tags", *c),
            ("meta", "front", *c),
            ("check", "--json", *c),
            ("changes", "HEAD~1", *a),
            ("status", *a),
            ("sync", "--dry-run", *a),
            *[("export", "--format", f, *c) for f in ("csv", "jsonl", "markdown", "w3c", "qdc")],
            ("export", "--format", "csv", "--wide", *c),
            *[("report", kind, *c) for kind in ("tags", "cooccur", "timeline", "agreement")],
            ("report", "tags", "--csv", *c),
        ],
        [
            ("tag", f"{ARTICLE}#2", "new", f"evil{ESCAPES['osc52']}", *c),
            ("note", f"{LONG_ID}#1", "-", *c),
            ("meta", "front", "--title", f"T {POISON}", "--source", ESCAPES["osc0"], *c),
        ],
        [
            ("untag", f"{ARTICLE}#2", "new", *c),
            ("reattach", orphan, f"{ARTICLE}#2", *c),
            ("tags", "rename", "q", f"q{ESCAPES['bell']}2", *c),
        ],
        [("resolve", *a)],
        [("search", "tag:q", *c), ("show", "front#1", *c)],
    ]


def run(root: Path, args: tuple[str, ...], env: dict[str, str]) -> Run:
    start = time.monotonic()
    try:
        done = subprocess.run(
            [*READER, *args],
            cwd=root,
            env=env,
            input=f"A note from stdin {POISON}\nsecond line {ESCAPES['csi']}\n",
            capture_output=True,
            text=True,
            errors="surrogateescape",
            timeout=BOUND * 2,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        return Run(args, None, out, "timed out", time.monotonic() - start)
    return Run(args, done.returncode, done.stdout, done.stderr, time.monotonic() - start)


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    base = tmp_path_factory.mktemp("hostile")
    root = base / "clone"
    found = build_hostile(root, fifos=False)
    (base / "gitconfig").write_text(
        f"[user]\n\tname = {NAME}\n\temail = eve@example.org\n[init]\n\tdefaultBranch = main\n"
    )
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": str(base / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "READER_CACHE_DIR": str(base / "cache"),
        "READER_CONFIG_DIR": str(base / "config"),
        "GIT_TERMINAL_PROMPT": "0",
        "NO_COLOR": "",
    }
    for name in ("READER_INDEX_DIR", "READER_CORPUS", "GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        env.pop(name, None)
    clone_with_a_conflict(root, env)
    build_fifos(found.corpus, found.annotations)
    skip = ("annotations", "index", ".git")
    before = snapshot(root, skip)
    runs: list[Run] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for round_ in commands(root):
            runs.extend(pool.map(lambda args: run(root, args, env), round_))
    after = snapshot(root, skip)
    return Scene(root, runs, before, after)


def build_fifos(corpus: Path, annotations: Path) -> None:
    """A FIFO named like an article and one named like an annotation: reading either would
    hang the command (git cannot hold them: they come after the commits)."""
    os.mkfifo(corpus / "pipe.txt")
    os.mkfifo(annotations / "escapes" / "01HV5Z8Q3M6T9W2X4Y7Z0FIFO0.yaml")


def by_args(scene: Scene, *start: str) -> list[Run]:
    """The runs whose arguments start so (those with `--json` only when asked), in order."""
    json_too = "--json" in start
    return [
        r
        for r in scene.runs
        if r.args[: len(start)] == start and (json_too or "--json" not in r.args)
    ]


def test_every_command_ran_within_its_bound(scene: Scene) -> None:
    ran = {r.args[0] for r in scene.runs}
    wanted = {"index", "search", "show", "tag", "untag", "note", "tags", "meta", "check"}
    wanted |= {"reattach", "changes", "resolve", "status", "sync"}
    assert ran >= wanted
    help_text = subprocess.run([*READER, "--help"], capture_output=True, text=True).stdout
    missing = [name for name in EXPORTS if f" {name} " in help_text and name not in ran]
    assert missing == [], f"main has {missing} now: run them on the hostile corpus too"
    slow = [str(r) for r in scene.runs if r.status is None or r.seconds > BOUND]
    assert slow == []
    crashed = [f"{r}\n{r.err}" for r in scene.runs if "Traceback" in r.err]
    assert crashed == []


DATA_OUT = (("export", "--format", "csv"), ("export", "--format", "qdc"), ("report", "tags"))
"""Exports whose standard output is a data file when it is not a terminal: the characters
are kept exactly (on a terminal they are made visible; JSON escapes them losslessly)."""


def is_data(run: Run) -> bool:
    data = any(run.args[: len(start)] == start for start in DATA_OUT)
    return data and ("--csv" in run.args or run.args[0] == "export")


def test_no_control_byte_reaches_the_terminal(scene: Scene) -> None:
    found = {str(r): control_bytes(r.err + ("" if is_data(r) else r.out)) for r in scene.runs}
    bad = sorted(k.split(" --corpus")[0] for k, v in found.items() if v)
    assert not bad, "\n".join(bad)
    # The escapes were there to print, and came out visible:
    [show] = by_args(scene, "show", f"{ARTICLE}#1")
    assert "\\x1b]52;c;cHduZWQ=\\x1b\\" in show.out and "\\u202eevil\\u202c" in show.out
    assert "\\x9b31m" in show.out and "note by Eve \\x1b]0;PWNED-TITLE\\x07" in show.out


def test_markup_is_printed_as_written(scene: Scene) -> None:
    [show] = by_args(scene, "show", f"{ARTICLE}#1")
    assert MARKUP in show.out  # the tag, the note and the title hold it
    [fname] = by_args(scene, "show", "[bold red]fname#1")
    assert fname.status == 0 and fname.out.startswith("[bold red]fname#1  undated")
    searched = by_args(scene, "search", "paragraph OR markup OR bidi")[0]
    assert "Markup [bold red]RED[/] [@click=app.quit]clk[/]" in searched.out
    hits = json.loads(by_args(scene, "search", "*", "--json")[0].out)
    [plain] = [hit for hit in hits if hit["id"] == f"{ARTICLE}#1"]
    assert MARKUP in plain["tags"] and plain["title"].startswith("Meta \x1b[31;1mRED")


def test_one_line_per_problem(scene: Scene) -> None:
    [index] = by_args(scene, "index")
    lines = index.out.splitlines()
    warnings = [line for line in lines if line.startswith("warning: ")]
    assert len(lines) == len(warnings) + 1  # the summary, then one warning a line
    for name in ("pipe.txt", "new\\x0aline.txt", "esc\\x1b]0;PWNED-TITLE\\x07.txt", "nul.txt"):
        assert sum(name in line for line in warnings) == 1, name
    assert sum("bomb.md: front matter ignored: anchors and aliases" in w for w in warnings) == 1
    assert sum("feed.jsonl: line " in w for w in warnings) == 5
    for r in scene.runs:
        told = [line for line in r.err.splitlines() if not line.startswith(("indexing:", "["))]
        assert all(line.startswith("reader: ") for line in told), r
        assert len(told) == len(set(told)), r


def test_invalid_files_are_named_and_never_written_around(scene: Scene) -> None:
    first = by_args(scene, "search", "tag:q")[0]
    assert "annotation files cannot be read and are left out, 2 in conflict" in first.err
    check = json.loads(by_args(scene, "check", "--json")[0].out)
    paths = {Path(e["path"]).name for e in check["errors"]}
    assert {"01HV5Z8Q3M6T9W2X4Y7Z0FR0NT.yaml", "01HV5Z8Q3M6T9W2X4Y7Z0FIFO0.yaml"} <= paths
    assert {"01HV5Z8Q3M6T9W2X4Y7Z0BOMB0.yaml", "01HV5Z8Q3M6T9W2X4Y7Z0CONF0.yaml"} <= paths
    [resolve] = by_args(scene, "resolve")
    assert "resolved" in resolve.out and "01HV5Z8Q3M6T9W2X4Y7Z0FR0NT.yaml" in resolve.out
    last = by_args(scene, "search", "tag:q")[-1]
    assert "front#1" in last.out  # resolved: its tag is found again
    [show] = by_args(scene, "show", "front#1")[-1:]
    assert "ours" in show.out and "theirs" in show.out and "--- merged note" in show.out


def test_nothing_outside_the_annotations_and_the_index_changed(scene: Scene) -> None:
    changed = {
        k
        for k in scene.before.keys() | scene.after.keys()
        if scene.before.get(k) != scene.after.get(k)
    }
    assert changed == set()


def test_the_bomb_and_the_fifos_cost_nothing(scene: Scene) -> None:
    [index] = by_args(scene, "index")
    assert index.status == 0 and index.seconds < 5  # main: 40 s and 416 MB, then a hang
    assert "pipe.txt: skipped: not a plain file (a FIFO); never opened" in index.out
