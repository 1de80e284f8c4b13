"""A REFI-QDA project (`.qdpx`): a zip of `project.qde` and the articles under `sources/`.

- Users: every author of an exported annotation, and the person exporting.
- CodeBook: the codebook and the tags used, nested by `/` (see `refi_codes`).
- Variables `date`, `source`, `title`, valued on each article.
- Sources: one `TextSource` per article, its text in `sources/<guid>.txt` (UTF-8, the
  passages joined by blank lines), with one `PlainTextSelection` per annotation whose
  `startPosition`/`endPosition` index that text (in characters), one `Coding` per tag.
- Notes: each annotation's note, referenced from its selection.

Every GUID is derived from what it names (see `guids`), so exporting twice gives the same
ids. Segments must arrive grouped by article (as `Workspace.coded` gives them).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from typing import BinaryIO

from reader.annotations.codebook import CodebookEntry
from reader.export.guids import code_guid, guid
from reader.export.refi_codes import (
    ORIGIN,
    PROJECT_NS,
    child,
    code_tags,
    codes_element,
    element,
    text_child,
    write_xml,
)
from reader.export.segments import Segment, coder_key, is_timestamp
from reader.records import Author
from reader.tagnames import tag_key

NS = PROJECT_NS
VARIABLES = ("date", "source", "title")
SELECTION_NAME = 80  # characters of the quote a selection is named by


def source_path(article_id: str) -> str:
    """The zip entry holding an article's text."""
    return f"sources/{guid('source', article_id)}.txt"


def write_qdpx(
    segments: Iterable[Segment],
    out: BinaryIO,
    codebook: Mapping[str, CodebookEntry],
    *,
    name: str,
    exporter: Author,
    now: str,
    all_codes: bool = True,
) -> int:
    """Write the project; returns the number of annotations (selections) in it.

    `all_codes`: the whole codebook goes in (else only the tags used by the segments).
    """
    users: dict[str, str] = {coder_key(exporter): exporter.name}
    used: set[str] = set()
    sources = element("Sources")
    notes = element("Notes")
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for _, group in groupby(segments, key=lambda s: s.article.id):
            first, rest = _peek(group)
            article = first.article
            archive.writestr(source_path(article.id), article.text.encode("utf-8"))
            source = _text_source(first)
            for segment in rest:
                count += 1
                record = segment.annotation
                users.setdefault(coder_key(record.author), record.author.name)
                used.update(record.tags)
                _selection(source, segment, notes)
            _variables(source, first)
            sources.append(source)
        project = _project(name, exporter, now)
        project.append(_users(users))
        tags = code_tags(used, codebook if all_codes else {})
        if tags:
            book = child(project, "CodeBook")
            book.append(codes_element(tags, [*used, *codebook], codebook))
        if len(sources):
            project.append(_variables_element())
            project.append(sources)
        if len(notes):
            project.append(notes)
        with archive.open("project.qde", "w") as qde:
            write_xml(project, qde)  # type: ignore[arg-type]
    return count


def _peek(group: Iterator[Segment]) -> tuple[Segment, Iterator[Segment]]:
    first = next(group)

    def again() -> Iterator[Segment]:
        yield first
        yield from group

    return first, again()


def _project(name: str, exporter: Author, now: str) -> ET.Element:
    return element(
        "Project",
        {
            "xmlns": NS,
            "name": name,
            "origin": ORIGIN,
            "creatingUserGUID": guid("user", coder_key(exporter)),
            "creationDateTime": now,
        },
    )


def _users(users: Mapping[str, str]) -> ET.Element:
    root = element("Users")
    for key, shown in sorted(users.items(), key=lambda kv: (kv[1].casefold(), kv[0])):
        child(root, "User", {"guid": guid("user", key), "name": shown})
    return root


def _variables_element() -> ET.Element:
    root = element("Variables")
    for name in VARIABLES:
        child(
            root,
            "Variable",
            {"guid": guid("variable", name), "name": name, "typeOfVariable": "Text"},
        )
    return root


def _text_source(segment: Segment) -> ET.Element:
    article = segment.article
    key = guid("source", article.id)
    source = element(
        "TextSource", {"guid": key, "name": article.id, "plainTextPath": f"internal://{key}.txt"}
    )
    about = [article.title, str(article.date) if article.date else "undated", article.source]
    about.append(article.url)
    text_child(source, "Description", " · ".join(a for a in about if a))
    return source


def _variables(source: ET.Element, segment: Segment) -> None:
    article = segment.article
    values = {
        "date": str(article.date) if article.date else "",
        "source": article.source or "",
        "title": article.title or "",
    }
    for name in VARIABLES:
        if values[name]:
            holder = child(source, "VariableValue")
            child(holder, "VariableRef", {"targetGUID": guid("variable", name)})
            text_child(holder, "TextValue", values[name])


def _selection(source: ET.Element, segment: Segment, notes: ET.Element) -> None:
    record = segment.annotation
    user = guid("user", coder_key(record.author))
    quote = " ".join(segment.quote.split())
    attrs = {
        "guid": guid("selection", record.id),
        "name": quote[:SELECTION_NAME] + ("…" if len(quote) > SELECTION_NAME else ""),
        "startPosition": str(segment.article_start),
        "endPosition": str(segment.article_end),
        "creatingUser": user,
    }
    stamps = {"creationDateTime": record.created, "modifiedDateTime": record.updated}
    attrs.update({k: v for k, v in stamps.items() if is_timestamp(v)})
    if is_timestamp(record.updated):
        attrs["modifyingUser"] = user
    selection = child(source, "PlainTextSelection", attrs)
    for tag in sorted({tag_key(t): t for t in record.tags}.values(), key=tag_key):
        coding_attrs = {
            "guid": guid("coding", f"{record.id}\0{tag_key(tag)}"),
            "creatingUser": user,
        }
        if is_timestamp(record.created):
            coding_attrs["creationDateTime"] = record.created
        coding = child(selection, "Coding", coding_attrs)
        child(coding, "CodeRef", {"targetGUID": code_guid(tag)})
    if record.note:
        note_guid = guid("note", record.id)
        child(selection, "NoteRef", {"targetGUID": note_guid})
        note_attrs = {
            "guid": note_guid,
            "name": f"{record.author.name} on {segment.ref}",
            "creatingUser": user,
        }
        if is_timestamp(record.updated):
            note_attrs["creationDateTime"] = record.updated
        note = child(notes, "Note", note_attrs)
        text_child(note, "PlainTextContent", record.note)
