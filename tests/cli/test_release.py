"""The ``tag``, ``release``, ``hotfix`` (and ``check --tag``) commands through the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import GitRepo, git, invoke

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2025-01-01\n\n- The start.\n"


@pytest.fixture
def ready(project: GitRepo) -> GitRepo:
    """The sample project with a changelog and a fix since v1.2.3, pushed."""
    project.commit("docs: changelog", {"CHANGELOG.md": CHANGELOG})
    project.commit("fix: a bug")
    project.git("push", "-q", "origin", "main")
    return project


def untag(repo: GitRepo, name: str) -> None:
    """Delete a tag here and on the remote (a project not tagged yet)."""
    repo.git("tag", "-d", name)
    git(repo.remote, "tag", "-d", name)


def test_release_dry_run(runner: CliRunner, ready: GitRepo) -> None:
    before = ready.snapshot()
    result = invoke(
        runner,
        ready.path,
        "release",
        "--no-publish",
        "--no-verify",
        "--dry-run",
        "--date",
        "2025-02-15",
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "release 1.2.3 -> 1.2.4 from branch main, tag v1.2.4"
    assert lines[1] == "1. write 3 file(s)"
    assert lines[5].startswith("2. git commit --only -m 'chore(release): 1.2.4' --")
    assert (
        lines[-1] == "4. git push --atomic -- origin refs/heads/main:refs/heads/main "
        "refs/tags/v1.2.4:refs/tags/v1.2.4"
    )
    assert "dry run: nothing was changed" in result.stderr
    assert ready.snapshot() == before


def test_release_no_push(runner: CliRunner, ready: GitRepo) -> None:
    remote_before = ready.remote_refs()
    result = invoke(
        runner, ready.path, "release", "minor", "--no-push", "--no-publish", "--no-verify"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "released 1.3.0 (tag v1.3.0)\n"
    assert ready.git("describe", "--exact-match", "HEAD").strip() == "v1.3.0"
    assert ready.remote_refs() == remote_before


def test_release_pushes(runner: CliRunner, ready: GitRepo) -> None:
    result = invoke(runner, ready.path, "release", "--no-publish", "--no-verify")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "released 1.2.4 (tag v1.2.4), pushed to origin\n"
    assert "refs/tags/v1.2.4" in ready.remote_refs()


def test_release_refused_on_a_dirty_tree(runner: CliRunner, ready: GitRepo) -> None:
    ready.write("src/sample_pkg/__init__.py", "# edited\n")
    before = ready.snapshot()
    result = invoke(runner, ready.path, "release", "--no-publish", "--no-verify")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        "error: release refused:",
        "error: 1 tracked file(s) have uncommitted changes: commit or stash them, or pass "
        "--allow-dirty",
        "error:   modified: src/sample_pkg/__init__.py",
    ]
    assert "Traceback" not in result.output
    assert ready.snapshot() == before


def test_release_rejected_push_exits_1_and_restores(runner: CliRunner, ready: GitRepo) -> None:
    hook = ready.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'denied by policy' >&2\nexit 1\n")
    hook.chmod(0o755)
    before, remote_before = ready.snapshot(), ready.remote_refs()
    result = invoke(runner, ready.path, "release", "--no-publish", "--no-verify")
    assert result.exit_code == 1
    assert (
        "error: git push --atomic -- origin refs/heads/main:refs/heads/main "
        "refs/tags/v1.2.4:refs/tags/v1.2.4 failed" in result.stderr
    )
    assert "denied by policy" in result.stderr
    assert "rolled back" in result.stderr
    assert ready.snapshot() == before
    assert ready.remote_refs() == remote_before


def test_tag_with_codename(runner: CliRunner, project: GitRepo) -> None:
    untag(project, "v1.2.3")
    result = invoke(runner, project.path, "tag", "--name", "Genesis", "--push")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "tagged v1.2.3, pushed to origin\n"
    message = project.git("tag", "-l", "--format=%(contents)", "v1.2.3").strip()
    assert message == "Release 1.2.3: Genesis"


def test_tag_refuses_an_existing_tag(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "tag")
    assert result.exit_code == 1
    assert "error: tag v1.2.3 already exists in this repository" in result.stderr


def test_tag_dry_run(runner: CliRunner, project: GitRepo) -> None:
    untag(project, "v1.2.3")
    result = invoke(runner, project.path, "tag", "--dry-run", "--sign", "--allow-dirty")
    assert result.exit_code == 1  # no signing key in the isolated home
    assert "error: --sign cannot work" in result.stderr
    result = invoke(runner, project.path, "tag", "--dry-run")
    assert result.stdout == (
        "1. git tag --annotate --cleanup=whitespace -m 'Release 1.2.3' v1.2.3 HEAD\n"
    )
    assert project.git("tag", "--list") == ""


def test_hotfix(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "hotfix", "v1.2.3")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("switched to hotfix/v1.2.4 (from v1.2.3)")
    assert project.git("branch", "--show-current").strip() == "hotfix/v1.2.4"
    again = invoke(runner, project.path, "hotfix", "v1.2.3")
    assert again.exit_code == 1
    assert "error: branch hotfix/v1.2.4 already exists" in again.stderr


def test_hotfix_needs_a_release_tag(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "hotfix", "main")
    assert result.exit_code == 2
    assert "error: 'main' is not a release tag" in result.stderr


def test_check_tag(runner: CliRunner, project: GitRepo) -> None:
    assert invoke(runner, project.path, "check", "--tag", "v1.2.3").exit_code == 0
    result = invoke(runner, project.path, "check", "--tag", "v1.2.4")
    assert result.exit_code == 1
    assert "error: pyproject.toml:7: tag v1.2.4 names version 1.2.4" in result.stderr


@pytest.mark.skipif(shutil.which("releasekit") is None, reason="the command is not installed")
def test_installed_command_dry_run(ready: GitRepo) -> None:
    command = Path(sys.executable).with_name("releasekit")
    result = subprocess.run(
        [
            str(command if command.exists() else "releasekit"),
            "release",
            "--no-publish",
            "--no-verify",
            "--dry-run",
        ],
        cwd=ready.path,
        capture_output=True,
        text=True,
        env={**os.environ},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (
        "4. git push --atomic -- origin refs/heads/main:refs/heads/main "
        "refs/tags/v1.2.4:refs/tags/v1.2.4" in result.stdout
    )


def test_bump_commit_tag_push(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "bump", "patch", "--commit", "--tag", "--push")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1.2.3 -> 1.2.4",
        "  pyproject.toml",
        "  src/sample_pkg/__init__.py",
        "committed: chore(release): 1.2.4",
        "tagged v1.2.4",
        "pushed to origin",
    ]
    head = project.git("rev-parse", "HEAD").strip()
    assert f"refs/heads/main {head}" in project.remote_refs()
    assert git(project.remote, "cat-file", "-t", "v1.2.4").strip() == "tag"
    assert project.git("status", "--porcelain") == ""


def test_bump_commit_takes_only_the_bumped_files(runner: CliRunner, project: GitRepo) -> None:
    project.commit("chore: more files", {"README.md": "readme\n", "docs.txt": "docs\n"})
    project.write("README.md", "staged change\n")
    project.git("add", "README.md")
    project.write("docs.txt", "unstaged change\n")
    project.write("scratch.txt", "untracked\n")
    refused = invoke(runner, project.path, "bump", "patch", "--commit")
    assert refused.exit_code == 1
    assert "error:   modified: README.md" in refused.stderr
    result = invoke(runner, project.path, "bump", "patch", "--commit", "--allow-dirty")
    assert result.exit_code == 0, result.stderr
    assert sorted(project.git("show", "--name-only", "--format=", "HEAD").split()) == [
        "pyproject.toml",
        "src/sample_pkg/__init__.py",
    ]
    assert sorted(project.git("status", "--porcelain").splitlines()) == [
        " M docs.txt",
        "?? scratch.txt",
        "M  README.md",
    ]
    assert project.git("tag", "--list").split() == ["v1.2.3"]


def test_bump_tag_implies_commit_and_dry_run_writes_nothing(
    runner: CliRunner, project: GitRepo
) -> None:
    before = project.snapshot()
    result = invoke(runner, project.path, "bump", "minor", "--tag", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert '+version = "1.3.0"' in result.stdout
    assert "2. git commit --only -m 'chore(release): 1.3.0' --" in result.stdout
    assert "3. git tag --annotate --cleanup=whitespace -m 'Release 1.3.0' v1.3.0 HEAD" in (
        result.stdout
    )
    assert project.snapshot() == before


def test_bump_sign_alone_is_a_usage_error(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "bump", "patch", "--sign")
    assert result.exit_code == 2
    assert "error: --sign signs the release commit and tag" in result.stderr


def test_release_without_git(
    runner: CliRunner, project: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(project.path / "no-bin"))
    result = invoke(runner, project.path, "release", "--no-publish", "--no-verify", "--dry-run")
    assert result.exit_code == 1
    assert (
        result.stderr == "error: git is not installed or not on PATH: install git and try again\n"
    )


def test_release_outside_a_repository(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1.0.0"\n')
    result = invoke(runner, tmp_path, "release", "patch")
    assert result.exit_code == 1
    assert "is not in a git repository: run `git init`" in result.stderr


def test_release_set_version_and_verbose_dry_run(runner: CliRunner, ready: GitRepo) -> None:
    result = invoke(
        runner,
        ready.path,
        "-v",
        "release",
        "--no-publish",
        "--no-verify",
        "--set",
        "2.0.0",
        "--dry-run",
    )
    assert result.exit_code == 0, result.stderr
    assert '-version = "1.2.3"\n+version = "2.0.0"\n' in result.stdout
    assert "release 1.2.3 -> 2.0.0 from branch main, tag v2.0.0" in result.stdout
    both = invoke(
        runner, ready.path, "release", "--no-publish", "--no-verify", "minor", "--set", "2.0.0"
    )
    assert both.exit_code == 2
    assert "error: give either a part (minor) or --set 2.0.0, not both" in both.stderr
