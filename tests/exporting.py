"""Helpers for the export tests: a copy of the bundled coded sample, the shared schemas
(found beside the repository, as CI has them), and the W3C test suite's MUST assertions."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
W3C = SHARED / "schemas" / "w3c-annotation"
REFI = SHARED / "schemas" / "refi-qda"
INTEROP = SHARED / "interop"

ANA = "Ana Lima"
BEN = "Ben Okafor"


def shared(path: Path) -> Path:
    """A file of ../shared, or skip (with the reason) where the checkout lacks it."""
    if not path.exists():
        pytest.skip(f"{path} not found (the shared folder sits beside the repository in CI)")
    return path


def coded_copy(tmp_path: Path) -> Path:
    """A copy of the seeds with the bundled annotations (the coded sample); the corpus."""
    root = tmp_path / "corpus"
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "annotations", root / "annotations")
    return root / "seeds"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _must_validators() -> list[tuple[str, Any, bool]]:
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    registry: Registry = Registry().with_resources(
        (d["id"], Resource(contents=d, specification=DRAFT4))
        for d in map(_load, sorted((W3C / "definitions").glob("*.json")))
    )
    found = []
    for name in _load(W3C / "annotations" / "annotationMusts.test")["assertions"]:
        schema = _load(W3C / name)
        validator = Draft4Validator(
            schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
        )
        found.append((name, validator, schema.get("expectedResult", "valid") == "valid"))
    return found


def w3c_failures(annotation: dict[str, Any]) -> list[str]:
    """The MUST assertions of the W3C suite that `annotation` fails ([] when it conforms)."""
    shared(W3C)
    validators = _must_validators()
    assert len(validators) == 54
    return [name for name, v, valid in validators if v.is_valid(annotation) != valid]
