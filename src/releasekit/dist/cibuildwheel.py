"""The wheels a cibuildwheel matrix builds, derived from ``[tool.cibuildwheel]``.

The release workflow for extension projects runs ``pypa/cibuildwheel`` on five runners
(:data:`RUNNERS`). Which wheels come out is decided by the project's ``[tool.cibuildwheel]``
``build``, ``skip``, ``archs`` (also per platform, ``[tool.cibuildwheel.linux] archs``) and
``enable``, and by ``[project] requires-python``, exactly as cibuildwheel selects them:
``auto`` archs are each runner's native architecture (plus 32-bit ``x86`` on Windows), PyPy and
GraalPy only when enabled, patterns with shell braces (``cp3{10..12}-*``) matched with
``fnmatch``. The identifiers are those of the cibuildwheel release the workflow pins
(:data:`CIBUILDWHEEL_VERSION`); this module is pure: it takes the parsed pyproject.

>>> ids = build_identifiers({"project": {"requires-python": ">=3.13"},
...                          "tool": {"cibuildwheel": {"skip": "*musllinux* *-win32 cp3??t-*"}}})
>>> ids  # doctest: +NORMALIZE_WHITESPACE
('cp313-macosx_arm64', 'cp313-macosx_x86_64', 'cp313-manylinux_aarch64',
 'cp313-manylinux_x86_64', 'cp313-win_amd64', 'cp314-macosx_arm64', 'cp314-macosx_x86_64',
 'cp314-manylinux_aarch64', 'cp314-manylinux_x86_64', 'cp314-win_amd64', 'cp315-macosx_arm64',
 'cp315-macosx_x86_64', 'cp315-manylinux_aarch64', 'cp315-manylinux_x86_64', 'cp315-win_amd64')
>>> expand_braces("cp3{10..12}-{manylinux,musllinux}_*")  # doctest: +NORMALIZE_WHITESPACE
['cp310-manylinux_*', 'cp310-musllinux_*', 'cp311-manylinux_*', 'cp311-musllinux_*',
 'cp312-manylinux_*', 'cp312-musllinux_*']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from fnmatch import fnmatchcase
from typing import Any

from releasekit.errors import ConfigError

__all__ = [
    "CIBUILDWHEEL_VERSION",
    "RUNNERS",
    "build_identifiers",
    "expand_braces",
    "identifier_patterns",
]

#: The cibuildwheel release the generated workflow pins; its identifiers are listed below.
CIBUILDWHEEL_VERSION = "4.2.0"

#: runner label -> (cibuildwheel platform, native architecture): the workflow's matrix.
#: Intel macOS is ``macos-15-intel``: GitHub retired ``macos-13``, the last Intel image of
#: the ``macos-N`` series (actionlint no longer knows the label).
RUNNERS: Mapping[str, tuple[str, str]] = {
    "ubuntu-latest": ("linux", "x86_64"),
    "ubuntu-24.04-arm": ("linux", "aarch64"),
    "macos-14": ("macos", "arm64"),
    "macos-15-intel": ("macos", "x86_64"),
    "windows-latest": ("windows", "AMD64"),
}

_CPYTHON = ("cp39", "cp310", "cp311", "cp312", "cp313", "cp314", "cp314t", "cp315", "cp315t")
_PYPY = ("pp39", "pp310", "pp311")
_GRAALPY = ("gp312_250",)
_ARCHS: Mapping[str, tuple[str, ...]] = {
    "linux": ("x86_64", "i686", "aarch64", "ppc64le", "s390x", "armv7l", "riscv64"),
    "macos": ("x86_64", "arm64", "universal2"),
    "windows": ("AMD64", "x86", "ARM64"),
}
_PYPY_ARCHS: Mapping[str, tuple[str, ...]] = {
    "linux": ("x86_64", "aarch64", "i686"),
    "macos": ("x86_64", "arm64"),
    "windows": ("AMD64",),
}
_GRAALPY_ARCHS: Mapping[str, tuple[str, ...]] = {
    "linux": ("x86_64", "aarch64"),
    "macos": ("x86_64", "arm64"),
    "windows": ("AMD64",),
}
_WINDOWS_PLATFORM = {"AMD64": "win_amd64", "x86": "win32", "ARM64": "win_arm64"}
_ENABLE_GROUPS = (
    "cpython-prerelease",
    "graalpy",
    "pypy",
    "pypy-eol",
    "pyodide-eol",
    "pyodide-prerelease",
)
_RANGE = re.compile(r"^(-?\d+)\.\.(-?\d+)$")


def _closing(text: str, start: int) -> int | None:
    """The index of the ``}`` matching the ``{`` at ``start`` (None when unbalanced)."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return None


def _alternatives(body: str) -> list[str] | None:
    """The comma-separated parts of a brace body (top level only), or its range, or None."""
    numbers = _RANGE.match(body)
    if numbers:
        start, end = int(numbers[1]), int(numbers[2])
        step = 1 if end >= start else -1
        return [str(n) for n in range(start, end + step, step)]
    parts, depth, current = [], 0, ""
    for char in body:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current] if parts else None


def expand_braces(pattern: str) -> list[str]:
    """Shell brace expansion: ``{a,b}`` alternatives and ``{N..M}`` integer ranges, nested.

    A brace with neither a top-level comma nor a range is kept as it is (like the shell).

    >>> expand_braces("cp3{8..10}"), expand_braces("x{a,{b,c}}"), expand_braces("x{}y")
    (['cp38', 'cp39', 'cp310'], ['xa', 'xb', 'xc'], ['x{}y'])
    """
    for start, char in enumerate(pattern):
        if char != "{":
            continue
        end = _closing(pattern, start)
        options = _alternatives(pattern[start + 1 : end]) if end is not None else None
        if end is None or options is None:
            continue
        head, tails = pattern[:start], expand_braces(pattern[end + 1 :])
        return [
            head + expanded + tail
            for option in options
            for expanded in expand_braces(option)
            for tail in tails
        ]
    return [pattern]


def _words(key: str, value: object) -> list[str]:
    """A cibuildwheel option given as a string (space separated) or a list of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [word for item in value for word in item.split()]
    raise ConfigError(
        f"pyproject.toml: [tool.cibuildwheel] {key} = {value!r} is not valid: expected a "
        'string or a list of strings, e.g. ["cp3*-*"]'
    )


def _matches(patterns: Sequence[str], identifier: str) -> bool:
    return any(fnmatchcase(identifier, expanded) for p in patterns for expanded in expand_braces(p))


def _runner_archs(platform: str, native: str, words: Sequence[str]) -> set[str]:
    archs: set[str] = set()
    known = {arch.lower(): arch for arch in _ARCHS[platform]}
    for word in words:
        if word in ("auto", "native", "auto64"):
            archs.add(native)
            if word == "auto" and native == "AMD64":
                archs.add("x86")
        elif word == "auto32":
            archs |= {"x86"} if native == "AMD64" else set()
        elif word == "all":
            archs |= set(_ARCHS[platform])
        elif word.lower() in known:
            archs.add(known[word.lower()])
        elif not any(word.lower() in (a.lower() for a in _ARCHS[p]) for p in _ARCHS):
            allowed = ", ".join(["auto", "native", "all", "auto64", "auto32", *_ARCHS[platform]])
            raise ConfigError(
                f"pyproject.toml: [tool.cibuildwheel] archs: {word!r} is not an architecture "
                f"cibuildwheel knows on {platform}: use {allowed}"
            )
    return archs


def _platform_identifiers(platform: str, arch: str) -> list[str]:
    pythons = list(_CPYTHON)
    pythons += [p for p in _PYPY if arch in _PYPY_ARCHS[platform]]
    pythons += [p for p in _GRAALPY if arch in _GRAALPY_ARCHS[platform]]
    if platform == "linux":
        return [
            f"{python}-{family}_{arch}"
            for python in pythons
            for family in ("manylinux", "musllinux")
            if family == "manylinux" or python.startswith("cp")
        ]
    if platform == "macos":
        return [
            f"{python}-macosx_{arch}"
            for python in pythons
            if python.startswith("cp") or arch != "universal2"
        ]
    return [f"{python}-{_WINDOWS_PLATFORM[arch]}" for python in pythons]


def _python_version(identifier: str) -> str:
    python = identifier.split("-", 1)[0].split("_", 1)[0].removesuffix("t")
    return f"{python[2]}.{python[3:]}.99"


def _enabled(identifier: str, enable: set[str]) -> bool:
    if fnmatchcase(identifier, "cp316*"):
        return "cpython-prerelease" in enable
    eol = fnmatchcase(identifier, "pp3?-*") or fnmatchcase(identifier, "pp310-*")
    if eol:
        return "pypy-eol" in enable
    if identifier.startswith("pp"):
        return "pypy" in enable
    if identifier.startswith("gp"):
        return "graalpy" in enable
    return True


def build_identifiers(
    pyproject: Mapping[str, Any], runners: Mapping[str, tuple[str, str]] = RUNNERS
) -> tuple[str, ...]:
    """The cibuildwheel identifiers the matrix of ``runners`` builds for this project, sorted.

    Raises :class:`ConfigError` for a ``[tool.cibuildwheel]`` value cibuildwheel would refuse
    (an unknown arch or enable group, a bad ``requires-python``).
    """
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    tool = pyproject.get("tool")
    table = tool.get("cibuildwheel") if isinstance(tool, Mapping) else None
    table = table if isinstance(table, Mapping) else {}
    build = _words("build", table.get("build", "*")) or ["*"]
    skip = _words("skip", table.get("skip", ""))
    enable = set(_words("enable", table.get("enable", [])))
    if "all" in enable:
        enable = set(_ENABLE_GROUPS)
    unknown = sorted(enable - set(_ENABLE_GROUPS))
    if unknown:
        raise ConfigError(
            f"pyproject.toml: [tool.cibuildwheel] enable: unknown group {unknown[0]!r}: use "
            + ", ".join(_ENABLE_GROUPS)
        )
    project = pyproject.get("project")
    requires = project.get("requires-python") if isinstance(project, Mapping) else None
    specifier = None
    if isinstance(requires, str) and requires.strip():
        try:
            specifier = SpecifierSet(requires)
        except InvalidSpecifier:
            raise ConfigError(
                f"pyproject.toml: [project] requires-python = {requires!r} is not a valid "
                "version specifier (PEP 440), e.g. '>=3.10'"
            ) from None
    found: set[str] = set()
    for platform, native in runners.values():
        overrides = table.get(platform)
        overrides = overrides if isinstance(overrides, Mapping) else {}
        archs_value = overrides.get("archs", table.get("archs", "auto"))
        for arch in sorted(_runner_archs(platform, native, _words("archs", archs_value))):
            for identifier in _platform_identifiers(platform, arch):
                if specifier is not None and not specifier.contains(_python_version(identifier)):
                    continue
                if not _enabled(identifier, enable):
                    continue
                if _matches(build, identifier) and not _matches(skip, identifier):
                    found.add(identifier)
    return tuple(sorted(found, key=_sort_key))


def _sort_key(identifier: str) -> tuple[int, str, str]:
    python, _, platform = identifier.partition("-")
    digits = re.match(r"[a-z]+(\d)(\d+)", python)
    minor = int(digits[2]) if digits else 0
    return (minor, python, platform)


def identifier_patterns(identifier: str) -> tuple[str, ...]:
    """``fnmatch`` patterns over wheel keys (``python-platform``) that satisfy ``identifier``.

    cibuildwheel names a build by platform family and arch; the wheel names the exact platform
    (``manylinux_2_28_x86_64``, older ``manylinux2014_x86_64``, ``macosx_11_0_arm64``).

    >>> identifier_patterns("cp312-macosx_arm64")
    ('cp312-macosx_*_arm64',)
    >>> identifier_patterns("gp312_250-win_amd64")
    ('graalpy312-win_amd64',)
    """
    python, _, platform = identifier.partition("-")
    if python.startswith("gp"):
        python = "graalpy" + python[2:].split("_", 1)[0]
    family, _, arch = platform.partition("_")
    if family == "manylinux":
        return (
            f"{python}-manylinux_*_{arch}",
            *(f"{python}-manylinux{legacy}_{arch}" for legacy in ("1", "2010", "2014")),
        )
    if family in ("musllinux", "macosx"):
        return (f"{python}-{family}_*_{arch}",)
    return (f"{python}-{platform}",)
