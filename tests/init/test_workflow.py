"""The release workflow init writes: its tag filter, its Pythons, the template filled in."""

from __future__ import annotations

import fnmatch
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.errors import FileFormatError
from releasekit.init.workflow import (
    CPYTHON_RELEASES,
    DEFAULT_PYTHONS,
    WorkflowSettings,
    pinned_install,
    python_versions,
    released_pythons,
    render_release_workflow,
    tag_glob,
)
from tests.conftest import Recorder

# --- tag_glob and python_versions -------------------------------------------------------------

GLOBS = [
    ("v{version}", "v*"),
    ("{version}", "[0-9]*"),
    ("release-{version}", "release-*"),
    ("pkg/v{version}", "pkg/v*"),
    ("v{version}-final", "v*-final"),
    ("[v]{version}", "\\[v\\]*"),
    ("x+{version}", "x\\+*"),
]


@pytest.mark.parametrize(("tag_format", "expected"), GLOBS, ids=[g[0] for g in GLOBS])
def test_tag_glob(tag_format: str, expected: str) -> None:
    assert tag_glob(tag_format) == expected


@given(
    prefix=st.text(alphabet="abcxyz-_./v", max_size=6),
    version=st.from_regex(r"\A[0-9]{1,3}\.[0-9]{1,2}\.[0-9]{1,2}(rc[0-9])?\Z"),
)
def test_tag_glob_matches_every_tag_of_its_format(prefix: str, version: str) -> None:
    # fnmatch treats the plain characters here as GitHub does; "*" must then cover a version.
    assert fnmatch.fnmatchcase(f"{prefix}{version}", tag_glob(f"{prefix}{{version}}"))


OCT_2024 = date(2024, 10, 7)  # 3.13.0 released: the newest is 3.13
TO_314 = (*DEFAULT_PYTHONS, "3.14")
PYTHONS = [
    ("nothing", {}, TO_314),
    ("requires-310", {"requires-python": ">=3.10"}, TO_314),
    ("requires-311", {"requires-python": ">=3.11"}, ("3.11", "3.12", "3.13", "3.14")),
    ("requires-patch", {"requires-python": ">=3.10.4"}, TO_314),
    ("upper-bound", {"requires-python": ">=3.8,<3.12"}, ("3.10", "3.11")),
    ("excluded", {"requires-python": ">=3.10,!=3.11.*"}, ("3.10", "3.12", "3.13", "3.14")),
    (
        "classifiers-win",
        {
            "requires-python": ">=3.8",
            "classifiers": [
                "Programming Language :: Python :: 3.9",
                "Programming Language :: Python :: 3.12",
                "Programming Language :: Python :: 3.14",
                "Programming Language :: Python :: 3.15",
                "Programming Language :: Python :: 3 :: Only",
            ],
        },
        ("3.12", "3.14"),  # 3.15 is not released yet on that day
    ),
]


@pytest.mark.parametrize(
    ("table_", "expected"), [p[1:] for p in PYTHONS], ids=[p[0] for p in PYTHONS]
)
def test_python_versions(table_: dict[str, object], expected: tuple[str, ...]) -> None:
    # 3.14 (listed by "classifiers-win") was released on 2025-10-07.
    assert python_versions({"project": table_}, today=date(2025, 10, 7)) == expected


def test_python_versions_none_allowed_warns_and_uses_the_defaults() -> None:
    recorder = Recorder()
    found = python_versions({"project": {"requires-python": "<3.9"}}, recorder, today=OCT_2024)
    assert found == DEFAULT_PYTHONS
    assert "'<3.9' allows none of 3.10, 3.11, 3.12, 3.13" in recorder.warnings[0]


def test_python_versions_bad_specifier_names_the_key() -> None:
    with pytest.raises(FileFormatError, match=r"requires-python = '>=three' is not a valid"):
        python_versions({"project": {"requires-python": ">=three"}})


# --- released_pythons and pinned_install ------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2021, 10, 3), DEFAULT_PYTHONS),
        (date(2024, 10, 6), ("3.10", "3.11", "3.12")),
        (date(2024, 10, 7), ("3.10", "3.11", "3.12", "3.13")),
        (date(2025, 10, 7), ("3.10", "3.11", "3.12", "3.13", "3.14")),
        (date(2027, 11, 1), ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15", "3.16")),
    ],
    ids=["before-3.10", "eve-of-3.13", "day-of-3.13", "day-of-3.14", "pep-602-guess-3.16"],
)
def test_released_pythons_counts_a_release_from_its_day(
    today: date, expected: tuple[str, ...]
) -> None:
    assert released_pythons(today) == expected


def test_every_known_release_day_is_in_october_of_its_pep_602_year() -> None:
    for version, day in CPYTHON_RELEASES.items():
        assert (day.year, day.month) == (2011 + int(version.split(".")[1]), 10), version


@pytest.mark.parametrize(
    ("version", "expected"),
    [("1.2.3", "releasekit==1.2.3"), ("25.2.15", "releasekit==25.2.15")],
    ids=["semver", "calver"],
)
def test_pinned_install_names_exactly_this_release(version: str, expected: str) -> None:
    assert pinned_install(version) == expected


# --- render_release_workflow ------------------------------------------------------------------


def test_every_field_of_the_template_is_filled_in() -> None:
    text = render_release_workflow(WorkflowSettings("v*", ("3.11", "3.12"), "demo-pkg"))
    assert "<<" not in text
    assert ">>" not in text
    assert "- 'v*'" in text
    assert 'python-version: ["3.11", "3.12"]' in text
    assert "demo-pkg" in text


def test_the_single_python_jobs_use_the_newest_by_minor_not_by_text() -> None:
    settings = WorkflowSettings("v*", ("3.9", "3.10"), "demo")
    assert settings.python_latest == "3.10"
    text = render_release_workflow(settings)
    latest = re.findall(r"python-version: \"?([0-9.]+)\"?\s*$", text, re.MULTILINE)
    assert latest
    assert set(latest) == {"3.10"}


@pytest.mark.parametrize(
    ("glob", "line"),
    [("v*", "- 'v*'"), ("it's-*", "- 'it''s-*'"), ("[0-9]*", "- '[0-9]*'")],
    ids=["plain", "quote-doubled", "brackets"],
)
def test_the_tag_filter_is_a_single_quoted_yaml_string(glob: str, line: str) -> None:
    assert line in render_release_workflow(WorkflowSettings(glob, DEFAULT_PYTHONS, "demo"))


@pytest.mark.parametrize(
    ("install", "quoted"),
    [
        ("releasekit", "pip install releasekit"),
        ("releasekit==1.2.3", "pip install releasekit==1.2.3"),
        ("releasekit>=1.0,<2", "pip install 'releasekit>=1.0,<2'"),
    ],
    ids=["bare", "pinned", "shell-special"],
)
def test_the_install_requirement_is_shell_quoted(install: str, quoted: str) -> None:
    text = render_release_workflow(WorkflowSettings("v*", DEFAULT_PYTHONS, "demo", install))
    assert quoted in text


def test_rendering_is_deterministic_and_only_the_fields_differ() -> None:
    one = render_release_workflow(WorkflowSettings("v*", ("3.12",), "a"))
    two = render_release_workflow(WorkflowSettings("v*", ("3.12",), "a"))
    other = render_release_workflow(WorkflowSettings("w*", ("3.12",), "a"))
    assert one == two
    assert one != other
    assert one.replace("'v*'", "'w*'") == other
