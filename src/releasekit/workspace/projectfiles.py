"""A project's own files as :class:`releasekit.project.Project` reads them: its parsed
pyproject.toml, its place in a monorepo and its configuration.

Finding a member's place means discovering its workspace, which parses every member's
pyproject.toml. A command over every package (``next --all``, ``release --all``, ``check
--all``, ``changelog --all``) has just discovered the workspace, so each of its packages'
projects takes its files from that one reading (:func:`workspace_member`) instead of
discovering it again: one discovery and one parse per file, not one per package. Only a
workspace read by the caller is reused, never one kept between calls, so a project reads the
files afresh after each write.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> _ = (root / "pyproject.toml").write_text('[tool.uv.workspace]\\nmembers = ["a"]\\n')
>>> (root / "a").mkdir()
>>> _ = (root / "a/pyproject.toml").write_text('[project]\\nname = "a"\\nversion = "1"\\n')
>>> from releasekit.workspace.members import discover_workspace
>>> workspace = discover_workspace(root)
>>> pyproject, member, config = read_project(root / "a", workspace)
>>> pyproject["project"]["version"], member.package.name, member.root == root.resolve()
('1', 'a', True)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from releasekit.config import Config
from releasekit.files.toml import read_toml
from releasekit.workspace.members import (
    Member,
    Workspace,
    declares_workspace,
    find_member,
)

__all__ = ["read_project", "workspace_member"]


def read_project(
    root: Path, workspace: Workspace | None = None
) -> tuple[dict[str, Any], Member | None, Config]:
    """The parsed pyproject.toml of the project at ``root`` (``{}`` without one), its place in
    a monorepo (None outside one) and its configuration (the root's shared settings under the
    package's own). With ``workspace``, just discovered by the caller, a member's files are
    taken from it; otherwise they are read from disk (see :func:`find_member`)."""
    member = workspace_member(workspace, root) if workspace is not None else None
    if member is not None:
        return dict(member.package.pyproject), member, member.package.config
    path = root / "pyproject.toml"
    pyproject: dict[str, Any] = {}
    if path.is_file():
        _, pyproject = read_toml(path, display="pyproject.toml")
    tool = pyproject.get("tool", {})
    table = tool.get("releasekit") if isinstance(tool, dict) else None
    found, config = find_member(root, pyproject, table)
    return pyproject, found, config


def workspace_member(workspace: Workspace, directory: Path) -> Member | None:
    """The member the project in ``directory`` is, taken from an already discovered
    ``workspace``: what :func:`find_member` finds, as long as no file changed since the
    workspace was read. ``None`` when the workspace alone cannot tell (no monorepo, no package
    there, or another pyproject.toml in between, which might list members of its own): then
    :func:`find_member` decides."""
    if not workspace.is_monorepo:
        return None
    directory = Path(directory).resolve()
    root = workspace.root.resolve()
    try:
        relative = directory.relative_to(root).as_posix()
    except ValueError:
        return None
    package = next((p for p in workspace.packages if p.name and p.directory == relative), None)
    if package is None or (directory != root and declares_workspace(package.pyproject)):
        return None  # a member listing members of its own is a workspace root itself
    # find_member takes the nearest pyproject.toml that lists members: none may sit between.
    depth = len(directory.parents) - len(root.parents)
    between = directory.parents[: depth - 1] if depth > 1 else ()
    if any((parent / "pyproject.toml").is_file() for parent in between):
        return None
    if workspace.root != root:  # find_member's workspace is rooted at the resolved directory
        workspace = Workspace(
            root,
            workspace.packages,
            workspace.config,
            workspace.source,
            workspace.member_directories,
        )
    return Member(workspace, package)
