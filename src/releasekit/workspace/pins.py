"""Internal pins: one package of a repository requiring another at an exact version.

When ``b`` depends on ``a==1.0.0`` and ``a`` is released as 1.1.0, ``b``'s pin must say
``a==1.1.0`` in the same write, or ``b`` can no longer be installed beside the new ``a``. Only
exact pins (``==V``, ``===V``, no wildcard) are rewritten; a range (``a>=1.0``, ``a~=1.0``,
``a==1.*``) already admits the new version or says on purpose that it does not.

Pure: the finder takes the text of a pyproject.toml (and its parsed data) and returns the
spans of the pinned versions, so the edit changes those bytes and nothing else. Requirements
are read from ``[project] dependencies``, ``[project.optional-dependencies]`` and
``[dependency-groups]``.

>>> text = '[project]\\nname = "b"\\ndependencies = ["a==1.0.0", "c>=2"]\\n'
>>> pins = find_pins(text, {"a", "c"})
>>> [(p.key, p.version, text[p.start:p.end]) for p in pins]
[('a', '1.0.0', '1.0.0')]
>>> print(rewrite_pins(text, pins, {"a": "1.1.0"}), end="")
[project]
name = "b"
dependencies = ["a==1.1.0", "c>=2"]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from releasekit.errors import VersionLocationError
from releasekit.files.toml import parse_toml
from releasekit.locations.spans import replace_each
from releasekit.workspace.members import package_key

__all__ = ["Pin", "find_pins", "requirement_strings", "rewrite_pins"]

# name [extras] then one exact specifier: == or ===, then the version (no wildcard).
_EXACT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*"
    r"\(?\s*={2,3}\s*(?P<version>[A-Za-z0-9.+!_-]+)\s*\)?\s*(?:;.*)?$",
    re.DOTALL,
)


@dataclass(frozen=True)
class Pin:
    """An exact pin on package ``key``: ``text[start:end]`` is ``version``, on ``line``."""

    key: str
    version: str
    start: int
    end: int
    line: int
    requirement: str


def requirement_strings(data: Mapping[str, Any]) -> Iterator[str]:
    """Every requirement string of the dependency lists of a parsed pyproject."""
    project = data.get("project")
    project = project if isinstance(project, Mapping) else {}
    lists: list[object] = [project.get("dependencies")]
    optional = project.get("optional-dependencies")
    if isinstance(optional, Mapping):
        lists.extend(optional.values())
    groups = data.get("dependency-groups")
    if isinstance(groups, Mapping):
        lists.extend(groups.values())
    for items in lists:
        if isinstance(items, list):
            yield from (item for item in items if isinstance(item, str))


def find_pins(
    text: str, internal: set[str] | frozenset[str], data: Mapping[str, Any] | None = None
) -> list[Pin]:
    """The exact pins on the packages ``internal`` (normalized names) in a pyproject's text.

    Each requirement string is found where it is written as a TOML string (basic or literal);
    :func:`rewrite_pins` then proves by re-parsing that only the pinned versions changed.
    ``data``: ``text`` already parsed, when the caller has it.
    """
    if data is None:
        data = parse_toml(text, "pyproject.toml")
    pins: list[Pin] = []
    seen: set[int] = set()
    for requirement in dict.fromkeys(requirement_strings(data)):
        match = _EXACT.match(requirement)
        if match is None or package_key(match["name"]) not in internal:
            continue
        for quote in ('"', "'"):
            literal = quote + requirement + quote
            at = text.find(literal)
            while at >= 0:
                start = at + 1 + match.start("version")
                line_start = text.rfind("\n", 0, at) + 1
                commented = "#" in text[line_start:at]
                if start not in seen and not commented:
                    seen.add(start)
                    pins.append(
                        Pin(
                            key=package_key(match["name"]),
                            version=match["version"],
                            start=start,
                            end=start + len(match["version"]),
                            line=text.count("\n", 0, start) + 1,
                            requirement=requirement,
                        )
                    )
                at = text.find(literal, at + len(literal))
    pins.sort(key=lambda pin: pin.start)
    return pins


def rewrite_pins(text: str, pins: Sequence[Pin], versions: Mapping[str, str]) -> str:
    """``text`` with each pin on a package of ``versions`` set to its new version.

    Raises :class:`VersionLocationError` when the edit would change anything else (a pin's
    text also written somewhere that is not a dependency list).
    """
    chosen = [pin for pin in pins if pin.key in versions and versions[pin.key] != pin.version]
    if not chosen:
        return text
    new = replace_each(text, [(pin.start, pin.end, versions[pin.key]) for pin in chosen])
    replaced: dict[str, str] = {}
    for pin in chosen:
        match = _EXACT.match(pin.requirement)
        assert match is not None
        replaced[pin.requirement] = (
            pin.requirement[: match.start("version")]
            + versions[pin.key]
            + pin.requirement[match.end("version") :]
        )
    expected = _substitute(parse_toml(text, "pyproject.toml"), replaced)
    if parse_toml(new, "pyproject.toml") != expected:
        lines = ", ".join(str(pin.line) for pin in chosen)
        raise VersionLocationError(
            f"the pins on lines {lines} are also written outside the dependency lists; "
            "write each internal pin once, in [project] dependencies"
        )
    return new


def _substitute(data: Mapping[str, Any], replaced: Mapping[str, str]) -> dict[str, Any]:
    """A copy of ``data`` with the requirements of the dependency lists replaced, only there."""

    def swap(items: object) -> object:
        if not isinstance(items, list):
            return items
        return [replaced.get(i, i) if isinstance(i, str) else i for i in items]

    result = dict(data)
    project = data.get("project")
    if isinstance(project, Mapping):
        project = dict(project)
        project["dependencies"] = swap(project.get("dependencies"))
        if project["dependencies"] is None:
            del project["dependencies"]
        optional = project.get("optional-dependencies")
        if isinstance(optional, Mapping):
            project["optional-dependencies"] = {k: swap(v) for k, v in optional.items()}
        result["project"] = project
    groups = data.get("dependency-groups")
    if isinstance(groups, Mapping):
        result["dependency-groups"] = {k: swap(v) for k, v in groups.items()}
    return result
