"""Who is writing: git's author identity, else `$READER_AUTHOR`, else the login name."""

from __future__ import annotations

import getpass
import os
import re
import subprocess
from pathlib import Path

from reader.records import Author

_IDENT_RE = re.compile(r"^(.*?)\s*<([^<>]*)>")


def parse_ident(text: str) -> Author | None:
    """`Name <email> 1700000000 +0000` (git's form) or `Name <email>` -> Author."""
    match = _IDENT_RE.match(text.strip())
    if match and (match[1] or match[2]):
        return Author(match[1].strip() or match[2].strip(), match[2].strip())
    text = text.strip()
    return Author(text) if text else None


def current_author(folder: Path) -> Author:
    """The identity git would commit with in `folder`, with fallbacks that never prompt."""
    cwd = Path(folder)
    while not cwd.is_dir() and cwd != cwd.parent:
        cwd = cwd.parent
    try:
        result = subprocess.run(
            ["git", "var", "GIT_AUTHOR_IDENT"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode == 0:
            found = parse_ident(result.stdout)
            if found:
                return found
    except (OSError, subprocess.SubprocessError):
        pass
    env = os.environ.get("READER_AUTHOR")
    found = parse_ident(env) if env else None
    if found:
        return found
    try:
        return Author(getpass.getuser())
    except (OSError, KeyError):
        return Author("unknown")
