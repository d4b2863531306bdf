"""Plan, then apply: a release is a list of steps that describe and apply themselves.

A :class:`Step` knows how to say what it will do (``describe``), do it (``apply``) and undo
it (``rollback``). A :class:`Plan` applies its steps in order; when one fails it rolls back the
steps already applied, newest first, and re-raises. A step marked ``irreversible`` (an upload,
a push) ends rollback: once it has run, a later failure is reported with what was done and how
to finish, instead of pretending the world can be put back.

Every command that writes (``bump``, ``changelog``, ``init``, ``hotfix``, ``tag``, ``release``,
``publish``) has a library function ``plan_<command>(project, ...)`` returning a :class:`Plan`.
``--dry-run`` prints :meth:`Plan.describe` and :meth:`Plan.diff` and applies nothing: the
printed plan *is* the plan the real run applies.

>>> log = []
>>> plan = Plan([CallableStep("say hi", lambda: log.append("hi"))])
>>> print(plan.describe())
1. say hi
>>> plan.apply()
>>> log
['hi']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from releasekit.errors import ReleasekitError

if TYPE_CHECKING:
    import logging

    from releasekit.files.edits import FileEdit

__all__ = [
    "CallableStep",
    "Diffable",
    "NullReporter",
    "Plan",
    "PlanFailed",
    "Reporter",
    "Step",
]


def _logger() -> logging.Logger:
    # logging is imported on first use: a command that reports nothing never loads it.
    import logging

    return logging.getLogger("releasekit")


@runtime_checkable
class Reporter(Protocol):
    """Where the library sends progress; the CLI decides how it looks."""

    def info(self, message: str) -> None:
        """A step started, finished, or something worth saying happened."""

    def warn(self, message: str) -> None:
        """Something the user should know about that does not stop the release."""


class NullReporter:
    """A reporter that only logs (the default for library callers)."""

    def info(self, message: str) -> None:
        """Log ``message`` at INFO level."""
        _logger().info(message)

    def warn(self, message: str) -> None:
        """Log ``message`` at WARNING level."""
        _logger().warning(message)


@runtime_checkable
class Step(Protocol):
    """One side effect of a plan."""

    #: True for side effects that cannot be undone (an upload, a push).
    irreversible: bool

    def describe(self) -> str:
        """One line (more may follow, indented) saying exactly what ``apply`` will do."""

    def apply(self) -> None:
        """Do it. Raise a :class:`ReleasekitError` on failure."""

    def rollback(self) -> None:
        """Undo a successful ``apply`` (never called for irreversible steps)."""


@dataclass
class CallableStep:
    """A step built from functions; handy for small steps and tests."""

    description: str
    action: Callable[[], object]
    undo: Callable[[], object] | None = None
    irreversible: bool = False

    def describe(self) -> str:
        """Return the description given at construction."""
        return self.description

    def apply(self) -> None:
        """Call the action."""
        self.action()

    def rollback(self) -> None:
        """Call the undo function, if any."""
        if self.undo is not None:
            self.undo()


class PlanFailed(ReleasekitError):
    """A step failed after an irreversible one: nothing was rolled back.

    The message lists what was done and how to finish by hand.
    """


@dataclass
class Plan:
    """An ordered list of steps, applied all together or (up to an irreversible step) not at all.

    ``title`` heads :meth:`describe`; ``old``, ``new`` and ``tag`` are the versions and the
    tag the plan is about (None where they do not apply); ``facts`` holds what else the
    planner computed (``command``: the command's name, the branch, the remote, counts),
    JSON-ready, for callers and ``--json``.

    >>> from releasekit.plan import CallableStep
    >>> plan = Plan([CallableStep("git tag v1.1", lambda: None)], title="tag 1.1", new="1.1")
    >>> print(plan.describe())
    tag 1.1
    1. git tag v1.1
    >>> plan.diff(), plan.files
    ('', ())
    """

    steps: Sequence[Step] = ()
    title: str = ""
    old: str | None = None
    new: str | None = None
    tag: str | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)
    #: Set by :meth:`apply`: the steps that completed, in order.
    done: list[Step] = field(default_factory=list)

    @property
    def edits(self) -> tuple[FileEdit, ...]:
        """Every file edit the steps write, in order (steps with an ``edits`` attribute)."""
        return tuple(edit for step in self.steps for edit in getattr(step, "edits", ()))

    @property
    def files(self) -> tuple[Path, ...]:
        """The files whose bytes change."""
        return tuple(Path(edit.path) for edit in self.edits if edit.changed)

    def describe(self) -> str:
        """The title, then the numbered plan, one step a line (continuation lines indented)."""
        lines = [self.title] if self.title else []
        for number, step in enumerate(self.steps, start=1):
            first, *rest = step.describe().splitlines() or [""]
            lines.append(f"{number}. {first}")
            lines.extend(f"   {line}" for line in rest)
        return "\n".join(lines)

    def diff(self) -> str:
        """The unified diff of every file the plan writes ("" when it writes none)."""
        return "".join(step.diff() for step in self.steps if isinstance(step, Diffable))

    def apply(self, reporter: Reporter | None = None, *, finish_hint: str = "") -> None:
        """Apply every step; on failure roll back what was done, newest first, and re-raise.

        If an irreversible step already ran, nothing is rolled back and :class:`PlanFailed`
        is raised, naming the steps done, the step that failed, ``finish_hint`` and the
        commands that finish the job by hand (a step's ``finish_command`` or ``command``).
        """
        report = reporter or NullReporter()
        self.done = []
        try:
            for step in self.steps:
                try:
                    step.apply()
                except BaseException as exc:
                    self._recover(step, exc, report, finish_hint)
                    raise
                self.done.append(step)
                report.info(step.describe().splitlines()[0] if step.describe() else "")
        finally:
            # Steps that keep something to undo with (the originals of written files) let it
            # go once nothing will be undone: the plan finished, failed, or was rolled back.
            for step in self.done:
                finish = getattr(step, "finish", None)
                if callable(finish):
                    finish()

    def _finish_commands(self) -> str:
        remaining = list(self.steps)[len(self.done) :]
        commands = [_finish_command(step) for step in remaining]
        what = self.facts.get("command", "plan")
        return "\n".join([f"to finish the {what} by hand, run:", *commands])

    def _recover(
        self, failed: Step, exc: BaseException, report: Reporter, finish_hint: str
    ) -> None:
        if any(step.irreversible for step in self.done):
            done = "\n".join(f"  done: {s.describe().splitlines()[0]}" for s in self.done)
            hint = f"\n{finish_hint}" if finish_hint else ""
            raise PlanFailed(
                f"{failed.describe().splitlines()[0]} failed: {exc}\n"
                f"nothing was rolled back, because these steps cannot be undone:\n{done}\n"
                f"{self._finish_commands()}{hint}"
            ) from exc
        rollback_errors = []
        for step in reversed(self.done):
            try:
                step.rollback()
            except Exception as undo_exc:  # keep undoing the rest; report at the end
                rollback_errors.append(f"{step.describe().splitlines()[0]}: {undo_exc}")
        if rollback_errors:
            for message in rollback_errors:
                report.warn(f"rollback incomplete: {message}")
        elif self.done:
            report.warn(f"rolled back {len(self.done)} step(s); nothing was changed")


@runtime_checkable
class Diffable(Protocol):
    """A step that writes files and can show the unified diff of what it writes."""

    def diff(self) -> str:
        """The unified diff of the step's writes."""


def _finish_command(step: Step) -> str:
    command = getattr(step, "finish_command", None) or getattr(step, "command", None)
    return f"  {command or step.describe().splitlines()[0]}"
