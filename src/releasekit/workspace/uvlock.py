"""``uv.lock``: the lock entries of the project's own packages, kept at their new versions.

uv records each workspace package (``source = { editable = "…" }``, ``{ virtual = "…" }`` or
``{ directory = "…" }``) with its version; after a bump ``uv lock --check`` fails until those
lines say the new version. Re-locking would be slow, needs the network, and may move other
pins, so releasekit edits exactly the ``version = "…"`` line of each own package's
``[[package]]`` entry and nothing else. Pure: spans over the lock's text, then a re-parse
that proves only those versions changed.

>>> lock = '''version = 1
... [[package]]
... name = "a"
... version = "1.0.0"
... source = { editable = "packages/a" }
...
... [[package]]
... name = "idna"
... version = "1.0.0"
... source = { registry = "https://pypi.org/simple" }
... '''
>>> print(rewrite_lock(lock, {"a": "1.1.0", "idna": "9"}).splitlines()[3])
version = "1.1.0"
>>> rewrite_lock(lock, {"a": "1.1.0"}).count('"1.0.0"')
1
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from releasekit.errors import FileFormatError
from releasekit.files.toml import parse_toml
from releasekit.locations.spans import replace_each
from releasekit.workspace.members import package_key

__all__ = ["LOCK_FILE", "LockEntry", "find_lock_entries", "rewrite_lock"]

LOCK_FILE = "uv.lock"
#: The sources of packages that are built from this repository, not downloaded.
OWN_SOURCES: tuple[str, ...] = ("editable", "virtual", "directory")
_HEADER = re.compile(r"^\[\[?[^\]\r\n]*\]\]?[ \t]*\r?$", re.MULTILINE)
_KEY = re.compile(r'^(name|version)[ \t]*=[ \t]*"([^"\\\r\n]*)"[ \t]*\r?$', re.MULTILINE)
_SOURCE = re.compile(r"^source[ \t]*=[ \t]*\{[ \t]*(\w+)[ \t]*=", re.MULTILINE)


@dataclass(frozen=True)
class LockEntry:
    """One own package of the lock: its normalized name, version and the version's span."""

    key: str
    version: str
    start: int
    end: int
    source: str


def find_lock_entries(text: str) -> list[LockEntry]:
    """The ``[[package]]`` entries built from this repository (editable, virtual or directory
    sources) that record a version (a dynamic version has none)."""
    entries: list[LockEntry] = []
    headers = list(_HEADER.finditer(text))
    for index, header in enumerate(headers):
        if header.group(0).rstrip() != "[[package]]":
            continue
        stop = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        block = text[header.end() : stop]
        source = _SOURCE.search(block)
        if source is None or source.group(1) not in OWN_SOURCES:
            continue
        keys = {m.group(1): m for m in _KEY.finditer(block)}
        if "name" not in keys or "version" not in keys:
            continue
        version = keys["version"]
        entries.append(
            LockEntry(
                key=package_key(keys["name"].group(2)),
                version=version.group(2),
                start=header.end() + version.start(2),
                end=header.end() + version.end(2),
                source=source.group(1),
            )
        )
    return entries


def rewrite_lock(text: str, versions: Mapping[str, str]) -> str:
    """``text`` with the own entries of the packages in ``versions`` (normalized names) at
    their new versions. Registry packages that share a name are never touched.

    Raises :class:`FileFormatError` when the result is not the same lock with only those
    versions changed.
    """
    wanted = {package_key(k): v for k, v in versions.items()}
    chosen = [e for e in find_lock_entries(text) if e.key in wanted and wanted[e.key] != e.version]
    if not chosen:
        return text
    new = replace_each(text, [(entry.start, entry.end, wanted[entry.key]) for entry in chosen])
    expected = parse_toml(text, LOCK_FILE)
    for package in expected.get("package", []):
        if _is_own(package) and package_key(str(package.get("name"))) in wanted:
            package["version"] = wanted[package_key(str(package["name"]))]
    if parse_toml(new, LOCK_FILE) != expected:
        raise FileFormatError(
            f"{LOCK_FILE}: the package entries are not laid out as uv writes them; run "
            "`uv lock` once to rewrite the file, then release again"
        )
    return new


def _is_own(package: Any) -> bool:
    source = package.get("source") if isinstance(package, dict) else None
    return isinstance(source, dict) and any(kind in source for kind in OWN_SOURCES)
