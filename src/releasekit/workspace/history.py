"""One walk of the history for every package: commits with their paths, each marked with
the packages whose last release already contains it.

Every package of a monorepo has its own last tag, but the history is read once: one
``git log --name-only`` from HEAD back to where all those tags meet (their common ancestors,
``git merge-base --octopus --all``). Walking children before parents (``--topo-order``), a
commit inherits from its children the set of packages whose tag it is an ancestor of, so
each package counts exactly the commits after its own tag, merges included, without a
second ``git log``.

>>> last_tags(TagRefs({"a-v1.0": "c1", "b-v2.0": "c2"}, frozenset({"a-v1.0"})),
...           {"a": "a-v{version}", "b": "b-v{version}"})
{'a': ReleaseTag(name='a-v1.0', version='1.0'), 'b': None}
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasekit.errors import GitError
from releasekit.git.log import CommitBatch, ReleaseBump, split_with_paths
from releasekit.git.prestart import claim, discard, hold
from releasekit.git.runner import Git
from releasekit.git.tags import ReleaseTag, release_tags
from releasekit.workspace.paths import CommitRecord, PackageTally, PathRouter, tally_packages

if TYPE_CHECKING:
    from releasekit.workspace.members import Member

__all__ = [
    "PackageWalk",
    "TagRefs",
    "last_tags",
    "package_bump",
    "package_tally",
    "read_tag_refs",
    "release_bump",
    "walk_since_tags",
]

_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TagRefs:
    """Every tag of the repository with its commit, and which of them HEAD contains
    (``merged``; ``None``: not asked, every tag may be; see :class:`PackageWalk`)."""

    commits: Mapping[str, str]
    merged: frozenset[str] | None

    @property
    def names(self) -> list[str]:
        """Every tag name (for detecting the tag formats)."""
        return list(self.commits)


def read_tag_refs(git: Git, *, merged: bool = True) -> TagRefs:
    """All tags with their peeled commits and the ones reachable from HEAD: two ``git
    for-each-ref`` (``merged=False``: one, reachability not asked; the second walks the
    whole history when the repository has no commit-graph)."""
    fields = "%(objecttype) %(objectname) %(*objecttype) %(*objectname) %(refname:strip=2)"
    commits: dict[str, str] = {}
    for line in git.run("for-each-ref", f"--format={fields}", "refs/tags").splitlines():
        kind, sha, peeled_kind, peeled, name = line.split(" ", 4)
        if kind == "commit":
            commits[name] = sha
        elif peeled_kind == "commit":
            commits[name] = peeled
    if not merged:
        return TagRefs(commits, None)
    reachable: frozenset[str] = frozenset()
    if commits and git.head() is not None:
        reachable = frozenset(
            git.run(
                "for-each-ref", "--merged=HEAD", "--format=%(refname:strip=2)", "refs/tags"
            ).splitlines()
        )
    return TagRefs(commits, reachable)


def last_tags(refs: TagRefs, formats: Mapping[str, str]) -> dict[str, ReleaseTag | None]:
    """Each package's highest release tag that HEAD contains (``formats``: key -> format;
    with ``refs.merged`` unknown, its highest release tag)."""
    merged = [name for name in refs.commits if refs.merged is None or name in refs.merged]
    result: dict[str, ReleaseTag | None] = {}
    for key, tag_format in formats.items():
        tags = release_tags(tag_format, merged)
        result[key] = tags[0] if tags else None
    return result


class PackageWalk:
    """The one ``git log --name-only`` of every package's unreleased commits, started (git
    walks while the caller does other work) and then read in batches.

    ``git log HEAD --not STOPS``, STOPS being where the packages' last tags meet (their
    merge bases); children before parents (``--topo-order``) when the caller wants that
    order (``ordered``, as changelogs do) or a tag lies inside that range, since then a
    commit needs its children's releases. With tags
    chosen from all tags rather than the reachable ones (:func:`read_tag_refs` with
    ``merged=False``, which spares git a walk of the whole history), the walk itself proves
    them: each tag's commit must be HEAD, a commit of the range or a parent of one
    (:attr:`proven`); otherwise the caller reads the reachable tags and walks again.
    """

    def __init__(
        self,
        git: Git,
        tags: Mapping[str, ReleaseTag | None],
        refs: TagRefs,
        *,
        ordered: bool = True,
    ) -> None:
        self.git = git
        self.head = git.head()
        tagged: dict[str, set[str]] = {}
        for key, tag in tags.items():
            if tag is not None:
                tagged.setdefault(refs.commits[tag.name], set()).add(key)
        stops: list[str] = []
        if tags and all(tag is not None for tag in tags.values()):
            shas = sorted(tagged)
            stops = (
                shas
                if len(shas) == 1
                else git.run("merge-base", "--octopus", "--all", *shas).split()
            )
        #: Commit -> the packages whose release contains it, passed on from child to parent.
        self._marks: dict[str, frozenset[str]] = {}
        if any(sha not in stops for sha in tagged):
            self._marks = {sha: frozenset(keys) for sha, keys in tagged.items()}
        self._unproven = {sha.encode("ascii") for sha in tagged if sha != self.head}
        # The format of the single-project walk (releasekit.git.log), with its paths parser.
        self.args = [
            "log",
            "-z",
            "--format=%x00%H %P%x00%B",
            "--encoding=UTF-8",
            "--no-show-signature",
            "--name-only",
            # Paths relative to the workspace root, which may sit below the repository's top.
            "--relative",
            "--no-renames",
            *(["--topo-order"] if ordered or self._marks else []),
            "HEAD",
            *(["--not", *stops] if stops else []),
            "--",
        ]
        self._process: subprocess.Popen[bytes] | None = None
        if self.head is not None:
            # One started before the CLI loaded (releasekit.workspace.early), if it is this one.
            self._process = claim(git.path, tuple(self.args)) or git.spawn(*self.args)

    def hold(self) -> None:
        """Leave the started ``git log`` for the walk a later :class:`PackageWalk` with the
        same arguments makes (:func:`releasekit.git.prestart.claim`)."""
        if self._process is not None:
            hold(self.git.path, self._process)
            self._process = None

    def close(self) -> None:
        """Stop and reap git when the walk will not be read (an error came first)."""
        if self._process is not None:
            discard(self._process)
            self._process = None

    @property
    def proven(self) -> bool:
        """True once the walk has shown every tag's commit to be an ancestor of HEAD."""
        return not self._unproven

    def batches(self) -> Iterator[tuple[CommitBatch, list[frozenset[str]] | None]]:
        """Each batch of commits (newest first), with the packages whose release contains
        each commit (``None``: no commit of the walk is in a release)."""
        if self._process is None:
            return
        marks, unproven = self._marks, self._unproven
        try:
            for batch in split_with_paths(self.git.stream(*self.args, process=self._process)):
                if unproven:
                    ids = b" ".join(batch.ids)
                    unproven.difference_update([sha for sha in unproven if sha in ids])
                if not marks:
                    yield batch, None
                    continue
                released: list[frozenset[str]] = []
                for record in batch.ids:
                    sha, *parents = record.decode("ascii").split()
                    found = marks.pop(sha, _NOTHING)
                    if found:
                        for parent in parents:
                            marks[parent] = marks.get(parent, _NOTHING) | found
                    released.append(found)
                yield batch, released
        except GitError:
            if self.git.head() is None:
                return
            raise
        finally:
            self._process = None


def walk_since_tags(
    git: Git, tags: Mapping[str, ReleaseTag | None], refs: TagRefs
) -> Iterator[CommitRecord]:
    """The commits of HEAD not yet in every package's last release, newest first, each with
    the paths it touches and the packages (keys of ``tags``) whose release contains it.

    One ``git log`` (after one ``git merge-base`` when every package has a tag), read by a
    :class:`PackageWalk`. A repository without commits yields nothing.
    """
    for batch, released in PackageWalk(git, tags, refs).batches():
        marks = released or [_NOTHING] * len(batch)
        for sha, message, touched, found in zip(
            batch.shas(), batch.messages, batch.paths or (), marks, strict=True
        ):
            yield CommitRecord(sha, message, touched, found)


def package_tally(
    member: Member, tag_format: str, bump_map: Mapping[str, str]
) -> tuple[ReleaseTag | None, PackageTally]:
    """The last release tag of one monorepo package and what the commits since it that touch
    the package ask for; in lockstep, what every commit since the shared tag asks for.

    One ``git log --name-only`` from the workspace root (paths relative to it).
    """
    workspace, package = member.workspace, member.package
    git = Git(workspace.root)
    refs = read_tag_refs(git)
    (tag,) = last_tags(refs, {package.key: tag_format}).values()
    if workspace.lockstep:  # every package counts: one key for all of them
        router = PathRouter(
            [(package.key, p.directory, p.paths) for p in workspace.packages if p.name],
            members=workspace.member_directories,
        )
    else:
        router = workspace.router()
    tallies = tally_packages(
        walk_since_tags(git, {package.key: tag}, refs),
        router,
        bump_map,
    )
    return tag, tallies.get(package.key, PackageTally(None, 0, 0))


def package_bump(member: Member, tag_format: str, bump_map: Mapping[str, str]) -> ReleaseBump:
    """:func:`package_tally` as the :class:`~releasekit.git.log.ReleaseBump` single projects
    answer with (so ``next`` and ``bump`` read a monorepo package the same way)."""
    from releasekit.git.log import BumpSummary

    tag, tally = package_tally(member, tag_format, bump_map)
    return ReleaseBump(tag, BumpSummary(tally.level, tally.count, tally.conventional))


def release_bump(
    git: Git,
    tag_format: str,
    bump_map: Mapping[str, str],
    since: ReleaseTag | None,
    member: Member | None,
) -> ReleaseBump:
    """What the commits since the last release ask for: a monorepo package's own commits
    (:func:`package_bump`), else every commit since ``since``
    (:func:`releasekit.git.log.latest_release_bump`)."""
    if member is not None:
        return package_bump(member, tag_format, bump_map)
    from releasekit.git.log import latest_release_bump

    return latest_release_bump(git, tag_format, bump_map, since=since)  # type: ignore[arg-type]
