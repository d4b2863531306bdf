"""Tests for releasekit.plan: describe, apply, rollback order, irreversible steps."""

from __future__ import annotations

import pytest

from releasekit.errors import ReleasekitError
from releasekit.plan import CallableStep, NullReporter, Plan, PlanFailed, Reporter, Step
from tests.conftest import Recorder


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
