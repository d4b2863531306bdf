"""Paths as the user sees them: a file relative to the project root, and that root itself.

>>> from pathlib import Path
>>> display_path(Path("/repo/src/pkg/__init__.py"), Path("/repo"))
'src/pkg/__init__.py'
>>> display_path(Path("/elsewhere/CHANGELOG.md"), Path("/repo"))
'/elsewhere/CHANGELOG.md'
"""

from __future__ import annotations

import os
from pathlib import Path

from releasekit.errors import ProjectNotFound

__all__ = ["ROOT_MARKERS", "display_path", "find_root", "inside_root"]


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


def inside_root(root: Path, path: Path, key: str) -> Path:
    """``path`` with symbolic links resolved, after checking it stays inside ``root``.

    releasekit writes only inside the repository: a file (or a link to one) that resolves
    outside it would be changed where no commit records it. Raises
    :class:`~releasekit.errors.ConfigError` naming ``key`` (the setting or location that
    names the file) when it leaves the repository, or when it exists but is not a regular
    file (a directory named ``CHANGELOG.md``).

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> inside_root(root, root / "CHANGELOG.md", "changelog").name
    'CHANGELOG.md'
    >>> (root / "CHANGELOG.md").symlink_to("/etc/hostname")
    >>> inside_root(root, root / "CHANGELOG.md", "changelog")
    Traceback (most recent call last):
    ...
    releasekit.errors.ConfigError: CHANGELOG.md (changelog) resolves to /etc/hostname, ...
    """
    from releasekit.errors import ConfigError

    root = Path(root)
    full = path if path.is_absolute() else root / path
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(full))
    name = display_path(full, root)
    if real != real_root and real_root not in real.parents:
        raise ConfigError(
            f"{name} ({key}) resolves to {real}, outside the repository {real_root}; "
            "releasekit writes only inside the repository: replace the link with the file "
            "or point the setting at a file inside the repository"
        )
    if os.path.lexists(full) and not real.is_file():
        what = "a directory" if real.is_dir() else "not a regular file"
        raise ConfigError(
            f"{name} ({key}) is {what}; it must be a file (or set '{key}' to a file)"
            if key == "changelog"
            else f"{name} ({key}) is {what}; it must be a file"
        )
    return real
