"""``releasekit check``: exit 0 when every place agrees, else one error line per disagreement."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from releasekit.check import runner as checks
from tests.conftest import GitRepo, invoke


def test_check_passes_when_everything_agrees(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "check")
    assert (result.exit_code, result.stdout) == (0, "ok: 1.2.3 everywhere (2 location(s))\n")


def test_pep440_equal_versions_agree(runner: CliRunner, project: GitRepo) -> None:
    project.write("pyproject.toml", project.read("pyproject.toml").replace(b"1.2.3", b"1.2.4-rc.1"))
    project.write("src/sample_pkg/__init__.py", '__version__ = "1.2.4rc1"\n')
    assert invoke(runner, project.path, "check").exit_code == 0


def test_each_disagreement_is_one_error_line(runner: CliRunner, project: GitRepo) -> None:
    project.write("src/sample_pkg/__init__.py", '__version__ = "1.2.2"\n')
    project.write(
        "pyproject.toml",
        project.read("pyproject.toml").decode()
        + ('[tool.releasekit]\nfiles = [{ path = "VERSION" }]\n'),
    )
    project.write("VERSION", "1.3\n")
    snapshot = project.snapshot()
    result = invoke(runner, project.path, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: src/sample_pkg/__init__.py:1: version 1.2.2 (__version__) differs from 1.2.3 "
        "in pyproject.toml:7",
        "error: VERSION:1: version 1.3 (files[0]) differs from 1.2.3 in pyproject.toml:7",
    ]
    assert project.snapshot() == snapshot


def test_check_json(runner: CliRunner, project: GitRepo) -> None:
    project.write("src/sample_pkg/__init__.py", '__version__ = "1.2.2"\n')
    result = invoke(runner, project.path, "check", "--json")
    assert result.exit_code == 1
    # A failed check is an error: the error object, with each problem's place.
    message = "version 1.2.2 (__version__) differs from 1.2.3 in pyproject.toml:7"
    assert json.loads(result.stdout) == {
        "error": {
            "type": "CheckFailed",
            "message": f"src/sample_pkg/__init__.py:1: {message}",
            "exit_code": 1,
            "problems": [{"message": message, "file": "src/sample_pkg/__init__.py", "line": 1}],
        }
    }
    assert result.stderr == f"error: src/sample_pkg/__init__.py:1: {message}\n"


def test_check_json_when_everything_agrees(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "check", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"ok": True, "version": "1.2.3", "problems": []}


def test_a_missing_configured_file_is_a_problem_not_a_crash(
    runner: CliRunner, project: GitRepo
) -> None:
    project.write(
        "pyproject.toml",
        project.read("pyproject.toml").decode()
        + (
            "[tool.releasekit]\n"
            'files = [{ path = "docs/conf.py", pattern = "release = {version}" }]\n'
        ),
    )
    result = invoke(runner, project.path, "check")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: docs/conf.py: not found ([tool.releasekit] files[0])")


@pytest.mark.parametrize(("option", "value"), [("--tag", "v1.2.3"), ("--dist", "dist")])
def test_an_option_without_a_registered_check_is_a_usage_error(
    runner: CliRunner, project: GitRepo, monkeypatch: pytest.MonkeyPatch, option: str, value: str
) -> None:
    # A build of releasekit without the check that serves the option.
    monkeypatch.setattr(checks, "CHECKS", (checks.check_locations_agree,))
    result = invoke(runner, project.path, "check", option, value)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {option}: the {option[2:]} check is not available in this version of "
        "releasekit; run check without it\n"
    )


def test_project_check_returns_the_problem_lines(project: GitRepo) -> None:
    from releasekit import Project

    assert Project(project.path).check() == []
    project.write("src/sample_pkg/__init__.py", '__version__ = "2.0.0"\n')
    assert Project(project.path).check() == [
        "src/sample_pkg/__init__.py:1: version 2.0.0 (__version__) differs from 1.2.3 in "
        "pyproject.toml:7"
    ]


def test_a_vcs_project_checks_against_its_tag(runner: CliRunner, repo: GitRepo) -> None:
    from pathlib import Path

    data = Path(__file__).parents[1] / "data" / "pyprojects" / "black.toml"
    repo.commit("chore: init", {"pyproject.toml": data.read_bytes()})
    repo.tag("v24.1.0", "Release 24.1.0")
    result = invoke(runner, repo.path, "check")
    assert (result.exit_code, result.stdout) == (
        0,
        "ok: 24.1.0 (from the latest release tag, hatch-vcs)\n",
    )


def test_check_reports_a_changelog_without_the_current_version(
    runner: CliRunner, project: GitRepo
) -> None:
    project.commit(
        "docs: changelog",
        {"CHANGELOG.md": "# Changelog\n\n## [Unreleased]\n\n## [1.2.2] - 2025-01-01\n\n- x\n"},
    )
    result = invoke(runner, project.path, "check")
    assert result.exit_code == 1
    assert "1.2.3" in result.stderr
    assert "CHANGELOG.md" in result.stderr
    assert result.stderr.startswith("error: ")


def test_check_reports_duplicate_changelog_headings_with_their_line(
    runner: CliRunner, project: GitRepo
) -> None:
    project.commit(
        "docs: changelog",
        {
            "CHANGELOG.md": "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2025-01-01\n\n"
            "## [1.2.3] - 2025-01-02\n"
        },
    )
    result = invoke(runner, project.path, "check")
    assert result.exit_code == 1
    assert ":7" in result.stderr or "line 7" in result.stderr
