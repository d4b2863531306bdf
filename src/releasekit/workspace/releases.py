"""Which packages a monorepo release covers, and with which part: pure.

Each package's own commits ask for a part (:func:`releasekit.workspace.paths.tally_packages`).
A package that pins another one exactly (``b`` requires ``a==1.0.0``) has its pin rewritten
when ``a`` is released; with ``cascade = true`` it is then released too, as a patch, and so
on down the chain of pins. In ``lockstep`` mode every package is released together with the
highest part any of them asks for.

>>> cascade_parts({"a": "minor"}, {"b": {"a"}, "c": {"b"}}, cascading={"b", "c"})
{'a': 'minor', 'b': 'patch', 'c': 'patch'}
>>> cascade_parts({"a": "minor"}, {"b": {"a"}}, cascading=set())
{'a': 'minor'}
>>> lockstep_part(["patch", None, "minor"])
'minor'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set

__all__ = ["cascade_parts", "dependents_of", "lockstep_part"]

_ORDER = {None: 0, "patch": 1, "minor": 2, "major": 3}


def dependents_of(pins: Mapping[str, Set[str]], released: Iterable[str]) -> set[str]:
    """The packages whose pins name one of ``released`` (``pins``: package -> pinned keys)."""
    chosen = set(released)
    return {key for key, pinned in pins.items() if pinned & chosen}


def cascade_parts(
    parts: Mapping[str, str],
    pins: Mapping[str, Set[str]],
    *,
    cascading: Set[str],
) -> dict[str, str]:
    """``parts`` (package -> part its commits ask for) plus a ``patch`` for every package of
    ``cascading`` that pins, directly or down a chain, a released package. A package keeps
    the part its own commits ask for; the order is that of ``parts``, then the cascade's.
    """
    result = dict(parts)
    frontier = set(parts)
    while frontier:
        added = {
            key for key in dependents_of(pins, frontier) if key in cascading and key not in result
        }
        for key in sorted(added):
            result[key] = "patch"
        frontier = added
    return result


def lockstep_part(levels: Iterable[str | None]) -> str | None:
    """The highest bump level among the packages (``None``: none asks for a release)."""
    highest: str | None = None
    for level in levels:
        if _ORDER.get(level, 0) > _ORDER.get(highest, 0):
            highest = level
    return highest
