"""The git side of a release as one plan: write, commit, tag, push, on real repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.errors import RefusedError
from releasekit.files.edits import FileEdit
from releasekit.git.plans import (
    BumpOptions,
    GitOptions,
    message_for,
    plan_bump_release,
    plan_git,
    plan_tag,
    require_repository,
)
from releasekit.project import Project
from tests.conftest import GitRepo


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("chore(release): {version}", "chore(release): 1.2.4"),
        ("Release {version} ({version})", "Release 1.2.4 (1.2.4)"),
        ('{"v": "{version}", "x": {{}}}', '{"v": "1.2.4", "x": {{}}}'),
        ("no placeholder", "no placeholder"),
    ],
    ids=["default", "twice", "other-braces-kept", "none"],
)
def test_message_for(template: str, expected: str) -> None:
    assert message_for(template, "1.2.4") == expected


def test_a_directory_outside_git_is_refused(tmp_path: Path) -> None:
    root = tmp_path
    (root / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "1.0"\n')
    with pytest.raises(RefusedError, match=r"is not in a git repository: run `git init`"):
        require_repository(Project(root))


def _edit(project: GitRepo) -> FileEdit:
    path = project.path / "src" / "sample_pkg" / "__init__.py"
    before = path.read_bytes()
    return FileEdit(path, before, before.replace(b"1.2.3", b"1.2.4"))


def test_the_full_plan_writes_commits_tags_and_pushes_atomically(project: GitRepo) -> None:
    plan = plan_git(
        Project(project.path),
        GitOptions(),
        old="1.2.3",
        new="1.2.4",
        tag="v1.2.4",
        edits=[_edit(project)],
    )
    assert plan.title == "release 1.2.3 -> 1.2.4 from branch main, tag v1.2.4"
    lines = plan.describe().splitlines()
    assert lines[1].startswith("1. write 1 file(s)")
    assert [line.split()[1:3] for line in lines if line[:1].isdigit()][1:] == [
        ["git", "commit"],
        ["git", "tag"],
        ["git", "push"],
    ]
    assert "--atomic" in plan.describe()
    assert plan.facts["files"] == ["src/sample_pkg/__init__.py"]
    assert plan.facts["commit_message"] == "chore(release): 1.2.4"
    assert (plan.facts["branch"], plan.facts["remote"]) == ("main", "origin")
    plan.apply()
    assert "refs/tags/v1.2.4" in project.remote_refs()
    assert project.git("log", "-1", "--format=%s").strip() == "chore(release): 1.2.4"
    assert project.git("status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("options", "kinds"),
    [
        (GitOptions(push=False), ["write", "commit", "tag"]),
        (GitOptions(tag=False, push=False), ["write", "commit"]),
        (GitOptions(commit=False, push=False), ["write", "tag"]),
        (GitOptions(commit=False), ["write", "tag", "push"]),
    ],
    ids=["no-push", "commit-only", "tag-only", "tag-and-push-it"],
)
def test_each_option_adds_or_leaves_out_its_step(
    project: GitRepo, options: GitOptions, kinds: list[str]
) -> None:
    plan = plan_git(
        Project(project.path),
        options,
        old="1.2.3",
        new="1.2.4",
        tag="v1.2.4",
        edits=[_edit(project)],
    )
    names = {
        "WriteFilesStep": "write",
        "CommitStep": "commit",
        "TagStep": "tag",
        "PushStep": "push",
    }
    assert [names[type(step).__name__] for step in plan.steps] == kinds


def test_plan_tag_tags_head_with_the_current_version_and_a_codename(project: GitRepo) -> None:
    project.commit("feat: more", {"a.py": "a = 1\n"})
    project.write(
        "pyproject.toml", (project.path / "pyproject.toml").read_text().replace("1.2.3", "1.3.0")
    )
    project.write(
        "src/sample_pkg/__init__.py",
        (project.path / "src/sample_pkg/__init__.py").read_text().replace("1.2.3", "1.3.0"),
    )
    project.commit("chore(release): 1.3.0")
    plan = plan_tag(Project(project.path), codename="  Genesis ", push=True)
    assert plan.tag == "v1.3.0"
    assert plan.facts["command"] == "tag"
    plan.apply()
    assert project.git("tag", "-l", "--format=%(contents:subject)", "v1.3.0").strip() == (
        "Release 1.3.0: Genesis"
    )
    assert "refs/tags/v1.3.0" in project.remote_refs()


BUMPS = {
    "files-only": (BumpOptions(part="patch"), ["WriteFilesStep"]),
    "commit": (BumpOptions(part="patch", commit=True), ["WriteFilesStep", "CommitStep"]),
    "tag": (BumpOptions(part="patch", tag=True), ["WriteFilesStep", "CommitStep", "TagStep"]),
    # A pushed release commit without its tag would be released twice: push tags too.
    "push": (
        BumpOptions(part="patch", push=True),
        ["WriteFilesStep", "CommitStep", "TagStep", "PushStep"],
    ),
}


@pytest.mark.parametrize(("options", "kinds"), BUMPS.values(), ids=BUMPS.keys())
def test_plan_bump_release_adds_the_git_steps_its_options_ask_for(
    project: GitRepo, options: BumpOptions, kinds: list[str]
) -> None:
    before = project.snapshot()
    plan = plan_bump_release(Project(project.path), options)
    assert [type(step).__name__ for step in plan.steps] == kinds
    assert (plan.old, plan.new) == ("1.2.3", "1.2.4")
    assert options.git == (kinds != ["WriteFilesStep"])
    assert project.snapshot() == before  # planning writes nothing
    plan.apply()
    if "PushStep" in kinds:
        assert "refs/tags/v1.2.4" in project.remote_refs()
