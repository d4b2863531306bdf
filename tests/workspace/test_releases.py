"""Which packages a monorepo release covers: the cascade through pins and lockstep."""

from __future__ import annotations

import pytest

from releasekit.workspace.releases import cascade_parts, dependents_of, lockstep_part

PINS = {"b": {"a"}, "c": {"b"}, "d": {"a", "c"}, "e": set()}


@pytest.mark.parametrize(
    ("parts", "cascading", "expected"),
    [
        ({"a": "minor"}, set(), {"a": "minor"}),
        ({"a": "minor"}, {"b"}, {"a": "minor", "b": "patch"}),
        ({"a": "minor"}, {"b", "c", "d"}, {"a": "minor", "b": "patch", "c": "patch", "d": "patch"}),
        ({"a": "minor"}, {"c"}, {"a": "minor"}),
        ({"a": "patch", "b": "major"}, {"b", "c"}, {"a": "patch", "b": "major", "c": "patch"}),
        ({"e": "minor"}, {"a", "b", "c", "d"}, {"e": "minor"}),
        ({}, {"b"}, {}),
    ],
    ids=[
        "no-cascade",
        "direct",
        "chain",
        "chain-broken-where-cascade-is-off",
        "own-commits-keep-their-part",
        "nobody-pins-it",
        "nothing-released",
    ],
)
def test_cascade(parts: dict[str, str], cascading: set[str], expected: dict[str, str]) -> None:
    assert cascade_parts(parts, PINS, cascading=cascading) == expected


def test_cycles_end() -> None:
    pins = {"a": {"b"}, "b": {"a"}}
    assert cascade_parts({"a": "minor"}, pins, cascading={"a", "b"}) == {
        "a": "minor",
        "b": "patch",
    }


def test_dependents() -> None:
    assert dependents_of(PINS, ["a"]) == {"b", "d"}


@pytest.mark.parametrize(
    ("levels", "expected"),
    [([], None), ([None, None], None), (["patch"], "patch"), (["minor", "major", None], "major")],
    ids=["empty", "nothing", "one", "highest"],
)
def test_lockstep_part(levels: list[str | None], expected: str | None) -> None:
    assert lockstep_part(levels) == expected
