"""``releasekit changelog``: the commits not collected yet, merged into ``[Unreleased]``.

The edge around :mod:`releasekit.changelog.entries` (what a commit gives),
:mod:`releasekit.changelog.collected` (what was collected before) and
:mod:`releasekit.changelog.merge` (where the entries go): one streamed walk of the history,
one :class:`UnreleasedUpdate` with the edit to write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from releasekit.changelog.file import (
    ChangelogProject,
    changelog_file,
    read_changelog,
    repository_url,
)
from releasekit.changelog.model import Changelog
from releasekit.files.paths import display_path

if TYPE_CHECKING:
    import subprocess

    from releasekit.changelog.collected import CollectionMarker
    from releasekit.changelog.entries import EntryCollector
    from releasekit.files.edits import FileEdit
    from releasekit.git.runner import Git
    from releasekit.plan import Reporter

__all__ = ["UnreleasedUpdate", "author_names", "collect_since_last_release", "unreleased_update"]


@dataclass(frozen=True)
class UnreleasedUpdate:
    """What ``releasekit changelog`` found and would write.

    ``edit`` is None when nothing changes; ``section`` is the resulting ``[Unreleased]``
    section's text (without the collection marker); the counts say what happened to the
    commits read.
    """

    edit: FileEdit | None
    changelog: Changelog
    section: str
    since: str | None
    commits: int
    added: int
    skipped: int
    not_conventional: int
    created: bool


def collect_since_last_release(
    git: Git,
    tag_format: str,
    sections: Mapping[str, str],
    *,
    process: subprocess.Popen[bytes] | None = None,
    **options: Any,
) -> tuple[EntryCollector, str | None]:
    """The entries of the commits since the latest release tag on HEAD, and that tag's name:
    one :func:`~releasekit.git.log.walk_since_release` into an
    :class:`~releasekit.changelog.entries.EntryCollector` (``process``: see there;
    ``options``: the collector's keywords)."""
    from releasekit.changelog.entries import EntryCollector
    from releasekit.git.log import walk_since_release

    tag, (collector,) = walk_since_release(
        git, tag_format, lambda: (EntryCollector(sections, **options),), process=process
    )
    return collector, tag.name if tag is not None else None


def _collect(
    project: ChangelogProject, log: Changelog, sections: Mapping[str, str]
) -> tuple[EntryCollector, str | None, CollectionMarker | None]:
    """Read the commits the changelog has not collected yet (see
    :mod:`releasekit.changelog.collected`); also return what ``since`` reads and the marker
    found."""
    from releasekit.changelog.collected import find_marker, subject_key
    from releasekit.changelog.entries import EntryCollector
    from releasekit.git.log import walk_history

    config = project.config
    options: dict[str, Any] = {"breaking_body": config.changelog_breaking_body}
    if config.entry_format is not None:
        from releasekit.commits.entry_format import EntryTemplate

        options["template"] = EntryTemplate.parse(config.entry_format)
    git = project.git
    marker = find_marker(log)
    through = marker.through if marker is not None else None
    if through is not None and git.ok("merge-base", "--is-ancestor", through, "HEAD"):
        # Everything up to the marker's commit was collected: only what came after is new.
        collector = EntryCollector(sections, **options)
        walk_history(git, through, (collector,))
        return collector, f"{through[:7]} (collected before)", marker
    known = set(marker.subjects) if marker is not None else set()
    if through is not None and git.ok("cat-file", "-e", f"{through}^{{commit}}"):
        # A rebase rewrote the collected commits and the old ones are still here: their
        # subjects say which of today's commits they became.
        old = git.run_result("log", "--format=%s", through, "--not", "HEAD", "--")
        if old.returncode == 0:
            known.update(subject_key(line) for line in old.stdout.splitlines() if line.strip())
    collector, since = collect_since_last_release(
        git, project.tag_format, sections, known=known, **options
    )
    return collector, since, marker


def author_names(git: Git, shas: list[str]) -> dict[str, str]:
    """The author names of ``shas`` (an ``entry-format`` with ``{author}``), one git call per
    few hundred commits, only for the commits that give entries."""
    authors: dict[str, str] = {}
    for start in range(0, len(shas), 500):
        chunk = shas[start : start + 500]
        output = git.run("log", "--no-walk=unsorted", "--format=%H%x00%an", *chunk, "--")
        for line in output.splitlines():
            sha, _, name = line.partition("\0")
            authors[sha] = name
    return authors


def unreleased_update(
    project: ChangelogProject,
    *,
    sections: Mapping[str, str] | None = None,
    reporter: Reporter | None = None,
) -> UnreleasedUpdate:
    """Collect the conventional commits not collected yet into ``[Unreleased]``.

    What was collected is remembered in a marker comment in ``[Unreleased]`` (see
    :mod:`releasekit.changelog.collected`), so entries edited, moved, merged or deleted by
    hand are never collected again, and running it twice changes nothing. Without a marker,
    an entry whose text (or ``(#123)`` reference) is already there is not repeated. With no
    changelog yet, a Keep a Changelog file is created. New text follows the file's style
    (bullets, blank lines); ``(#123)`` links to its pull request when the repository's web
    address is known. The log is streamed and each message parsed once.

    Example::

        update = unreleased_update(Project("."))
        print(update.section)  # what ``releasekit changelog --dry-run`` shows
        if update.edit is not None:
            apply_edits(Path("."), [update.edit])
    """
    from releasekit.changelog.blocks import is_marker_line
    from releasekit.changelog.collected import CollectionMarker, with_marker
    from releasekit.changelog.merge import merge_entries_counted
    from releasekit.changelog.model import Entry
    from releasekit.changelog.template import forge_base, link_references
    from releasekit.errors import ChangelogError
    from releasekit.files.edits import FileEdit

    if not project.git.is_repository():
        raise ChangelogError(
            f"{project.root} is not in a git repository, and the changelog entries come from "
            "the commits since the last release tag: run 'git init' and commit, or pass "
            "--project with the project's directory"
        )
    path = changelog_file(project)
    display = display_path(path, project.root)
    created = not path.exists()
    if created:
        from releasekit.files.text import TextFile

        log = Changelog.new(scheme=project.scheme, source=display)
        text_file = TextFile(path, "", "utf-8", b"")
    else:
        text_file, log = read_changelog(path, display=display)
        log.check("add entries to [Unreleased]")  # before reading the history, not after
    collector, since, marker = _collect(
        project, log, sections if sections is not None else project.config.changelog_sections
    )
    shas = collector.author_shas()
    entries = collector.entries(author_names(project.git, shas) if shas else None)
    if entries and any("(" in entry.text for entry in entries):
        base = forge_base(
            [*log.links, *(s.heading for s in log.sections)], repository_url(project.git)
        )
        entries = [Entry(e.type, link_references(e.text, base)) for e in entries]
    merged, added = merge_entries_counted(log, entries)
    if collector.taken:
        # Remember what was read, even when every entry was there already (written by hand).
        state = (marker or CollectionMarker(None)).extended(
            collector.head, collector.subject_keys()
        )
        if state != marker:
            merged = with_marker(merged, state)
    if reporter is not None and collector.not_conventional:
        reporter.info(
            f"{collector.not_conventional} commit(s) since {since or 'the first commit'} are "
            "not conventional commits and were left out"
        )
    if reporter is not None and collector.known:
        reporter.info(
            f"{collector.known} commit(s) were collected before (matched by subject after a "
            "rebase) and were not added again"
        )
    after = text_file.encode(str(merged))
    before = text_file.data if not created else b""
    edit = FileEdit(path, before, after) if after != before else None
    unreleased = merged.unreleased
    return UnreleasedUpdate(
        edit=edit,
        changelog=merged,
        section=(
            unreleased.heading + "".join(x for x in unreleased.body if not is_marker_line(x))
            if unreleased is not None
            else ""
        ),
        since=since,
        commits=collector.seen,
        added=added,
        skipped=collector.skipped,
        not_conventional=collector.not_conventional,
        created=created,
    )
