"""Tests for releasekit.git.hotfix: hotfix branches from release tags."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.errors import InvalidVersion, RefusedError, UsageError
from releasekit.git.hotfix import BranchStep, is_hotfix_branch, next_patch, plan_hotfix
from releasekit.project import Project
from releasekit.version.pep440 import version_key
from tests.conftest import GitRepo


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.2.3", "1.2.4"),
        ("0.9.9", "0.9.10"),
        ("2.0.0-rc.1", "2.0.0"),
        ("1.2.3+build.5", "1.2.4"),
        ("25.02.15", "25.02.15.1"),
        ("25.02.15.1", "25.02.15.2"),
        ("2025.02.3.9", "2025.02.3.10"),
    ],
    ids=["patch", "two-digits", "pre-to-release", "build", "calver", "calver-counter", "micro"],
)
def test_next_patch(version: str, expected: str) -> None:
    assert next_patch(version) == expected


def test_next_patch_rejects_non_versions() -> None:
    with pytest.raises(InvalidVersion, match=r"'1\.x'"):
        next_patch("1.x")


@given(st.tuples(*[st.integers(0, 999)] * 3))
def test_next_patch_is_always_higher(parts: tuple[int, int, int]) -> None:
    version = ".".join(map(str, parts))
    assert version_key(next_patch(version)) > version_key(version)


@given(st.integers(0, 99), st.integers(1, 12), st.integers(1, 28), st.integers(0, 50))
def test_next_patch_of_calver_is_higher(year: int, month: int, day: int, counter: int) -> None:
    version = f"{year:02d}.{month:02d}.{day:02d}" + (f".{counter}" if counter else "")
    assert version_key(next_patch(version)) > version_key(version)


@pytest.mark.parametrize(
    ("branch", "expected"),
    [("hotfix/v1.2.4", True), ("main", False), ("hotfixes", False), (None, False)],
    ids=["hotfix", "main", "prefix-only", "detached"],
)
def test_is_hotfix_branch(branch: str | None, expected: bool) -> None:
    assert is_hotfix_branch(branch) is expected


def test_hotfix_branches_from_the_tag(project: GitRepo) -> None:
    tagged = project.git("rev-parse", "v1.2.3^{commit}").strip()
    project.commit("feat: later work on main")
    plan = plan_hotfix(Project(project.path), "v1.2.3")
    assert (plan.facts["branch"], plan.new, plan.facts["commit"]) == (
        "hotfix/v1.2.4",
        "1.2.4",
        tagged,
    )
    assert plan.describe() == "1. git switch --no-track --create hotfix/v1.2.4 v1.2.3"
    plan.apply()
    assert project.git("branch", "--show-current").strip() == "hotfix/v1.2.4"
    assert project.git("rev-parse", "HEAD").strip() == tagged


def test_hotfix_rollback_goes_back_and_deletes_the_branch(project: GitRepo) -> None:
    project.commit("feat: later work on main")
    before = project.snapshot()
    refs = project.git("for-each-ref")
    step = BranchStep(Project(project.path).git, "hotfix/v1.2.4", "v1.2.3")
    step.apply()
    assert project.git("branch", "--show-current").strip() == "hotfix/v1.2.4"
    step.rollback()
    assert project.git("branch", "--show-current").strip() == "main"
    assert project.git("for-each-ref") == refs
    assert project.snapshot() == before


def test_hotfix_keeps_a_custom_tag_format(project: GitRepo) -> None:
    pyproject = project.read("pyproject.toml").decode()
    project.commit(
        "chore: tag format",
        {
            "pyproject.toml": pyproject
            + '\n[tool.releasekit]\ntag-format = "sample-pkg@{version}"\n'
        },
    )
    project.tag("sample-pkg@1.2.3", "Release 1.2.3")
    plan = plan_hotfix(Project(project.path), "sample-pkg@1.2.3")
    assert plan.facts["branch"] == "hotfix/sample-pkg@1.2.4"


def test_existing_branch_is_refused(project: GitRepo) -> None:
    project.git("branch", "hotfix/v1.2.4")
    before = project.snapshot()
    with pytest.raises(RefusedError, match=r"branch hotfix/v1\.2\.4 already exists"):
        plan_hotfix(Project(project.path), "v1.2.3")
    assert project.snapshot() == before


def test_branch_on_the_remote_is_refused(project: GitRepo) -> None:
    project.git("push", "-q", "origin", "main:hotfix/v1.2.4")
    project.git("fetch", "-q")
    with pytest.raises(RefusedError, match="already exists on 'origin'"):
        plan_hotfix(Project(project.path), "v1.2.3")


@pytest.mark.parametrize(
    ("tag", "error", "match"),
    [
        ("nightly", UsageError, "'nightly' is not a release tag"),
        ("v9.9.9", RefusedError, "tag v9.9.9 does not exist"),
    ],
    ids=["not-a-release-tag", "missing"],
)
def test_bad_tags_are_refused(
    project: GitRepo, tag: str, error: type[Exception], match: str
) -> None:
    project.tag("nightly")
    with pytest.raises(error, match=match):
        plan_hotfix(Project(project.path), tag)


def test_dirty_tree_is_refused(project: GitRepo) -> None:
    project.write("src/sample_pkg/__init__.py", "changed = True\n")
    with pytest.raises(RefusedError, match=r"modified: src/sample_pkg/__init__\.py"):
        plan_hotfix(Project(project.path), "v1.2.3")
