"""``releasekit check --dist DIR``: the built artifacts carry the project's name and version.

Every sdist and wheel in ``DIR`` must name the project's current version in its filename and
in its metadata (``PKG-INFO`` / ``METADATA``), by PEP 440 equality, and belong to the project
(same normalized name). A directory with no distribution at all is a problem too: checking
nothing must not look like success.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from releasekit.errors import Problem

if TYPE_CHECKING:
    from releasekit.check.runner import CheckOptions
    from releasekit.project import Project

__all__ = ["check_dist", "dist_problems"]


def dist_problems(
    dist_dir: Path, name: str | None, version: str, *, root: Path | None = None
) -> list[Problem]:
    """Problems with the distributions in ``dist_dir`` for project ``name`` at ``version``.

    >>> [p.message for p in dist_problems(Path("/nonexistent"), "pkg", "1.0")]
    ['/nonexistent does not exist: run `releasekit build` first']
    """
    from packaging.utils import canonicalize_name

    from releasekit.dist.artifacts import (
        artifact_kind,
        inspect_artifact,
        read_artifact_metadata,
        same_version,
    )
    from releasekit.errors import BuildError
    from releasekit.files.paths import display_path

    directory = Path(dist_dir)
    if not directory.is_dir():
        return [Problem(f"{directory} does not exist: run `releasekit build` first")]
    files = sorted(p for p in directory.iterdir() if p.is_file() and artifact_kind(p))
    if not files:
        return [Problem(f"{directory} holds no sdist or wheel: run `releasekit build` first")]
    problems = []
    for path in files:
        shown = display_path(path, root)
        try:
            artifact = inspect_artifact(path)
            metadata = read_artifact_metadata(path)
        except BuildError as exc:
            problems.append(Problem(str(exc), shown))
            continue
        if name and canonicalize_name(artifact.name) != canonicalize_name(name):
            problems.append(Problem(f"belongs to {artifact.name}, not to {name}", shown))
            continue
        if not same_version(artifact.version, version):
            problems.append(
                Problem(
                    f"the filename says version {artifact.version}, the project is at "
                    f"{version}: run `releasekit build` again",
                    shown,
                )
            )
        if not same_version(metadata["Version"], version):
            problems.append(
                Problem(
                    f"its metadata says version {metadata['Version'] or '(none)'}, the project "
                    f"is at {version}: run `releasekit build` again",
                    shown,
                )
            )
    return problems


def check_dist(project: Project, options: CheckOptions) -> list[Problem]:
    """The ``--dist`` check: nothing to do unless ``options.dist`` is given.

    A relative ``--dist`` is taken from the project root.
    """
    if options.dist is None:
        return []
    directory = Path(options.dist)
    if not directory.is_absolute():
        directory = project.root / directory
    table = project.pyproject.get("project", {})
    name = table.get("name") if isinstance(table, dict) else None
    name = name if isinstance(name, str) else None
    return dist_problems(directory, name, project.version, root=project.root)
