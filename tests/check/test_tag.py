"""Tests for ``check --tag``: including the shallow, detached checkout a tag-push CI makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.check.runner import CHECKS, OPTION_CHECKS, CheckOptions, run_checks
from releasekit.check.tag import check_tag
from releasekit.project import Project
from tests.conftest import PYPROJECT, GitRepo, git, invoke

CHANGELOG = """\
# Changelog

## [Unreleased]

## [{version}] - 2025-02-15

### Fixed

- A fix.

## [1.2.3] - 2025-01-01

### Added

- The start.
"""


def release(repo: GitRepo, version: str, *, tag: str | None = None) -> None:
    """Commit the project at ``version`` with its changelog section, tag it and push."""
    repo.commit(
        f"chore(release): {version}",
        {
            "pyproject.toml": PYPROJECT.format(version=version),
            "src/sample_pkg/__init__.py": f'"""Sample."""\n\n__version__ = "{version}"\n',
            "CHANGELOG.md": CHANGELOG.format(version=version),
        },
    )
    name = tag or f"v{version}"
    repo.tag(name, f"Release {version}")
    repo.git("push", "-q", "origin", "main", name)


def shallow_clone(repo: GitRepo, tmp_path: Path, tag: str) -> Path:
    """What actions/checkout with fetch-depth 1 makes of a tag push."""
    clone = tmp_path / "ci"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        tag,
        f"file://{repo.remote}",
        str(clone),
    )
    return clone


def messages(path: Path, tag: str) -> list[str]:
    """The problems ``check --tag`` finds, formatted."""
    return [p.format() for p in check_tag(Project(path), CheckOptions(tag=tag))]


def test_the_tag_check_is_registered() -> None:
    assert OPTION_CHECKS["tag"] in CHECKS


def test_shallow_detached_ci_checkout_passes(project: GitRepo, tmp_path: Path) -> None:
    release(project, "1.2.4")
    clone = shallow_clone(project, tmp_path, "v1.2.4")
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    assert git(clone, "rev-parse", "--abbrev-ref", "HEAD").strip() == "HEAD"  # detached
    assert git(clone, "tag", "--list").split() == ["v1.2.4"]
    assert git(clone, "branch", "--list").strip() == "* (no branch)"  # no local branch at all
    assert messages(clone, "v1.2.4") == []
    assert messages(clone, "refs/tags/v1.2.4") == []
    assert Project(clone).check(tag="v1.2.4") == []


def test_shallow_checkout_of_a_wrong_tag_fails(project: GitRepo, tmp_path: Path) -> None:
    release(project, "1.2.4")
    project.tag("v1.2.5", "a tag on the wrong commit")
    project.git("push", "-q", "origin", "v1.2.5")
    clone = shallow_clone(project, tmp_path, "v1.2.5")
    found = messages(clone, "v1.2.5")
    assert "pyproject.toml:7: tag v1.2.5 names version 1.2.5, but" in found[0]
    assert any(m.startswith("src/sample_pkg/__init__.py:3: tag v1.2.5") for m in found)
    assert found[2] == (
        "CHANGELOG.md has no section for version 1.2.5; nearest versions present: 1.2.3, 1.2.4 "
        "(tag v1.2.5)"
    )
    assert len(found) == 3


@pytest.mark.parametrize(
    ("files_version", "tag", "ok"),
    [
        ("1.2.4", "v1.2.4", True),
        ("25.02.15", "v25.2.15", True),
        ("1.2.4rc1", "v1.2.4-rc.1", True),
        ("1.2.4", "v1.2.5", False),
        ("1.2.4", "v1.2.4.post1", False),
    ],
    ids=["same", "calver-padding", "semver-pre-vs-pep440", "other", "post-release"],
)
def test_versions_compare_by_pep440(
    project: GitRepo, files_version: str, tag: str, ok: bool
) -> None:
    release(project, files_version, tag=tag)
    found = messages(project.path, tag)
    assert (found == []) is ok, found


def test_not_a_release_tag(project: GitRepo) -> None:
    (problem,) = messages(project.path, "nightly")
    assert "'nightly' is not a release tag of tag-format 'v{version}'" in problem


def test_a_tag_on_another_commit_is_reported(project: GitRepo) -> None:
    project.commit("fix: after the release")
    (problem,) = messages(project.path, "v1.2.3")
    assert "tag v1.2.3 points at" in problem
    assert "git switch --detach v1.2.3" in problem


def test_no_changelog_means_no_changelog_problem(project: GitRepo) -> None:
    assert messages(project.path, "v1.2.3") == []


def test_without_tag_the_check_does_nothing(project: GitRepo) -> None:
    assert check_tag(Project(project.path), CheckOptions()) == []
    assert run_checks(Project(project.path), CheckOptions()) == []


def test_cli_check_tag_on_a_shallow_checkout(
    project: GitRepo, tmp_path: Path, runner: CliRunner
) -> None:
    release(project, "1.2.4")
    clone = shallow_clone(project, tmp_path, "v1.2.4")
    ok = invoke(runner, clone, "check", "--tag", "v1.2.4")
    assert ok.exit_code == 0, ok.stderr
    assert ok.stdout.startswith("ok: 1.2.4 everywhere")
    wrong = invoke(runner, clone, "check", "--tag", "v1.2.5")
    assert wrong.exit_code == 1
    assert wrong.stderr.splitlines()[-1] == (
        "error: CHANGELOG.md has no section for version 1.2.5; nearest versions present: "
        "1.2.3, 1.2.4 (tag v1.2.5)"
    )


def test_a_deleted_tag_is_reported(project: GitRepo, runner: CliRunner) -> None:
    project.git("tag", "-d", "v1.2.3")
    expected = (
        "tag v1.2.3 does not exist here: fetch it (git fetch origin tag v1.2.3) or check the name"
    )
    assert messages(project.path, "v1.2.3") == [expected]
    result = invoke(runner, project.path, "check", "--tag", "v1.2.3")
    assert result.exit_code == 1
    assert f"error: {expected}" in result.stderr.splitlines()
    assert "ok" not in result.stdout


def test_a_tag_named_by_another_spelling_of_the_version_is_reported(project: GitRepo) -> None:
    project.git("tag", "-d", "v1.2.3")
    release(project, "25.02.15", tag="25.02.15")
    assert messages(project.path, "25.02.15") == []
    (problem,) = messages(project.path, "25.2.15")
    assert problem.startswith("tag 25.2.15 does not exist here: fetch it")
    assert problem.endswith("or check the name; this release is tagged 25.02.15")


def test_a_tag_pushed_but_not_fetched_is_reported(project: GitRepo, tmp_path: Path) -> None:
    release(project, "1.2.4")
    clone = shallow_clone(project, tmp_path, "v1.2.4")
    found = messages(clone, "v1.2.3")
    assert found[0] == (
        "tag v1.2.3 does not exist here: fetch it (git fetch origin tag v1.2.3) or check the name"
    )  # no hint: the files' version is another release
    assert "pyproject.toml:7: tag v1.2.3 names version 1.2.3, but" in found[1]
