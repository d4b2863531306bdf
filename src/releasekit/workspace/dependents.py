"""What else a new version changes: the internal ``==`` pins on it and the ``uv.lock`` entry.

:func:`dependent_edits` takes the edits a bump or a release already plans (version files,
changelogs) and adds, in the same all-or-nothing write, every package's pins on the released
packages (merged into that package's pyproject.toml edit when it has one) and the lock
entries of the released packages in ``uv.lock``. It works for a one-package uv project as
for a workspace.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releasekit.locations.packages import table

if TYPE_CHECKING:
    from releasekit.files.edits import FileEdit
    from releasekit.workspace.members import Member, Package

__all__ = ["Dependents", "dependent_edits", "project_dependents"]


@dataclass(frozen=True)
class Dependents:
    """The edits with pins and lock added, and which pins moved (package -> pinned keys)."""

    edits: tuple[FileEdit, ...]
    moved: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _absolute(base: Path, path: Path | str) -> Path:
    path = Path(path)
    return (path if path.is_absolute() else base / path).resolve()


def dependent_edits(
    root: Path,
    packages: Sequence[Package],
    versions: Mapping[str, str],
    planned: Sequence[FileEdit],
    *,
    base: Path | None = None,
) -> Dependents:
    """``planned`` (paths absolute or relative to ``base``, default ``root``) plus the pins of
    ``packages`` on the keys of ``versions`` and ``root``'s uv.lock, one edit per file.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> dependent_edits(root, [], {"a": "1.1"}, []).edits
    ()
    """
    # Imported here: Project imports this module, and `releasekit version` needs none of it.
    from releasekit.files.edits import FileEdit
    from releasekit.files.text import read_text_file
    from releasekit.workspace.pins import find_pins, rewrite_pins
    from releasekit.workspace.uvlock import LOCK_FILE, rewrite_lock

    base = base or root
    edits: dict[Path, FileEdit] = {}
    for edit in planned:
        path = _absolute(base, edit.path)
        edits[path] = FileEdit(path, edit.before, edit.after)

    def current(path: Path) -> tuple[str, bytes]:
        if path in edits:
            return edits[path].after.decode("utf-8"), edits[path].before
        source = read_text_file(path, display=path.name)
        return source.text, source.data

    keys = frozenset(p.key for p in packages if p.name)
    moved: dict[str, tuple[str, ...]] = {}
    for package in packages:
        path = _absolute(root, package.path(root) / "pyproject.toml")
        if not package.name or not path.is_file():
            continue
        text, before = current(path)
        pins = [pin for pin in find_pins(text, keys) if pin.key != package.key]
        new = rewrite_pins(text, pins, versions)
        if new != text:
            edits[path] = FileEdit(path, before, new.encode("utf-8"))
            moved[package.key] = tuple(
                sorted({p.key for p in pins if p.key in versions and versions[p.key] != p.version})
            )
    lock = _absolute(root, LOCK_FILE)
    if lock.is_file():
        text, before = current(lock)
        new = rewrite_lock(text, versions)
        if new != text:
            edits[lock] = FileEdit(lock, before, new.encode("utf-8"))
    return Dependents(tuple(edits.values()), moved)


def project_dependents(
    root: Path,
    pyproject: Mapping[str, Any],
    member: Member | None,
    new: str,
    planned: Sequence[FileEdit],
) -> list[FileEdit]:
    """A one-project bump's ``planned`` edits plus the other packages' pins on it (in a
    monorepo) and its uv.lock entry (the workspace's lock, or the project's own)."""
    from releasekit.workspace.members import package_key

    name = table(pyproject, "project").get("name")
    if not isinstance(name, str):
        return list(planned)
    if member is not None:
        top, packages = member.workspace.root, list(member.workspace.packages)
    else:
        top, packages = root, []
    found = dependent_edits(top, packages, {package_key(name): new}, planned, base=root)
    return list(found.edits)
