"""What a release must hold, and what a wheel provides: expectations matched against tags.

A :class:`WheelExpectation` lists the wheels a release needs: from ``expect-wheels`` globs
in ``[tool.releasekit]`` (``cp3{10..13}-manylinux_*_x86_64``), from the cibuildwheel
identifiers the release matrix builds (:mod:`releasekit.dist.cibuildwheel`), or one
``py3-none-any`` wheel for a pure-Python project (:func:`expectation_for` picks).

A wheel is matched through its *keys* (:func:`wheel_keys`), ``python-platform`` and
``interpreter-abi-platform`` for each of its tags, read with
``packaging.utils.parse_wheel_filename``; an ``abi3`` wheel covers every later CPython, a
``universal2`` wheel both macOS archs. Its *identities* (:func:`wheel_identities`) say what it
is a build of, whatever its manylinux or macOS version: two wheels sharing one are two builds
of the same thing.

>>> sorted(wheel_keys("pkg-1.0-cp312-abi3-macosx_11_0_universal2.whl"))[:3]
['cp312-abi3-macosx_11_0_universal2', 'cp312-macosx_11_0_arm64', 'cp312-macosx_11_0_universal2']
>>> wheel_identities("pkg-1.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
frozenset({'cp310-cp310-manylinux_x86_64'})
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "ExpectedWheel",
    "WheelExpectation",
    "expectation_for",
    "wheel_identities",
    "wheel_keys",
    "wheel_tags",
]

#: The newest CPython minor an ``abi3`` wheel is counted for (it covers every later one).
_ABI3_UNTIL = 20
_CPYTHON = re.compile(r"^cp3(\d+)$")
_FAMILY = re.compile(r"^(manylinux|musllinux|macosx)_\d+_\d+_(.+)$")
_LEGACY_MANYLINUX = re.compile(r"^manylinux(?:1|2010|2014)_(.+)$")


@dataclass(frozen=True)
class ExpectedWheel:
    """One wheel the release must hold: a label for messages and the patterns that satisfy it.

    >>> ExpectedWheel("cp3*-win_amd64", ("cp3*-win_amd64",)).satisfied_by({"cp312-win_amd64"})
    True
    """

    label: str
    patterns: tuple[str, ...]

    def satisfied_by(self, keys: Iterable[str]) -> bool:
        """True when one of ``keys`` (see :func:`wheel_keys`) matches one of the patterns."""
        return any(fnmatchcase(key, pattern) for key in keys for pattern in self.patterns)


@dataclass(frozen=True)
class WheelExpectation:
    """The wheels a release must hold, and where that expectation comes from."""

    wheels: tuple[ExpectedWheel, ...]
    source: str
    #: ``"configured"`` (expect-wheels), ``"cibuildwheel"`` (derived) or ``"pure"``.
    origin: Literal["configured", "cibuildwheel", "pure"] = "configured"

    @classmethod
    def pure(cls) -> WheelExpectation:
        """One ``py3-none-any`` wheel: a project without compiled code."""
        wheel = ExpectedWheel("py3-none-any", ("py3-none-any",))
        return cls((wheel,), "a pure-Python project", "pure")

    @classmethod
    def from_globs(cls, globs: Sequence[str], source: str) -> WheelExpectation:
        """One expected wheel per brace-expanded glob (``cp3{10..12}-win_amd64`` is three)."""
        from releasekit.dist.cibuildwheel import expand_braces

        expanded = [item for glob in globs for item in expand_braces(glob)]
        unique = list(dict.fromkeys(expanded))
        return cls(tuple(ExpectedWheel(item, (item,)) for item in unique), source)

    @classmethod
    def from_identifiers(cls, identifiers: Sequence[str], source: str) -> WheelExpectation:
        """One expected wheel per cibuildwheel identifier (``cp312-manylinux_x86_64``)."""
        from releasekit.dist.cibuildwheel import identifier_patterns

        wheels = tuple(ExpectedWheel(i, identifier_patterns(i)) for i in identifiers)
        return cls(wheels, source, "cibuildwheel")


def expectation_for(
    root: Path, pyproject: Mapping[str, Any], expect_wheels: Sequence[str] = ()
) -> WheelExpectation:
    """The expectation for the project at ``root``: configured, derived or pure.

    >>> expectation_for(Path("/nowhere"), {"project": {"name": "p"}}).source
    'a pure-Python project'
    """
    if expect_wheels:
        return WheelExpectation.from_globs(expect_wheels, "expect-wheels in [tool.releasekit]")
    from releasekit.dist.extensions import detect_extensions

    reasons = detect_extensions(root, pyproject)
    if not reasons:
        return WheelExpectation.pure()
    from releasekit.dist.cibuildwheel import CIBUILDWHEEL_VERSION, build_identifiers

    source = (
        f"an extension project ({reasons[0]}): what cibuildwheel {CIBUILDWHEEL_VERSION} "
        "builds on the release workflow's runners for [tool.cibuildwheel] and requires-python"
    )
    return WheelExpectation.from_identifiers(build_identifiers(pyproject), source)


def wheel_tags(filename: str) -> list[tuple[str, str, str]]:
    """``(interpreter, abi, platform)`` of each tag of the wheel ``filename``, sorted."""
    from packaging.utils import parse_wheel_filename

    tags = parse_wheel_filename(filename)[3]
    return sorted((t.interpreter, t.abi, t.platform) for t in tags)


def wheel_keys(filename: str) -> frozenset[str]:
    """The strings expectations are matched against, for each tag of the wheel ``filename``.

    ``python-platform`` (``cp312-win_amd64``; ``cp313t-…`` for a free-threaded build; every
    later ``cpXY`` for an ``abi3`` wheel) and the whole tag ``interpreter-abi-platform``.
    """
    keys: set[str] = set()
    for interpreter, abi, platform in wheel_tags(filename):
        cpython = _CPYTHON.match(interpreter)
        if abi == "abi3" and cpython:
            pythons = [f"cp3{m}" for m in range(int(cpython[1]), _ABI3_UNTIL + 1)]
        elif abi == f"{interpreter}t":
            pythons = [abi]
        else:
            pythons = [interpreter]
        platforms = [platform]
        if platform.endswith("_universal2"):
            base = platform.removesuffix("_universal2")
            platforms += [f"{base}_x86_64", f"{base}_arm64"]
        keys |= {f"{python}-{plat}" for python in pythons for plat in platforms}
        keys.add(f"{interpreter}-{abi}-{platform}")
    return frozenset(keys)


def _family(platform: str) -> str:
    match = _FAMILY.match(platform)
    if match:
        return f"{match[1]}_{match[2]}"
    legacy = _LEGACY_MANYLINUX.match(platform)
    return f"manylinux_{legacy[1]}" if legacy else platform


def wheel_identities(filename: str) -> frozenset[str]:
    """What a wheel is a build *of*: ``interpreter-abi-platform family`` for each tag.

    Two wheels sharing one identity are two builds of the same thing, whatever their
    manylinux or macOS version.
    """
    return frozenset(f"{i}-{a}-{_family(p)}" for i, a, p in wheel_tags(filename))
