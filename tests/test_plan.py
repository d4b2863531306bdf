"""Tests for releasekit.plan: describe, diff, apply, rollback order, irreversible steps, and
the plan of every writing command on a real repository (planning writes nothing; a failure
after the last step puts files, index, refs and HEAD back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from releasekit.changelog.collect import plan_changelog
from releasekit.errors import ReleasekitError
from releasekit.git.hotfix import plan_hotfix
from releasekit.init.scaffold import plan_init
from releasekit.plan import CallableStep, Diffable, NullReporter, Plan, PlanFailed, Reporter, Step
from releasekit.project import Project
from releasekit.release import GitOptions, ReleaseOptions, plan_git_release, plan_release, plan_tag
from tests.conftest import GitRepo, Recorder


def _steps(log: list[str], fail_at: str | None = None, irreversible: str = "") -> list[Step]:
    def action(name: str) -> None:
        if name == fail_at:
            raise ReleasekitError(f"{name} broke")
        log.append(f"do {name}")

    return [
        CallableStep(
            f"step {name}",
            lambda n=name: action(n),  # type: ignore[misc]
            lambda n=name: log.append(f"undo {n}"),  # type: ignore[misc]
            irreversible=name == irreversible,
        )
        for name in ("a", "b", "c")
    ]


def test_describe_numbers_steps_and_indents_continuations() -> None:
    plan = Plan(
        [
            CallableStep("write files\npyproject.toml\nCHANGELOG.md", lambda: None),
            CallableStep("git tag v1", lambda: None),
        ]
    )
    assert plan.describe() == ("1. write files\n   pyproject.toml\n   CHANGELOG.md\n2. git tag v1")


def test_apply_runs_every_step_in_order_and_reports() -> None:
    log: list[str] = []
    reporter = Recorder()
    plan = Plan(_steps(log))
    plan.apply(reporter)
    assert log == ["do a", "do b", "do c"]
    assert reporter.infos == ["step a", "step b", "step c"]
    assert [s.describe() for s in plan.done] == ["step a", "step b", "step c"]


def test_failure_rolls_back_done_steps_newest_first() -> None:
    log: list[str] = []
    reporter = Recorder()
    with pytest.raises(ReleasekitError, match="c broke"):
        Plan(_steps(log, fail_at="c")).apply(reporter)
    assert log == ["do a", "do b", "undo b", "undo a"]
    assert reporter.warnings == ["rolled back 2 step(s); nothing was changed"]


def test_failure_in_first_step_rolls_back_nothing() -> None:
    log: list[str] = []
    with pytest.raises(ReleasekitError):
        Plan(_steps(log, fail_at="a")).apply(Recorder())
    assert log == []


def test_failure_after_irreversible_step_does_not_roll_back() -> None:
    log: list[str] = []
    with pytest.raises(PlanFailed) as info:
        Plan(_steps(log, fail_at="c", irreversible="b")).apply(
            Recorder(), finish_hint="run: releasekit publish"
        )
    assert log == ["do a", "do b"]
    message = str(info.value)
    assert "step c failed: c broke" in message
    assert "done: step a" in message
    assert "done: step b" in message
    assert message.endswith("run: releasekit publish")


def test_rollback_keeps_going_after_an_undo_fails() -> None:
    log: list[str] = []

    def bad_undo() -> None:
        raise OSError("disk gone")

    steps: list[Step] = [
        CallableStep("a", lambda: log.append("do a"), lambda: log.append("undo a")),
        CallableStep("b", lambda: log.append("do b"), bad_undo),
        CallableStep("c", lambda: (_ for _ in ()).throw(ReleasekitError("c broke"))),
    ]
    reporter = Recorder()
    with pytest.raises(ReleasekitError, match="c broke"):
        Plan(steps).apply(reporter)
    assert log == ["do a", "do b", "undo a"]
    assert reporter.warnings == ["rollback incomplete: b: disk gone"]


def test_reporters_satisfy_the_protocol() -> None:
    assert isinstance(NullReporter(), Reporter)
    assert isinstance(Recorder(), Reporter)
    assert isinstance(CallableStep("x", lambda: None), Step)


# -- every command's plan on a real repository --------------------------------------------------

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2025-01-01\n\n- First.\n"


def _bump(path: Path) -> Plan:
    return Project(path).plan_bump("minor", dt.date(2025, 2, 15), allow_empty_changelog=True)


def _bump_commit_tag(path: Path) -> Plan:
    project = Project(path)
    bump = project.plan_bump("minor", dt.date(2025, 2, 15), allow_empty_changelog=True)
    return plan_git_release(project, bump, GitOptions(push=False))


def _release(path: Path) -> Plan:
    options = ReleaseOptions(push=False, publish=False, verify=False, date=dt.date(2025, 2, 15))
    return plan_release(Project(path), options)


def _tag(path: Path) -> Plan:
    return plan_tag(Project(path))


#: (id, planner, a line its description holds, the steps' first words)
PLANNERS: list[tuple[str, Callable[[Path], Plan], str, list[str]]] = [
    ("bump", _bump, "bump 1.2.3 -> 1.3.0", ["write"]),
    ("bump-commit-tag", _bump_commit_tag, "release 1.2.3 -> 1.3.0", ["write", "git", "git"]),
    ("changelog", lambda p: plan_changelog(Project(p)), "1. update CHANGELOG.md", ["update"]),
    ("init", lambda p: plan_init(p), "create .github/workflows/release.yml", ["add", "create"]),
    ("hotfix", lambda p: plan_hotfix(Project(p), "v1.2.3"), "git switch", ["git"]),
    ("tag", _tag, "git tag --annotate", ["git"]),
    ("release", _release, "from branch main, tag v1.3.0", ["write", "git", "git"]),
]


@pytest.fixture
def ready(project: GitRepo) -> GitRepo:
    """The sample project with a changelog and two releasable commits since v1.2.3."""
    project.commit("docs: add a changelog", {"CHANGELOG.md": CHANGELOG})
    project.commit("feat: a --json option", {"src/sample_pkg/cli.py": "JSON = True\n"})
    return project


def _untag_for(name: str, repo: GitRepo) -> None:
    if name == "tag":  # v1.2.3 untagged here and on the remote: `releasekit tag` makes it
        repo.git("tag", "-d", "v1.2.3")
        repo.git("push", "-q", "origin", ":refs/tags/v1.2.3")


@pytest.mark.parametrize(
    ("name", "planner", "described", "first_words"), PLANNERS, ids=[p[0] for p in PLANNERS]
)
def test_each_plan_describes_itself_and_planning_writes_nothing(
    ready: GitRepo,
    name: str,
    planner: Callable[[Path], Plan],
    described: str,
    first_words: list[str],
) -> None:
    _untag_for(name, ready)
    before = ready.snapshot()
    plan = planner(ready.path)
    assert ready.snapshot() == before
    assert described in plan.describe()
    assert [step.describe().split()[0] for step in plan.steps][: len(first_words)] == first_words
    assert plan.diff() == "".join(step.diff() for step in plan.steps if isinstance(step, Diffable))
    for edit in plan.edits:
        assert f"+++ b/{Path(edit.path).relative_to(ready.path).as_posix()}" in plan.diff()


@pytest.mark.parametrize(
    ("name", "planner", "described", "first_words"), PLANNERS, ids=[p[0] for p in PLANNERS]
)
def test_a_failure_after_every_step_rolls_the_repository_back(
    ready: GitRepo,
    name: str,
    planner: Callable[[Path], Plan],
    described: str,
    first_words: list[str],
) -> None:
    _untag_for(name, ready)
    before = ready.snapshot()
    plan = planner(ready.path)

    def fail() -> None:
        raise ReleasekitError("injected failure")

    plan.steps = [*plan.steps, CallableStep("fail on purpose", fail)]
    reporter = Recorder()
    with pytest.raises(ReleasekitError, match="injected failure"):
        plan.apply(reporter)
    assert ready.snapshot() == before
    assert not (ready.path / ".github").exists()  # directories made for new files are gone
    assert reporter.warnings == [f"rolled back {len(plan.steps) - 1} step(s); nothing was changed"]


def test_apply_then_the_same_plan_again_is_refused_and_changes_nothing(ready: GitRepo) -> None:
    plan = _bump(ready.path)
    plan.apply()
    after = ready.snapshot()
    stale = Plan(list(plan.steps))
    with pytest.raises(ReleasekitError, match="changed since the plan was made"):
        stale.apply()
    assert ready.snapshot() == after


def test_diff_is_empty_without_file_steps() -> None:
    plan = Plan([CallableStep("git tag v1", lambda: None)])
    assert plan.diff() == ""
    assert plan.edits == ()
    assert plan.files == ()
