"""The one table of parts, and how a part name is checked."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from releasekit.errors import UsageError
from releasekit.version.parts import (
    LEVEL_PARTS,
    PARTS,
    VALUE_PARTS,
    canonical_part,
    check_value_part,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "releasekit"


def test_the_table_lists_every_part_once_with_what_it_does() -> None:
    assert list(PARTS) == [*VALUE_PARTS, "calver", "auto"]
    assert set(LEVEL_PARTS) < set(VALUE_PARTS)
    assert all(isinstance(text, str) and text for text in PARTS.values())


def test_no_module_keeps_a_table_of_its_own() -> None:
    """Other modules import PARTS; a second tuple of part names would drift from it."""
    owners = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) >= 4:
                names = [e.value for e in node.elts if isinstance(e, ast.Constant)]
                if names[:4] == ["major", "minor", "patch", "pre"]:
                    owners.append(path.relative_to(SRC).as_posix())
    assert set(owners) == {"version/parts.py"}


@pytest.mark.parametrize(
    ("part", "name"), [("micro", "patch"), ("patch", "patch"), ("pre", "pre"), ("x", "x")]
)
def test_canonical_part(part: str, name: str) -> None:
    assert canonical_part(part) == name


@pytest.mark.parametrize(
    ("part", "why"),
    [("calver", "a date"), ("auto", "the commits"), ("nano", "Unknown part 'nano'")],
)
def test_check_value_part_says_why(part: str, why: str) -> None:
    with pytest.raises(UsageError, match=why):
        check_value_part(part, "1.2.3")
