"""Finding a monorepo package from what a user types: its name, or one of its release tags.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> _ = (root / "pyproject.toml").write_text('[project]\\nname = "solo"\\nversion = "1"\\n')
>>> package_directory("Solo", root) == root
True
"""

from __future__ import annotations

from pathlib import Path

from releasekit.errors import UsageError
from releasekit.files.toml import read_toml
from releasekit.git.runner import Git
from releasekit.locations.packages import table
from releasekit.workspace.members import find_workspace, package_key
from releasekit.workspace.tagformat import package_for_tag

__all__ = ["package_directory", "tagged_package_directory"]


def package_directory(name: str, start: Path) -> Path:
    """The directory of package ``name`` (any spelling, or one of its release tags) in the
    monorepo holding the project directory ``start``; outside a monorepo, ``start`` itself
    when its project is called ``name``. Raises :class:`UsageError` naming the packages."""
    workspace = find_workspace(start)
    if workspace is not None:
        try:
            return workspace.package(name).path(workspace.root)
        except UsageError:
            # A release tag names its package too (the release workflow passes the tag).
            found = tagged_package_directory(name, start)
            if found is None:
                raise
            return found
    path = start / "pyproject.toml"
    data = read_toml(path, display="pyproject.toml")[1] if path.is_file() else {}
    own = table(data, "project").get("name")
    if isinstance(own, str) and package_key(own) == package_key(name):
        return start
    raise UsageError(
        f"--package {name}: {start} is no monorepo and its project is {own!r}; "
        "leave --package out, or run releasekit inside the monorepo"
    )


def tagged_package_directory(tag: str, start: Path) -> Path | None:
    """The directory of the monorepo package whose release tag ``tag`` is (``a-v1.2.3``);
    None outside a monorepo or when no package's tags look like ``tag``."""
    workspace = find_workspace(start)
    if workspace is None:
        return None
    names = Git(workspace.root).run("tag", "--list").splitlines()
    found = package_for_tag(workspace, names, tag)
    return found[0].path(workspace.root) if found is not None else None
