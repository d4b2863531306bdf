"""Each package's changelog gets only its own commits, from the one walk of the history.

The walk of :func:`releasekit.monorepo.status.workspace_status` hands every commit to the
collector of each package its paths touch (:func:`releasekit.workspace.paths.route_messages`);
commits that touch no package go to the root changelog when the repository has one. Then
:func:`changelog_edit` merges a package's entries into its ``[Unreleased]`` and, for a
release, promotes it, in memory: the file is written once, in the release's all-or-nothing
write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from releasekit.changelog.blocks import Entry
from releasekit.changelog.collected import with_marker
from releasekit.changelog.entries import EntryCollector
from releasekit.changelog.file import read_changelog, repository_url
from releasekit.changelog.merge import merge_entries_counted
from releasekit.changelog.model import Changelog
from releasekit.files.edits import FileEdit
from releasekit.files.text import TextFile
from releasekit.git.runner import Git
from releasekit.monorepo.collect import ChangelogCollector
from releasekit.plan import Plan, Reporter
from releasekit.workspace.members import Workspace
from releasekit.workspace.paths import ROOT_ONLY

__all__ = ["ChangelogChange", "changelog_edit", "plan_workspace_changelog"]


@dataclass(frozen=True)
class ChangelogChange:
    """One changelog's new text: the edit (None: unchanged) and how many entries were added."""

    path: Path
    edit: FileEdit | None
    added: int
    changelog: Changelog


def changelog_edit(
    path: Path,
    display: str,
    collector: ChangelogCollector | EntryCollector | None,
    *,
    scheme: str,
    git: Git,
    tag_format: str,
    release: tuple[str, dt.date] | None = None,
    previous_tag: str | None = None,
    allow_empty: bool = False,
    extra: Sequence[Entry] = (),
) -> ChangelogChange:
    """Merge ``collector``'s entries (and ``extra`` ones) into ``path``'s ``[Unreleased]``
    (creating a Keep a Changelog file when there is none) and, with ``release = (version,
    date)``, promote it.

    A :class:`~releasekit.monorepo.collect.ChangelogCollector` brings only the commits the
    changelog has not collected yet, and its collected-commits marker is updated as the
    single-package ``changelog`` does; ``(#123)`` references link to their pull request when
    the repository's web address is known.
    """
    created = not path.exists()
    if created:
        log = Changelog.new(scheme=scheme, source=display)
        text_file = TextFile(path, "", "utf-8", b"")
    else:
        text_file, log = read_changelog(path, display=display)
    added = 0
    collected = list(collector.entries()) if collector is not None else []
    if collected:
        collected = _linked(collected, log, git)
    entries = [*collected, *extra]
    marker = collector.marker_after() if isinstance(collector, ChangelogCollector) else None
    if entries or marker is not None:
        log.check("add entries to [Unreleased]")
    if entries:
        log, added = merge_entries_counted(log, entries)
    if marker is not None:
        # What was read is remembered even when every entry was there already, so a hand
        # edit of a collected entry is never undone by the next run.
        log = with_marker(log, marker)
    if release is not None:
        version, date = release
        log = log.promote(
            version,
            date,
            allow_empty=allow_empty,
            repository=repository_url(git),
            tag_format=tag_format,
            previous_tag=previous_tag if not log.releases else None,
        )
    after = text_file.encode(str(log))
    before = b"" if created else text_file.data
    edit = FileEdit(path, before, after) if after != before else None
    return ChangelogChange(path, edit, added, log)


def _section_text(log: Changelog) -> str:
    """The ``[Unreleased]`` section as ``--dry-run`` shows it: without the marker."""
    from releasekit.changelog.blocks import is_marker_line

    unreleased = log.unreleased
    if unreleased is None:
        return ""
    return unreleased.heading + "".join(x for x in unreleased.body if not is_marker_line(x))


def _linked(entries: list[Entry], log: Changelog, git: Git) -> list[Entry]:
    """``(#123)`` references linked to their pull request, as the single-package command does."""
    if not any("(" in entry.text for entry in entries):
        return entries
    from releasekit.changelog.template import forge_base, link_references

    base = forge_base([*log.links, *(s.heading for s in log.sections)], repository_url(git))
    return [Entry(e.type, link_references(e.text, base)) for e in entries]


def plan_workspace_changelog(
    root: Path,
    *,
    only: Sequence[str] = (),
    reporter: Reporter | None = None,
    workspace: Workspace | None = None,
) -> Plan:
    """The plan of ``changelog --all``: each package's commits since its last tag (read in one
    walk) merged into its own ``[Unreleased]`` (``only``: those packages). ``facts`` holds
    each changelog's resulting section (``sections``) and a ``summary`` line. ``workspace``:
    the one at ``root``, when the caller has just discovered it.
    """
    from releasekit.files.edits import WriteFilesStep
    from releasekit.monorepo.status import workspace_status

    status = workspace_status(root, collect=True, reporter=reporter, workspace=workspace)
    workspace = status.workspace
    assert workspace is not None
    wanted = {workspace.package(name).key for name in only}
    edits: list[FileEdit] = []
    sections: dict[str, str] = {}
    counts: list[str] = []
    for package in workspace.packages:
        if not package.name or (wanted and package.key not in wanted):
            continue
        project = status.projects[package.key]
        change = changelog_edit(
            project.changelog_path,
            package.changelog,
            status.collectors.get(package.key),
            scheme=project.scheme,
            git=project.git,
            tag_format=status.formats[package.key],
        )
        sections[package.changelog] = _section_text(change.changelog)
        counts.append(
            f"{package.changelog}: {change.added} new entr{'y' if change.added == 1 else 'ies'}"
        )
        if change.edit is not None:
            edits.append(change.edit)
    root_log = status.collectors.get(ROOT_ONLY)
    if root_log is not None and not wanted:  # the commits that touch no package
        change = changelog_edit(
            workspace.root / workspace.config.changelog,
            workspace.config.changelog,
            root_log,
            scheme=workspace.config.scheme or "semver",
            git=Git(workspace.root),
            tag_format="v{version}",
        )
        sections[workspace.config.changelog] = _section_text(change.changelog)
        counts.append(f"{workspace.config.changelog}: {change.added} new entries")
        if change.edit is not None:
            edits.append(change.edit)
    steps = [WriteFilesStep(workspace.root, tuple(edits))] if edits else []
    return Plan(
        steps,
        facts={"command": "changelog", "sections": sections, "summary": "; ".join(counts)},
    )
