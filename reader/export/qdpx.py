"""A REFI-QDA project (`.qdpx`): a zip of `project.qde` and the articles under `sources/`.

- Users: every author of an exported annotation, and the person exporting.
- CodeBook: the codebook and the tags used, nested by `/` (see `refi_codes`).
- Variables `date`, `source`, `title`, valued on each article.
- Sources: one `TextSource` per article, its text in `sources/<guid>.txt` (UTF-8, the
  passages joined by blank lines), with one `PlainTextSelection` per annotation whose
  `startPosition`/`endPosition` index that text (in characters), one `Coding` per tag.
- Notes: each annotation's note, referenced from its selection.

Every GUID is derived from what it names (see `guids`), so exporting twice gives the same
ids. Segments must arrive grouped by article (as `Workspace.coded` gives them). The
sources and notes (most of the file) are written as text as they arrive, the rest with
ElementTree; the XML is the same either way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Mapping
from functools import cache
from itertools import groupby
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from reader.annotations.codebook import CodebookEntry
from reader.export.guids import code_guid, guid
from reader.export.refi_codes import ORIGIN, PROJECT_NS, code_tags, codes_element, xml_text
from reader.export.segments import Segment, coder_key, is_timestamp
from reader.records import Author
from reader.tagnames import tag_key

VARIABLES = ("date", "source", "title")
SELECTION_NAME = 80  # characters of the quote a selection is named by


def source_path(article_id: str) -> str:
    """The zip entry holding an article's text."""
    return f"sources/{guid('source', article_id)}.txt"


_SPECIAL = re.compile('[&<>"\x00-\x1f\ud800-\udfff\ufffe\uffff]')
"""What an attribute value cannot hold as it is (most are GUIDs, numbers and times)."""


def attr(value: str) -> str:
    """An attribute value, quoted, escaped when it needs to be."""
    return f'"{value}"' if _SPECIAL.search(value) is None else quoteattr(xml_text(value))


def tag(name: str, attrs: Mapping[str, str], end: str = ">") -> str:
    """`<name a="v" ...` + `end` (`>` opens, `/>` closes), values escaped for XML."""
    values = "".join(f" {key}={attr(value)}" for key, value in attrs.items())
    return f"<{name}{values}{end}"


def text_element(name: str, text: str) -> str:
    return f"<{name}>{escape(xml_text(text))}</{name}>"


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
    sources: list[str] = []
    notes: list[str] = []
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for _, group in groupby(segments, key=lambda s: s.article.id):
            found = list(group)  # one article's segments
            article = found[0].article
            archive.writestr(source_path(article.id), article.text.encode("utf-8"))
            sources.append(_text_source_head(found[0]))
            for segment in found:
                count += 1
                record = segment.annotation
                users.setdefault(coder_key(record.author), record.author.name)
                used.update(record.tags)
                sources.append(_selection(segment, notes))
            sources.append(_variables(found[0]) + "\n  </TextSource>")
        parts = [_head(name, exporter, now), _users(users)]
        tags = code_tags(used, codebook if all_codes else {})
        if tags:
            codes = codes_element(tags, [*used, *codebook], codebook)
            ET.indent(codes, space=" ", level=2)
            parts.append(f" <CodeBook>\n  {ET.tostring(codes, encoding='unicode')}\n </CodeBook>")
        if sources:
            parts.append(_variables_element())
            parts.append(" <Sources>\n" + "\n".join(sources) + "\n </Sources>")
        if notes:
            parts.append(" <Notes>\n" + "\n".join(notes) + "\n </Notes>")
        parts.append("</Project>\n")
        archive.writestr("project.qde", "\n".join(parts).encode("utf-8"))
    return count


def _head(name: str, exporter: Author, now: str) -> str:
    attrs = {
        "xmlns": PROJECT_NS,
        "name": name,
        "origin": ORIGIN,
        "creatingUserGUID": guid("user", coder_key(exporter)),
        "creationDateTime": now,
    }
    return "<?xml version='1.0' encoding='utf-8'?>\n" + tag("Project", attrs)


def _users(users: Mapping[str, str]) -> str:
    lines = [
        "  " + tag("User", {"guid": guid("user", key), "name": shown}, "/>")
        for key, shown in sorted(users.items(), key=lambda kv: (kv[1].casefold(), kv[0]))
    ]
    return " <Users>\n" + "\n".join(lines) + "\n </Users>"


def _variables_element() -> str:
    lines = [
        "  "
        + tag("Variable", {"guid": guid("variable", v), "name": v, "typeOfVariable": "Text"}, "/>")
        for v in VARIABLES
    ]
    return " <Variables>\n" + "\n".join(lines) + "\n </Variables>"


def _text_source_head(segment: Segment) -> str:
    article = segment.article
    key = guid("source", article.id)
    attrs = {"guid": key, "name": article.id, "plainTextPath": f"internal://{key}.txt"}
    about = [article.title, str(article.date) if article.date else "undated", article.source]
    about.append(article.url)
    description = text_element("Description", " · ".join(a for a in about if a))
    return f"  {tag('TextSource', attrs)}\n   {description}"


def _variables(segment: Segment) -> str:
    article = segment.article
    values = {
        "date": str(article.date) if article.date else "",
        "source": article.source or "",
        "title": article.title or "",
    }
    found = []
    for name in VARIABLES:
        if values[name]:
            ref = tag("VariableRef", {"targetGUID": guid("variable", name)}, "/>")
            value = text_element("TextValue", values[name])
            found.append(f"\n   <VariableValue>{ref}{value}</VariableValue>")
    return "".join(found)


@cache
def _user_guid(key: str) -> str:
    return guid("user", key)


def _selection(segment: Segment, notes: list[str]) -> str:
    """One `PlainTextSelection` with its codings; its note is added to `notes`. GUIDs,
    numbers and checked times need no escaping: only names go through `attr`."""
    record = segment.annotation
    user = _user_guid(coder_key(record.author))
    created = f' creationDateTime="{record.created}"' if is_timestamp(record.created) else ""
    updated = is_timestamp(record.updated)
    quote = " ".join(segment.quote.split())
    name = quote[:SELECTION_NAME] + ("…" if len(quote) > SELECTION_NAME else "")
    modified = f' modifyingUser="{user}" modifiedDateTime="{record.updated}"' if updated else ""
    lines = [
        f'   <PlainTextSelection guid="{guid("selection", record.id)}" name={attr(name)}'
        f' startPosition="{segment.article_start}" endPosition="{segment.article_end}"'
        f' creatingUser="{user}"{created}{modified}>'
    ]
    for code in sorted({tag_key(t): t for t in record.tags}.values(), key=tag_key):
        coding = guid("coding", f"{record.id}\0{tag_key(code)}")
        lines.append(
            f'    <Coding guid="{coding}" creatingUser="{user}"{created}>'
            f'<CodeRef targetGUID="{code_guid(code)}"/></Coding>'
        )
    if record.note:
        note_guid = guid("note", record.id)
        lines.append(f'    <NoteRef targetGUID="{note_guid}"/>')
        about = {
            "guid": note_guid,
            "name": f"{record.author.name} on {segment.ref}",
            "creatingUser": user,
        }
        if updated:
            about["creationDateTime"] = record.updated
        content = text_element("PlainTextContent", record.note)
        notes.append(f"  {tag('Note', about)}{content}</Note>")
    lines.append("   </PlainTextSelection>")
    return "\n".join(lines)
