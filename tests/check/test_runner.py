"""The check list: independent checks, options served by registered checks only."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.check import runner as checks
from releasekit.check.runner import (
    CheckOptions,
    Problem,
    check_interrupted_write,
    check_locations_agree,
    lazy,
    run_checks,
)
from releasekit.errors import UsageError
from releasekit.project import Project


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("bad", "a.py", 3), "a.py:3: bad"),
        (Problem("bad", "a.py"), "a.py: bad"),
        (Problem("bad"), "bad"),
    ],
    ids=["file-line", "file", "nowhere"],
)
def test_problem_format(problem: Problem, text: str) -> None:
    assert problem.format() == text


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


def test_checks_run_in_order_and_options_reach_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[CheckOptions] = []

    def first(project: Project, options: CheckOptions) -> list[Problem]:
        seen.append(options)
        return [Problem("first")]

    def second(project: Project, options: CheckOptions) -> list[Problem]:
        return [Problem(f"second {options.tag}")]

    monkeypatch.setattr(checks, "CHECKS", [])
    monkeypatch.setattr(checks, "OPTION_CHECKS", {})
    checks.register(first)
    checks.register(second, option="tag")
    project = make_project(tmp_path, "25.02.15")
    options = CheckOptions(tag="v1")
    assert [p.message for p in run_checks(project, options)] == ["first", "second v1"]
    assert seen == [options]
    with pytest.raises(UsageError, match="--dist: the dist check is not available"):
        run_checks(project, CheckOptions(dist=Path("dist")))


def test_lazy_imports_the_check_when_it_runs(tmp_path: Path) -> None:
    check = lazy("releasekit.check.runner:check_locations_agree")
    assert check.__name__ == "check_locations_agree"
    assert check(make_project(tmp_path, "25.2.15"), CheckOptions()) == []


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
