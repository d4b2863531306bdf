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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from releasekit.changelog.blocks import Entry
from releasekit.changelog.entries import EntryCollector
from releasekit.changelog.file import read_changelog, repository_url
from releasekit.changelog.merge import merge_entries_counted
from releasekit.changelog.model import Changelog
from releasekit.files.edits import FileEdit
from releasekit.files.text import TextFile
from releasekit.git.runner import Git
from releasekit.workspace.paths import ROOT_ONLY, CommitRecord, PathRouter, route_messages

__all__ = ["ChangelogChange", "changelog_edit", "feeding_collectors"]


def feeding_collectors(
    records: Iterable[CommitRecord],
    router: PathRouter,
    collectors: Mapping[str, EntryCollector],
) -> Iterator[CommitRecord]:
    """Pass ``records`` on unchanged, giving each message to the collectors of the packages it
    touches (:data:`~releasekit.workspace.paths.ROOT_ONLY`: to the root changelog's, if any),
    so the tally and the changelogs share one walk."""
    for record in records:
        for key, message in route_messages((record,), router):
            collector = collectors.get(key)
            if collector is not None:
                collector.add_message(message)
        yield record


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
    collector: EntryCollector | None,
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
    """
    created = not path.exists()
    if created:
        log = Changelog.new(scheme=scheme, source=display)
        text_file = TextFile(path, "", "utf-8", b"")
    else:
        text_file, log = read_changelog(path, display=display)
    added = 0
    entries = [*(collector.entries() if collector is not None else ()), *extra]
    if entries:
        log.check("add entries to [Unreleased]")
        log, added = merge_entries_counted(log, entries)
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


def collectors_for(
    keys: Iterable[str], sections: Mapping[str, Mapping[str, str]], root_changelog: bool
) -> dict[str, EntryCollector]:
    """One collector per package key (with its changelog sections), plus the root's."""
    collectors = {key: EntryCollector(sections[key]) for key in keys}
    if root_changelog:
        collectors[ROOT_ONLY] = EntryCollector(sections.get(ROOT_ONLY, {}) or {})
    return collectors
