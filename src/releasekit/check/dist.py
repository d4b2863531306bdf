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

__all__ = ["check_dist", "dist_problems", "dist_summary", "member_dist_problems"]


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


def _owner(problem_path: str | None, message: str) -> str | None:
    """The normalized project name of the file a set problem is about, read from its
    filename (the problem's path, else a filename the message starts with); None: no file."""
    from packaging.utils import (
        InvalidSdistFilename,
        InvalidWheelFilename,
        canonicalize_name,
        parse_sdist_filename,
        parse_wheel_filename,
    )

    filename = Path(problem_path).name if problem_path else message.split(" ", 1)[0]
    try:
        if filename.endswith(".whl"):
            return str(canonicalize_name(parse_wheel_filename(filename)[0]))
        return str(canonicalize_name(parse_sdist_filename(filename)[0]))
    except (InvalidSdistFilename, InvalidWheelFilename):
        return None


def member_dist_problems(
    dist_dir: Path,
    members: list[tuple[str, str, WheelExpectation | None]],
    *,
    root: Path | None = None,
) -> list[Problem]:
    """The complete-set check of every package of a release in one directory: ``members``
    are ``(name, version, expectation)``, one per package (a lockstep release of a monorepo).

    Each package's files are checked as its own release; a problem that is not about one
    file is prefixed with the package's name, and a file of no package at all is reported
    once.

    >>> [p.message for p in member_dist_problems(Path("/nowhere"), [("a", "1.0", None)])]
    ['/nowhere does not exist: run `releasekit build` first']
    """
    from packaging.utils import canonicalize_name

    from releasekit.dist.expected import WheelExpectation
    from releasekit.dist.wheelset import find_dist_files

    directory = Path(dist_dir)
    if not directory.is_dir() or not find_dist_files(directory):
        name, version, expectation = members[0]
        return dist_problems(directory, name, version, root=root, expectation=expectation)
    keys = {str(canonicalize_name(name)) for name, _, _ in members}
    problems: list[Problem] = []
    strangers: dict[str, Problem] = {}
    for name, version, expectation in members:
        own = str(canonicalize_name(name))
        found = dist_problems(
            directory, name, version, root=root, expectation=expectation or WheelExpectation.pure()
        )
        for problem in found:
            owner = _owner(problem.path, problem.message)
            if owner is not None and owner != own:
                if owner not in keys and problem.path is not None:
                    # Reported once, not once per package that does not own it.
                    strangers.setdefault(
                        problem.path,
                        Problem(
                            f"belongs to no package of the release ({', '.join(sorted(keys))})",
                            problem.path,
                        ),
                    )
                continue  # another package's file: its own check covers it
            if problem.path is None:
                problem = Problem(f"{name}: {problem.message}")
            problems.append(problem)
    return problems + list(strangers.values())
