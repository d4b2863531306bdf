"""``notes v1.5.0`` in a lockstep monorepo: the notes of every package the tag releases.

In lockstep the one tag releases every package, so its GitHub release body holds each
package's section of that version, under a heading with the package's name, in the
workspace's order. A package without a changelog has nothing to add; one whose changelog has
no section for the version is an error (``check --tag`` reports it before the release). Two
packages that share one changelog file show it once.

>>> combined([("a", "### Added\\n\\n- A thing."), ("b", "### Fixed\\n\\n- A bug.")])
'## a\\n\\n### Added\\n\\n- A thing.\\n\\n## b\\n\\n### Fixed\\n\\n- A bug.'
"""

from __future__ import annotations

from collections.abc import Sequence

from releasekit.changelog.file import release_notes
from releasekit.errors import ChangelogError
from releasekit.plan import Reporter
from releasekit.project import Project
from releasekit.workspace.members import Workspace

__all__ = ["combined", "lockstep_notes"]


def combined(sections: Sequence[tuple[str, str]]) -> str:
    """One release body from ``(package name, section text)`` pairs."""
    return "\n\n".join(f"## {name}\n\n{text.strip()}" for name, text in sections)


def lockstep_notes(
    workspace: Workspace,
    version_or_tag: str,
    *,
    links: bool = False,
    reporter: Reporter | None = None,
) -> tuple[Project, str]:
    """The first package's project and the notes of every package of the lockstep
    ``workspace`` for ``version_or_tag`` (see the module). Raises :class:`ChangelogError`
    when no package has a changelog, or one has no section for the version."""
    sections: list[tuple[str, str]] = []
    seen: set[str] = set()
    first: Project | None = None
    for package in workspace.packages:
        if not package.name:
            continue
        project = Project(package.path(workspace.root), reporter=reporter)
        first = first or project
        path = str(project.changelog_path.resolve())
        if path in seen or not project.changelog_path.is_file():
            continue
        seen.add(path)
        try:
            text = release_notes(project, version_or_tag, links=links)
        except ChangelogError as exc:
            # Name the file from the repository root: every package's is CHANGELOG.md.
            message, own = str(exc), project.config.changelog
            if message.startswith(own) and package.changelog != own:
                message = package.changelog + message[len(own) :]
            raise ChangelogError(message) from None
        sections.append((package.name, text))
    if first is None or not sections:
        raise ChangelogError(
            f"no package of the lockstep monorepo at {workspace.root} has a changelog, so "
            f"there are no release notes of {version_or_tag}; create them with "
            "'releasekit changelog --all'"
        )
    return first, combined(sections)
