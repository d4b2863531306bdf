"""The one way a command runs a :class:`~releasekit.plan.Plan`: dry-run, ``--json`` and errors.

Every writing command builds its plan with the library and hands it to :func:`run_plan`:

- ``--dry-run`` prints ``plan.describe()`` and ``plan.diff()`` (or the command's own
  preview), says ``dry run: nothing was changed`` on stderr, and writes nothing;
- otherwise the plan is applied (progress and rollback warnings on stderr) and the command's
  ``done`` function prints the result;
- ``--json`` prints one JSON object instead: the plan's versions, steps, files and facts, and
  under ``--json`` an error is ``{"error": {...}}`` on stdout as well as ``error:`` lines.

:func:`plan_options` adds the ``--dry-run`` and ``--json`` options to a command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from releasekit.cli import State, echo_diff, emit_json
from releasekit.errors import NothingToRelease, ReleasekitError

if TYPE_CHECKING:
    from releasekit.plan import Plan

__all__ = ["plan_options", "run_plan"]

F = TypeVar("F", bound=Callable[..., Any])


def plan_options(dry_run_help: str) -> Callable[[F], F]:
    """The ``--dry-run`` (with ``dry_run_help``) and ``--json`` options of a writing command."""

    def decorate(command: F) -> F:
        command = click.option(
            "--json", "as_json", is_flag=True, help="Print the plan and its result as JSON."
        )(command)
        return click.option("--dry-run", is_flag=True, help=dry_run_help)(command)

    return decorate


def _default_preview(plan: Plan) -> None:
    if plan.steps or plan.title:
        click.echo(plan.describe())
    echo_diff(plan.diff())


def plan_json(plan: Plan, *, dry_run: bool) -> dict[str, Any]:
    """The JSON object of a plan (and, after it ran, which steps were done)."""
    facts = dict(plan.facts)
    return {
        "command": facts.pop("command", None),
        "dry_run": dry_run,
        "old": plan.old,
        "new": plan.new,
        "tag": plan.tag,
        "steps": [step.describe() for step in plan.steps],
        "done": len(plan.done),
        "files": [str(path) for path in plan.files],
        **facts,
    }


def run_plan(
    state: State,
    build: Callable[[], Plan],
    *,
    dry_run: bool,
    as_json: bool = False,
    preview: Callable[[Plan], None] = _default_preview,
    dry_note: Callable[[Plan], str] = lambda plan: "dry run: nothing was changed",
    done: Callable[[Plan], None] | None = None,
    refuse: Callable[[Plan], ReleasekitError | None] | None = None,
    json_extra: Callable[[Plan, bool], dict[str, Any]] | None = None,
    report: Callable[[Plan, bool], None] | None = None,
    nothing: str | None = None,
) -> Plan:
    """Build the plan, then preview it (``dry_run``) or apply it; return it.

    ``refuse`` may return an error that stops the command after the preview (a dry run
    answers as the real run would) or before anything is applied. ``json_extra(plan,
    dry_run)`` adds the command's own keys to the ``--json`` object; ``report(plan, dry_run)``
    runs last (what the CI is told). With ``nothing`` (the command's name), a
    :class:`~releasekit.errors.NothingToRelease` from ``build`` is an answer, not an error:
    it is said, the CI is told ``released=false``, and the command exits 0.
    """

    def as_object(plan: Plan, dry_run: bool) -> dict[str, Any]:
        data = plan_json(plan, dry_run=dry_run)
        if json_extra is not None:
            data.update(json_extra(plan, dry_run))
        return data

    # An error is shown (and, under --json, printed as JSON) by the group, for every command.
    try:
        plan = build()
    except NothingToRelease as exc:
        if nothing is None:
            raise
        from releasekit.cli.ci_report import nothing_to_release

        nothing_to_release(state, state.project(), exc, nothing, as_json=as_json, dry_run=dry_run)
        raise click.exceptions.Exit(0) from None
    refusal = refuse(plan) if refuse is not None else None
    if dry_run:
        if as_json:
            emit_json(as_object(plan, True))
        else:
            preview(plan)
            note = dry_note(plan)
            if note:
                state.reporter.say(note)
        if refusal is not None:
            raise refusal
    else:
        if refusal is not None:
            raise refusal
        plan.apply(state.reporter)
        if as_json:
            emit_json(as_object(plan, False))
        elif done is not None:
            done(plan)
    if report is not None:
        report(plan, dry_run)
    return plan
