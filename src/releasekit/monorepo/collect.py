"""What each changelog of a monorepo has not collected yet, from the one walk of the history.

Each changelog carries its own collected-commits marker in ``[Unreleased]``
(:mod:`releasekit.changelog.collected`), and ``changelog --all`` and ``release --all`` read it
exactly as the single-package ``changelog`` does:

- the marker's commit is an ancestor of HEAD: only the commits after it are new. Which ones
  those are is asked once per distinct marker commit (``git rev-list HEAD --not <sha>``), and
  since one run writes the same HEAD into every marker, that is one call for the whole
  workspace, however many packages it has;
- it is not (a rebase rewrote the collected commits): the commits whose subject hash the
  marker lists, or whose subject was one of the rewritten commits', are skipped;
- no marker: every commit since the package's last tag, and entries already written (by text)
  are not repeated.

A :class:`ChangelogCollector` wraps the :class:`~releasekit.changelog.entries.EntryCollector`
of one changelog with that filter and says which marker to write afterwards.

>>> found = ChangelogCollector(EntryCollector(), new=frozenset({"b" * 40}), head="c" * 40)
>>> found.add("a" * 40, b"feat: collected before\\n")
>>> found.add("b" * 40, b"fix: new\\n")
>>> [entry.text for entry in found.entries()]
['new']
>>> found.marker_after().through == "c" * 40
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releasekit.changelog.collected import CollectionMarker, find_marker, subject_key
from releasekit.changelog.entries import EntryCollector
from releasekit.changelog.unreleased import author_names
from releasekit.errors import ReleasekitError

if TYPE_CHECKING:
    from releasekit.changelog.blocks import Entry
    from releasekit.config import Config
    from releasekit.git.runner import Git

__all__ = ["ChangelogCollector", "changelog_collectors", "entry_options"]


@dataclass(frozen=True)
class _Commit:
    """One commit as a batch of the history walk: what :meth:`EntryCollector.take` reads."""

    messages: tuple[bytes, ...]
    ids: tuple[bytes, ...]


@dataclass
class ChangelogCollector:
    """The entries of the commits one changelog has not collected yet.

    ``marker`` is the changelog's marker as read; ``new`` the commits that came after the
    marker's commit (``None``: every commit the walk gives counts); ``head`` the commit the
    next marker records.
    """

    collector: EntryCollector
    marker: CollectionMarker | None = None
    new: frozenset[str] | None = None
    head: str | None = None
    #: The repository, for the author names of an ``entry-format`` with ``{author}``.
    git: Git | None = field(default=None, repr=False)

    def add(self, sha: str, message: bytes) -> None:
        """Take one commit of the walk, unless the marker says it was collected before."""
        if self.new is not None and sha not in self.new:
            return
        self.collector.take(_Commit((message,), (sha.encode("ascii"),)))

    def entries(self) -> list[Entry]:
        """The entries, oldest commit first (with author names when the template needs them)."""
        shas = self.collector.author_shas()
        authors = author_names(self.git, shas) if shas and self.git is not None else None
        return self.collector.entries(authors)

    def marker_after(self) -> CollectionMarker | None:
        """The marker to write once the entries are merged; None when it stays as it is.

        Like the single-package command, it is written whenever a commit gave an entry, even
        one that was already there (written by hand).
        """
        if not self.collector.taken:
            return None
        state = (self.marker or CollectionMarker(None)).extended(
            self.head, self.collector.subject_keys()
        )
        return None if state == self.marker else state


def entry_options(config: Config) -> dict[str, Any]:
    """The :class:`EntryCollector` keywords a changelog's configuration asks for
    (``changelog-breaking-body``, ``entry-format``), as the single-package command uses."""
    options: dict[str, Any] = {"breaking_body": config.changelog_breaking_body}
    if config.entry_format is not None:
        from releasekit.commits.entry_format import EntryTemplate

        options["template"] = EntryTemplate.parse(config.entry_format)
    return options


def _marker_of(path: Path) -> CollectionMarker | None:
    """The marker of the changelog at ``path``; None when there is none or the file cannot be
    read (merging into it reports that, with the file's name)."""
    from releasekit.changelog.file import read_changelog

    if not path.is_file():
        return None
    try:
        _, log = read_changelog(path)
    except ReleasekitError:
        return None
    return find_marker(log)


def changelog_collectors(
    git: Git,
    changelogs: Mapping[str, tuple[Path, Mapping[str, str], Config]],
) -> dict[str, ChangelogCollector]:
    """One collector per changelog: key -> ``(path, sections, config)``, each reading the
    marker of its file (see the module's docstring)."""
    head = git.head()
    markers = {key: _marker_of(path) for key, (path, _, _) in changelogs.items()}
    after: dict[str, frozenset[str] | None] = {}
    rewritten: dict[str, frozenset[str]] = {}
    for through in {m.through for m in markers.values() if m is not None and m.through}:
        if head is not None and git.ok("merge-base", "--is-ancestor", through, "HEAD"):
            after[through] = frozenset(git.run("rev-list", "HEAD", "--not", through).split())
        else:
            after[through] = None
            rewritten[through] = _rewritten_subjects(git, through)
    found: dict[str, ChangelogCollector] = {}
    for key, (_, sections, config) in changelogs.items():
        marker = markers[key]
        through = (marker.through if marker is not None else None) or ""
        new = after.get(through)
        known: Iterable[str] = ()
        if marker is not None and new is None:
            known = {*marker.subjects, *rewritten.get(through, ())}
        found[key] = ChangelogCollector(
            EntryCollector(sections, known=frozenset(known), **entry_options(config)),
            marker,
            new,
            head,
            git,
        )
    return found


def _rewritten_subjects(git: Git, through: str) -> frozenset[str]:
    """The subject hashes of the collected commits a rebase rewrote, when they are still in
    the repository (their subjects say which of today's commits they became)."""
    if not git.ok("cat-file", "-e", f"{through}^{{commit}}"):
        return frozenset()
    old = git.run_result("log", "--format=%s", through, "--not", "HEAD", "--")
    if old.returncode != 0:
        return frozenset()
    return frozenset(subject_key(line) for line in old.stdout.splitlines() if line.strip())
