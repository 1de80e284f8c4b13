"""A hostile corpus and annotation set, generated in a temp folder, for tests of every way in.

`build_hostile(root)` writes, under `root`:

- `corpus/`: articles whose text, titles, sources and file names carry terminal escapes of
  every kind (`ESCAPES`: CSI, OSC 0/52/8, DCS, bell, C1), bidi controls (`BIDI`) and Rich
  markup (`MARKUP`, `[@click=...]` among it); markdown front matter with escapes written as
  YAML escapes (`"\\e]0;..."`), an alias bomb and duplicate keys; a `.jsonl` with a
  300-character id, an id holding ESC, a line nested 100,000 deep; file names holding a
  newline, ESC and markup; a 230-byte file name and a 300-byte id (two parts); a FIFO named
  `pipe.txt` (and a socket where the path allows one);
- `annotations/`: valid annotations whose tags, notes, author and codebook carry escapes and
  markup, and invalid ones: an alias bomb, a file with conflict markers, broken YAML, and a
  FIFO named like an annotation.

Every string meant to reach a screen is in `Hostile.poison`; `control_bytes(text)` finds
what must never be printed. The app's tests reuse this (see `tests/e2e/test_hostile.py`).
"""

from __future__ import annotations

import os
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path

ESCAPES = {
    "csi": "\x1b[31;1mRED\x1b[0m\x1b[2J",
    "osc0": "\x1b]0;PWNED-TITLE\x07",
    "osc52": "\x1b]52;c;cHduZWQ=\x1b\\",
    "osc8": "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "dcs": "\x1bP+q544e\x1b\\",
    "bell": "\x07",
    "c1": "\x9b31m\x9d0;C1-TITLE\x9c",
}
"""Terminal escapes that would recolour, clear, retitle, write the clipboard, link, query."""

BIDI = "\u202eevil\u202c \u2066iso\u2069 \u200emark\u200f \u061c"
"""Bidirectional overrides, isolates and marks (U+200E/U+200F among them)."""

MARKUP = "[bold red]RED[/] [@click=app.quit]clk[/] [link=https://evil.example]x[/link]"
"""Rich/Textual markup that would style text, quit the app or link if it were parsed."""

POISON = " ".join([*ESCAPES.values(), BIDI, MARKUP])
"""All of it in one string."""

# What must never reach a terminal: C0 (but newline and tab), DEL, C1, bidi controls.
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)

ARTICLE = "plain"
"""A harmless article to tag (its passage 1), next to the hostile ones."""
LONG_DIR = "d" * 150
LONG_ID = f"{LONG_DIR}/{'f' * 150}"
"""A 301-byte id in two parts (each under the part limit): valid, and taggable."""
JSONL_LONG_LINE_ID = "x" * 300
"""A 300-character `.jsonl` line id: one part over the limit, skipped with a warning."""
TOO_LONG_NAME = "n" * 230 + ".txt"
"""A file name whose id part passes the limit (the file system allows it)."""


@dataclass
class Hostile:
    """What `build_hostile` made, for tests to point commands at."""

    root: Path
    corpus: Path
    annotations: Path
    articles: list[str] = field(default_factory=list)  # ids that should be readable
    skipped: list[Path] = field(default_factory=list)  # corpus files that must be skipped
    invalid: list[Path] = field(default_factory=list)  # annotation files that are invalid
    fifos: list[Path] = field(default_factory=list)
    poison: str = POISON


def control_bytes(text: str) -> list[str]:
    """The control characters in `text` that must never reach a terminal (as reprs)."""
    return sorted({repr(c) for c in _CONTROL_RE.findall(text)})


def yaml_escaped(text: str) -> str:
    """`text` as a YAML double-quoted scalar: escapes written as `\\e`, `\\x9b`, `\\u202e`."""
    out = []
    for char in text:
        code = ord(char)
        if char == "\x1b":
            out.append("\\e")
        elif char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif (
            code in (0x61C, 0x200E, 0x200F) or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069
        ):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def alias_bomb(levels: int = 7, width: int = 9) -> str:
    """YAML lines whose last key expands to width**levels strings (a 'billion laughs')."""
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    lines.append(f"title: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def annotation_yaml(
    article: str, passage: int, quote: str, tags: list[str], note: str, name: str, ulid: str
) -> str:
    """A valid annotation file, every string double-quoted with its escapes."""
    tag_lines = "".join(f"- {yaml_escaped(t)}\n" for t in tags)
    return (
        f"schema: 1\nid: '{ulid}'\narticle: {yaml_escaped(article)}\ntarget:\n"
        f"  passage: {passage}\n  start: 0\n  end: {len(quote)}\n  prefix: ''\n"
        f"  quote: {yaml_escaped(quote)}\n  suffix: ''\ntags:\n{tag_lines}"
        f"note: {yaml_escaped(note)}\nauthor:\n  name: {yaml_escaped(name)}\n"
        f"  email: eve@example.org\ncreated: '2024-03-01T10:20:30Z'\n"
        f"updated: '2024-03-01T10:20:30Z'\n"
    )


def build_hostile(root: Path, *, fifos: bool = True) -> Hostile:
    """Write the hostile corpus and annotations under `root` (see the module doc)."""
    corpus = root / "corpus"
    annotations = root / "annotations"
    corpus.mkdir(parents=True)
    annotations.mkdir()
    found = Hostile(root, corpus, annotations)

    def article(name: str, text: str | bytes, readable: str | None = None) -> Path:
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        if readable is not None:
            found.articles.append(readable)
        else:
            found.skipped.append(path)
        return path

    article(
        f"{ARTICLE}.txt", "A plain headline\n\nA plain first paragraph.\n\nA second one.\n", ARTICLE
    )
    escapes = "\n\n".join(f"Paragraph {name}: {seq} end." for name, seq in ESCAPES.items())
    article(
        "escapes.txt",
        f"Title {ESCAPES['osc0']} here\n\n{escapes}\n\nBidi {BIDI} end.\n\nMarkup {MARKUP} end.\n",
        "escapes",
    )
    article(
        "front.md",
        f"---\ntitle: {yaml_escaped('T ' + ESCAPES['osc0'] + ' ' + MARKUP)}\n"
        f"source: {yaml_escaped('s ' + ESCAPES['osc52'])}\n"
        f"url: {yaml_escaped('https://e.example/' + ESCAPES['osc8'])}\ndate: 2023-05-12\n---\n"
        f"Front matter body {ESCAPES['c1']} text.\n",
        "front",
    )
    article("bomb.md", f"---\n{alias_bomb()}---\nThe body of the bomb.\n", "bomb")
    article("dupe.md", "---\ntitle: one\ntitle: two\n---\nDuplicate keys body.\n", "dupe")
    lines = [
        {"id": "ok", "text": f"A jsonl line {ESCAPES['csi']} with {MARKUP}.", "title": POISON},
        {"id": JSONL_LONG_LINE_ID, "text": "A line whose id is far too long."},
        {"id": f"esc{ESCAPES['osc0']}", "text": "A line whose id holds an escape."},
        {"id": "new\nline", "text": "A line whose id holds a newline."},
    ]
    body = "".join(__import__("json").dumps(line) + "\n" for line in lines)
    body += "[" * 100_000 + "\n" + '{"id": "big", "text": "n", "n": ' + "1" * 5000 + "}\n"
    article("feed.jsonl", body, "feed/ok")
    article(f"{LONG_ID}.txt", "A long path\n\nIts first paragraph.\n", LONG_ID)
    article(TOO_LONG_NAME, "Skipped: the name is too long.\n")
    article("new\nline.txt", "Skipped: a newline in the name.\n")
    article(f"esc{ESCAPES['osc0']}.txt", "Skipped: an escape in the name.\n")
    article("bidi\u202ename.txt", "Skipped: a bidi override in the name.\n")
    article("[bold red]fname.txt", "A file named with markup.\n\nIts text.\n", "[bold red]fname")
    article("nul.txt", b"text with a \x00 NUL byte\n")
    if fifos:
        pipe = corpus / "pipe.txt"
        os.mkfifo(pipe)
        found.fifos.append(pipe)
        found.skipped.append(pipe)
        sock_path = corpus / "sock.txt"
        if len(os.fsencode(sock_path)) < 100:
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(os.fsdecode(sock_path))
            sock.close()
            found.skipped.append(sock_path)

    # Annotations: valid ones carrying escapes, then invalid ones.
    folder = annotations / ARTICLE
    folder.mkdir()
    quote = "A plain first paragraph."
    (folder / "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C.yaml").write_text(
        annotation_yaml(
            ARTICLE,
            1,
            quote,
            ["q", f"evil{ESCAPES['osc52']}", MARKUP, f"bidi{BIDI}"],
            f"A note {POISON}\nsecond line {ESCAPES['csi']}",
            f"Eve {ESCAPES['osc0']} {MARKUP}",
            "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C",
        ),
        encoding="utf-8",
    )
    (folder / "article.yaml").write_text(
        f"schema: 1\narticle: {ARTICLE}\ntitle: {yaml_escaped('Meta ' + POISON)}\n"
        f"source: {yaml_escaped('Src ' + ESCAPES['osc52'])}\n",
        encoding="utf-8",
    )
    escapes_folder = annotations / "escapes"
    escapes_folder.mkdir()
    invalid = {
        "01HV5Z8Q3M6T9W2X4Y7Z0BOMB0.yaml": f"schema: 1\n{alias_bomb(levels=9)}",
        "01HV5Z8Q3M6T9W2X4Y7Z0CONF0.yaml": (
            "schema: 1\nid: '01HV5Z8Q3M6T9W2X4Y7Z0CONF0'\n<<<<<<< ours\ntags: [q]\n=======\n"
            "tags: [r]\n>>>>>>> theirs\n"
        ),
        "01HV5Z8Q3M6T9W2X4Y7Z0BRKN0.yaml": (
            f"schema: 1\nnote: {yaml_escaped(POISON)}\ntags: [unclosed\n"
        ),
    }
    for name, text in invalid.items():
        (escapes_folder / name).write_text(text, encoding="utf-8")
        found.invalid.append(escapes_folder / name)
    if fifos:
        pipe = escapes_folder / "01HV5Z8Q3M6T9W2X4Y7Z0FIFO0.yaml"
        os.mkfifo(pipe)
        found.fifos.append(pipe)
        found.invalid.append(pipe)
    (annotations / "codebook.yaml").write_text(
        "schema: 1\ntags:\n"
        f"  q:\n    description: {yaml_escaped('Q ' + POISON)}\n    colour: red\n    key: q\n"
        f"  {yaml_escaped('evil' + ESCAPES['osc52'])}:\n    description: {yaml_escaped(MARKUP)}\n",
        encoding="utf-8",
    )
    return found
