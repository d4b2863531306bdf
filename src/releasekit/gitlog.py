"""Read the commits of a range, streamed from one ``git log`` and parsed once each.

This is the edge between git and :mod:`releasekit.commits`: one ``git log -z`` subprocess whose
output is read in chunks and split on NUL bytes, so 100k commits cost one process and flat
memory, not an object graph. Each message is parsed once as it goes by.

>>> from pathlib import Path
>>> from releasekit.git import Git
>>> for logged in iter_commits(Git(Path(".")), since="v1.2.3"):  # doctest: +SKIP
...     print(logged.sha[:7], logged.commit.type if logged.commit else "(other)")
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from releasekit.commits import Bump, ConventionalCommit, parse_commit
from releasekit.config import DEFAULT_BUMP_MAP, BumpLevel
from releasekit.errors import GitError
from releasekit.git import Git

__all__ = ["BumpSummary", "LoggedCommit", "bump_level_since", "iter_commits", "log_range"]

_LEVELS: dict[str, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}
_BUMPS: tuple[Bump | None, ...] = (None, "patch", "minor", "major")


@dataclass(frozen=True, slots=True)
class LoggedCommit:
    """One commit of a range: its id, its whole message, and the parsed conventional commit
    (``None`` when the message is not one: merges, reverts, free text)."""

    sha: str
    message: str
    commit: ConventionalCommit | None


@dataclass(frozen=True, slots=True)
class BumpSummary:
    """What the commits of a range ask for: the bump level (``None``: nothing bumps), how many
    commits the range holds and how many of them are conventional commits."""

    level: Bump | None
    count: int
    conventional: int


def log_range(since: str | None, until: str = "HEAD") -> str:
    """The revision range ``git log`` reads: ``since..until``, or ``until`` for all history.

    >>> log_range("v1.2.3"), log_range(None)
    ('v1.2.3..HEAD', 'HEAD')
    """
    return until if since is None else f"{since}..{until}"


def iter_commits(git: Git, since: str | None, until: str = "HEAD") -> Iterator[LoggedCommit]:
    """Yield the commits reachable from ``until`` and not from ``since``, newest first.

    ``since=None`` reads the whole history. A repository with no commits yields nothing. A
    ``since`` (or ``until``) that names no commit raises :class:`GitError` naming it.
    """
    records = git.stream(
        "log", "-z", "--format=%H%x00%B", log_range(since, until), "--", separator=b"\0"
    )
    try:
        sha: bytes | None = None
        for record in records:
            if sha is None:
                sha = record.lstrip(b"\n")
                continue
            message = record.decode("utf-8", "replace")
            yield LoggedCommit(sha.decode("ascii", "replace"), message, parse_commit(message))
            sha = None
    except GitError:
        if _is_empty_history(git, since, until):
            return
        raise


def _is_empty_history(git: Git, since: str | None, until: str) -> bool:
    """After a failed ``git log``: True for a repository without commits (nothing to read);
    otherwise raise an error naming the revision that does not exist, if one does not."""
    if not git.is_repository():
        return False  # git's own message says so
    if until == "HEAD" and since is None and git.head() is None:
        return True
    for name, revision in (("since", since), ("until", until)):
        if revision is None:
            continue
        if not git.ok("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"):
            raise GitError(
                f"{revision!r} ({name}) names no commit in {git.path}: check the tag or "
                f"revision exists (git tag --list, git fetch --tags)"
            )
    return False


def bump_level_since(
    git: Git,
    since: str | None,
    bump_map: Mapping[str, BumpLevel] = DEFAULT_BUMP_MAP,
    until: str = "HEAD",
) -> BumpSummary:
    """Read the commits after ``since`` (a release tag; ``None``: all history) and return the
    bump they ask for with :func:`releasekit.commits.infer_bump`'s rules, plus counts.

    Every commit is read (the counts are part of the answer), each message parsed once.
    """
    levels = {str(type_).lower(): _LEVELS.get(level, 0) for type_, level in bump_map.items()}
    highest = 0
    count = 0
    conventional = 0
    for logged in iter_commits(git, since, until):
        count += 1
        commit = logged.commit
        if commit is None:
            continue
        conventional += 1
        if commit.breaking:
            highest = 3
        elif highest < 3:
            level = levels.get(commit.type, 0)
            if level > highest:
                highest = level
    return BumpSummary(_BUMPS[highest], count, conventional)
