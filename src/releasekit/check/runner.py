"""``releasekit check``: a fixed list of independent checks, each returning its problems.

A check is a function ``(project, options) -> list[Problem]``. :data:`CHECKS` lists them in the
order they run. A check that needs a command-line option (``--tag``, ``--dist``) is named in
:data:`OPTION_CHECKS`, and :func:`run_checks` refuses an option that none of the checks it runs
serves (exit 2) instead of silently ignoring it. Each check imports what it needs (git, the
artifacts) inside its body, so listing them all here keeps ``check`` fast.

>>> CheckOptions(tag="v1.2.3").tag
'v1.2.3'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from releasekit.check.changelog import check_changelog
from releasekit.check.dist import check_dist
from releasekit.check.tag import check_tag
from releasekit.errors import Problem, ReleasekitError, UsageError

if TYPE_CHECKING:
    from releasekit.project import Project

__all__ = [
    "CHECKS",
    "OPTION_CHECKS",
    "CheckFunction",
    "CheckOptions",
    "check_interrupted_write",
    "check_locations_agree",
    "run_checks",
]


@dataclass(frozen=True)
class CheckOptions:
    """What the user asked ``check`` to compare against, beyond the files."""

    tag: str | None = None
    dist: Path | None = None


CheckFunction = Callable[["Project", CheckOptions], list[Problem]]


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
    from releasekit.files.journal import INTERRUPTED_FIX
    from releasekit.files.paths import display_path

    journal = project.interrupted_write
    return (
        [] if journal is None else [Problem(INTERRUPTED_FIX, display_path(journal, project.root))]
    )


#: The checks, in the order they run.
CHECKS: tuple[CheckFunction, ...] = (
    check_interrupted_write,
    check_locations_agree,
    check_tag,
    check_dist,
    check_changelog,
)
#: option name (``tag``, ``dist``) -> the check that serves it.
OPTION_CHECKS: Mapping[str, CheckFunction] = {"tag": check_tag, "dist": check_dist}


def run_checks(
    project: Project, options: CheckOptions, checks: Sequence[CheckFunction] | None = None
) -> list[Problem]:
    """Run ``checks`` (default :data:`CHECKS`) in order; refuse (exit 2) an option none serves."""
    if checks is None:
        checks = CHECKS
    for option, serving in OPTION_CHECKS.items():
        if getattr(options, option) is not None and serving not in checks:
            raise UsageError(
                f"--{option}: the {option} check is not available in this version of "
                "releasekit; run check without it"
            )
    problems: list[Problem] = []
    for function in checks:
        problems.extend(function(project, options))
    return problems
