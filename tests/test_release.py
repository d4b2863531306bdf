"""Tests for releasekit.release: the whole release plan on real repositories with a remote."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from releasekit.errors import ChangelogError, GitError, RefusedError, ReleasekitError
from releasekit.git.steps import PushStep
from releasekit.plan import CallableStep, PlanFailed
from releasekit.project import Project
from releasekit.release import (
    ArtifactSteps,
    GitOptions,
    ReleaseContext,
    ReleaseOptions,
    default_artifact_steps,
    plan_git_release,
    plan_release,
    plan_tag,
)
from tests.conftest import GitRepo, git

DATE = dt.date(2025, 2, 15)
CHANGELOG = """\
# Changelog

## [Unreleased]

## [1.2.3] - 2025-01-01

### Added

- The start.
"""


@pytest.fixture
def released(project: GitRepo) -> GitRepo:
    """The sample project with a changelog and two conventional commits since v1.2.3."""
    project.commit("docs: add a changelog", {"CHANGELOG.md": CHANGELOG})
    project.commit("fix: handle empty input")
    project.commit("feat: add --json output")
    project.git("push", "-q", "origin", "main")
    return project


def failing(description: str, *, irreversible: bool = False) -> CallableStep:
    """A step that fails when applied."""

    def action() -> None:
        raise ReleasekitError(f"{description} failed on purpose")

    return CallableStep(description, action, irreversible=irreversible)


def steps_factory(artifacts: ArtifactSteps) -> object:
    """An artifact-steps factory returning ``artifacts`` (and recording its context)."""
    seen: list[ReleaseContext] = []

    def factory(context: ReleaseContext) -> ArtifactSteps:
        seen.append(context)
        return artifacts

    factory.seen = seen  # type: ignore[attr-defined]
    return factory


def test_dry_run_describes_everything_and_changes_nothing(released: GitRepo) -> None:
    before, remote_before = released.snapshot(), released.remote_refs()
    plan = plan_release(
        Project(released.path), ReleaseOptions(publish=False, verify=False, date=DATE)
    )
    assert plan.describe().splitlines() == [
        "release 1.2.3 -> 1.3.0 from branch main, tag v1.3.0",
        "1. write 3 file(s)",
        "     pyproject.toml",
        "     src/sample_pkg/__init__.py",
        "     CHANGELOG.md",
        "2. git commit --only -m 'chore(release): 1.3.0' -- pyproject.toml "
        "src/sample_pkg/__init__.py CHANGELOG.md",
        "3. git tag --annotate --cleanup=whitespace -m 'Release 1.3.0' v1.3.0 HEAD",
        "4. git push --atomic -- origin refs/heads/main:refs/heads/main "
        "refs/tags/v1.3.0:refs/tags/v1.3.0",
    ]
    assert plan.facts["changelog_commits"] == 2
    assert released.snapshot() == before
    assert released.remote_refs() == remote_before


def test_release_commits_tags_and_pushes_atomically(released: GitRepo) -> None:
    released.write("notes.txt", "untracked, never committed\n")
    plan_release(
        Project(released.path), ReleaseOptions(publish=False, verify=False, date=DATE)
    ).apply()
    head = released.git("rev-parse", "HEAD").strip()
    assert released.git("log", "-1", "--format=%s").strip() == "chore(release): 1.3.0"
    assert sorted(released.git("show", "--name-only", "--format=", "HEAD").split()) == [
        "CHANGELOG.md",
        "pyproject.toml",
        "src/sample_pkg/__init__.py",
    ]
    assert released.git("cat-file", "-t", "v1.3.0").strip() == "tag"
    assert released.git("tag", "-l", "--format=%(contents:subject)", "v1.3.0").strip() == (
        "Release 1.3.0"
    )
    refs = released.remote_refs()
    assert f"refs/heads/main {head}" in refs
    assert "refs/tags/v1.3.0 " in refs
    assert released.git("status", "--porcelain") == "?? notes.txt\n"
    changelog = released.read("CHANGELOG.md").decode()
    assert "## [1.3.0] - 2025-02-15" in changelog
    added = changelog.index("### Added", changelog.index("[1.3.0]"))
    assert "--json output" in changelog[added : changelog.index("## [1.2.3]")]
    assert 'version = "1.3.0"' in released.read("pyproject.toml").decode()


def test_no_push_leaves_the_remote_alone(released: GitRepo) -> None:
    remote_before = released.remote_refs()
    plan = plan_release(
        Project(released.path),
        ReleaseOptions(publish=False, verify=False, part="patch", push=False),
    )
    assert not any(isinstance(step, PushStep) for step in plan.steps)
    plan.apply()
    assert released.git("tag", "--list", "v1.2.4").strip() == "v1.2.4"
    assert released.remote_refs() == remote_before


def test_rejected_push_rolls_everything_back(released: GitRepo) -> None:
    released.reject_pushes("pre-receive: main is protected")
    released.write("README.md", "staged, not part of the release\n")
    released.git("add", "README.md")
    before, remote_before = released.snapshot(), released.remote_refs()
    plan = plan_release(
        Project(released.path),
        ReleaseOptions(publish=False, verify=False, date=DATE, allow_dirty=True),
    )
    with pytest.raises(GitError) as caught:
        plan.apply()
    assert "pre-receive: main is protected" in str(caught.value)
    assert released.snapshot() == before
    assert released.remote_refs() == remote_before


def test_failure_before_push_rolls_back(released: GitRepo) -> None:
    before, remote_before = released.snapshot(), released.remote_refs()
    factory = steps_factory(ArtifactSteps(before_push=(failing("build"),)))
    plan = plan_release(
        Project(released.path),
        ReleaseOptions(publish=False, verify=False, date=DATE),
        artifact_steps=factory,  # type: ignore[arg-type]
    )
    assert plan.describe().splitlines()[-2:] == [
        "4. build",
        "5. git push --atomic -- origin refs/heads/main:refs/heads/main "
        "refs/tags/v1.3.0:refs/tags/v1.3.0",
    ]
    (context,) = factory.seen  # type: ignore[attr-defined]
    assert (context.old, context.new, context.tag) == ("1.2.3", "1.3.0", "v1.3.0")
    with pytest.raises(ReleasekitError, match="build failed on purpose"):
        plan.apply()
    assert released.snapshot() == before
    assert released.remote_refs() == remote_before


def test_failure_after_push_says_how_to_finish(released: GitRepo) -> None:
    upload = failing("upload to pypi", irreversible=True)
    upload.finish_command = "releasekit publish"  # type: ignore[attr-defined]
    factory = steps_factory(ArtifactSteps(after_push=(upload,)))
    plan = plan_release(
        Project(released.path),
        ReleaseOptions(publish=False, verify=False, date=DATE),
        artifact_steps=factory,  # type: ignore[arg-type]
    )
    with pytest.raises(PlanFailed) as caught:
        plan.apply()
    message = str(caught.value)
    assert (
        "done: git push --atomic -- origin refs/heads/main:refs/heads/main "
        "refs/tags/v1.3.0:refs/tags/v1.3.0" in message
    )
    assert "to finish the release by hand, run:\n  releasekit publish" in message
    assert released.git("tag", "--list", "v1.3.0").strip() == "v1.3.0"  # nothing undone


def test_push_failure_after_an_irreversible_step_names_the_push(released: GitRepo) -> None:
    released.reject_pushes("pre-receive: main is protected")
    upload = CallableStep("upload", lambda: None, irreversible=True)
    plan = plan_release(
        Project(released.path),
        ReleaseOptions(publish=False, verify=False, date=DATE),
        artifact_steps=lambda context: ArtifactSteps(before_push=(upload,)),
    )
    with pytest.raises(PlanFailed) as caught:
        plan.apply()
    assert (
        "  git push --atomic -- origin refs/heads/main:refs/heads/main "
        "refs/tags/v1.3.0:refs/tags/v1.3.0" in str(caught.value)
    )


def test_no_publish_means_no_artifact_steps(released: GitRepo) -> None:
    context = ReleaseContext(
        Project(released.path), ReleaseOptions(publish=False, verify=False), "1", "2", "v2"
    )
    assert default_artifact_steps(context) == ArtifactSteps()


def test_publish_builds_and_verifies_before_the_push_and_uploads_after(
    released: GitRepo,
) -> None:
    context = ReleaseContext(Project(released.path), ReleaseOptions(), "1.2.3", "1.3.0", "v1.3.0")
    steps = default_artifact_steps(context)
    before = [step.describe() for step in steps.before_push]
    after = [step.describe() for step in steps.after_push]
    assert before[0].startswith("build sdist and wheel of 1.3.0")
    assert "fresh venv" in before[1]
    assert after == [f"publish the 1.3.0 artifacts in {released.path / 'dist'} to pypi"]
    assert all(not step.irreversible for step in steps.before_push)
    assert steps.after_push[0].irreversible


def test_preflight_refusal_writes_nothing(released: GitRepo) -> None:
    released.commit("docs: a readme", {"README.md": "# sample\n"})
    released.git("push", "-q", "origin", "main")
    released.write("README.md", "# sample, edited\n")
    before = released.snapshot()
    with pytest.raises(RefusedError, match=r"modified: README\.md"):
        plan_release(Project(released.path), ReleaseOptions(publish=False, verify=False, date=DATE))
    assert released.snapshot() == before


def test_hotfix_branch_releases_a_patch(released: GitRepo) -> None:
    released.git("switch", "-q", "--no-track", "-c", "hotfix/v1.2.4", "v1.2.3")
    released.commit("feat: would be a minor on main", {"CHANGELOG.md": CHANGELOG})
    plan = plan_release(
        Project(released.path), ReleaseOptions(publish=False, verify=False, date=DATE, push=False)
    )
    assert (plan.old, plan.new, plan.tag) == ("1.2.3", "1.2.4", "v1.2.4")
    assert plan.facts["branch"] == "hotfix/v1.2.4"
    explicit = plan_release(
        Project(released.path),
        ReleaseOptions(publish=False, verify=False, part="minor", push=False),
    )
    assert explicit.new == "1.3.0"


def test_empty_changelog_is_refused_unless_allowed(project: GitRepo) -> None:
    project.commit("docs: add a changelog", {"CHANGELOG.md": CHANGELOG})
    with pytest.raises(ChangelogError, match=r"no entries.*allow_empty_changelog=True$"):
        plan_release(
            Project(project.path),
            ReleaseOptions(publish=False, verify=False, part="patch", date=DATE),
        )
    plan = plan_release(
        Project(project.path),
        ReleaseOptions(
            publish=False,
            verify=False,
            part="patch",
            date=DATE,
            allow_empty_changelog=True,
            push=False,
        ),
    )
    assert plan.new == "1.2.4"


def test_changelog_collection_can_be_turned_off(released: GitRepo) -> None:
    by_hand = CHANGELOG.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Fixed\n\n- By hand.\n")
    released.commit("docs: hand-written entry", {"CHANGELOG.md": by_hand})
    plan = plan_release(
        Project(released.path),
        ReleaseOptions(publish=False, verify=False, date=DATE, collect_changelog=False, push=False),
    )
    plan.apply()
    changelog = released.read("CHANGELOG.md").decode()
    assert "- By hand." in changelog
    assert "--json output" not in changelog


def test_bump_commit_only(project: GitRepo) -> None:
    bump = Project(project.path).plan_bump("patch")
    options = GitOptions(tag=False, push=False)
    plan = plan_git_release(Project(project.path), bump, options)
    assert [s.describe().split()[:2] for s in plan.steps] == [
        ["write", "2"],
        ["git", "commit"],
    ]
    plan.apply()
    assert project.git("tag", "--list").split() == ["v1.2.3"]
    assert project.git("status", "--porcelain") == ""


def test_tag_plan_with_codename_and_push(project: GitRepo, tmp_path: Path) -> None:
    pyproject = project.read("pyproject.toml").decode().replace("1.2.3", "1.3.0")
    project.commit(
        "chore: next",
        {"pyproject.toml": pyproject, "src/sample_pkg/__init__.py": '__version__ = "1.3.0"\n'},
    )
    plan = plan_tag(Project(project.path), codename="Genesis", push=True)
    assert [s.describe() for s in plan.steps] == [
        "git tag --annotate --cleanup=whitespace -m 'Release 1.3.0: Genesis' v1.3.0 HEAD",
        # The remote lacks the tagged commit: it goes with the tag, atomically.
        "git push --atomic -- origin refs/heads/main:refs/heads/main "
        "refs/tags/v1.3.0:refs/tags/v1.3.0",
    ]
    plan.apply()
    assert git(project.remote, "tag", "-l", "--format=%(contents)", "v1.3.0").strip() == (
        "Release 1.3.0: Genesis"
    )


def test_not_a_repository(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1.0.0"\n')
    with pytest.raises(RefusedError, match="not in a git repository"):
        plan_release(Project(tmp_path), ReleaseOptions(publish=False, verify=False, part="patch"))


def test_calver_hotfix_adds_a_counter_instead_of_a_new_date(repo: GitRepo) -> None:
    pyproject = (
        '[project]\nname = "cal"\nversion = "25.02.15"\n\n[tool.releasekit]\nscheme = "calver"\n'
    )
    repo.commit("chore: start", {"pyproject.toml": pyproject})
    repo.tag("v25.02.15", "Release 25.02.15")
    repo.git("switch", "-q", "-c", "hotfix/v25.02.15.1")
    repo.commit("fix: urgent")
    plan = plan_release(
        Project(repo.path),
        ReleaseOptions(publish=False, verify=False, date=dt.date(2025, 3, 1), push=False),
    )
    assert (plan.new, plan.tag) == ("25.02.15.1", "v25.02.15.1")
    on_main = plan_release(
        Project(repo.path),
        ReleaseOptions(
            publish=False, verify=False, part="calver", date=dt.date(2025, 3, 1), push=False
        ),
    )
    assert on_main.new == "25.03.01"
