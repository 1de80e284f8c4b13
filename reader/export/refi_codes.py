"""REFI-QDA codes: reader's tags as nested `<Code>` elements, and the `.qdc` codebook.

`actor/china` becomes a code `china` inside a code `actor`; a parent nobody tagged with is
not codable (`isCodable="false"`). Descriptions and colours (as `#RRGGBB`) come from the
codebook; GUIDs are derived from the tag (see `guids`), so they are the same every time.
The XML is written with the standard library; text that XML cannot hold (control
characters) is replaced with U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from typing import BinaryIO

from reader import __version__
from reader.annotations.codebook import CodebookEntry
from reader.export.colours import to_hex
from reader.export.guids import code_guid
from reader.export.output import ExportError
from reader.tagnames import ancestors, sorted_tags, tag_key

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"reader {__version__}"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 cannot hold replaced by U+FFFD (same length)."""
    return _NOT_XML.sub("\ufffd", text)


def element(name: str, attrs: Mapping[str, str] | None = None) -> ET.Element:
    """An element (attribute values made XML-safe). Names are unprefixed: the document's
    root declares the namespace as the default one, which every element inherits."""
    return ET.Element(name, {k: xml_text(v) for k, v in (attrs or {}).items()})


def child(parent: ET.Element, name: str, attrs: Mapping[str, str] | None = None) -> ET.Element:
    """A new element appended to `parent`."""
    made = element(name, attrs)
    parent.append(made)
    return made


def text_child(parent: ET.Element, name: str, text: str) -> ET.Element:
    made = child(parent, name)
    made.text = xml_text(text)
    return made


def code_tags(used: Iterable[str], codebook: Mapping[str, CodebookEntry]) -> list[str]:
    """The tags to export as codes: those `used` and those of the codebook, with every
    parent, unique by key and in tree order."""
    tags = sorted_tags([*used, *codebook])
    return sorted_tags(prefix for tag in tags for prefix in ancestors(tag))


def codes_element(
    tags: Iterable[str], codable: Iterable[str], codebook: Mapping[str, CodebookEntry]
) -> ET.Element:
    """`<Codes>` with the tags nested by `/` (`tags` must include every parent)."""
    info = {tag_key(tag): entry for tag, entry in codebook.items()}
    can_code = {tag_key(tag) for tag in codable}
    root = element("Codes")
    made: dict[str, ET.Element] = {}
    for tag in sorted(tags, key=lambda t: tag_key(t).split("/")):
        key = tag_key(tag)
        parent_key = key.rpartition("/")[0]
        attrs = {
            "guid": code_guid(tag),
            "name": tag.rsplit("/", 1)[-1],
            "isCodable": "true" if key in can_code else "false",
        }
        entry = info.get(key)
        colour = to_hex(entry.colour) if entry and entry.colour else None
        if colour:
            attrs["color"] = colour
        code = child(made.get(parent_key, root), "Code", attrs)
        if entry and entry.description:
            text_child(code, "Description", entry.description)
        made[key] = code
    return root


def write_qdc(
    used: Iterable[str],
    codebook: Mapping[str, CodebookEntry],
    out: BinaryIO,
    all_codes: bool = True,
) -> int:
    """Write a REFI-QDA codebook (`.qdc`) of the tags `used` and, with `all_codes`, the
    whole codebook; returns the number of codes. ExportError when there is none (the
    format needs at least one)."""
    used = list(used)
    tags = code_tags(used, codebook if all_codes else {})
    if not tags:
        raise ExportError("no codes to export (a REFI-QDA codebook needs at least one)")
    root = element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": ORIGIN})
    root.append(codes_element(tags, [*used, *codebook], codebook))
    write_xml(root, out)
    return len(tags)


def write_xml(root: ET.Element, out: BinaryIO) -> None:
    """An XML document (UTF-8, with its declaration), indented."""
    ET.indent(root, space=" ")
    out.write(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    out.write(b"\n")
