"""Span annotations: a sentence or a quote inside a passage, stored with the anchors'
start/end/quote/prefix/suffix, shown part by part, found by `tag:`, kept across edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.annotations.yamlio import load_annotation_file
from reader.errors import ReaderError
from reader.refs import PassageRef
from reader.workspace import Workspace

A = "000_6d362e06adb48299"
REF = PassageRef(A, 2)
SENTENCE = "We think that's a good thing."


def span_of(ws: Workspace, text: str) -> tuple[int, int]:
    return ws.find_quote(REF, text)


def test_a_span_is_its_own_annotation_with_quote_and_context(ws: Workspace) -> None:
    span = span_of(ws, SENTENCE)
    passage = ws.passage(REF)[1].text
    assert passage[span[0] : span[1]] == SENTENCE
    outcome = ws.tag(REF, ["theme/peace"], span)
    ws.tag(REF, ["actor/usa"])  # the whole passage: another file
    again = ws.tag(REF, ["stance/caution"], span)  # the same span: the same file
    assert again.files == outcome.files
    data = load_annotation_file(ws.annotations.parent / outcome.files[0])
    target = data["target"]
    assert (target["start"], target["end"], target["quote"]) == (*span, SENTENCE)
    assert passage[: span[0]].endswith(target["prefix"]) and target["prefix"]
    assert passage[span[1] :].startswith(target["suffix"]) and target["suffix"]
    assert data["tags"] == ["stance/caution", "theme/peace"]
    shown = ws.shown(REF)
    assert shown is not None
    assert shown.tags == ["actor/usa", "stance/caution", "theme/peace"]  # the union
    assert [(p.span, p.quote, p.tags) for p in shown.parts] == [
        (None, "", ["actor/usa"]),
        (span, SENTENCE, ["stance/caution", "theme/peace"]),
    ]
    found = {str(h.ref) for h in ws.search("tag:theme", limit=None).hits}
    assert found == {str(REF)}


def test_untag_toggle_and_note_on_a_span(ws: Workspace) -> None:
    span = span_of(ws, SENTENCE)
    ws.tag(REF, ["keep"])
    ws.toggle_tag(REF, "theme/peace", span)
    shown = ws.shown(REF)
    assert shown and shown.part(span) and shown.part(span).tags == ["theme/peace"]
    ws.toggle_tag(REF, "theme/peace", span)  # the second press takes it back
    shown = ws.shown(REF)
    assert shown and shown.part(span) is None and shown.tags == ["keep"]
    ws.note(REF, "the key sentence", span)
    ws.tag(REF, ["x"], span)
    ws.untag(REF, ["keep"], span)  # not on the span: the whole passage keeps it
    shown = ws.shown(REF)
    assert shown and shown.tags == ["keep", "x"]
    part = shown.part(span)
    assert part and [n.text for n in part.notes] == ["the key sentence"]
    assert shown.part(None) and shown.part(None).notes == []
    ws.toggle_tag(REF, "keep")  # a codebook key on the passage: off
    assert ws.shown(REF).tags == ["x"]


def test_a_span_survives_edits_to_its_article(ws: Workspace, seeds_copy: Path) -> None:
    span = span_of(ws, SENTENCE)
    ws.tag(REF, ["theme/peace"], span)
    path = seeds_copy / f"{A}.txt"
    text = path.read_text(encoding="utf-8")
    text = text.replace("We welcome the news", "We warmly welcome the news")  # earlier words
    first = text.index("\n\n")
    path.write_text(text[:first] + "\n\nA new paragraph.\n" + text[first:], encoding="utf-8")
    moved = PassageRef(A, 3)
    shown = ws.shown(moved)
    assert shown is not None
    [part] = shown.spans
    assert part.quote == SENTENCE and part.tags == ["theme/peace"]
    text_now = ws.passage(moved)[1].text
    assert part.span and text_now[part.span[0] : part.span[1]] == SENTENCE
    assert ws.check().moved  # found by quote: `check` says so until confirmed


@pytest.mark.parametrize(
    ("span", "message"),
    [((5, 3), "not a span"), ((0, 9999), "not a span"), ((-1, 4), "not a span")],
)
def test_a_span_outside_the_passage_is_refused(
    ws: Workspace, span: tuple[int, int], message: str
) -> None:
    with pytest.raises(ReaderError, match=message):
        ws.tag(REF, ["x"], span)
    assert not any(ws.annotations.rglob("*.yaml"))


def test_a_span_covering_the_whole_passage_is_the_passage(ws: Workspace) -> None:
    length = len(ws.passage(REF)[1].text)
    first = ws.tag(REF, ["a"], (0, length))
    assert ws.tag(REF, ["b"]).files == first.files
    assert [p.span for p in ws.shown(REF).parts] == [None]


def test_find_quote_names_what_is_wrong(ws: Workspace) -> None:
    with pytest.raises(ReaderError, match="does not hold the quote"):
        ws.find_quote(REF, "no such words")
    with pytest.raises(ReaderError, match="3 times: name one"):
        ws.find_quote(REF, "President")
    start, end = ws.find_quote(REF, "We think that’s a good thing.")  # curly = straight
    assert ws.passage(REF)[1].text[start:end] == SENTENCE


def test_parse_span_references() -> None:
    assert PassageRef.parse_span(f"{A}#2:10-20") == (REF, (10, 20))
    assert PassageRef.parse_span(f"{A}#2") == (REF, None)
    assert REF.span_str((1, 5)) == f"{A}#2:1-5"
    for bad in (f"{A}#2:9-3", f"{A}#2:x-3", f"{A}#2:7"):
        with pytest.raises(ReaderError):
            PassageRef.parse_span(bad)
