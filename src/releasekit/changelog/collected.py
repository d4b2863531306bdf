"""What ``releasekit changelog`` has already collected: a marker comment in ``[Unreleased]``.

Pure. After each collection the ``[Unreleased]`` section holds one HTML comment, invisible
once rendered and never part of ``notes``::

    <!-- releasekit: collected through 3f2a…c41 subjects 9b0e1d2c44aa 51c0f3e2b7d9 -->

``through`` is the commit HEAD was at; ``subjects`` are short hashes of the subjects of the
commits that gave entries (``(#123)`` suffixes, case and spacing aside). The next collection
reads only what the marker does not cover:

- the marker's commit is an ancestor of HEAD: only the commits after it are new (git decides,
  merges included);
- it is not (a rebase or an amend rewrote the collected commits): the commits since the last
  release tag are read and those whose subject hash is listed are skipped, so rewritten
  commits are recognised by their original subject.

Matching never depends on the entries' text, so an entry that was reworded, moved to another
heading, merged with another or deleted is never collected again. Promotion drops the marker
with the section it belongs to. A file without a marker (written before, or by hand) falls
back to matching entries by text and gets a marker on the next collection. The marker sits in
the ``[Unreleased]`` section of its own changelog file, so in a monorepo each package's
changelog carries its own.

>>> marker = CollectionMarker("0123abc", ("0123456789ab",))
>>> line = marker.line("\\n")
>>> line
'<!-- releasekit: collected through 0123abc subjects 0123456789ab -->\\n'
>>> CollectionMarker.parse(line) == marker
True
>>> subject_key("feat: Dark  mode (#12)") == subject_key("feat: dark mode")
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasekit.changelog.blocks import MARKER_PREFIX, is_marker_line, line_content, line_ending

if TYPE_CHECKING:
    from releasekit.changelog.model import Changelog

__all__ = [
    "MAX_SUBJECTS",
    "CollectionMarker",
    "find_marker",
    "subject_key",
    "with_marker",
    "without_marker",
]

#: At most this many subject hashes are kept (the newest collection's first): a release of
#: thousands of commits keeps a marker of a few kilobytes, and only a rebase of more than
#: that many collected commits falls back to matching entries by text.
MAX_SUBJECTS = 300

_PREFIX = MARKER_PREFIX
_MARKER = re.compile(
    r"[ \t]{0,3}<!-- releasekit: collected(?: through (?P<sha>[0-9a-f]{7,64}))?"
    r"(?: subjects(?P<subjects>(?: [0-9a-f]{6,32})*))?[ \t]*-->[ \t]*\Z"
)
_TRAILING_REFERENCES = re.compile(r"(?:\s*\((?:[#!]\d+(?:,\s*)?)+\))+\s*\Z")


def subject_key(subject: str) -> str:
    """A short hash of a commit subject that survives a rebase, a squash merge's ``(#12)``
    suffix, and changes of case or spacing.

    >>> subject_key("fix: x") == subject_key("Fix:   X (#3)")
    True
    >>> len(subject_key("fix: x"))
    12
    """
    import hashlib

    text = _TRAILING_REFERENCES.sub("", subject)
    text = " ".join(text.split()).casefold()
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


@dataclass(frozen=True)
class CollectionMarker:
    """The collection state of one changelog: the commit collected through (``None``: not
    known) and the subject hashes of the commits that gave entries."""

    through: str | None
    subjects: tuple[str, ...] = ()

    @classmethod
    def parse(cls, line: str) -> CollectionMarker | None:
        """The marker on ``line``, or None when the line is not one."""
        content = line_content(line)
        if _PREFIX not in content:
            return None
        match = _MARKER.match(content)
        if match is None:
            return None
        subjects = tuple((match.group("subjects") or "").split())
        return cls(match.group("sha"), subjects)

    def line(self, newline: str) -> str:
        """The marker as a line of the changelog."""
        text = _PREFIX
        if self.through:
            text += f" through {self.through}"
        if self.subjects:
            text += " subjects " + " ".join(self.subjects)
        return f"{text} -->{newline}"

    def extended(self, through: str | None, subjects: Iterable[str]) -> CollectionMarker:
        """A marker through ``through`` (kept when None) holding ``subjects`` first, then the
        ones already known, at most :data:`MAX_SUBJECTS`."""
        merged = list(dict.fromkeys([*subjects, *self.subjects]))[:MAX_SUBJECTS]
        return CollectionMarker(through or self.through, tuple(merged))


def find_marker(log: Changelog) -> CollectionMarker | None:
    """The marker of the ``[Unreleased]`` section, or None."""
    unreleased = log.unreleased
    if unreleased is None:
        return None
    for line in unreleased.body:
        marker = CollectionMarker.parse(line) if _PREFIX in line else None
        if marker is not None:
            return marker
    return None


def without_marker(log: Changelog) -> Changelog:
    """``log`` without the marker of its ``[Unreleased]`` section (every other line kept)."""
    unreleased = log.unreleased
    if unreleased is None or not any(is_marker_line(line) for line in unreleased.body):
        return log
    body = [line for line in unreleased.body if not is_marker_line(line)]
    return log.replace_section(unreleased, [unreleased.heading, *body])


def with_marker(log: Changelog, marker: CollectionMarker) -> Changelog:
    """``log`` with ``marker`` as the first line under the ``[Unreleased]`` heading (an older
    marker is replaced). ``log`` must have an ``[Unreleased]`` section."""
    unreleased = log.unreleased
    if unreleased is None:
        raise ValueError("the changelog has no [Unreleased] section to mark")
    newline = log.newline
    heading = unreleased.heading
    body = [line for line in unreleased.body if not is_marker_line(line)]
    if not line_ending(heading):
        heading += newline
    marker_line = marker.line(newline)
    if (
        not body
        and unreleased is log.sections[-1]
        and not log.links
        and not line_ending(unreleased.heading)
    ):
        marker_line = marker_line.removesuffix(newline)  # the file ended without a newline
    new = log.replace_section(unreleased, [heading, marker_line, *body])
    return new
