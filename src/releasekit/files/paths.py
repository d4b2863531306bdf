"""How a file is named to the user: relative to the project root when it is inside it.

>>> from pathlib import Path
>>> display_path(Path("/repo/src/pkg/__init__.py"), Path("/repo"))
'src/pkg/__init__.py'
>>> display_path(Path("/elsewhere/CHANGELOG.md"), Path("/repo"))
'/elsewhere/CHANGELOG.md'
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["display_path"]


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
