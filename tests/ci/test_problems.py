"""Problems read from error lines: the place when one is named, the whole line otherwise."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.ci.problems import parse_problem
from releasekit.errors import Problem

CASES = [
    ("file-and-line", "pyproject.toml:7: 1.2.3 (pyp)", "pyproject.toml", 7, None, "1.2.3 (pyp)"),
    ("column-dropped", "CHANGELOG.md:12:3: bad heading", "CHANGELOG.md", 12, 3, "bad heading"),
    ("nested-path", "src/p/__init__.py:3: 1.2.4", "src/p/__init__.py", 3, None, "1.2.4"),
    ("no-message", "setup.cfg:4:", "setup.cfg", 4, None, "setup.cfg:4:"),
    ("no-place", "no credentials for pypi", None, None, None, "no credentials for pypi"),
    ("url-with-port", "http://h:8080: refused", None, None, None, "http://h:8080: refused"),
    ("prose-before", "see: CHANGELOG.md:12 x", None, None, None, "see: CHANGELOG.md:12 x"),
    ("line-zero", "a.toml:0: x", None, None, None, "a.toml:0: x"),
    ("space-in-name", "my file.toml:3: x", None, None, None, "my file.toml:3: x"),
    ("no-space-after", "a.toml:3:x", None, None, None, "a.toml:3:x"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "file", "line", "column", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_parse_problem(
    text: str, file: str | None, line: int | None, column: int | None, message: str
) -> None:
    del column  # the place is the file and the line; a column is read and dropped
    assert parse_problem(text) == Problem(message, file, line)


@given(
    file=st.from_regex(r"[\w./-]{1,30}", fullmatch=True),
    line=st.integers(1, 10**8),
    message=st.text(min_size=1).filter(lambda m: m.strip() == m and m),
)
def test_a_placed_problem_round_trips(file: str, line: int, message: str) -> None:
    assert parse_problem(f"{file}:{line}: {message}") == Problem(message, file, line)


@given(st.text())
def test_any_text_gives_a_problem_and_never_an_exception(text: str) -> None:
    problem = parse_problem(text)
    assert problem.message or not text
    assert (problem.path is None) == (problem.line is None)
