"""``releasekit check --dist DIR``: the built artifacts are one complete release of the project.

The distributions in ``DIR`` (and its sub-directories: one per CI artifact) go through the
complete-set check (:func:`releasekit.dist.wheelset.check_wheel_set`): every file belongs to
the project and names its current version in its filename and its metadata (PEP 440
equality), no file is there twice and no platform is built twice, there is one sdist, and the
wheels cover what the project expects (``expect-wheels`` in ``[tool.releasekit]``, else what
cibuildwheel builds for an extension project, else one ``py3-none-any`` wheel); what is
missing is listed. A directory with no distribution at all is a problem too: checking
nothing must not look like success.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from releasekit.errors import Problem

if TYPE_CHECKING:
    from releasekit.check.runner import CheckOptions
    from releasekit.dist.expected import WheelExpectation
    from releasekit.project import Project

__all__ = ["check_dist", "dist_problems", "dist_summary"]


def dist_problems(
    dist_dir: Path,
    name: str | None,
    version: str,
    *,
    root: Path | None = None,
    expectation: WheelExpectation | None = None,
) -> list[Problem]:
    """Problems with the release set in ``dist_dir`` for project ``name`` at ``version``.

    ``expectation`` defaults to one pure wheel; files are named relative to ``root``.

    >>> [p.message for p in dist_problems(Path("/nonexistent"), "pkg", "1.0")]
    ['/nonexistent does not exist: run `releasekit build` first']
    """
    from releasekit.dist.expected import WheelExpectation
    from releasekit.dist.wheelset import check_wheel_set

    directory = Path(dist_dir)
    report = check_wheel_set(directory, name, version, expectation or WheelExpectation.pure())
    shown = directory
    if root is not None and directory.is_relative_to(root):
        shown = directory.relative_to(root)
    return [
        Problem(problem.message, (shown / problem.path).as_posix() if problem.path else None)
        for problem in report.problems
    ]


def _directory(project: Project, dist: Path) -> Path:
    return Path(dist) if Path(dist).is_absolute() else project.root / dist


def _name(project: Project) -> str | None:
    table = project.pyproject.get("project", {})
    name = table.get("name") if isinstance(table, dict) else None
    return name if isinstance(name, str) else None


def dist_summary(project: Project, dist: Path) -> str:
    """The line ``check --dist`` prints for a set that passed: what it holds, what was expected.

    Call it after :func:`check_dist` found nothing.
    """
    from releasekit.dist.expected import expectation_for
    from releasekit.dist.wheelset import check_wheel_set
    from releasekit.files.paths import display_path

    directory = _directory(project, dist)
    expectation = expectation_for(project.root, project.pyproject, project.config.expect_wheels)
    report = check_wheel_set(directory, _name(project), project.version, expectation)
    extra = f", {len(report.unexpected)} more" if report.unexpected else ""
    return (
        f"ok: {display_path(directory, project.root)} holds the complete {project.version} set: "
        f"the sdist and {len(report.wheels)} wheel(s) ({len(expectation.wheels)} expected{extra})"
    )


def check_dist(project: Project, options: CheckOptions) -> list[Problem]:
    """The ``--dist`` check: nothing to do unless ``options.dist`` is given.

    A relative ``--dist`` is taken from the project root.
    """
    if options.dist is None:
        return []
    from releasekit.dist.expected import expectation_for

    directory = _directory(project, options.dist)
    expectation = expectation_for(project.root, project.pyproject, project.config.expect_wheels)
    return dist_problems(
        directory, _name(project), project.version, root=project.root, expectation=expectation
    )
