"""Which packages a commit belongs to, by the paths it touches, and what each package's
commits ask for.

Pure: the input is commit records with their paths (what ``git log --name-only`` prints),
however they were read. A commit counts for a package when one of its paths is inside the
package's directory (the deepest package directory wins, so a member inside another is its
own) or matches one of the package's ``paths`` globs. The root package owns every path that
is in no member's directory. A commit that touches no package (a merge, an empty commit, a
change to a directory that is no package's) goes to no package; the root changelog, if any,
gets its entry.

>>> router = PathRouter([("a", "packages/a", ()), ("b", "packages/b", ("proto/*",))])
>>> sorted(router.route(["packages/a/x.py", "proto/b.proto", "README.md"]))
['a', 'b']
>>> records = [CommitRecord("1", b"feat: x", ("packages/a/x.py",)),
...            CommitRecord("2", b"fix: y", ("packages/b/y.py",))]
>>> tallies = tally_packages(records, router, {"feat": "minor", "fix": "patch"})
>>> {key: tally.level for key, tally in tallies.items()}
{'a': 'minor', 'b': 'patch'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import translate

from releasekit.commits.conventional import Bump, commit_kind_bytes

__all__ = [
    "ROOT_ONLY",
    "CommitRecord",
    "PackageTally",
    "PathRouter",
    "route_messages",
    "tally_packages",
]

_LEVELS = {"none": 0, "patch": 1, "minor": 2, "major": 3}
_BUMPS: tuple[Bump | None, ...] = (None, "patch", "minor", "major")
_NOTHING: frozenset[str] = frozenset()
#: The key :func:`route_messages` files commits under when they touch no package.
ROOT_ONLY: str = ""


@dataclass(frozen=True, slots=True)
class CommitRecord:
    """One commit: its id, its raw UTF-8 message, the paths it touches, and the packages whose
    last release already contains it (``released``: their tag is this commit or a descendant).
    """

    sha: str
    message: bytes
    paths: tuple[str, ...]
    released: frozenset[str] = field(default=_NOTHING)


class PathRouter:
    """Maps repository paths to the packages that own them.

    ``packages`` are ``(key, directory, globs)``: ``directory`` relative to the repository root
    (``"."`` for the root package, which owns whatever no member owns) and ``globs`` extra
    patterns (``fnmatch``, relative to the root). ``members`` lists directories that belong to
    no package here but are still not the root's (a member that is not released).
    Answers are cached per path: a history touches the same files again and again.
    """

    def __init__(
        self,
        packages: Sequence[tuple[str, str, Sequence[str]]],
        members: Sequence[str] = (),
    ) -> None:
        self._directories: dict[str, str | None] = dict.fromkeys(
            (m.strip("/") for m in members), None
        )
        self._root: str | None = None
        self._globs: list[tuple[str, re.Pattern[str]]] = []
        for key, directory, globs in packages:
            clean = directory.strip("/")
            if clean in ("", "."):
                self._root = key
            else:
                self._directories[clean] = key
            self._globs.extend((key, re.compile(translate(g))) for g in globs)
        self._cache: dict[str, frozenset[str]] = {}

    def owner(self, path: str) -> str | None:
        """The package whose directory holds ``path`` (deepest first), else the root's key."""
        directories = self._directories
        end = len(path)
        while (end := path.rfind("/", 0, end)) > 0:
            prefix = path[:end]
            if prefix in directories:
                return directories[prefix]
        return self._root

    def _route_one(self, path: str) -> frozenset[str]:
        found = self._cache.get(path)
        if found is None:
            keys = {key for key, pattern in self._globs if pattern.match(path)}
            owner = self.owner(path)
            if owner is not None:
                keys.add(owner)
            found = self._cache[path] = frozenset(keys) if keys else _NOTHING
        return found

    def route(self, paths: Iterable[str]) -> frozenset[str]:
        """The keys of every package one of ``paths`` belongs to."""
        keys: frozenset[str] = _NOTHING
        for path in paths:
            found = self._route_one(path)
            if found and not found <= keys:
                keys = keys | found
        return keys


@dataclass(frozen=True, slots=True)
class PackageTally:
    """What one package's commits ask for: the bump (``None``: nothing bumps), how many
    commits touch it, and how many of those are conventional commits."""

    level: Bump | None
    count: int
    conventional: int


def tally_packages(
    records: Iterable[CommitRecord],
    router: PathRouter,
    bump_map: Mapping[str, str],
    *,
    bump_maps: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, PackageTally]:
    """Each package's bump and counts over ``records``, a commit counting for the packages
    its paths touch (and whose release does not contain it yet). ``bump_map`` maps commit
    types to levels (``Config.bump_map``); ``bump_maps`` gives a package its own mapping.
    Each message is classified once, whatever the number of packages it touches. Packages
    no commit touches are left out.
    """
    default = {t.lower(): _LEVELS.get(level, 0) for t, level in bump_map.items()}
    own = {
        key: {t.lower(): _LEVELS.get(level, 0) for t, level in mapping.items()}
        for key, mapping in (bump_maps or {}).items()
    }
    counts: dict[str, list[int]] = {}
    for record in records:
        keys = router.route(record.paths)
        if record.released:
            keys = keys - record.released
        if not keys:
            continue
        kind = commit_kind_bytes(record.message)
        for key in keys:
            entry = counts.get(key)
            if entry is None:
                entry = counts[key] = [0, 0, 0]
            entry[1] += 1
            if kind is None:
                continue
            entry[2] += 1
            level = 3 if kind[1] else own.get(key, default).get(kind[0], 0)
            if level > entry[0]:
                entry[0] = level
    return {key: PackageTally(_BUMPS[level], n, c) for key, (level, n, c) in counts.items()}


def route_messages(
    records: Iterable[CommitRecord], router: PathRouter
) -> Iterator[tuple[str, bytes]]:
    """``(key, message)`` for each package each commit belongs to, newest first; a commit
    that touches no package is yielded once under :data:`ROOT_ONLY` (the root changelog's).

    >>> router = PathRouter([("a", "a", ())])
    >>> list(route_messages([CommitRecord("1", b"fix: x", ("a/f",)),
    ...                      CommitRecord("2", b"docs: y", ("docs/z",))], router))
    [('a', b'fix: x'), ('', b'docs: y')]
    """
    for record in records:
        keys = router.route(record.paths)
        if not keys:
            if not record.released:
                yield ROOT_ONLY, record.message
            continue
        for key in sorted(keys - record.released if record.released else keys):
            yield key, record.message
