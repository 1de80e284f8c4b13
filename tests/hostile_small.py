"""A small hostile corpus for the app's tests: terminal escapes of every kind (CSI, OSC
0/52/8, DCS, bell, C1), bidi controls and Rich markup (`[@click=app.quit]` among it) in
article text, titles, sources, a file name, tags, notes, authors, metadata and the codebook.

It holds only what the app has to show safely (no alias bomb, FIFO or over-long id, which
are the core's to survive). `build(root)` writes `root/corpus` and `root/annotations`.
"""

from __future__ import annotations

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
BIDI = "\u202eevil\u202c \u2066iso\u2069 \u200emark\u200f \u061c"
MARKUP = "[bold red]RED[/] [@click=app.quit]clk[/] [link=https://evil.example]x[/link]"
POISON = " ".join([*ESCAPES.values(), BIDI, MARKUP])
ULID = "01HV5Z8Q3M6T9W2X4Y7Z0A1B2C"
LOST = "01HV5Z8Q3M6T9W2X4Y7Z0LOST0"


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (escapes as `\\e`, `\\xNN`, `\\uNNNN`)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif code > 0x7F and not char.isprintable():
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def annotation(article: str, passage: int, quote: str, tags: list[str], note: str, id_: str) -> str:
    tag_lines = "".join(f"- {quoted(t)}\n" for t in tags)
    return (
        f"schema: 1\nid: '{id_}'\narticle: {quoted(article)}\ntarget:\n  passage: {passage}\n"
        f"  start: 0\n  end: {len(quote)}\n  prefix: ''\n  quote: {quoted(quote)}\n"
        f"  suffix: ''\ntags:\n{tag_lines}note: {quoted(note)}\nauthor:\n"
        f"  name: {quoted('Eve ' + ESCAPES['osc0'] + ' ' + MARKUP)}\n  email: eve@example.org\n"
        "created: '2024-03-01T10:20:30Z'\nupdated: '2024-03-01T10:20:30Z'\n"
    )


def build(root: Path) -> tuple[Path, Path]:
    """A hostile corpus and annotations under `root`; (corpus, annotations)."""
    corpus, notes = root / "corpus", root / "annotations"
    corpus.mkdir(parents=True)
    (notes / "plain").mkdir(parents=True)
    (notes / "escapes").mkdir()
    (corpus / "plain.txt").write_text(
        "A plain headline\n\nA plain first paragraph. Then a second sentence.\n\nAnother.\n"
    )
    paragraphs = "\n\n".join(f"Paragraph {name}: {seq} end." for name, seq in ESCAPES.items())
    (corpus / "escapes.txt").write_text(
        f"{paragraphs}\n\nBidi {BIDI} end.\n\nMarkup {MARKUP} end.\n", encoding="utf-8"
    )
    (corpus / "front.md").write_text(
        f"---\ntitle: {quoted('T ' + ESCAPES['osc0'] + ' ' + MARKUP)}\n"
        f"source: {quoted('s ' + ESCAPES['osc52'])}\ndate: 2023-05-12\n---\n"
        f"Front matter body {ESCAPES['c1']} text.\n",
        encoding="utf-8",
    )
    (corpus / "[bold red]fname.txt").write_text("A file named with markup.\n\nIts text.\n")
    tags = ["q", f"evil{ESCAPES['osc52']}", MARKUP, f"bidi{BIDI}", "[b]x"]
    (notes / "plain" / f"{ULID}.yaml").write_text(
        annotation("plain", 1, "A plain first paragraph. Then a second sentence.", tags,
                   f"A note {POISON}\nsecond line", ULID),
        encoding="utf-8",
    )  # fmt: skip
    (notes / "plain" / "article.yaml").write_text(
        f"schema: 1\narticle: plain\ntitle: {quoted('Meta ' + POISON)}\n"
        f"source: {quoted('Src ' + ESCAPES['osc52'])}\n",
        encoding="utf-8",
    )
    (notes / "escapes" / f"{LOST}.yaml").write_text(
        annotation("escapes", 2, f"Gone {ESCAPES['osc0']} quote", tags[:2], POISON, LOST),
        encoding="utf-8",
    )
    (notes / "codebook.yaml").write_text(
        "schema: 1\ntags:\n"
        f"  q:\n    description: {quoted('Q ' + POISON)}\n    key: '9'\n"
        f"  '[b]x':\n    description: {quoted(MARKUP)}\n",
        encoding="utf-8",
    )
    return corpus, notes
