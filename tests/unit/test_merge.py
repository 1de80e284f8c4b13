"""The field merge on plain mappings: tags as sets, notes kept, tombstones, symmetry."""

from __future__ import annotations

from typing import Any

from reader.gitshare.conflicts import split_conflict
from reader.gitshare.merge import merge_annotation, merge_tags

BASE: dict[str, Any] = {
    "schema": 1,
    "id": "01HZZZZZZZZZZZZZZZZZZZZZZZ",
    "article": "a",
    "target": {"passage": 2, "start": 0, "end": 5, "quote": "hello"},
    "tags": ["china", "trade"],
    "note": "first thought",
    "author": {"name": "Alice", "email": "alice@example.org"},
    "created": "2026-01-01T10:00:00Z",
    "updated": "2026-01-01T10:00:00Z",
}


def side(**changes: Any) -> dict[str, Any]:
    data = {**BASE, **changes}
    return {k: v for k, v in data.items() if v is not None}


def both_ways(base, ours, theirs):
    one = merge_annotation(base, ours, theirs)
    two = merge_annotation(base, theirs, ours)
    assert one.data == two.data, "merging either way round gives the same annotation"
    return one


def test_additions_and_removals_from_both_sides_all_apply() -> None:
    ours = side(tags=["china", "energy", "trade"], updated="2026-01-02T00:00:00Z")
    theirs = side(tags=["china", "oil"], updated="2026-01-03T00:00:00Z")
    result = both_ways(BASE, ours, theirs)
    assert result.data["tags"] == ["china", "energy", "oil"]
    assert result.data["updated"] == "2026-01-03T00:00:00Z"
    assert result.lossless


def test_tags_differing_in_case_are_one_tag() -> None:
    assert merge_tags([], ["Oil"], ["oil"]) == ["Oil"]
    assert merge_tags(["oil"], ["OIL"], ["oil", "gas"]) == ["gas", "OIL"]


def test_both_notes_survive_with_a_marker_earlier_first() -> None:
    ours = side(note="ours says this", updated="2026-01-03T00:00:00Z")
    theirs = side(note="theirs says that\nover two lines", updated="2026-01-02T00:00:00Z")
    note = both_ways(BASE, ours, theirs).data["note"]
    assert note.index("theirs says that") < note.index("ours says this")
    assert "--- merged note (other version, updated 2026-01-03T00:00:00Z) ---" in note


def test_a_note_that_contains_the_other_is_kept_alone() -> None:
    ours = side(note="first thought, and more", updated="2026-01-03T00:00:00Z")
    theirs = side(note="", updated="2026-01-02T00:00:00Z")
    assert both_ways(BASE, ours, theirs).data["note"] == "first thought, and more"
    merged = merge_annotation(BASE, side(note="x"), side(note="y")).data["note"]
    again = merge_annotation(BASE, side(note=merged), side(note="y")).data["note"]
    assert again == merged, "a repeated merge does not stack markers"


def test_one_side_change_wins_and_unknown_keys_survive() -> None:
    ours = side(extra={"k": 1}, target={"passage": 3, "start": 1, "end": 6, "quote": "hello"})
    result = both_ways(BASE, ours, side(tags=["china"]))
    assert result.data["extra"] == {"k": 1}
    assert result.data["target"]["passage"] == 3
    assert result.data["tags"] == ["china"]


def test_target_is_taken_whole_from_the_later_side() -> None:
    ours = side(target={"passage": 3, "quote": "a"}, updated="2026-01-02T00:00:00Z")
    theirs = side(target={"passage": 4, "quote": "b"}, updated="2026-01-03T00:00:00Z")
    result = both_ways(BASE, ours, theirs)
    assert result.data["target"] == {"passage": 4, "quote": "b"}
    assert result.dropped and result.dropped[0].startswith("target")


def test_tombstone_wins_over_an_unchanged_side() -> None:
    deleted = side(deleted=True, updated="2026-01-02T00:00:00Z")
    assert both_ways(BASE, deleted, BASE).data["deleted"] is True
    touched = side(updated="2026-01-03T00:00:00Z")
    assert both_ways(BASE, deleted, touched).data["deleted"] is True


def test_delete_against_an_edit_keeps_the_edit() -> None:
    deleted = side(deleted=True, tags=["china"], updated="2026-01-02T00:00:00Z")
    edited = side(tags=["china", "oil", "trade"], updated="2026-01-03T00:00:00Z")
    result = both_ways(BASE, deleted, edited)
    assert "deleted" not in result.data
    assert result.data["tags"] == ["china", "oil"], "the removal applies, the addition too"


def test_delete_that_emptied_everything_against_an_unrelated_edit_stays_deleted() -> None:
    deleted = side(deleted=True, tags=[], note=None, updated="2026-01-02T00:00:00Z")
    edited = side(extra="x", updated="2026-01-03T00:00:00Z")
    assert both_ways(BASE, deleted, edited).data["deleted"] is True


def test_add_add_codebook_merges_entries_and_reports_contradictions() -> None:
    ours = {"china": {"colour": "red"}, "oil": {"description": "petroleum"}}
    theirs = {"china": {"colour": "red", "key": "c"}, "oil": {"description": "crude"}}
    result = both_ways(None, ours, theirs)
    assert result.data["china"] == {"colour": "red", "key": "c"}
    assert "petroleum" in result.data["oil"]["description"]
    assert "crude" in result.data["oil"]["description"]
    clash = merge_annotation({}, {"title": "A"}, {"title": "B"})
    assert clash.data["title"] == "A" and clash.dropped == ["title: 'B'"]


def test_never_crashes_on_odd_values() -> None:
    result = merge_annotation(BASE, side(tags="oops", note=3), side(tags=[1], note=None))
    assert isinstance(result.data, dict)


def test_split_conflict_in_merge_and_diff3_styles() -> None:
    merge_style = "a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> other\nc: 4\n"
    sides = split_conflict(merge_style)
    assert (sides.ours, sides.theirs, sides.base) == (
        "a: 1\nb: 2\nc: 4\n",
        "a: 1\nb: 3\nc: 4\n",
        None,
    )
    diff3 = "<<<<<<< ours\nx\r\n||||||| base\nw\r\n=======\ny\r\n>>>>>>> theirs\r\n"
    sides = split_conflict(diff3)
    assert (sides.ours, sides.base, sides.theirs) == ("x\r\n", "w\r\n", "y\r\n")


def random_edit(rng, base: dict[str, Any], label: str, day: int) -> dict[str, Any]:
    data = dict(base, updated=f"2026-01-{day:02d}T00:00:00Z")
    if rng.random() < 0.7:
        data["tags"] = sorted(rng.sample(POOL, rng.randint(0, 4)))
    if rng.random() < 0.5:
        data["note"] = f"note {label}-{day} " + rng.choice(["", "with more words"])
    if rng.random() < 0.2:
        data["deleted"] = True
    return data


POOL = ["china", "trade", "Oil", "war", "actor/us", "energy"]


def test_random_edits_merge_symmetrically_and_keep_every_word() -> None:
    import random

    rng = random.Random(5)
    fold = str.casefold
    for case in range(400):
        base = side(tags=sorted(rng.sample(POOL, 2)), note=rng.choice(["", "base note"]) or None)
        ours, theirs = random_edit(rng, base, str(case), 2), random_edit(rng, base, str(case), 3)
        result = both_ways(base, ours, theirs).data
        tags = {fold(t) for t in result.get("tags", [])}
        for one, other in ((ours, theirs), (theirs, ours)):
            added = {fold(t) for t in one["tags"]} - {fold(t) for t in base["tags"]}
            removed = {fold(t) for t in base["tags"]} - {fold(t) for t in other["tags"]}
            assert added <= tags, (case, one, result)
            assert not (removed & tags), (case, result)
            if one.get("note") != base.get("note") and one.get("note"):
                assert one["note"].strip() in result.get("note", ""), (case, result)


def test_a_merge_too_large_for_one_file_keeps_both_notes_as_two_annotations() -> None:
    """Issue 9: `reader resolve` and `reader sync` never write a file over the limit."""
    from reader.gitshare.oversize import fit, fits

    base = {"schema": 1, "id": "01JABCDEFGHJKMNPQRSTVWXYZ0", "tags": ["a"], "note": "start"}
    ours = {**base, "tags": ["a", "b"], "note": "ours " * 300, "updated": "2026-01-01T00:00:00Z"}
    theirs = {**base, "tags": ["c"], "note": "theirs " * 300, "updated": "2026-01-02T00:00:00Z"}
    merged = merge_annotation(base, ours, theirs)
    assert not fits(merged.data, 3000) and fits(merged.data, 10_000)
    split = fit(merged, base, ours, theirs, "x.yaml", limit=3000)
    assert split.data["note"] == ours["note"] and split.data["tags"] == ["b", "c"]
    assert split.extra is not None and split.extra["tags"] == []
    assert split.extra["note"].startswith("--- merged note (other version, updated 2026-01-02")
    assert split.extra["note"].endswith(theirs["note"])
    assert split.extra["id"] != base["id"] and split.extra["updated"] == theirs["updated"]
    again = fit(merge_annotation(base, ours, theirs), base, ours, theirs, "x.yaml", limit=3000)
    assert again.extra == split.extra  # the same conflict resolved twice: the same file
    assert fit(merged, base, ours, theirs, "x.yaml", limit=10_000).extra is None
