"""Stable identifiers for exported things: the same input gives the same id every time.

REFI-QDA GUIDs and W3C ids are UUIDs derived (uuid5) from what they name (`code:actor/china`,
`annotation:<ULID>`, ...), so exporting twice gives the same ids and a re-import elsewhere
updates instead of duplicating.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import cache

from reader.tagnames import tag_key

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://reader.invalid/export")
"""reader's own namespace for derived ids (never changes: ids depend on it)."""


_PREFIX = NAMESPACE.bytes


def guid(kind: str, key: str) -> str:
    """The UUID (lower case) of the `kind` thing named `key`: `uuid.uuid5(NAMESPACE,
    f"{kind}:{key}")`, computed directly (an export makes tens of thousands)."""
    digest = bytearray(hashlib.sha1(_PREFIX + f"{kind}:{key}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def urn(kind: str, key: str) -> str:
    """`urn:uuid:...` of the `kind` thing named `key` (an IRI, for W3C ids)."""
    return f"urn:uuid:{guid(kind, key)}"


@cache
def code_guid(tag: str) -> str:
    """A tag's GUID: tags that differ only in case are one code."""
    return guid("code", tag_key(tag))
