"""Paths as the user sees them: a file relative to the project root, and that root itself.

>>> from pathlib import Path
>>> display_path(Path("/repo/src/pkg/__init__.py"), Path("/repo"))
'src/pkg/__init__.py'
>>> display_path(Path("/elsewhere/CHANGELOG.md"), Path("/repo"))
'/elsewhere/CHANGELOG.md'
"""

from __future__ import annotations

from pathlib import Path

from releasekit.errors import ProjectNotFound

__all__ = ["ROOT_MARKERS", "display_path", "find_root"]


def display_path(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` with ``/`` separators; as given when outside ``root``.

    A relative ``path`` is taken as already relative to the root.

    >>> display_path(Path("docs/conf.py"), Path("/repo"))
    'docs/conf.py'
    """
    if root is not None and path.is_absolute():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


#: Files that make a directory a project root (the nearest such directory wins).
ROOT_MARKERS: tuple[str, ...] = ("pyproject.toml", "setup.cfg", "setup.py")


def find_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` holding pyproject.toml, setup.cfg or setup.py.

    Raises :class:`~releasekit.errors.ProjectNotFound` naming ``start`` and how far the search
    went.
    """
    start = Path(start).resolve()
    if start.is_file():
        start = start.parent
    if not start.exists():
        raise ProjectNotFound(f"{start}: no such directory")
    for directory in (start, *start.parents):
        if any((directory / marker).is_file() for marker in ROOT_MARKERS):
            return directory
    raise ProjectNotFound(
        f"no pyproject.toml found in {start} or any directory above it (searched up to "
        f"{start.anchor}); run releasekit inside a Python project or pass --project PATH"
    )
