"""``releasekit.cli.run``: every writing command's --dry-run, --json and errors, one way."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import GitRepo, invoke

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2025-01-01\n\n- First.\n"

#: (id, arguments, a line the dry run prints on stdout)
COMMANDS = [
    ("bump", ["bump", "minor", "--date", "2025-02-15", "--allow-empty"], '+version = "1.3.0"'),
    (
        "bump-tag",
        ["bump", "minor", "--tag", "--allow-empty", "--date", "2025-02-15"],
        "3. git tag --annotate",
    ),
    ("changelog", ["changelog"], "### Added"),
    ("init", ["init"], "1. add [tool.releasekit] in pyproject.toml"),
    ("hotfix", ["hotfix", "v1.2.3"], "1. git switch --no-track --create hotfix/v1.2.4 v1.2.3"),
    (
        "release",
        ["release", "--no-publish", "--no-verify", "--date", "2025-02-15"],
        "4. git push --atomic",
    ),
]


@pytest.fixture
def ready(project: GitRepo) -> GitRepo:
    project.commit("docs: add a changelog", {"CHANGELOG.md": CHANGELOG})
    project.commit("feat: a --json option", {"src/sample_pkg/cli.py": "JSON = True\n"})
    project.push()
    return project


@pytest.mark.parametrize(("args", "shown"), [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_dry_run_prints_the_plan_and_writes_nothing(
    runner: CliRunner, ready: GitRepo, args: list[str], shown: str
) -> None:
    before = ready.snapshot()
    result = invoke(runner, ready.path, *args, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert shown in result.stdout
    assert ready.snapshot() == before


@pytest.mark.parametrize(("args", "shown"), [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_json_dry_run_is_one_object_and_writes_nothing(
    runner: CliRunner, ready: GitRepo, args: list[str], shown: str
) -> None:
    before = ready.snapshot()
    result = invoke(runner, ready.path, *args, "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dry_run"] is True
    assert data["done"] == 0
    assert data["steps"]
    assert data["command"] == args[0]
    assert ready.snapshot() == before


def test_json_after_apply_lists_the_steps_done(runner: CliRunner, ready: GitRepo) -> None:
    result = invoke(
        runner, ready.path, "bump", "minor", "--date", "2025-02-15", "--allow-empty", "--json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["old"], data["new"], data["done"]) == ("1.2.3", "1.3.0", 1)
    assert data["files"] == ["pyproject.toml", "src/sample_pkg/__init__.py", "CHANGELOG.md"]


def test_json_error_is_an_object_on_stdout_and_error_lines_on_stderr(
    runner: CliRunner, ready: GitRepo
) -> None:
    before = ready.snapshot()
    result = invoke(runner, ready.path, "bump", "--set", "1.0.0", "--json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error["type"] == "VersionNotIncreasing"
    assert error["exit_code"] == 1
    # The CLI user reads the flags, not the library's keyword arguments.
    assert "pass --allow-downgrade" in error["message"]
    assert "allow_downgrade=True" not in error["message"]
    assert result.stderr.startswith("error: --set 1.0.0 is not higher than the current version")
    assert ready.snapshot() == before


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["bump", "--set", "1.0.0"], "--allow-downgrade"),
        (["bump", "--set", "banana"], "--set: Invalid version"),
        (["bump", "patch", "--date", "2025-02-15"], "--allow-empty"),
    ],
    ids=["downgrade", "invalid", "empty-changelog"],
)
def test_cli_errors_name_flags(
    runner: CliRunner, project: GitRepo, args: list[str], flag: str
) -> None:
    project.commit("docs: add a changelog", {"CHANGELOG.md": CHANGELOG})
    result = invoke(runner, project.path, *args)
    assert result.exit_code != 0
    assert flag in result.stderr
    assert "_changelog=" not in result.stderr
    assert "set_version" not in result.stderr
