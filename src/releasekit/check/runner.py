"""``releasekit check``: a list of independent checks, each returning the problems it found.

A check is a function ``(project, options) -> list[Problem]``. :data:`CHECKS` lists them in the
order they run; a check that needs a command-line option (``--tag``, ``--dist``) registers the
option it serves with :func:`register`, and :func:`run_checks` refuses an option no check serves
(exit 2) instead of silently ignoring it. To add one (in this module, so it is always loaded)::

    register(lazy("releasekit.git.tags:check_tag"), option="tag")

:func:`lazy` imports the implementing module only when the check runs, so ``check`` stays fast.

>>> Problem("versions disagree", "src/pkg/__init__.py", 3).format()
'src/pkg/__init__.py:3: versions disagree'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releasekit.errors import ReleasekitError, UsageError

if TYPE_CHECKING:
    from releasekit.project import Project

__all__ = [
    "CHECKS",
    "OPTION_CHECKS",
    "CheckFunction",
    "CheckOptions",
    "Problem",
    "check_interrupted_write",
    "check_locations_agree",
    "lazy",
    "register",
    "run_checks",
]


@dataclass(frozen=True)
class Problem:
    """One disagreement: what is wrong, and where (file relative to the root, 1-based line)."""

    message: str
    path: str | None = None
    line: int | None = None

    def format(self) -> str:
        """``file:line: message`` (as much of the location as is known)."""
        where = self.path or ""
        if self.path and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message

    def to_json(self) -> dict[str, Any]:
        """The problem as a JSON-ready dict."""
        return {"message": self.message, "file": self.path, "line": self.line}


@dataclass(frozen=True)
class CheckOptions:
    """What the user asked ``check`` to compare against, beyond the files."""

    tag: str | None = None
    dist: Path | None = None


CheckFunction = Callable[["Project", CheckOptions], list[Problem]]

#: The checks, in the order they run.
CHECKS: list[CheckFunction] = []
#: option name (``tag``, ``dist``) -> the check that serves it.
OPTION_CHECKS: dict[str, CheckFunction] = {}


def register(function: CheckFunction, *, option: str | None = None) -> CheckFunction:
    """Add ``function`` to :data:`CHECKS` (and to :data:`OPTION_CHECKS` for ``option``)."""
    CHECKS.append(function)
    if option is not None:
        OPTION_CHECKS[option] = function
    return function


def lazy(target: str) -> CheckFunction:
    """A check imported from ``"module:function"`` when it first runs."""
    module_name, _, attribute = target.partition(":")

    def run(project: Project, options: CheckOptions) -> list[Problem]:
        function: CheckFunction = getattr(importlib.import_module(module_name), attribute)
        return function(project, options)

    run.__name__ = attribute
    run.__qualname__ = attribute
    return run


def check_locations_agree(project: Project, options: CheckOptions) -> list[Problem]:
    """Every file location holds the same version as the primary one (PEP 440 equality).

    One problem per disagreeing location, naming the file, the line and the version found.
    """
    from releasekit.locations.spans import disagreeing

    try:
        locations = project.locations
    except ReleasekitError as exc:  # a declared location is missing: that is the finding
        return [Problem(line) for line in exc.lines()]
    if len(locations) < 2:
        return []
    primary = locations[0]
    return [
        Problem(
            f"version {location.version} ({location.kind}) differs from "
            f"{primary.version} in {primary.file}:{primary.line}",
            location.file,
            location.line,
        )
        for location in disagreeing(locations[1:], primary.version)
    ]


def check_interrupted_write(project: Project, options: CheckOptions) -> list[Problem]:
    """A journal left by an interrupted write: the files may be half-written."""
    from releasekit.files.journal import INTERRUPTED_FIX, relative_name

    journal = project.interrupted_write
    return (
        [] if journal is None else [Problem(INTERRUPTED_FIX, relative_name(journal, project.root))]
    )


register(check_interrupted_write)
register(check_locations_agree)
register(lazy("releasekit.check.tag:check_tag"), option="tag")
register(lazy("releasekit.check.dist:check_dist"), option="dist")
register(lazy("releasekit.changelog.file:check_changelog"))


def run_checks(project: Project, options: CheckOptions) -> list[Problem]:
    """Run every check; refuse (exit 2) an option that no registered check serves."""
    for option in ("tag", "dist"):
        if getattr(options, option) is not None and option not in OPTION_CHECKS:
            raise UsageError(
                f"--{option}: the {option} check is not available in this version of "
                "releasekit; run check without it"
            )
    problems: list[Problem] = []
    for function in CHECKS:
        problems.extend(function(project, options))
    return problems
