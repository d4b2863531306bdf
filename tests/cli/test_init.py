"""``releasekit init`` through click's CliRunner (and once as the installed command)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from releasekit.init.scaffold import WORKFLOW_PATH
from releasekit.init.workflow import released_pythons
from tests.conftest import PYPROJECT, GitRepo, invoke

WORKFLOW = WORKFLOW_PATH.as_posix()
#: The newest CPython today: what a project that says nothing is verified up to.
NEWEST = released_pythons(date.today())[-1]


def test_init_writes_the_three_files_and_says_what_next(
    runner: CliRunner, project: GitRepo
) -> None:
    result = invoke(runner, project.path, "init")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "1. add [tool.releasekit] in pyproject.toml (scheme = 'semver', "
        "tag-format = 'v{version}', changelog = 'CHANGELOG.md')",
        # The project has a release tag: its section is written from the history.
        "2. create CHANGELOG.md (Keep a Changelog, empty [Unreleased], 1 release section(s) "
        "from the tags v1.2.3)",
        f"3. create .github/workflows/release.yml (tags 'v*', Python 3.10-{NEWEST})",
    ]
    assert "add a trusted publisher" in result.stdout
    assert result.stdout.splitlines()[-2:] == [
        "  3. commit these files; a release is then `releasekit release --no-publish`",
        "     (the tag push makes the workflow build and publish)",
    ]
    assert (project.path / WORKFLOW).is_file()
    assert b"[tool.releasekit]" in project.read("pyproject.toml")


def test_second_run_says_nothing_to_do_and_changes_nothing(
    runner: CliRunner, project: GitRepo
) -> None:
    invoke(runner, project.path, "init")
    snapshot = project.snapshot()
    result = invoke(runner, project.path, "init")
    assert result.exit_code == 0
    assert result.stdout.startswith("nothing to do")
    assert project.snapshot() == snapshot


def test_dry_run_prints_the_plan_and_diff_and_writes_nothing(
    runner: CliRunner, project: GitRepo
) -> None:
    snapshot = project.snapshot()
    result = invoke(runner, project.path, "init", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert project.snapshot() == snapshot
    assert "1. add [tool.releasekit] in pyproject.toml" in result.stdout
    assert "+++ b/pyproject.toml" in result.stdout
    assert "+[tool.releasekit]" in result.stdout
    assert "+++ b/.github/workflows/release.yml" in result.stdout
    assert "+## [Unreleased]" in result.stdout


def test_a_different_workflow_shows_a_diff_and_exits_1(runner: CliRunner, project: GitRepo) -> None:
    project.commit("ci: mine", {WORKFLOW: "name: mine\n"})
    snapshot = project.snapshot()
    for args in (["init"], ["init", "--dry-run"]):
        result = invoke(runner, project.path, *args)
        assert result.exit_code == 1, args
        assert "--- a/.github/workflows/release.yml" in result.stdout
        assert "-name: mine" in result.stdout
        assert result.stderr.startswith("error: .github/workflows/release.yml exists with other")
        assert "releasekit init --force" in result.stderr
        assert project.snapshot() == snapshot


def test_force_overwrites_and_then_nothing_to_do(runner: CliRunner, project: GitRepo) -> None:
    project.commit("ci: mine", {WORKFLOW: "name: mine\n"})
    result = invoke(runner, project.path, "init", "--force")
    assert result.exit_code == 0, result.stderr
    assert "overwrite .github/workflows/release.yml" in result.stdout
    assert project.read(WORKFLOW) != b"name: mine\n"
    assert invoke(runner, project.path, "init").stdout.startswith("nothing to do")


def test_no_workflow_and_scheme_options(runner: CliRunner, repo: GitRepo) -> None:
    repo.commit("chore: start", {"pyproject.toml": PYPROJECT.format(version="1.0.0")})
    result = invoke(runner, repo.path, "init", "--no-workflow", "--scheme", "calver")
    assert result.exit_code == 0, result.stderr
    assert not (repo.path / ".github").exists()
    assert "trusted publisher" not in result.stdout
    text = repo.read("pyproject.toml").decode()
    assert 'scheme = "calver"\ncalver-format = "YY.0M.0D"\n' in text


def test_a_bad_scheme_is_a_usage_error(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "init", "--scheme", "datever")
    assert result.exit_code == 2
    assert "error: Invalid value for '--scheme'" in result.stderr


def test_broken_pyproject_names_the_file_and_writes_nothing(
    runner: CliRunner, repo: GitRepo
) -> None:
    repo.commit("chore: start", {"pyproject.toml": "[project\nname = 1\n"})
    snapshot = repo.snapshot()
    result = invoke(runner, repo.path, "init")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: pyproject.toml:1:9: invalid TOML")
    assert "Traceback" not in result.stderr
    assert repo.snapshot() == snapshot


def test_outside_a_project_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, tmp_path, "init")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


def test_the_installed_command(project: GitRepo) -> None:
    command = Path(sys.executable).parent / "releasekit"
    executable = str(command) if command.exists() else shutil.which("releasekit")
    assert executable, "the releasekit command is installed with the package"
    result = subprocess.run(
        [executable, "init"],
        cwd=project.path / "src",
        capture_output=True,
        text=True,
        check=False,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    assert (project.path / WORKFLOW).is_file()
    assert (project.path / "CHANGELOG.md").is_file()


def test_an_extension_project_gets_the_matrix_workflow(runner: CliRunner, project: GitRepo) -> None:
    project.write(
        "setup.py",
        "from setuptools import Extension, setup\n"
        "setup(ext_modules=[Extension('sample_pkg._c', ['src/sample_pkg/_c.c'])])\n",
    )
    result = invoke(runner, project.path, "init")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2] == (
        f"3. create .github/workflows/release.yml (tags 'v*', Python 3.10-{NEWEST}, "
        "wheels on a cibuildwheel matrix)"
    )
    text = project.read(WORKFLOW).decode()
    assert "uses: pypa/cibuildwheel@" in text
    assert "run: releasekit check --dist dist" in text
    # --no-extension writes the single-machine workflow instead (shown as a conflict first).
    plain = invoke(runner, project.path, "init", "--no-extension", "--force")
    assert plain.exit_code == 0, plain.stderr
    assert "cibuildwheel" not in project.read(WORKFLOW).decode()


def test_extension_and_uv_on_request(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "init", "--extension", "--uv", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "wheels on a cibuildwheel matrix, uv)" in result.stdout
    assert "+      - uses: astral-sh/setup-uv@" in result.stdout
    assert "+        run: uv pip install --system " in result.stdout
    assert not (project.path / WORKFLOW).exists()
