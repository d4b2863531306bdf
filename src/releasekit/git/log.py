"""The one walk of the history: ``git log`` since the last release tag, streamed once and fed
to every consumer that wants it.

One ``git log -z`` subprocess is read in large chunks, split on NUL bytes and handed on as
:class:`CommitBatch` columns (commit ids, raw messages, and, when asked, the paths each
commit touches), so 100k commits cost one process, flat memory and no object per commit.
Consumers take the batches as they come: :class:`~releasekit.commits.tally.BumpTally` (what
``next auto`` and ``bump`` ask), :class:`~releasekit.changelog.entries.EntryCollector`
(``changelog``), several at once if a command needs several answers from one pass.

>>> from pathlib import Path
>>> from releasekit.commits.tally import BumpTally
>>> from releasekit.git.prestart import claim, discard, log_args, log_range
from releasekit.git.runner import Git
>>> git = Git(Path("."))
>>> tag, (tally,) = walk_since_release(git, "v{version}", lambda: (BumpTally(),))  # doctest: +SKIP
>>> tally.level  # doctest: +SKIP
'minor'
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from releasekit.commits.conventional import Bump, ConventionalCommit, parse_commit
from releasekit.commits.defaults import DEFAULT_BUMP_MAP, BumpLevel
from releasekit.commits.tally import BumpTally
from releasekit.errors import GitError
from releasekit.git.prestart import claim, discard, log_args, log_range
from releasekit.git.runner import Git

if TYPE_CHECKING:
    from releasekit.git.tags import ReleaseTag

__all__ = [
    "BumpSummary",
    "CommitBatch",
    "HistoryConsumer",
    "LoggedCommit",
    "ReleaseBump",
    "Walk",
    "bump_level_since",
    "iter_commits",
    "latest_release_bump",
    "log_args",
    "log_range",
    "split_with_paths",
    "walk_history",
    "walk_since_release",
]


@dataclass(frozen=True, slots=True)
class CommitBatch:
    """Consecutive commits of a walk, newest first, as parallel columns.

    ``ids[i]`` is commit ``i``'s id followed by its parents' ids (ASCII, space-separated),
    ``messages[i]`` its raw message (UTF-8 as git prints it), and ``paths[i]`` the paths it
    touches (only when the walk was asked for them, else ``paths`` is ``None``).

    >>> batch = CommitBatch([b"c2 c1", b"c1"], [b"fix: b\\n", b"feat: a\\n"])
    >>> len(batch), batch.shas()
    (2, ['c2', 'c1'])
    """

    ids: Sequence[bytes]
    messages: Sequence[bytes]
    paths: Sequence[tuple[str, ...]] | None = None

    def __len__(self) -> int:
        return len(self.messages)

    def shas(self) -> list[str]:
        """The commit ids, as text."""
        return [record.partition(b" ")[0].decode("ascii") for record in self.ids]


class HistoryConsumer(Protocol):
    """Anything that takes the batches of a walk (one call per batch, newest commits first)."""

    def take(self, batch: CommitBatch) -> None:
        """Take one batch."""


@dataclass(frozen=True, slots=True)
class Walk:
    """What a walk saw: how many commits, and whether ``watch`` was a parent of one."""

    count: int
    reached: bool


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


def _pairs(batches: Iterable[list[bytes]]) -> Iterator[CommitBatch]:
    """Records alternate ids, message, ids, message…; a read may end between the two."""
    carry: list[bytes] = []
    for batch in batches:
        records = carry + batch if carry else batch
        carry = [records.pop()] if len(records) % 2 else []
        if records:
            yield CommitBatch(records[0::2], records[1::2])


def split_with_paths(batches: Iterable[list[bytes]]) -> Iterator[CommitBatch]:
    """With ``--name-only``: each commit starts with an empty record (the format's leading
    NUL; a path is never empty), then its ids, its message, and the paths it touches (the
    first one after a ``\\n``), if any.

    A commit's records are found by position, ``list.index`` finding where the next commit
    starts (in C), so Python takes one step per commit rather than one per record. The last
    commit of a read waits: the next read may bring more of its paths.
    """
    pending: list[bytes] = []
    for batch in batches:
        records = pending + batch if pending else batch
        found, pending = _complete_commits(records)
        if found is not None:
            yield found
    if len(pending) > 2:
        yield CommitBatch([pending[1]], [pending[2]], [_paths(pending[3:])])


def _complete_commits(records: list[bytes]) -> tuple[CommitBatch | None, list[bytes]]:
    """The commits of ``records`` that the next commit's start closes, and the rest (which
    starts where the last commit does)."""
    ids: list[bytes] = []
    messages: list[bytes] = []
    paths: list[tuple[str, ...]] = []
    find = records.index
    start = _first_start(records)
    while start + 2 < len(records):
        try:
            stop = find(b"", start + 3)
        except ValueError:
            break
        ids.append(records[start + 1])
        messages.append(records[start + 2])
        paths.append(_paths(records[start + 3 : stop]))
        start = stop
    return (CommitBatch(ids, messages, paths) if ids else None), records[start:]


def _first_start(records: list[bytes]) -> int:
    """Where the first commit starts (output always starts there; ``len``: nowhere)."""
    try:
        return records.index(b"")
    except ValueError:
        return len(records)


def _paths(records: list[bytes]) -> tuple[str, ...]:
    return tuple(
        record.removeprefix(b"\n").decode("utf-8", "surrogateescape") for record in records
    )


def _batches(
    git: Git,
    since: str | None,
    until: str,
    *,
    paths: bool = False,
    process: subprocess.Popen[bytes] | None = None,
) -> Iterator[CommitBatch]:
    """The commits of ``since..until`` in batches; an empty repository gives none."""
    args = log_args(since, until, paths=paths)
    records = git.stream(*args, process=process)
    try:
        yield from (split_with_paths(records) if paths else _pairs(records))
    except GitError:
        if _is_empty_history(git, since, until):
            return
        raise


def walk_history(
    git: Git,
    since: str | None,
    consumers: Iterable[HistoryConsumer],
    *,
    until: str = "HEAD",
    watch: str | None = None,
    paths: bool = False,
    process: subprocess.Popen[bytes] | None = None,
) -> Walk:
    """Stream ``since..until`` once (``since=None``: all history), feeding every batch to every
    consumer, and say how many commits there were and whether ``watch`` (a commit id) is the
    parent of one of them, which proves it an ancestor of ``until``.

    ``paths`` also reads the paths each commit touches (``CommitBatch.paths``). ``process``
    is the same ``git log`` (:func:`log_args`) already started by :meth:`Git.spawn`. A
    ``since``/``until`` that names no commit raises :class:`GitError` naming it.
    """
    consumers = tuple(consumers)
    watched = watch.encode("ascii") if watch else None
    count = 0
    reached = False
    for batch in _batches(git, since, until, paths=paths, process=process):
        count += len(batch)
        if watched is not None and not reached:
            reached = watched in b" ".join(batch.ids)
        for consumer in consumers:
            consumer.take(batch)
    return Walk(count, reached)


C = TypeVar("C", bound=Sequence[HistoryConsumer])


def walk_since_release(
    git: Git,
    tag_format: str,
    start: Callable[[], C],
    *,
    paths: bool = False,
    process: subprocess.Popen[bytes] | None = None,
    since: ReleaseTag | Literal[False] | None = False,
) -> tuple[ReleaseTag | None, C]:
    """Walk the commits since the latest release tag on HEAD into the consumers ``start``
    makes; return that tag (``None``: no release yet, all history was read) and them.

    The history is walked once in the usual case: the highest release tag comes from the refs
    alone and the walk since its commit proves it is an ancestor of HEAD (a commit of the
    range has it as parent). Only when it is not (the highest release was tagged on another
    branch) does git look up the highest reachable tag, and fresh consumers read again.
    ``process`` (else one :func:`releasekit.git.prestart.claim` finds): ``git log`` started
    early with :func:`log_args` of the highest tag's commit; it is used only when those are
    the arguments, and reaped otherwise. ``since``: the release the caller counts from
    (:func:`releasekit.git.tags.last_release`; ``None``: no release, all history), instead
    of the highest release tag on HEAD.
    """
    from releasekit.git.tags import latest_release_tag, release_tag_commits

    candidates = release_tag_commits(git, tag_format)
    if since is not False:
        sha = next((c for t, c in candidates if t == since), None) if since else None
        args = log_args(sha, paths=paths)
        if process is None:
            process = claim(git.path, args)
        elif list(process.args)[3:] != list(args):  # type: ignore[arg-type]
            discard(process)
            process = None
        consumers = start()
        walk_history(git, sha, consumers, paths=paths, process=process)
        return since, consumers
    wanted = log_args(candidates[0][1] if candidates else None, paths=paths)
    if process is None:
        process = claim(git.path, wanted)
    elif list(process.args)[3:] != list(wanted):  # type: ignore[arg-type]
        discard(process)
        process = None
    if not candidates:
        consumers = start()
        walk_history(git, None, consumers, paths=paths, process=process)
        return None, consumers
    tag, sha = candidates[0]
    consumers = start()
    try:
        walk = walk_history(git, sha, consumers, watch=sha, paths=paths, process=process)
    except GitError:
        pass
    else:
        if walk.reached or (walk.count == 0 and git.head() == sha):
            return tag, consumers
    found = latest_release_tag(git, tag_format)
    consumers = start()
    walk_history(git, found.name if found else None, consumers, paths=paths)
    return found, consumers


def iter_commits(git: Git, since: str | None, until: str = "HEAD") -> Iterator[LoggedCommit]:
    """Yield the commits reachable from ``until`` and not from ``since``, newest first, each
    message decoded and parsed (for readers that want objects, not the fast consumers).

    ``since=None`` reads the whole history. A repository with no commits yields nothing. A
    ``since`` (or ``until``) that names no commit raises :class:`GitError` naming it.
    """
    for batch in _batches(git, since, until):
        for sha, raw in zip(batch.shas(), batch.messages, strict=True):
            message = raw.decode("utf-8", "replace")
            yield LoggedCommit(sha, message, parse_commit(message))


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


def _summary(tally: BumpTally) -> BumpSummary:
    return BumpSummary(tally.level, tally.count, tally.conventional)


def bump_level_since(
    git: Git,
    since: str | None,
    bump_map: Mapping[str, BumpLevel] = DEFAULT_BUMP_MAP,
    until: str = "HEAD",
) -> BumpSummary:
    """Read the commits after ``since`` (a release tag; ``None``: all history) and return the
    bump they ask for with :func:`releasekit.commits.conventional.infer_bump`'s rules, plus
    counts, in one streamed ``git log``.
    """
    tally = BumpTally(bump_map)
    walk_history(git, since, (tally,), until=until)
    return _summary(tally)


@dataclass(frozen=True, slots=True)
class ReleaseBump:
    """The latest release tag reachable from HEAD (``None``: no release yet) and what the
    commits since it ask for."""

    tag: ReleaseTag | None
    summary: BumpSummary

    def part(self, current: str | None, scheme: str | None) -> str | None:
        """The version part the commits ask for (``None``: nothing calls for a release).

        A CalVer project makes any release-worthy change a new dated release; otherwise the
        level maps to a part by :func:`releasekit.version.next.level_to_part`.

        >>> bump = ReleaseBump(None, BumpSummary("major", 3, 2))
        >>> bump.part("0.4.1", "semver"), bump.part("1.4.1", "semver"), bump.part(None, "calver")
        ('minor', 'major', 'calver')
        """
        from releasekit.version.next import level_to_part

        if self.summary.level is None:
            return None
        if scheme == "calver":
            return "calver"
        return level_to_part(current, self.summary.level)


def latest_release_bump(
    git: Git,
    tag_format: str,
    bump_map: Mapping[str, BumpLevel] = DEFAULT_BUMP_MAP,
    *,
    process: subprocess.Popen[bytes] | None = None,
    since: ReleaseTag | Literal[False] | None = False,
) -> ReleaseBump:
    """The latest release tag on HEAD and the bump the commits since it ask for: the same
    answer as :func:`releasekit.git.tags.latest_release_tag` then :func:`bump_level_since`,
    in one walk (:func:`walk_since_release`); ``since`` as there."""
    tag, (tally,) = walk_since_release(
        git, tag_format, lambda: (BumpTally(bump_map),), process=process, since=since
    )
    return ReleaseBump(tag, _summary(tally))
