"""Stable identifiers for exported things: the same input gives the same id every time.

REFI-QDA GUIDs and W3C ids are UUIDs derived (uuid5) from what they name (`code:actor/china`,
`annotation:<ULID>`, ...), so exporting twice gives the same ids and a re-import elsewhere
updates instead of duplicating.
"""

from __future__ import annotations

import uuid

from reader.tagnames import tag_key

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://reader.invalid/export")
"""reader's own namespace for derived ids (never changes: ids depend on it)."""


def guid(kind: str, key: str) -> str:
    """The UUID (lower case) of the `kind` thing named `key`."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def urn(kind: str, key: str) -> str:
    """`urn:uuid:...` of the `kind` thing named `key` (an IRI, for W3C ids)."""
    return f"urn:uuid:{guid(kind, key)}"


def code_guid(tag: str) -> str:
    """A tag's GUID: tags that differ only in case are one code."""
    return guid("code", tag_key(tag))
