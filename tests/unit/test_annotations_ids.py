"""ULIDs and the author identity written into annotations."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from reader.annotations.author import Author, current_author, parse_ident
from reader.annotations.ulid import is_ulid, new_ulid, ulid_time_ms


def test_ulids_are_26_crockford_characters_unique_and_ordered() -> None:
    ids = [new_ulid() for _ in range(5000)]
    assert all(len(i) == 26 and is_ulid(i) for i in ids)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_ulids_are_monotonic_within_one_millisecond_and_carry_the_time() -> None:
    ids = [new_ulid(now_ms=1_700_000_000_000) for _ in range(100)]
    assert ids == sorted(ids) and len(set(ids)) == 100
    assert ulid_time_ms(new_ulid(now_ms=4_000_000_000_000)) == 4_000_000_000_000
    assert not is_ulid("01hv5z8q3m6t9w2x4y7z0a1b2c") and not is_ulid("01HV5Z8Q3M6T9W2X4Y7Z0A1B2I")


def test_author_from_git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert current_author(tmp_path) == Author("Test User", "test@example.org")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Ana Lima")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "ana@example.org")
    assert current_author(tmp_path / "not" / "yet") == Author("Ana Lima", "ana@example.org")


def test_author_fallbacks_without_git_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").write_text("[user]\n\tuseConfigOnly = true\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "empty"))
    monkeypatch.delenv("EMAIL", raising=False)
    monkeypatch.setenv("READER_AUTHOR", "Bo Chen <bo@example.org>")
    assert current_author(tmp_path) == Author("Bo Chen", "bo@example.org")
    monkeypatch.delenv("READER_AUTHOR")
    assert current_author(tmp_path) == Author(getpass.getuser())


def test_parse_ident() -> None:
    assert parse_ident("A B <a@b> 1700000000 +0100") == Author("A B", "a@b")
    assert parse_ident("<a@b>") == Author("a@b", "a@b")
    assert parse_ident("just a name") == Author("just a name")
    assert parse_ident("  ") is None


def test_same_person_by_email_else_name() -> None:
    me = Author("Ana", "Ana@Example.org")
    assert me.same_person(Author("Ana L.", "ana@example.org"))
    assert not me.same_person(Author("Ana", "other@example.org"))
    assert Author("Ana").same_person(Author("Ana")) and not Author("Ana").same_person(Author("Bo"))
