"""Reading codebooks from other programs: REFI-QDA `.qdc`, a project's `.qde` (or the
`.qde` inside a `.qdpx`, read in place), and CSV as Taguette writes it.

Every reader returns the codes in file order as `ImportedCode`s (their levels, original
name, description and colour); `codenames` turns those into tags. Files are bounded in
size, XML with entity declarations is refused, and every problem is one line naming the
file.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.export.codenames import levels_of
from reader.export.colours import from_hex
from reader.export.output import ExportError
from reader.textnorm import decode, without_controls

MAX_BYTES = 50 * 1024 * 1024
"""The largest codebook (or `.qde` inside a `.qdpx`) read."""
MAX_ROWS = 100_000
NAME_COLUMNS = ("tag", "name", "path")
OPTIONAL_COLUMNS = ("description", "colour", "color", "parent")
SUFFIXES = (".qdc", ".qde", ".qdpx", ".csv")


@dataclass(frozen=True)
class ImportedCode:
    """One code of the file: `path` holds its levels (parents first)."""

    original: str
    path: tuple[str, ...]
    description: str = ""
    colour: str = ""
    group: bool = False  # only groups the codes nested in it (not codable, nothing to say)


def read_codes(path: Path) -> list[ImportedCode]:
    """The codes of a codebook file, chosen by its suffix; ExportError when unreadable."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"{path}: not a codebook (expected {', '.join(SUFFIXES)})")
    if suffix == ".qdpx":
        return xml_codes(_qde_in_zip(path), path)
    data = _read(path)
    if suffix == ".csv":
        return csv_codes(data, path)
    return xml_codes(data, path)


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ExportError(f"{path}: larger than {MAX_BYTES // 2**20} MB")
        return path.read_bytes()
    except OSError as exc:
        raise ExportError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _qde_in_zip(path: Path) -> bytes:
    """The project (`project.qde`, any case) inside a `.qdpx` zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            found = [i for i in archive.infolist() if i.filename.lower().endswith(".qde")]
            found.sort(key=lambda i: (i.filename.lower() != "project.qde", i.filename))
            if not found:
                raise ExportError(f"{path}: no project.qde inside")
            if found[0].file_size > MAX_BYTES:
                raise ExportError(f"{path}: its {found[0].filename} is too large")
            return archive.read(found[0])
    except (OSError, zipfile.BadZipFile) as exc:
        raise ExportError(f"{path}: not a readable .qdpx zip ({exc})") from None


def _local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]


def xml_codes(data: bytes, path: Path) -> list[ImportedCode]:
    """The codes of a REFI-QDA codebook or project (nested codes become levels)."""
    if b"<!ENTITY" in data:
        raise ExportError(f"{path}: XML entity declarations are not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise ExportError(f"{path}:{line}: not valid XML (column {column})") from None
    book = root if _local(root.tag) == "CodeBook" else None
    if book is None:
        book = next((e for e in root if _local(e.tag) == "CodeBook"), None)
    if book is None:
        raise ExportError(f"{path}: no <CodeBook> in it")
    codes = next((e for e in book if _local(e.tag) == "Codes"), None)
    if codes is None:
        return []
    return list(_walk(codes, ()))


def _walk(parent: ET.Element, above: tuple[str, ...]) -> Iterator[ImportedCode]:
    for code in parent:
        if _local(code.tag) != "Code":
            continue
        name = _clean(code.get("name", ""))
        path = (*above, *levels_of(name))
        description = ""
        for part in code:
            if _local(part.tag) == "Description":
                description = (part.text or "").strip()
        original = "/".join([*above, name]) if above else name
        colour = from_hex(code.get("color", ""))
        nested = any(_local(part.tag) == "Code" for part in code)
        group = nested and code.get("isCodable") == "false" and not (description or colour)
        yield ImportedCode(original, path, description, colour, group)
        yield from _walk(code, path)


def _clean(text: str) -> str:
    return " ".join(without_controls(text).split())


def csv_codes(data: bytes, path: Path) -> list[ImportedCode]:
    """Codes from a CSV with one `tag`, `name` or `path` column (Taguette's codebook
    export), and optional `description`, `colour`/`color` and `parent` columns. A `/` in
    the name nests the tag, as in reader."""
    text, _ = decode(data) if b"\x00" not in data else ("", None)
    if not text:
        raise ExportError(f"{path}: empty, or not a text file")
    rows = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().casefold() for h in next(rows)]
    except (StopIteration, csv.Error):
        raise ExportError(f"{path}: not a CSV file") from None
    named = [c for c in NAME_COLUMNS if c in header]
    if len(named) != 1:
        what = "none" if not named else " and ".join(named)
        raise ExportError(
            f"{path}:1: needs exactly one 'tag', 'name' or 'path' column (found {what})"
        )
    name_at = header.index(named[0])
    at: dict[str, int] = {c: header.index(c) for c in header if c in OPTIONAL_COLUMNS}
    codes: list[ImportedCode] = []
    try:
        for row in rows:
            if rows.line_num > MAX_ROWS:
                raise ExportError(f"{path}: more than {MAX_ROWS:,} rows")
            if any(cell.strip() for cell in row):
                codes.append(_csv_code(row, name_at, at, f"{path}:{rows.line_num}"))
    except csv.Error as exc:
        raise ExportError(f"{path}:{rows.line_num}: not valid CSV ({exc})") from None
    return codes


def _csv_code(row: list[str], name_at: int, at: dict[str, int], where: str) -> ImportedCode:
    """One CSV row as a code (`where` is `file:line`, for the error)."""

    def cell(index: int | None) -> str:
        return _clean(row[index]) if index is not None and index < len(row) else ""

    name = cell(name_at)
    if not name:
        raise ExportError(f"{where}: no code name in this row")
    parent_text = cell(at.get("parent"))
    parent = [lv for part in parent_text.split("/") if part for lv in levels_of(part)]
    levels = [lv for part in name.split("/") if part.strip() for lv in levels_of(part)]
    original = name
    if parent and levels[: len(parent)] != parent:  # the name may hold its parents already
        levels = [*parent, *levels]
        original = f"{parent_text}/{name}"
    colour = cell(at.get("colour", at.get("color")))
    return ImportedCode(
        original, tuple(levels), cell(at.get("description")), from_hex(colour) or colour
    )
