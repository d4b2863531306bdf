"""``releasekit check --tag TAG``: the tag, every version file and the changelog agree.

This is what a tag-push workflow runs before it builds and uploads, on a checkout made with
``fetch-depth: 1``: a detached HEAD, no branch, no other tag and no history. So the check
reads only the work tree and the one tag: the version the tag names (through the project's
tag format) must equal, by PEP 440, the version in every file, and the changelog must have a
section for it. In a repository the tag must exist here (a mistyped or deleted tag is a
problem, not a pass) and point at the checked-out commit.

>>> from releasekit.errors import Problem
>>> Problem("tag v1.2.4 names 1.2.4, but the file says 1.2.3", "pyproject.toml", 3).format()
'pyproject.toml:3: tag v1.2.4 names 1.2.4, but the file says 1.2.3'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasekit.errors import Problem, ReleasekitError

if TYPE_CHECKING:
    from releasekit.check.runner import CheckOptions
    from releasekit.project import Project

__all__ = [
    "check_tag",
    "tag_changelog_problems",
    "tag_file_problems",
    "tag_target_problems",
]


def check_tag(project: Project, options: CheckOptions) -> list[Problem]:
    """The problems between ``options.tag`` and the project (none when ``tag`` is None).

    >>> import tempfile; from pathlib import Path
    >>> from releasekit.check.runner import CheckOptions
    >>> from releasekit.project import Project
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "pyproject.toml").write_text('[project]\\nname = "d"\\nversion = "1.0"\\n')
    >>> [p.format() for p in check_tag(Project(root), CheckOptions(tag="v1.0.0"))]
    []
    """
    if options.tag is None:
        return []
    from releasekit.git.tags import format_tag, parse_tag

    name = options.tag.removeprefix("refs/tags/")
    # Outside a repository (an unpacked sdist) there are no tags to detect a format from.
    in_repository = project.git.is_repository()
    tag_format = project.tag_format if in_repository else project.config.tag_format or "v{version}"
    version = parse_tag(tag_format, name)
    if version is None:
        example = format_tag(tag_format, "1.2.3")
        return [
            Problem(
                f"tag {name!r} is not a release tag of tag-format {tag_format!r} (like "
                f"{example!r}); set tag-format in [tool.releasekit] if the format is different"
            )
        ]
    problems = tag_target_problems(project, name, version, tag_format) if in_repository else []
    problems.extend(tag_file_problems(project, name, version))
    problems.extend(tag_changelog_problems(project, name, version))
    return problems


def tag_target_problems(
    project: Project, name: str, version: str, tag_format: str
) -> list[Problem]:
    """The tag ``name`` is missing here, or points at another commit than the checkout."""
    git = project.git
    tagged, head = git.rev(f"refs/tags/{name}"), git.head()
    if tagged is None:
        return [_missing_tag(project, name, version, tag_format)]
    if head is None or tagged == head:
        return []
    return [
        Problem(
            f"tag {name} points at {tagged[:12]}, but the checked-out commit is {head[:12]}: "
            f"check out the tag (`git switch --detach {name}`) and run the check again"
        )
    ]


def _missing_tag(project: Project, name: str, version: str, tag_format: str) -> Problem:
    """The tag is not here: say how to fetch it, and name the tag of the same release if any.

    ``25.2.15`` when the release is tagged ``25.02.15``: same release, but not the tag name.
    """
    from releasekit.git.tags import format_tag
    from releasekit.version.pep440 import same_release

    message = (
        f"tag {name} does not exist here: fetch it (git fetch origin tag {name}) or check the name"
    )
    try:
        current = project.version
        spelled = format_tag(tag_format, current)
        if spelled != name and same_release(current, version) and project.git.has_tag(spelled):
            message += f"; this release is tagged {spelled}"
    except ReleasekitError:
        pass  # no readable version: the files check says so
    return Problem(message)


def tag_file_problems(project: Project, name: str, version: str) -> list[Problem]:
    """One problem per version location that is not the tag's ``version`` (PEP 440)."""
    from releasekit.locations.spans import disagreeing

    if project.vcs_source is not None:
        return []  # the version is the tag itself
    try:
        locations = project.locations
    except ReleasekitError:
        return []  # the files check reports a missing location once; do not repeat it
    return [
        Problem(
            f"tag {name} names version {version}, but {location.kind} is "
            f"{location.version}: bump the files (or tag the right commit)",
            location.file,
            location.line,
        )
        for location in disagreeing(locations, version)
    ]


def tag_changelog_problems(
    project: Project, name: str, version: str, *, display: str | None = None
) -> list[Problem]:
    """The changelog (when there is one) has no section for ``version``, or cannot be read.

    ``display`` names the file in the messages (default: as configured).
    """
    from releasekit.changelog.file import read_changelog

    path = project.changelog_path
    if not path.is_file():
        return []
    display = display or project.config.changelog
    try:
        _, changelog = read_changelog(path, display=display)
        changelog.section(version)
    except ReleasekitError as exc:
        # The changelog's messages already name the file: no path prefix to double it.
        return [
            Problem(f"{line} (tag {name})" if i == 0 else line)
            for i, line in enumerate(exc.lines())
        ]
    return []
