"""Tests for releasekit.git.steps: commit, tag and push as plan steps, on real repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.errors import GitError, RefusedError
from releasekit.git.runner import Git
from releasekit.git.steps import CommitStep, PushStep, TagStep
from releasekit.plan import CallableStep, Plan, PlanFailed, Step
from tests.conftest import GitRepo, git

#: A Git for steps that are only described, never applied.
HERE = Git(Path())


def bump_file_step(repo: GitRepo, relative: str, text: str) -> CallableStep:
    """A write step (what WriteFilesStep does) with its undo, for plans under test."""
    before = repo.read(relative) if (repo.path / relative).exists() else None

    def undo() -> None:
        if before is None:
            (repo.path / relative).unlink()
        else:
            repo.write(relative, before)

    return CallableStep(f"write {relative}", lambda: repo.write(relative, text), undo)


def fail_step(message: str = "boom") -> CallableStep:
    """A step that always fails."""

    def action() -> None:
        raise RefusedError(message)

    return CallableStep("fail on purpose", action)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (
            CommitStep(HERE, ["a.py", "b c"], "m: 1"),
            "git commit --only -m 'm: 1' -- a.py 'b c'",
        ),
        (
            CommitStep(HERE, ["x"], "m", sign=True),
            "git commit --only --gpg-sign -m m -- x",
        ),
        (
            TagStep(HERE, "v1.2.4", "Release 1.2.4: Genesis"),
            "git tag --annotate --cleanup=whitespace -m 'Release 1.2.4: Genesis' v1.2.4 HEAD",
        ),
        (
            TagStep(HERE, "v1.2.4", "Release 1.2.4", sign=True),
            "git tag --sign --cleanup=whitespace -m 'Release 1.2.4' v1.2.4 HEAD",
        ),
        (PushStep(HERE, "origin", ["main", "v1.2.4"]), "git push --atomic -- origin main v1.2.4"),
        (PushStep(HERE, "origin", ["v1"], atomic=False), "git push -- origin v1"),
        (
            PushStep(HERE, "https://bot:t0ken@example.com/r.git", ["main"]),
            "git push --atomic -- https://bot:****@example.com/r.git main",
        ),
    ],
    ids=["commit", "commit-signed", "tag", "tag-signed", "push-atomic", "push-one", "push-url"],
)
def test_describe_is_the_exact_command(step: Step, expected: str) -> None:
    assert step.describe() == expected


def test_push_is_the_only_irreversible_step() -> None:
    here = HERE
    assert PushStep(here, "origin", ["main"]).irreversible
    assert not CommitStep(here, ["a"], "m").irreversible
    assert not TagStep(here, "v1", "m").irreversible


def test_commit_takes_exactly_the_given_paths(project: GitRepo) -> None:
    project.write("README.md", "staged readme\n")
    project.git("add", "README.md")
    project.write("src/sample_pkg/__init__.py", '__version__ = "9"\n')  # modified, not ours
    project.write("notes.txt", "untracked\n")
    project.write("pyproject.toml", project.read("pyproject.toml").replace(b"1.2.3", b"1.2.4"))
    step = CommitStep(Git(project.path), ["pyproject.toml"], "chore(release): 1.2.4")
    step.apply()
    assert project.git("show", "--name-only", "--format=%s", "HEAD").split() == [
        "chore(release):",
        "1.2.4",
        "pyproject.toml",
    ]
    status = project.git("status", "--porcelain").splitlines()
    assert "A  README.md" in status  # still staged, not committed
    assert " M src/sample_pkg/__init__.py" in status
    assert "?? notes.txt" in status
    assert step.commit == project.git("rev-parse", "HEAD").strip()


def test_commit_adds_a_new_file_it_is_given(project: GitRepo) -> None:
    project.write("CHANGELOG.md", "# Changelog\n")
    CommitStep(Git(project.path), ["CHANGELOG.md"], "chore(release): 1.2.4").apply()
    assert project.git("show", "--name-only", "--format=", "HEAD").split() == ["CHANGELOG.md"]
    assert project.git("status", "--porcelain") == ""


def test_commit_pathspec_is_literal(project: GitRepo) -> None:
    project.commit("chore: data", {"data/[v].txt": "1\n", "data/v.txt": "1\n"})
    project.write("data/[v].txt", "2\n")
    project.write("data/v.txt", "2\n")
    CommitStep(Git(project.path), ["data/[v].txt"], "chore(release): 2").apply()
    assert project.git("show", "--name-only", "--format=", "HEAD").split() == ["data/[v].txt"]
    assert project.git("status", "--porcelain").split() == ["M", "data/v.txt"]


def test_failure_after_commit_and_tag_restores_everything(project: GitRepo) -> None:
    project.write("README.md", "staged\n")
    project.git("add", "README.md")
    project.write("notes.txt", "untracked\n")
    before = project.snapshot()
    gitrepo = Git(project.path)
    plan = Plan(
        [
            bump_file_step(project, "pyproject.toml", "changed\n"),
            CommitStep(gitrepo, ["pyproject.toml"], "chore(release): 1.2.4"),
            TagStep(gitrepo, "v1.2.4", "Release 1.2.4"),
            fail_step(),
        ]
    )
    with pytest.raises(RefusedError, match="boom"):
        plan.apply()
    assert project.snapshot() == before


def test_rejected_push_rolls_back_and_leaves_the_remote_untouched(project: GitRepo) -> None:
    project.reject_pushes()
    before, remote_before = project.snapshot(), project.remote_refs()
    gitrepo = Git(project.path)
    plan = Plan(
        [
            bump_file_step(project, "pyproject.toml", "changed\n"),
            CommitStep(gitrepo, ["pyproject.toml"], "chore(release): 1.2.4"),
            TagStep(gitrepo, "v1.2.4", "Release 1.2.4"),
            PushStep(gitrepo, "origin", ["main", "v1.2.4"]),
        ]
    )
    with pytest.raises(GitError) as caught:
        plan.apply()
    message = str(caught.value)
    assert "protected branch: pushes to main are not allowed" in message
    assert "git push --atomic -- origin main v1.2.4" in message
    assert "remote 'origin' is unchanged" in message
    assert project.snapshot() == before
    assert project.remote_refs() == remote_before


def test_atomic_push_lands_branch_and_tag_together(project: GitRepo) -> None:
    gitrepo = Git(project.path)
    project.write("pyproject.toml", "changed\n")
    Plan(
        [
            CommitStep(gitrepo, ["pyproject.toml"], "chore(release): 1.2.4"),
            TagStep(gitrepo, "v1.2.4", "Release 1.2.4"),
            PushStep(gitrepo, "origin", ["main", "v1.2.4"]),
        ]
    ).apply()
    refs = project.remote_refs()
    head = project.git("rev-parse", "HEAD").strip()
    assert f"refs/heads/main {head}" in refs
    assert f"refs/tags/v1.2.4 {project.git('rev-parse', 'v1.2.4').strip()}" in refs
    assert git(project.remote, "cat-file", "-t", "v1.2.4").strip() == "tag"  # annotated


def test_failure_after_push_rolls_nothing_back_and_says_how_to_finish(project: GitRepo) -> None:
    gitrepo = Git(project.path)
    project.write("pyproject.toml", "changed\n")
    plan = Plan(
        [
            CommitStep(gitrepo, ["pyproject.toml"], "chore(release): 1.2.4"),
            TagStep(gitrepo, "v1.2.4", "Release 1.2.4"),
            PushStep(gitrepo, "origin", ["main", "v1.2.4"]),
            fail_step("upload refused"),
        ]
    )
    with pytest.raises(PlanFailed) as caught:
        plan.apply(finish_hint="to finish: releasekit publish")
    message = str(caught.value)
    assert "upload refused" in message
    assert "done: git push --atomic -- origin main v1.2.4" in message
    assert "to finish: releasekit publish" in message
    assert project.git("tag", "--list", "v1.2.4").strip() == "v1.2.4"  # kept


def test_tag_step_refuses_an_existing_tag(project: GitRepo) -> None:
    with pytest.raises(RefusedError, match=r"tag v1\.2\.3 already exists"):
        TagStep(Git(project.path), "v1.2.3", "again").apply()
    assert project.git("tag", "--list").split() == ["v1.2.3"]


def test_tag_rollback_leaves_a_moved_tag_alone(project: GitRepo) -> None:
    step = TagStep(Git(project.path), "v9", "Release 9")
    step.apply()
    project.git("tag", "-f", "-a", "v9", "-m", "someone else's", "HEAD")
    moved = project.git("rev-parse", "v9").strip()
    with pytest.raises(GitError):
        step.rollback()
    assert project.git("rev-parse", "v9").strip() == moved


def test_commit_refuses_a_detached_head(project: GitRepo) -> None:
    project.git("checkout", "-q", "--detach")
    with pytest.raises(RefusedError, match="detached"):
        CommitStep(Git(project.path), ["pyproject.toml"], "m").apply()
