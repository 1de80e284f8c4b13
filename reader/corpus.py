"""Finding and reading the articles of a corpus folder (`.txt`, `.md`, `.jsonl`)."""

from __future__ import annotations

import json
import os
import stat as stat_module
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from reader.dates import PartialDate
from reader.fsio import file_kind
from reader.ids import id_problem
from reader.model import Article, CorpusWarning
from reader.paragraphs import make_passages, split_date_header, split_paragraphs, split_title
from reader.textnorm import BinaryFileError, decode, normalise

SUFFIXES = (".txt", ".md", ".jsonl")
MAX_FILE_BYTES = {".txt": 64_000_000, ".md": 64_000_000, ".jsonl": 512_000_000}
"""Larger corpus files are skipped with a warning (an article is not a disk image)."""
MAX_FRONT_MATTER_BYTES = 64_000
"""Front matter is a few fields; more is ignored with a warning."""


@dataclass(frozen=True)
class SourceFile:
    """A file of the corpus: its path, its id (relative path without suffix) and its stat."""

    path: Path
    id: str
    size: int
    mtime_ns: int
    problem: str | None = None  # why it cannot be read, found while listing it


def discover(root: Path, skip: Path | None = None) -> list[SourceFile]:
    """Every article file below `root`, sorted by id; hidden folders and `skip` are left out.

    One `lstat` a file: only a file that is a link is resolved, and one that leads out of
    the corpus is listed with its problem (read_source turns that into a warning), as is
    one that is not a plain file (a FIFO, a device, a socket: never opened) or is too large.
    Linked folders are not followed.
    """
    root = Path(root)
    root_real = os.path.realpath(root) + os.sep
    skip_real = os.path.realpath(skip) if skip else None
    found: list[SourceFile] = []
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if skip_real is None or os.path.realpath(entry.path) != skip_real:
                    pending.append((entry.path, f"{prefix}{name}/"))
                continue
            if not name.endswith(SUFFIXES):
                continue
            path = Path(entry.path)
            rel = prefix + name.rsplit(".", 1)[0]
            found.append(_source(path, rel, entry, root_real))
    found.sort(key=lambda f: (f.id, SUFFIXES.index(f.path.suffix)))
    return _without_clashes(found)


def _without_clashes(found: list[SourceFile]) -> list[SourceFile]:
    """`a.txt` and `a.md` would share the id `a`: the first suffix of SUFFIXES keeps it."""
    kept: dict[str, SourceFile] = {}
    result: list[SourceFile] = []
    for source in found:
        first = kept.setdefault(source.id, source)
        if first is not source and source.problem is None:
            problem = f"skipped: same article id as {first.path.name}"
            source = replace(source, problem=problem)
        result.append(source)
    return result


def _source(path: Path, rel: str, entry: os.DirEntry[str], root_real: str) -> SourceFile:
    problem = id_problem(rel)
    if problem is not None:
        return SourceFile(path, rel, -1, 0, f"skipped: its name makes an unusable id ({problem})")
    try:
        if entry.is_symlink():
            if not os.path.realpath(path).startswith(root_real):
                return SourceFile(path, rel, -1, 0, "skipped: links outside the corpus")
            stat = path.stat()
        else:
            stat = entry.stat(follow_symlinks=False)
    except OSError:
        return SourceFile(path, rel, -1, 0, "skipped: cannot read (broken link)")
    if not stat_module.S_ISREG(stat.st_mode):
        why = f"skipped: not a plain file ({file_kind(stat.st_mode)}); never opened"
        return SourceFile(path, rel, -1, 0, why)
    limit = MAX_FILE_BYTES[path.suffix]
    if stat.st_size > limit:
        why = f"skipped: too large ({stat.st_size / 1e6:.0f} MB; the limit is {limit / 1e6:g} MB)"
        return SourceFile(path, rel, stat.st_size, stat.st_mtime_ns, why)
    return SourceFile(path, rel, stat.st_size, stat.st_mtime_ns)


def read_source(
    source: SourceFile, raw: bytes | None = None
) -> tuple[list[Article], list[CorpusWarning]]:
    """Read one corpus file into its articles; problems become warnings, never exceptions.

    `raw` is the file's bytes when the caller has read them already (the index hashes them).
    """
    if source.problem:
        return [], [CorpusWarning(source.path, source.problem)]
    warnings: list[CorpusWarning] = []
    try:
        text, warning = decode(source.path.read_bytes() if raw is None else raw)
    except BinaryFileError as exc:
        return [], [CorpusWarning(source.path, f"skipped: {exc}")]
    except OSError as exc:
        return [], [CorpusWarning(source.path, f"skipped: cannot read ({exc.strerror})")]
    if warning:
        warnings.append(CorpusWarning(source.path, warning))
    text = normalise(text)
    if source.path.suffix == ".jsonl":
        articles = list(_read_jsonl(source, text, warnings))
    elif source.path.suffix == ".md":
        articles = [_read_markdown(source, text, warnings)]
    else:
        articles = [parse_article(source.id, source.path, text)]
    return articles, warnings


def parse_article(article_id: str, path: Path, text: str, **meta: object) -> Article:
    """Build an article from normalised text: title line, date header, then paragraphs."""
    title = None
    date, body = split_date_header(text)
    if date is None:
        title, body = split_title(text)
        date, body = split_date_header(body)
    passages = make_passages(article_id, split_paragraphs(body))
    return Article(
        id=article_id,
        path=path,
        passages=passages,
        date=given if isinstance(given := meta.get("date"), PartialDate) else date,
        title=_clean(meta.get("title")) or title,
        source=_clean(meta.get("source")),
        url=_clean(meta.get("url")),
    )


def _read_markdown(source: SourceFile, text: str, warnings: list[CorpusWarning]) -> Article:
    meta: dict[str, object] = {}
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            from reader.yamlsafe import YamlError, load_yaml_text  # markdown only: start-up

            try:  # strict: an alias bomb or a duplicate key is refused, not expanded
                loaded = load_yaml_text(
                    text[4:end],
                    source.path,
                    max_bytes=MAX_FRONT_MATTER_BYTES,
                    mapping=False,
                    dates=True,
                )
            except YamlError as exc:  # also date: 2023-02-30
                why = exc.message + (f" (line {exc.line + 1})" if exc.line else "")
                warnings.append(CorpusWarning(source.path, f"front matter ignored: {why}"))
                loaded = None
            if isinstance(loaded, dict):
                meta = {k: loaded.get(k) for k in ("title", "source", "url")}
                meta["date"] = PartialDate.parse(loaded.get("date"))
            text = text[end + 4 :].partition("\n")[2]
    return parse_article(source.id, source.path, text, **meta)


def _read_jsonl(source: SourceFile, text: str, warnings: list[CorpusWarning]) -> Iterator[Article]:
    seen: set[str] = set()
    stem = source.path.with_suffix("")  # `feed/a1.txt` would hold the id of feed.jsonl's a1
    stem_is_dir = stem.is_dir()
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(CorpusWarning(source.path, f"line {line_no}: not JSON ({exc.msg})"))
            continue
        except (ValueError, RecursionError):  # nested 100,000 deep, a 5,000-digit number
            why = f"line {line_no}: not JSON reader can read (nested too deeply or a huge number)"
            warnings.append(CorpusWarning(source.path, why))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            warnings.append(CorpusWarning(source.path, f'line {line_no}: no "text" string'))
            continue
        line_id = str(record.get("id") or line_no).strip().strip("/")
        problem = id_problem(f"{source.id}/{line_id}")
        if problem is not None or line_id in seen:
            why = f"unusable id ({problem})" if problem else f"repeated id {line_id!r}"
            warnings.append(CorpusWarning(source.path, f"line {line_no}: skipped: {why}"))
            continue
        shadow = _shadowing_file(stem, line_id) if stem_is_dir else None
        if shadow is not None:
            why = f"line {line_no}: skipped: same article id as {shadow.name}"
            warnings.append(CorpusWarning(source.path, why))
            continue
        seen.add(line_id)
        yield parse_article(
            f"{source.id}/{line_id}",
            source.path,
            normalise(record["text"]),
            date=PartialDate.parse(record.get("date")),
            title=record.get("title"),
            source=record.get("source"),
            url=record.get("url"),
        )


def _shadowing_file(stem: Path, line_id: str) -> Path | None:
    """The file below `stem` that has the article id of `line_id` and is read first (a
    `.txt`/`.md` of that path, or a deeper `.jsonl`), as `Workspace.article` looks them up."""
    parts = line_id.split("/")
    for cut in range(len(parts), 0, -1):
        base = stem.joinpath(*parts[:cut])
        for suffix in SUFFIXES[:2] if cut == len(parts) else SUFFIXES[2:]:
            path = base.with_name(base.name + suffix)
            if path.is_file():
                return path
    return None


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
