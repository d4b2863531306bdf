"""The release history of a repository, read from its tags: for ``init`` and ``--rebuild``.

The edge around :mod:`releasekit.changelog.backfill`. :func:`read_release_history` lists the
release tags (the project's tag format), dates each by its tag (an annotated tag's date, else
its commit's) and collects the conventional commits between each tag and the one before it,
one streamed ``git log`` per release. :func:`plan_rebuild` is ``releasekit changelog
--rebuild [--since TAG]``: the sections of those releases regenerated, every other section
byte-identical.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from releasekit.changelog.backfill import ReleaseHistory, rebuilt

if TYPE_CHECKING:
    from releasekit.changelog.file import ChangelogProject
    from releasekit.git.runner import Git
    from releasekit.plan import Plan

__all__ = ["plan_rebuild", "read_release_history"]


def _tag_dates(git: Git, tag_format: str) -> dict[str, str]:
    from releasekit.git.tags import _glob

    output = git.run(
        "for-each-ref",
        "--format=%(refname:strip=2) %(creatordate:short)",
        f"refs/tags/{_glob(tag_format)}",
    )
    dates: dict[str, str] = {}
    for line in output.splitlines():
        name, _, date = line.partition(" ")
        dates[name] = date
    return dates


def read_release_history(
    git: Git,
    tag_format: str,
    sections: Mapping[str, str],
    *,
    since: str | None = None,
    breaking_body: bool = False,
) -> list[ReleaseHistory]:
    """The releases of the repository, newest first (``since``: only those after that tag).

    Each holds the entries of the commits after the previous release tag up to it, and the
    count of the others. Raises :class:`~releasekit.errors.ChangelogError` when ``since`` is
    not a release tag.
    """
    from releasekit.changelog.entries import EntryCollector
    from releasekit.errors import ChangelogError
    from releasekit.git.log import walk_history
    from releasekit.git.tags import release_tag_commits

    tags = release_tag_commits(git, tag_format)  # highest version first
    names = [tag.name for tag, _ in tags]
    if since is not None and since not in names:
        shown = ", ".join(names[:4]) or "none"
        raise ChangelogError(
            f"--since {since}: not a release tag of this repository (tag format "
            f"{tag_format!r}; latest release tags: {shown})"
        )
    dates = _tag_dates(git, tag_format)
    stop = names.index(since) if since is not None else len(tags)
    history: list[ReleaseHistory] = []
    for index in range(stop):
        tag, sha = tags[index]
        previous = tags[index + 1][1] if index + 1 < len(tags) else None
        collector = EntryCollector(sections, breaking_body=breaking_body)
        walk_history(git, previous, (collector,), until=sha)
        entries = tuple(collector.entries())
        others = collector.not_conventional + collector.skipped
        history.append(
            ReleaseHistory(tag.version, tag.name, dates.get(tag.name, ""), entries, others)
        )
    return history


def plan_rebuild(project: ChangelogProject, *, since: str | None = None) -> Plan:
    """Plan ``changelog --rebuild``: regenerate the sections of every release tag (after
    ``since``) from the commits, leaving ``[Unreleased]`` and every other section as written.

    ``plan.facts`` holds ``changelog`` (the file), ``releases`` (the versions rebuilt) and
    ``since``. Raises :class:`~releasekit.errors.ChangelogError` when there is no changelog.
    """
    from releasekit.changelog.file import changelog_file, read_changelog
    from releasekit.errors import ChangelogError
    from releasekit.files.edits import FileEdit, WriteFilesStep
    from releasekit.files.paths import display_path
    from releasekit.plan import Plan

    path = changelog_file(project)
    display = display_path(path, project.root)
    if not path.is_file():
        raise ChangelogError(
            f"{display}: no such file to rebuild; 'releasekit init' writes one with a section "
            "per release tag"
        )
    text_file, log = read_changelog(path, display=display)
    log.check("rebuild release sections")
    config = project.config
    history = read_release_history(
        project.git,
        project.tag_format,
        config.changelog_sections,
        since=since,
        breaking_body=config.changelog_breaking_body,
    )
    new = rebuilt(log, history)
    after = text_file.encode(str(new))
    versions = [release.version for release in history]
    steps = []
    if after != text_file.data:
        steps.append(
            WriteFilesStep(
                project.root,
                (FileEdit(path, text_file.data, after),),
                f"rebuild {len(versions)} release section(s) of {display} from the tags"
                + (f" after {since}" if since else ""),
            )
        )
    return Plan(
        steps,
        facts={
            "command": "changelog",
            "changelog": display,
            "releases": versions,
            "since": since,
        },
    )
