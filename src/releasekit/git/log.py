"""Read the commits of a range, streamed from one ``git log`` and parsed once each.

This is the edge between git and :mod:`releasekit.commits.conventional`: one ``git log -z``
subprocess whose
output is read in chunks and split on NUL bytes, so 100k commits cost one process and flat
memory, not an object graph. Each message is parsed once as it goes by.

>>> from pathlib import Path
>>> from releasekit.git.runner import Git

if TYPE_CHECKING:
    from releasekit.git.tags import ReleaseTag
>>> for logged in iter_commits(Git(Path(".")), since="v1.2.3"):  # doctest: +SKIP
...     print(logged.sha[:7], logged.commit.type if logged.commit else "(other)")
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasekit.commits.conventional import Bump, ConventionalCommit, parse_commit, tally_bump
from releasekit.commits.defaults import DEFAULT_BUMP_MAP, BumpLevel
from releasekit.errors import GitError
from releasekit.git.runner import Git

if TYPE_CHECKING:
    from releasekit.git.tags import ReleaseTag

__all__ = [
    "BumpSummary",
    "LoggedCommit",
    "ReleaseBump",
    "bump_level_since",
    "iter_commits",
    "latest_release_bump",
    "log_range",
    "summarize_log",
]


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


def _log_args(first: str, since: str | None, until: str) -> tuple[str, ...]:
    """``git log`` printing ``first`` and the raw message of each commit, NUL-separated.

    Messages come re-encoded to UTF-8 whatever their ``encoding`` header, and a configured
    ``log.showSignature`` cannot mix gpg output into them.
    """
    return (
        "log",
        "-z",
        f"--format={first}%B",
        "--encoding=UTF-8",
        "--no-show-signature",
        log_range(since, until),
        "--",
    )


def iter_commits(git: Git, since: str | None, until: str = "HEAD") -> Iterator[LoggedCommit]:
    """Yield the commits reachable from ``until`` and not from ``since``, newest first.

    ``since=None`` reads the whole history. A repository with no commits yields nothing. A
    ``since`` (or ``until``) that names no commit raises :class:`GitError` naming it.
    """
    records = git.stream(*_log_args("%H%x00", since, until), separator=b"\0")
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


def summarize_log(
    records: Iterable[bytes],
    bump_map: Mapping[str, BumpLevel] = DEFAULT_BUMP_MAP,
    watch: str | None = None,
) -> tuple[BumpSummary, bool]:
    """Sum up the records of ``git log -z --format=%P%x01%B`` (parent ids, \\x01, message):
    the bump they ask for (the rules of :func:`releasekit.commits.conventional.infer_bump`), and
    whether a
    record has ``watch`` among its parents. Pure: the records can come from anywhere.

    >>> summarize_log([b"\\x01fix: a\\n", b"ab12\\x01Merge branch 'x'"], watch="ab12")
    (BumpSummary(level='patch', count=2, conventional=1), True)
    """
    watched = watch.encode("ascii") if watch else None
    seen = False

    def messages() -> Iterator[bytes]:
        nonlocal seen
        for record in records:
            parents, _, message = record.partition(b"\x01")
            if watched is not None and not seen and watched in parents:
                seen = True
            yield message

    level, count, conventional = tally_bump(messages(), bump_map)
    return BumpSummary(level, count, conventional), seen


def _scan(
    git: Git,
    since: str | None,
    until: str,
    bump_map: Mapping[str, BumpLevel],
    watch: str | None = None,
) -> tuple[BumpSummary, bool]:
    """One streamed ``git log`` over the range, summed up by :func:`summarize_log`."""
    records = git.stream(*_log_args("%P%x01", since, until), separator=b"\0")
    try:
        return summarize_log(records, bump_map, watch)
    except GitError:
        if _is_empty_history(git, since, until):
            return BumpSummary(None, 0, 0), False
        raise


def bump_level_since(
    git: Git,
    since: str | None,
    bump_map: Mapping[str, BumpLevel] = DEFAULT_BUMP_MAP,
    until: str = "HEAD",
) -> BumpSummary:
    """Read the commits after ``since`` (a release tag; ``None``: all history) and return the
    bump they ask for with :func:`releasekit.commits.conventional.infer_bump`'s rules, plus counts.

    Every commit is read (the counts are part of the answer) in one streamed ``git log``.
    """
    return _scan(git, since, until, bump_map)[0]


@dataclass(frozen=True, slots=True)
class ReleaseBump:
    """The latest release tag reachable from HEAD (``None``: no release yet) and what the
    commits since it ask for."""

    tag: ReleaseTag | None
    summary: BumpSummary


def latest_release_bump(
    git: Git, tag_format: str, bump_map: Mapping[str, BumpLevel] = DEFAULT_BUMP_MAP
) -> ReleaseBump:
    """The latest release tag on HEAD and the bump the commits since it ask for.

    The same answer as :func:`releasekit.git.tags.latest_release_tag` followed by
    :func:`bump_level_since`, in one walk of the history instead of two: the highest release
    tag is taken from the refs alone, and the log since it proves it is an ancestor of HEAD
    (a commit of the range has it as parent). Only when it is not (the highest release was
    tagged on another branch) does git walk the history to find the highest reachable one.
    """
    from releasekit.git.tags import latest_release_tag, release_tag_commits

    candidates = release_tag_commits(git, tag_format)
    if not candidates:
        return ReleaseBump(None, _scan(git, None, "HEAD", bump_map)[0])
    tag, sha = candidates[0]
    try:
        summary, reachable = _scan(git, sha, "HEAD", bump_map, watch=sha)
    except GitError:
        reachable = False
    else:
        if reachable or (summary.count == 0 and git.head() == sha):
            return ReleaseBump(tag, summary)
    found = latest_release_tag(git, tag_format)
    return ReleaseBump(found, _scan(git, found.name if found else None, "HEAD", bump_map)[0])
