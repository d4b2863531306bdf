"""The check list: independent checks in a fixed order, options served by a check only."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from releasekit.check.changelog import check_changelog
from releasekit.check.dist import check_dist
from releasekit.check.runner import (
    CHECKS,
    OPTION_CHECKS,
    CheckFunction,
    CheckOptions,
    check_interrupted_write,
    check_locations_agree,
    run_checks,
)
from releasekit.check.tag import check_tag
from releasekit.errors import Problem, UsageError
from releasekit.project import Project


def make_project(tmp_path: Path, init_version: str) -> Project:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "25.02.15"\n')
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "__init__.py").write_text(f'__version__ = "{init_version}"\n')
    return Project(tmp_path)


@pytest.mark.parametrize(
    ("init_version", "agrees"),
    [("25.2.15", True), ("25.02.15.0", True), ("25.02.16", False), ("not-a-version", False)],
    ids=["unpadded", "trailing-zero", "other-day", "invalid"],
)
def test_locations_agree_by_pep440_equality(
    tmp_path: Path, init_version: str, agrees: bool
) -> None:
    problems = check_locations_agree(make_project(tmp_path, init_version), CheckOptions())
    assert (problems == []) is agrees
    if not agrees:
        assert problems == [
            Problem(
                f"version {init_version} (__version__) differs from 25.02.15 in pyproject.toml:3",
                "p/__init__.py",
                1,
            )
        ]


def test_checks_run_in_order_and_options_reach_them(tmp_path: Path) -> None:
    seen: list[CheckOptions] = []

    def first(project: Project, options: CheckOptions) -> list[Problem]:
        seen.append(options)
        return [Problem("first")]

    def second(project: Project, options: CheckOptions) -> list[Problem]:
        return [Problem(f"second {options.tag}")]

    project = make_project(tmp_path, "25.02.15")
    options = CheckOptions(tag="v1", dist=Path("dist"))
    found = run_checks(project, options, (first, second, check_tag, check_dist))
    assert [p.message for p in found][:2] == ["first", "second v1"]
    assert seen == [options]


def test_an_interrupted_write_is_a_problem_naming_the_journal(tmp_path: Path) -> None:
    from releasekit.files.journal import write_journal

    project = make_project(tmp_path, "25.02.15")
    assert check_interrupted_write(project, CheckOptions()) == []
    path = tmp_path / "pyproject.toml"
    write_journal(tmp_path, [(path, path.read_bytes(), b"")])
    (problem,) = check_interrupted_write(project, CheckOptions())
    assert problem.path == ".releasekit-journal.json"
    assert "Project.recover()" in problem.message
    assert path.read_bytes() != b""  # reported, not recovered


@pytest.mark.parametrize(
    ("options", "checks", "refused"),
    [
        (CheckOptions(dist=Path("dist")), (check_locations_agree, check_tag), "--dist"),
        (CheckOptions(tag="v1"), (check_locations_agree, check_dist), "--tag"),
        (CheckOptions(tag="v1"), (), "--tag"),
    ],
    ids=["dist-without-its-check", "tag-without-its-check", "no-checks"],
)
def test_an_option_no_check_serves_is_refused(
    tmp_path: Path, options: CheckOptions, checks: tuple[CheckFunction, ...], refused: str
) -> None:
    with pytest.raises(UsageError, match=f"{refused}: the .* check is not available") as info:
        run_checks(make_project(tmp_path, "25.02.15"), options, checks)
    assert info.value.exit_code == 2


def test_every_check_runs_by_default_and_every_option_is_served() -> None:
    assert list(CHECKS) == [
        check_interrupted_write,
        check_locations_agree,
        check_tag,
        check_dist,
        check_changelog,
    ]
    assert set(OPTION_CHECKS.values()) <= set(CHECKS)
    assert set(OPTION_CHECKS) == {f.name for f in dataclasses.fields(CheckOptions)}


def test_the_default_run_reports_each_check_in_order(tmp_path: Path) -> None:
    project = make_project(tmp_path, "25.02.16")
    (tmp_path / "CHANGELOG.md").write_text("## [1.0]\n## [1.0.0]\n")
    found = [p.format() for p in run_checks(project, CheckOptions())]
    assert found == [
        "p/__init__.py:1: version 25.02.16 (__version__) differs from 25.02.15 in pyproject.toml:3",
        "CHANGELOG.md:2: duplicate version heading '## [1.0.0]': version 1.0.0 already has a "
        "section at line 1",
    ]
