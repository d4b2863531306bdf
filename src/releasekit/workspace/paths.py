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

from releasekit.commits.batch import UNDECIDED, line_kind
from releasekit.commits.conventional import BREAKING_HINT, Bump, commit_kind_bytes

__all__ = [
    "ROOT_ONLY",
    "CommitRecord",
    "PackageTallies",
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


class PackageTallies:
    """Each package's bump and counts, fed commits as the columns of a walk's batches (no
    object per commit): a commit counts for the packages its paths touch whose release does
    not contain it yet. ``bump_map`` maps commit types to levels (``Config.bump_map``);
    ``bump_maps`` gives a package its own mapping.

    Each message is judged once by its first line, a line seen before by one dictionary
    look-up (:func:`~releasekit.commits.batch.line_kind`); only a message with
    breaking-footer text or an unusual first line is parsed, so the answer is always
    :func:`~releasekit.commits.conventional.commit_kind_bytes`'s.

    >>> tallies = PackageTallies(PathRouter([("a", "a", ())]), {"fix": "patch"})
    >>> tallies.add([b"fix: x", b"docs: y"], [("a/f.py",), ("README.md",)])
    >>> tallies.result()
    {'a': PackageTally(level='patch', count=1, conventional=1)}
    """

    def __init__(
        self,
        router: PathRouter,
        bump_map: Mapping[str, str],
        *,
        bump_maps: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self._router = router
        self._default = {t.lower(): _LEVELS.get(level, 0) for t, level in bump_map.items()}
        self._own = {
            key: {t.lower(): _LEVELS.get(level, 0) for t, level in mapping.items()}
            for key, mapping in (bump_maps or {}).items()
        }
        self._lines: dict[bytes, tuple[str, bool] | None] = {}
        self._counts: dict[str, list[int]] = {}

    def add(
        self,
        messages: Sequence[bytes],
        paths: Sequence[Sequence[str]],
        released: Sequence[frozenset[str]] | None = None,
    ) -> None:
        """Take commits as columns: raw messages, the paths each touches, and (when known)
        the packages whose release already contains each."""
        route = self._router.route
        lines, counts = self._lines, self._counts
        default, own = self._default, self._own
        hint = BREAKING_HINT.search
        for index, (message, touched) in enumerate(zip(messages, paths, strict=True)):
            keys = route(touched)
            if released is not None and released[index]:
                keys = keys - released[index]
            if not keys:
                continue
            if b"BREAKING" in message and hint(message) is not None:
                kind = commit_kind_bytes(message)
            else:
                line = message[: message.find(b"\n") + 1 or None]
                try:
                    kind = lines[line]
                except KeyError:
                    kind = lines[line] = line_kind(line)
                if kind is UNDECIDED:
                    kind = commit_kind_bytes(message)
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

    def result(self) -> dict[str, PackageTally]:
        """Each touched package's tally (packages no commit touches are left out)."""
        return {
            key: PackageTally(_BUMPS[level], n, c) for key, (level, n, c) in self._counts.items()
        }


def tally_packages(
    records: Iterable[CommitRecord],
    router: PathRouter,
    bump_map: Mapping[str, str],
    *,
    bump_maps: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, PackageTally]:
    """Each package's bump and counts over ``records`` (:class:`PackageTallies` over them):
    a commit counts for the packages its paths touch (and whose release does not contain it
    yet). Each message is classified once, whatever the number of packages it touches.
    Packages no commit touches are left out.
    """
    tallies = PackageTallies(router, bump_map, bump_maps=bump_maps)
    for record in records:
        tallies.add((record.message,), (record.paths,), (record.released,))
    return tallies.result()


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
