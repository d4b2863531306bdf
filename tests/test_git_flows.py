"""Git flows that do what they say: bump --push, tag --push, changelog then bump, refspecs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.conftest import GitRepo, invoke

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2025-01-01\n\n- first\n"


def _remote(project: GitRepo) -> str:
    return project.remote_refs()


def test_bump_push_pushes_the_commit_and_its_tag(project: GitRepo, runner: CliRunner) -> None:
    result = invoke(runner, project.path, "bump", "patch", "--push")
    assert result.exit_code == 0, result.output
    head = project.git("rev-parse", "HEAD").strip()
    assert f"{head} " in _remote(project) or f" {head}" in _remote(project)
    assert "refs/tags/v1.2.4" in _remote(project)
    assert f"refs/heads/main {head}" in _remote(project)


def test_bump_no_push_keeps_everything_local(project: GitRepo, runner: CliRunner) -> None:
    before = _remote(project)
    result = invoke(runner, project.path, "bump", "patch", "--commit", "--tag", "--no-push")
    assert result.exit_code == 0, result.output
    assert _remote(project) == before
    assert project.git("tag", "--list", "v1.2.4").strip() == "v1.2.4"


def test_tag_push_pushes_the_commit_it_tags(project: GitRepo, runner: CliRunner) -> None:
    text = project.read("pyproject.toml").decode().replace("1.2.3", "1.3.0")
    project.commit(
        "chore: 1.3.0",
        {"pyproject.toml": text, "src/sample_pkg/__init__.py": '__version__ = "1.3.0"\n'},
    )
    result = invoke(runner, project.path, "tag", "--push")
    assert result.exit_code == 0, result.output
    head = project.git("rev-parse", "HEAD").strip()
    assert f"refs/heads/main {head}" in _remote(project)
    assert "refs/tags/v1.3.0" in _remote(project)


def test_changelog_then_bump_commit_tag(project: GitRepo, runner: CliRunner) -> None:
    project.commit("docs: changelog", {"CHANGELOG.md": CHANGELOG})
    project.commit("fix: a fix")
    assert invoke(runner, project.path, "changelog").exit_code == 0
    assert project.git("status", "--porcelain").strip() == "M CHANGELOG.md"
    result = invoke(runner, project.path, "bump", "patch", "--commit", "--tag")
    assert result.exit_code == 0, result.output
    assert project.git("status", "--porcelain") == ""
    assert "- a fix" in project.git("show", "HEAD:CHANGELOG.md")


def test_verbose_after_the_command(project: GitRepo, runner: CliRunner) -> None:
    after = invoke(runner, project.path, "bump", "patch", "--dry-run", "-v")
    before = runner.invoke(
        __import__("releasekit.cli", fromlist=["cli"]).cli,
        ["-v", "--project", str(project.path), "bump", "patch", "--dry-run"],
    )
    assert after.exit_code == before.exit_code == 0, after.output
    assert after.stdout == before.stdout


def test_a_branch_named_like_an_option_is_a_ref(project: GitRepo, runner: CliRunner) -> None:
    project.git("update-ref", "refs/heads/--force", "HEAD")
    project.git("symbolic-ref", "HEAD", "refs/heads/--force")
    text = project.read("pyproject.toml").decode() + '\n[tool.releasekit]\nbranches = ["*"]\n'
    project.commit("chore: any branch", {"pyproject.toml": text})
    remote_main = project.git("--git-dir", str(project.remote), "rev-parse", "main").strip()
    result = invoke(runner, project.path, "bump", "patch", "--push")
    assert result.exit_code == 0, result.output
    assert "refs/heads/--force" in _remote(project)
    assert "refs/tags/v1.2.4" in _remote(project)
    after = project.git("--git-dir", str(project.remote), "rev-parse", "main").strip()
    assert after == remote_main  # nothing was force-pushed over main


@pytest.mark.parametrize("tag_format", ["v{version}..", "v {version}", "-{version}", "v{version}."])
def test_tag_format_is_checked_before_the_first_write(
    project: GitRepo, runner: CliRunner, tag_format: str
) -> None:
    text = project.read("pyproject.toml").decode()
    project.commit(
        "chore: fmt",
        {"pyproject.toml": text + f'\n[tool.releasekit]\ntag-format = "{tag_format}"\n'},
    )
    before = project.snapshot()
    result = invoke(runner, project.path, "bump", "patch", "--commit", "--tag")
    assert result.exit_code in (1, 2), result.output
    assert "tag-format" in result.stderr
    assert project.snapshot() == before


def test_a_push_the_remote_would_refuse_is_refused_before_any_write(
    project: GitRepo, runner: CliRunner
) -> None:
    project.commit("fix: a fix")
    project.git("push", "-q", "origin", "main")
    project.git("remote", "set-url", "--push", "origin", str(project.path.parent / "nowhere.git"))
    before = project.snapshot()
    result = invoke(runner, project.path, "bump", "patch", "--push")
    assert result.exit_code == 1, result.output
    assert "would refuse the push" in result.stderr
    assert project.snapshot() == before
