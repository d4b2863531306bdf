"""Wrong values given to the public API raise ReleasekitError subclasses naming the problem."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import releasekit
from releasekit import CalVer, Changelog, Project, ReleasekitError, SemVer
from releasekit.errors import UsageError

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- x\n"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1.2.3"\n')
    (tmp_path / "CHANGELOG.md").write_text(CHANGELOG)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return Project(tmp_path)


CALLS: list[tuple[str, Callable[[Project], Any], str]] = [
    ("calver-next-none", lambda p: CalVer().next(None), r"date=None"),  # type: ignore[arg-type]
    ("calver-next-int", lambda p: CalVer().next(20250215), r"date=20250215"),  # type: ignore[arg-type]
    ("calver-next-word", lambda p: CalVer().next("yesterday"), r"date='yesterday'"),
    ("calver-next-bad-day", lambda p: CalVer().next("2025-02-30"), r"date='2025-02-30'"),
    ("calver-render-list", lambda p: CalVer().render([2025]), r"date=\[2025\]"),  # type: ignore[arg-type]
    (
        "promote-word",
        lambda p: Changelog.parse(CHANGELOG).promote("1.3.0", "yesterday"),
        r"date='yesterday'",
    ),
    (
        "promote-int",
        lambda p: Changelog.parse(CHANGELOG).promote("1.3.0", 5),  # type: ignore[arg-type]
        r"date=5",
    ),
    ("next-version-date", lambda p: p.next_version("minor", "tomorrow"), r"date='tomorrow'"),
    ("plan-bump-date", lambda p: p.plan_bump("minor", 3.5), r"date=3.5"),  # type: ignore[arg-type]
    ("bump-date", lambda p: p.bump("minor", "15/02/2025"), r"date='15/02/2025'"),
]


@pytest.mark.parametrize(("call", "message"), [c[1:] for c in CALLS], ids=[c[0] for c in CALLS])
def test_a_wrong_date_is_a_usage_error_naming_the_argument(
    project: Project, call: Callable[[Project], Any], message: str
) -> None:
    before = (project.root / "pyproject.toml").read_bytes()
    with pytest.raises(UsageError, match=message):
        call(project)
    assert (project.root / "pyproject.toml").read_bytes() == before


DATES: list[tuple[str, object]] = [
    ("date", dt.date(2025, 2, 15)),
    ("iso-string", "2025-02-15"),
    ("datetime", dt.datetime(2025, 2, 15, 23, 59)),
]


@pytest.mark.parametrize("date", [d[1] for d in DATES], ids=[d[0] for d in DATES])
def test_a_date_is_a_date_or_an_iso_string_everywhere(project: Project, date: Any) -> None:
    assert CalVer().next(date) == "25.02.15"
    promoted = Changelog.parse(CHANGELOG).promote("1.3.0", date)
    assert "## [1.3.0] - 2025-02-15" in str(promoted)
    assert project.next_version("calver", date) == "25.02.15"
    assert project.plan_bump("minor", date).new == "1.3.0"
    result = project.bump("minor", date)
    assert result.new == "1.3.0"
    assert "## [1.3.0] - 2025-02-15" in (project.root / "CHANGELOG.md").read_text()


WRONG_TYPES: list[tuple[str, Callable[[Project], Any]]] = [
    ("semver-parse-int", lambda p: SemVer.parse(123)),  # type: ignore[arg-type]
    ("semver-parse-none", lambda p: SemVer.parse(None)),  # type: ignore[arg-type]
    ("semver-bump-int", lambda p: SemVer.parse("1.2.3").bump(1)),  # type: ignore[arg-type]
    ("calver-format-int", lambda p: CalVer(5)),  # type: ignore[arg-type]
    ("calver-current-int", lambda p: CalVer().next("2025-02-15", current=1)),  # type: ignore[arg-type]
    ("changelog-parse-none", lambda p: Changelog.parse(None)),  # type: ignore[arg-type]
    ("changelog-promote-int", lambda p: Changelog.parse(CHANGELOG).promote(130, "2025-02-15")),  # type: ignore[arg-type]
    ("changelog-notes-int", lambda p: Changelog.parse(CHANGELOG).notes(1)),  # type: ignore[arg-type]
    ("parse-commit-none", lambda p: releasekit.parse_commit(None)),  # type: ignore[arg-type]
    ("same-release-none", lambda p: releasekit.same_release(None, "1.0")),  # type: ignore[arg-type]
    ("to-pep440-int", lambda p: releasekit.to_pep440(1)),  # type: ignore[arg-type]
    ("load-config-list", lambda p: releasekit.load_config([1])),  # type: ignore[arg-type]
    ("project-path-int", lambda p: Project(5)),  # type: ignore[arg-type]
    ("next-version-part-int", lambda p: p.next_version(5)),  # type: ignore[arg-type]
    ("bump-part-int", lambda p: p.bump(5)),  # type: ignore[arg-type]
    ("bump-set-version-int", lambda p: p.bump(set_version=2)),  # type: ignore[arg-type]
    ("bump-set-version-and-part", lambda p: p.bump("minor", set_version="2.0")),
    ("check-tag-int", lambda p: p.check(tag=1)),  # type: ignore[arg-type]
    ("check-dist-int", lambda p: p.check(dist=5)),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("call", [c[1] for c in WRONG_TYPES], ids=[c[0] for c in WRONG_TYPES])
def test_a_wrong_type_is_a_releasekit_error_not_a_crash(
    project: Project, call: Callable[[Project], Any]
) -> None:
    before = (project.root / "pyproject.toml").read_bytes()
    with pytest.raises(ReleasekitError):
        call(project)
    assert (project.root / "pyproject.toml").read_bytes() == before
