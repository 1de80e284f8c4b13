"""`reader export`: every format on the bundled coded sample, validated against the W3C
suite and the REFI-QDA schemas; CSV injection; empty selections; where files go."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from exporting import ANA, BEN, REFI, coded_copy, shared, w3c_failures

from reader.cli.main import main
from reader.export.guids import code_guid, guid
from reader.workspace import Workspace

A = "000_6d362e06adb48299"
UNDATED = "002_9e357c00aa104845"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return coded_copy(tmp_path)


def run(capsys: pytest.CaptureFixture[str], corpus: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--corpus", str(corpus), "--index-dir", str(corpus.parent / "ix")])
    out, err = capsys.readouterr()
    return status, out, err


def annotations_on_disk(corpus: Path) -> list[dict]:
    found = []
    for path in sorted((corpus.parent / "annotations").rglob("*.yaml")):
        if path.name != "codebook.yaml":
            found.append(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def test_csv_has_a_row_per_segment_and_tag_with_every_column(corpus, capsys) -> None:
    status, out, err = run(capsys, corpus, "export", "--format", "csv")
    assert status == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    on_disk = annotations_on_disk(corpus)
    assert len(rows) == sum(len(a["tags"]) for a in on_disk) == 64
    assert list(rows[0]) == [
        "id", "article", "passage", "date", "date_precision", "title", "source", "tag",
        "tag_parent", "tag_top", "author", "author_email", "note", "quote", "start", "end",
        "annotation", "created", "updated",
    ]  # fmt: skip
    first = rows[0]
    assert first["id"] == f"{A}#1" and first["date"] == "2023-04-26"
    assert first["date_precision"] == "day" and first["author"] in (ANA, BEN)
    assert first["tag"] == "actor/usa" and first["tag_parent"] == "actor"
    assert first["quote"].startswith("The White House has welcomed") and first["start"] == "0"
    undated = [r for r in rows if r["article"] == UNDATED]
    assert undated and all(r["date"] == "" and r["date_precision"] == "" for r in undated)
    noted = [r for r in rows if r["note"]]
    assert {r["author"] for r in noted} == {ANA, BEN}
    assert out.count("\r\n") == len(rows) + 1  # RFC 4180 line ends


def test_csv_guards_cells_that_a_spreadsheet_would_run(corpus, capsys) -> None:
    ws = Workspace(corpus, index_dir=corpus.parent / "ix")
    ws.note(f"{A}#7", '=HYPERLINK("http://evil.example","click")')
    ws.tag(f"{A}#7", ["@sum", "+plus", "-minus"])
    ws.note(f"{A}#8", "\tindented")
    status, out, _ = run(capsys, corpus, "export", "-f", "csv", "--author", "test@example.org")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["tag"] for r in rows if r["id"] == f"{A}#7"} == {"'@sum", "'+plus", "'-minus"}
    assert {r["note"] for r in rows} == {
        '\'=HYPERLINK("http://evil.example","click")',
        "'\tindented",
    }
    assert [r["tag"] for r in rows if r["id"] == f"{A}#8"] == [""]  # a note with no tag: one row
    wide = list(csv.reader(io.StringIO(run(capsys, corpus, "export", "-f", "csv", "--wide")[1])))
    assert {"'@sum", "'+plus", "'-minus"} <= set(wide[0])


def test_wide_csv_has_a_row_per_passage_and_a_column_per_tag(corpus, capsys) -> None:
    status, out, _ = run(capsys, corpus, "export", "-f", "csv", "--wide")
    rows = list(csv.DictReader(io.StringIO(out)))
    passages = {(a["article"], a["target"]["passage"]) for a in annotations_on_disk(corpus)}
    assert status == 0 and len(rows) == len(passages) == 22
    tags = ["actor/china", "actor/russia", "actor/ukraine", "actor/usa", "stance/caution",
            "theme/diplomacy", "theme/peace"]  # fmt: skip
    assert list(rows[0])[-7:] == tags
    row = next(r for r in rows if r["id"] == f"{A}#2")  # Ana: usa, china; Ben: usa
    assert (row["actor/usa"], row["actor/china"], row["theme/peace"]) == ("1", "1", "0")
    assert row["authors"] == f"{ANA}; {BEN}"


def test_jsonl_is_one_resolved_annotation_a_line(corpus, capsys) -> None:
    status, out, _ = run(capsys, corpus, "export", "-f", "jsonl", "--author", "ben@example.org")
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and len(lines) == 19 and {x["author"]["name"] for x in lines} == {BEN}
    first = lines[0]
    assert first["id"] == f"{A}#1" and first["date"] == "2023-04-26"
    assert first["text"] == first["quote"] and first["text"].startswith("The White House")
    assert first["whole_passage"] and first["file"].startswith(f"annotations/{A}/")
    assert {"source", "title", "url", "tags", "note", "created", "updated"} <= set(first)


def test_markdown_groups_passages_by_tag_with_description_and_notes(corpus, capsys) -> None:
    ws = Workspace(corpus, index_dir=corpus.parent / "ix")
    ws.note(f"{A}#7", "# not a heading\n[click](http://evil.example) <script>")
    status, out, _ = run(capsys, corpus, "export", "-f", "markdown")
    assert (
        "- **Test User**: \\# not a heading\n  \\[click\\](http://evil.example) \\<script\\>" in out
    )
    assert "## (no tag)" in out  # the note-only annotation
    assert status == 0 and out.startswith("# Coded passages\n")
    caution = out.split("## stance/caution\n", 1)[1].split("\n## ", 1)[0]
    assert caution.startswith("\nScepticism, hedging or wait-and-see reactions to the call\n")
    assert f"### 2023-04-26 · `{A}#3`" in caution
    assert f"- **{ANA}**: Kirby hedges: welcomes the call, doubts it leads anywhere." in caution
    assert "Coded by Ana Lima, Ben Okafor." in caution


def test_w3c_annotations_pass_every_must_of_the_test_suite(corpus, capsys) -> None:
    ws = Workspace(corpus, index_dir=corpus.parent / "ix")
    ws.note(f"{A}#8", "a note only\nwith two lines")  # a commenting body, no tag
    status, out, _ = run(capsys, corpus, "export", "-f", "w3c")
    collection = json.loads(out)
    items = collection["first"]["items"]
    assert status == 0 and collection["type"] == "AnnotationCollection"
    assert collection["total"] == len(items) == 39
    for item in items:
        assert w3c_failures(item) == [], item["id"]
    tagged = next(i for i in items if i["target"]["selector"][1]["start"] == 0)
    quote, position = tagged["target"]["selector"]
    text = ws.article(A).text
    assert quote["exact"] == text[position["start"] : position["end"]]
    assert {b["purpose"] for b in tagged["body"]} == {"tagging"}
    noted = next(i for i in items if i["motivation"] == "commenting")
    assert noted["body"] == [
        {
            "type": "TextualBody",
            "value": "a note only\nwith two lines",
            "purpose": "commenting",
            "format": "text/plain",
            "creator": noted["creator"],
        }
    ]
    again = json.loads(run(capsys, corpus, "export", "-f", "w3c")[1])
    assert [i["id"] for i in again["first"]["items"]] == [i["id"] for i in items]


def test_the_w3c_check_catches_a_bad_annotation(corpus, capsys) -> None:
    item = json.loads(run(capsys, corpus, "export", "-f", "w3c")[1])["first"]["items"][0]
    assert w3c_failures({**item, "id": "not a uri"})  # needs rfc3986-validator
    assert w3c_failures({**item, "created": "yesterday"})  # needs rfc3339-validator
    bad_target = {"source": item["target"]["source"], "selector": {"type": "TextQuoteSelector"}}
    assert w3c_failures({**item, "target": bad_target})


def test_qdpx_is_a_valid_refi_project_whose_selections_index_the_sources(corpus, capsys) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(shared(REFI / "Project.xsd"))))
    target = corpus.parent / "project.qdpx"
    status, _, err = run(capsys, corpus, "export", "-f", "qdpx", "-o", str(target))
    assert status == 0 and err == f"exported 38 annotations (qdpx) to {target}\n"
    archive = zipfile.ZipFile(target)
    project = etree.fromstring(archive.read("project.qde"))
    assert schema.validate(project), schema.error_log
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert {u.get("name") for u in project.findall("q:Users/q:User", ns)} >= {ANA, BEN}
    china = project.find(
        f"q:CodeBook/q:Codes/q:Code/q:Code[@guid='{code_guid('actor/china')}']", ns
    )
    assert china.get("name") == "china" and china.get("color") == "#800000"
    assert china.findtext("q:Description", namespaces=ns).startswith("China, its government")
    by_id = {a["id"]: a for a in annotations_on_disk(corpus)}
    selections = 0
    for source in project.findall("q:Sources/q:TextSource", ns):
        path = source.get("plainTextPath").removeprefix("internal://")
        text = archive.read(f"sources/{path}").decode("utf-8")
        assert text == Workspace(corpus).article(source.get("name")).text
        for selection in source.findall("q:PlainTextSelection", ns):
            annotation = next(
                a for i, a in by_id.items() if guid("selection", i) == selection.get("guid")
            )
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] == annotation["target"]["quote"]
            refs = {c.get("targetGUID") for c in selection.findall("q:Coding/q:CodeRef", ns)}
            assert refs == {code_guid(t) for t in annotation["tags"]}
            selections += 1
    assert selections == 38
    notes = project.findall("q:Notes/q:Note", ns)
    assert len(notes) == 4 and all(n.findtext("q:PlainTextContent", namespaces=ns) for n in notes)
    status, _, _ = run(capsys, corpus, "export", "-f", "qdpx", "-o", str(target), "--force")
    again = etree.fromstring(zipfile.ZipFile(target).read("project.qde"))
    assert [e.get("guid") for e in again.iter()] == [e.get("guid") for e in project.iter()]


def test_qdc_is_a_valid_refi_codebook(corpus, capsys) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(shared(REFI / "Codebook.xsd"))))
    target = corpus.parent / "codebook.qdc"
    assert run(capsys, corpus, "export", "-f", "qdc", "-o", str(target))[0] == 0
    book = etree.parse(str(target))
    assert schema.validate(book), schema.error_log
    names = [c.get("name") for c in book.iter("{urn:QDA-XML:codebook:1.0}Code")]
    assert names == ["actor", "china", "russia", "ukraine", "usa", "stance", "caution",
                     "theme", "diplomacy", "peace"]  # fmt: skip


def test_a_query_that_selects_nothing_writes_an_empty_valid_file(corpus, capsys) -> None:
    for fmt, check in (
        ("csv", lambda text: text.startswith("id,article,") and text.count("\n") == 1),
        ("jsonl", lambda text: text == ""),
        ("w3c", lambda text: json.loads(text)["total"] == 0),
        ("markdown", lambda text: "0 annotations on 0 passages" in text),
    ):
        status, out, err = run(capsys, corpus, "export", "-f", fmt, "--query", "Kirby AND tag:none")
        assert status == 0 and check(out), fmt
        assert err == "reader: nothing selected: 0 annotations written\n"
    target = corpus.parent / "empty.qdpx"
    run(capsys, corpus, "export", "-f", "qdpx", "--query", "tag:none", "-o", str(target))
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(shared(REFI / "Project.xsd"))))
    assert schema.validate(etree.fromstring(zipfile.ZipFile(target).read("project.qde")))
    status, _, err = run(capsys, corpus, "export", "-f", "csv", "--query", "tag:(")
    assert status == 2 and err.startswith("reader: bad query:")


def test_a_query_and_an_author_choose_what_goes_out(corpus, capsys) -> None:
    status, out, _ = run(capsys, corpus, "export", "-f", "jsonl", "--query", "Peskov")
    assert status == 0 and {json.loads(x)["id"] for x in out.splitlines()} == {
        "003_f2d72971b5166248#2"
    }
    _, out, _ = run(
        capsys, corpus, "export", "-f", "jsonl", "--query", "tag:stance", "--author", ANA
    )
    lines = [json.loads(x) for x in out.splitlines()]
    assert {x["author"]["name"] for x in lines} == {ANA}
    # The query selects passages (Ben put stance/caution on 003#2); Ana's annotations on
    # them go out whatever their tags.
    assert [x["tags"] for x in lines if "stance/caution" not in x["tags"]] == [["actor/russia"]]
    assert len(lines) == 6


def test_files_are_replaced_only_with_force_and_never_half_written(corpus, capsys) -> None:
    target = corpus.parent / "out.csv"
    target.write_text("keep me", encoding="utf-8")
    status, _, err = run(capsys, corpus, "export", "-f", "csv", "-o", str(target))
    assert status == 1 and err == f"reader: {target}: already exists (--force replaces it)\n"
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run(capsys, corpus, "export", "-f", "csv", "-o", str(target), "--force")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("id,article,")
    blocked = corpus.parent / "a-file"
    blocked.write_text("", encoding="utf-8")
    status, _, err = run(capsys, corpus, "export", "-f", "csv", "-o", str(blocked / "out.csv"))
    assert status == 1 and err.count("\n") == 1 and "does not exist" in err


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder nobody may create files in: a read-only one, or, for root (whom
    permissions do not stop), Linux's /sys."""
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        return folder
    try:
        os.close(os.open("/sys/.reader-probe", os.O_WRONLY | os.O_CREAT, 0o600))
    except PermissionError:
        return Path("/sys")
    except OSError:
        pass
    pytest.skip("running as root with no folder that refuses writes")


def test_an_unwritable_folder_is_one_line_and_leaves_nothing(corpus, capsys, tmp_path) -> None:
    folder = unwritable_folder(tmp_path)
    before = sorted(os.listdir(folder))
    try:
        for fmt in ("qdpx", "csv"):
            status, _, err = run(capsys, corpus, "export", "-f", fmt, "-o", str(folder / "x.out"))
            assert status == 1 and err.count("\n") == 1, err
            assert err.startswith(f"reader: {folder / 'x.out'}: cannot write: ")
        assert sorted(os.listdir(folder)) == before
    finally:
        if folder != Path("/sys"):
            folder.chmod(0o700)


def test_a_failure_while_writing_keeps_the_old_file(corpus, monkeypatch) -> None:
    from reader.export import csvout

    target = corpus.parent / "out.csv"
    target.write_text("old", encoding="utf-8")

    def broken(segment):  # the disk fills up halfway
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(csvout, "long_rows", broken)
    ws = Workspace(corpus, index_dir=corpus.parent / "ix")
    from reader.export import ExportError

    with pytest.raises(ExportError, match="No space left on device"):
        ws.export("csv", target, force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in corpus.parent.iterdir() if p.name.startswith(".")) == []


def test_orphans_are_left_out_and_named(corpus, capsys) -> None:
    (corpus / f"{UNDATED}.txt").write_text("A different article altogether.\n", "utf-8")
    status, out, err = run(capsys, corpus, "export", "-f", "jsonl")
    assert status == 0 and UNDATED not in out
    lines = err.splitlines()
    assert len(lines) == 2 and all(
        line.startswith("reader: left out: annotations/") for line in lines
    )
    assert all("orphan: the quote is not in the article any more" in line for line in lines)


def test_guids_are_uuid5_of_what_they_name() -> None:
    import uuid

    from reader.export.guids import NAMESPACE

    assert uuid.uuid5(uuid.NAMESPACE_URL, "https://reader.invalid/export") == NAMESPACE
    for key in ("01HV5Z8Q3M6T9W2X4Y7Z0A1B2C", "actor/china", "Zürich/ß", ""):
        assert guid("selection", key) == str(uuid.uuid5(NAMESPACE, f"selection:{key}"))
    assert code_guid("Actor/China") == code_guid("actor/china")


def test_text_from_files_never_drives_a_terminal(corpus, monkeypatch) -> None:
    Workspace(corpus, index_dir=corpus.parent / "ix").note(f"{A}#7", "x\x1b]0;pwned\x07y")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert main(["export", "-f", "csv", "--corpus", str(corpus), "--author", "Test User"]) == 0
    shown = screen.getvalue()
    assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
    assert "x\\x1b]0;pwned\\x07y" in shown


def test_text_xml_cannot_hold_is_replaced_not_fatal(corpus, capsys) -> None:
    from lxml import etree

    Workspace(corpus, index_dir=corpus.parent / "ix").note(f"{A}#7", "bell \x07 and \x01 here")
    target = corpus.parent / "x.qdpx"
    assert run(capsys, corpus, "export", "-f", "qdpx", "-o", str(target))[0] == 0
    project = etree.fromstring(zipfile.ZipFile(target).read("project.qde"))
    texts = [e.text for e in project.iter("{urn:QDA-XML:project:1.0}PlainTextContent")]
    assert "bell \ufffd and \ufffd here" in texts


def test_hand_edited_times_are_left_out_not_exported_invalid(corpus, capsys) -> None:
    from lxml import etree

    for path in (corpus.parent / "annotations" / A).glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^created: .*$", "created: yesterday", text, flags=re.MULTILINE)
        text = re.sub(r"^updated: '2", "updated: '\u0662", text, flags=re.MULTILINE)
        assert "yesterday" in text and "\u0662" in text
        path.write_text(text, encoding="utf-8")
    out = run(capsys, corpus, "export", "-f", "w3c", "--query", f"article:{A}")[1]
    items = json.loads(out)["first"]["items"]
    assert items and all("created" not in i and "modified" not in i for i in items)
    assert all(w3c_failures(i) == [] for i in items)
    target = corpus.parent / "t.qdpx"
    assert run(capsys, corpus, "export", "-f", "qdpx", "-o", str(target))[0] == 0
    schema = etree.XMLSchema(etree.parse(str(shared(REFI / "Project.xsd"))))
    assert schema.validate(etree.fromstring(zipfile.ZipFile(target).read("project.qde")))
