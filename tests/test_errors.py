"""Tests for releasekit.errors: one base, exit codes, message lines."""

from __future__ import annotations

import pytest

import releasekit.errors as errors
from releasekit.errors import InvalidVersion, Problem, ReleasekitError


@pytest.mark.parametrize("name", [n for n in errors.__all__ if n != "Problem"])
def test_every_error_is_a_releasekit_error_with_a_known_exit_code(name: str) -> None:
    cls = getattr(errors, name)
    assert issubclass(cls, ReleasekitError)
    assert cls("x").exit_code in (1, 2)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("ConfigError", 2),
        ("UsageError", 2),
        ("InvalidVersion", 2),
        ("ProjectNotFound", 2),
        ("RefusedError", 1),
        ("CheckFailed", 1),
        ("GitError", 1),
        ("VersionNotIncreasing", 1),
    ],
    ids=lambda v: str(v),
)
def test_exit_codes(name: str, code: int) -> None:
    assert getattr(errors, name)("x").exit_code == code


def test_invalid_version_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"1\.x"):
        raise InvalidVersion("Invalid version: '1.x'")


def test_exit_code_can_be_overridden() -> None:
    assert ReleasekitError("x", exit_code=2).exit_code == 2


def test_lines_drop_blank_lines() -> None:
    assert ReleasekitError("first\n\n  \nsecond").lines() == ["first", "second"]
    assert ReleasekitError("").lines() == ["ReleasekitError"]


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("bad", "a.py", 3), "a.py:3: bad"),
        (Problem("bad", "a.py"), "a.py: bad"),
        (Problem("bad", line=3), "bad"),
        (Problem("bad"), "bad"),
    ],
    ids=["file-line", "file", "line-without-file", "nowhere"],
)
def test_problem_format(problem: Problem, text: str) -> None:
    assert problem.format() == text


def test_problem_is_a_frozen_value_with_one_key() -> None:
    problem = Problem("bad", "a.py", 3)
    assert problem == Problem("bad", "a.py", 3)
    assert hash(problem) == hash(Problem("bad", "a.py", 3))
    assert problem != Problem("bad", "a.py", 4)
    assert problem != ("bad", "a.py", 3)
    assert len({problem, Problem("bad", "a.py", 3), Problem("bad")}) == 2
    assert problem.to_json() == {"message": "bad", "file": "a.py", "line": 3}
    assert repr(problem) == "Problem('bad', 'a.py', 3)"
    with pytest.raises(AttributeError, match="immutable"):
        problem.line = 4
