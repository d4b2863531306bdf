"""``releasekit check``: the changelog can be edited and has the current version's section.

Nothing to say when there is no changelog. Otherwise: a file that does not decode, every
structural problem (duplicate or unparsable version headings, a misplaced ``[Unreleased]``)
with its line, and, once the file has any version section, a missing section for the
project's current version (matched by PEP 440 equality). A development release
(``2.5.0.dev0``) needs no section; a candidate (``1.3.0rc1``) has its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasekit.errors import ChangelogError, Problem, ReleasekitError

if TYPE_CHECKING:
    from releasekit.check.runner import CheckOptions
    from releasekit.project import Project

__all__ = ["check_changelog"]


def check_changelog(project: Project, options: CheckOptions | None = None) -> list[Problem]:
    """The changelog's problems, each with the file and line it is on.

    >>> import tempfile; from pathlib import Path
    >>> from releasekit.project import Project
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "pyproject.toml").write_text('[project]\\nname = "d"\\nversion = "1.0"\\n')
    >>> _ = (root / "CHANGELOG.md").write_text("## [Unreleased]\\n\\n## [0.9] - 2025-01-01\\n")
    >>> [p.format() for p in check_changelog(Project(root))]  # doctest: +ELLIPSIS
    ['CHANGELOG.md: no section for the current version 1.0 (versions present: 0.9, …); ...']
    """
    from releasekit.changelog.file import read_changelog
    from releasekit.files.paths import display_path, inside_root

    path = project.changelog_path
    try:
        inside_root(project.root, path, "changelog")
    except ReleasekitError as exc:
        return [Problem(line) for line in exc.lines()]
    if not path.is_file():
        return []
    display = display_path(path, project.root)
    try:
        _, log = read_changelog(path, display=display)
    except ReleasekitError as exc:
        return [Problem(line) for line in exc.lines()]
    problems = [Problem(p.message, display, p.line) for p in log.problems()]
    if problems or not log.releases:
        return problems
    try:
        version = project.version
    except ReleasekitError:
        return problems  # no readable version: the locations check says so
    if _is_development(version):
        return problems  # a development main (2.5.0.dev0) has nothing released to describe
    try:
        log.section(version)
    except ChangelogError:
        problems.append(
            Problem(
                f"no section for the current version {version} (versions present: "
                f"{', '.join(log.versions()[:3])}, …); 'releasekit bump' writes it, or add "
                f"'## [{version}] - YYYY-MM-DD' by hand",
                display,
            )
        )
    return problems


def _is_development(version: str) -> bool:
    from releasekit.version.pep440 import Pep440

    return Pep440.is_valid(version) and Pep440.parse(version).dev is not None
