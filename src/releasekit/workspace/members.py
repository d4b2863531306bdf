"""The packages of a repository: the root project and the members of its workspace.

Members come from ``[tool.releasekit] packages`` (directory globs) or, without it, from
``[tool.uv.workspace] members`` minus its ``exclude`` globs. Every matching directory that
holds a pyproject.toml is a package. The root is a package too when its ``[project]`` has a
version, written or ``dynamic``; a repository without members is a one-package workspace.

Each :class:`Package` knows its distribution name, its directory, its own ``[tool.releasekit]``
table (on top of the root's shared settings), its changelog and the paths whose commits are
its own: its directory, plus its ``paths`` globs; the root's are everything outside the
members' directories.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> _ = (root / "pyproject.toml").write_text('[tool.uv.workspace]\\nmembers = ["libs/*"]\\n')
>>> (root / "libs" / "a").mkdir(parents=True)
>>> _ = (root / "libs/a/pyproject.toml").write_text('[project]\\nname = "a"\\nversion = "1.0"\\n')
>>> [(p.name, p.directory) for p in discover_workspace(root).packages]
[('a', 'libs/a')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from releasekit.config import Config, load_config
from releasekit.errors import ConfigError, UsageError
from releasekit.files.toml import read_toml
from releasekit.locations.packages import normalize_name, table
from releasekit.values import field, frozen

if TYPE_CHECKING:
    from releasekit.git.log import ReleaseBump
    from releasekit.workspace.paths import PathRouter

__all__ = [
    "Member",
    "Package",
    "Workspace",
    "declares_workspace",
    "discover_workspace",
    "find_member",
    "find_workspace",
    "package_key",
]

#: Settings that describe one package only: a member never inherits them from the root.
_OWN_KEYS = frozenset({"files", "paths", "packages", "versioning", "tag-format"})


def package_key(name: str) -> str:
    """The PEP 503 normalized distribution name packages are looked up by.

    >>> package_key("My_Package.Core")
    'my-package-core'
    """
    return normalize_name(name).replace("_", "-")


@frozen
class Package:
    """One releasable package of a repository.

    ``directory`` is relative to the repository root, ``/`` separated (``"."`` for the root).
    ``paths`` are the extra globs (relative to the root) whose commits count for the package.
    """

    name: str
    directory: str
    config: Config
    pyproject: Mapping[str, Any] = field(compare=False)
    is_root: bool = False
    paths: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The normalized name (``my-package``) used to match pins, tags and lock entries."""
        return package_key(self.name)

    def path(self, root: Path) -> Path:
        """The package directory under the repository ``root``."""
        return root if self.directory == "." else root / self.directory

    @property
    def changelog(self) -> str:
        """The changelog file, relative to the repository root."""
        file = self.config.changelog
        return file if self.directory == "." else f"{self.directory}/{file}"

    @property
    def dynamic_version(self) -> bool:
        """True when ``[project] dynamic`` lists the version."""
        dynamic = table(self.pyproject, "project").get("dynamic", [])
        return isinstance(dynamic, list) and "version" in dynamic


@frozen
class Workspace:
    """The packages of one repository, members sorted by directory, the root package first."""

    root: Path
    packages: tuple[Package, ...]
    config: Config
    #: Where the members came from: ``"releasekit"``, ``"uv"`` or ``None`` (no members).
    source: str | None = None
    #: Member directories (even one without a version, which is no package) for the root's paths.
    member_directories: tuple[str, ...] = ()

    @property
    def is_monorepo(self) -> bool:
        """True when the repository has members (more than the root project)."""
        return bool(self.member_directories)

    @property
    def lockstep(self) -> bool:
        """True when one version covers every package (``versioning = "lockstep"``)."""
        return self.config.versioning == "lockstep"

    def package(self, name: str) -> Package:
        """The package named ``name`` (any spelling: ``My_Pkg`` finds ``my-pkg``).

        Raises :class:`UsageError` listing the packages when none has that name.
        """
        key = package_key(name)
        for package in self.packages:
            if package.key == key:
                return package
        names = ", ".join(p.name for p in self.packages) or "(none)"
        raise UsageError(f"--package {name}: no such package in {self.root}; packages: {names}")

    def router(self) -> PathRouter:
        """Routes paths to the packages' keys (the root owns what no member does)."""
        from releasekit.workspace.paths import PathRouter

        packages = [(p.key, p.directory, p.paths) for p in self.packages if p.name]
        return PathRouter(packages, members=self.member_directories)

    def package_at(self, directory: Path) -> Package | None:
        """The package whose directory is ``directory`` or holds it (the deepest), or None."""
        try:
            relative = directory.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None
        best: Package | None = None
        for package in self.packages:
            if package.directory == "." or relative == package.directory:
                inside = True
            else:
                inside = relative.startswith(package.directory + "/")
            if inside and (best is None or len(package.directory) > len(best.directory)):
                best = package
        return best


@frozen
class Member:
    """A project's place in a monorepo: the workspace and the package the project is."""

    workspace: Workspace
    package: Package

    @property
    def root(self) -> Path:
        """The workspace root: where a package's bump writes (its pins elsewhere, uv.lock)."""
        return self.workspace.root

    def tag_format(self, tag_names: Sequence[str]) -> str:
        """The package's tag format (see :mod:`releasekit.workspace.tagformat`)."""
        from releasekit.workspace.tagformat import workspace_tag_format

        return workspace_tag_format(self.workspace, self.package, tag_names)

    def bump(self, tag_format: str) -> ReleaseBump:
        """The package's last tag and what the commits touching it since then ask for (one
        ``git log --name-only``; see :func:`releasekit.workspace.history.package_bump`)."""
        from releasekit.workspace.history import package_bump

        return package_bump(self, tag_format, self.package.config.bump_map)


def declares_workspace(pyproject: Mapping[str, Any]) -> bool:
    """True when a pyproject.toml lists members (``[tool.uv.workspace]`` or ``[tool.releasekit]
    packages``)."""
    members = table(pyproject, "tool", "uv", "workspace").get("members")
    packages = table(pyproject, "tool", "releasekit").get("packages")
    return bool(members) or bool(packages)


def find_member(
    directory: Path, pyproject: Mapping[str, Any], table: Mapping[str, Any] | None
) -> tuple[Member | None, Config]:
    """The monorepo package whose directory is ``directory`` (given its parsed ``pyproject``
    and its ``[tool.releasekit]`` ``table``), and its configuration: the root's shared
    settings under the package's own. The nearest pyproject.toml at or above it that lists
    members decides; ``(None, its own config)`` for a standalone project, a repository
    without members, or a directory no workspace lists.
    """
    config = load_config(table)
    member = _find_member(directory, pyproject)
    return member, member.package.config if member is not None else config


def _find_member(directory: Path, pyproject: Mapping[str, Any]) -> Member | None:
    directory = Path(directory).resolve()
    for candidate in (directory, *directory.parents):
        path = candidate / "pyproject.toml"
        if candidate == directory:
            data: Mapping[str, Any] = pyproject
        elif path.is_file():
            data = read_toml(path, display=str(path))[1]
        else:
            continue
        if not declares_workspace(data):
            continue
        workspace = discover_workspace(candidate, data)
        if not workspace.is_monorepo:
            return None
        relative = directory.relative_to(candidate).as_posix()
        for package in workspace.packages:
            if package.name and package.directory == relative:
                return Member(workspace, package)
        return None
    return None


def find_workspace(start: Path) -> Workspace | None:
    """The monorepo holding ``start``: the nearest directory at or above it whose
    pyproject.toml lists members; ``None`` outside any."""
    start = Path(start).resolve()
    for candidate in (start, *start.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            data = read_toml(path, display=str(path))[1]
            if declares_workspace(data):
                workspace = discover_workspace(candidate, data)
                return workspace if workspace.is_monorepo else None
    return None


def _member_config(root_table: Mapping[str, Any], own: Mapping[str, Any] | None) -> Config:
    """The root's shared settings, overridden by the member's own table."""
    shared = {k: v for k, v in root_table.items() if k not in _OWN_KEYS}
    tag_format = root_table.get("tag-format")
    if isinstance(tag_format, str) and "{name}" in tag_format:
        shared["tag-format"] = tag_format  # a per-name format fits every member
    if own is not None and not isinstance(own, Mapping):
        raise ConfigError("[tool.releasekit] must be a table")
    return load_config({**shared, **(own or {})})


def _expand(root: Path, patterns: Sequence[str], where: str) -> list[str]:
    found: list[str] = []
    for pattern in patterns:
        if not isinstance(pattern, str) or PurePosixPath(pattern).is_absolute():
            raise ConfigError(f"{where} = {pattern!r}: expected a directory glob inside the root")
        clean = pattern.rstrip("/") or "."
        matches = [root] if clean == "." else sorted(root.glob(clean))
        found.extend(m.relative_to(root).as_posix() for m in matches if m.is_dir())
    return found


def _member_patterns(
    pyproject: Mapping[str, Any], config: Config
) -> tuple[str | None, list[str], list[str]]:
    if config.packages:
        return "releasekit", list(config.packages), []
    uv = table(pyproject, "tool", "uv", "workspace")
    members = uv.get("members", [])
    exclude = uv.get("exclude", [])
    if not isinstance(members, list) or not isinstance(exclude, list):
        raise ConfigError(
            "[tool.uv.workspace] members and exclude must be lists of directory globs"
        )
    return ("uv" if members else None), members, exclude


def _name(pyproject: Mapping[str, Any], display: str) -> str:
    name = table(pyproject, "project").get("name") or table(pyproject, "tool", "poetry").get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{display}: [project] name is missing; every package needs a name")
    return name


def _root_name(pyproject: Mapping[str, Any]) -> str:
    """The root project's name; ``""`` for a root without one (a single setup.py project)."""
    name = table(pyproject, "project").get("name") or table(pyproject, "tool", "poetry").get("name")
    return name if isinstance(name, str) else ""


def _has_version(pyproject: Mapping[str, Any]) -> bool:
    project = table(pyproject, "project")
    dynamic = project.get("dynamic", [])
    return (
        "version" in project
        or (isinstance(dynamic, list) and "version" in dynamic)
        or "version" in table(pyproject, "tool", "poetry")
    )


def discover_workspace(root: Path, pyproject: Mapping[str, Any] | None = None) -> Workspace:
    """The packages of the repository whose top-level pyproject.toml is in ``root``.

    ``pyproject`` is that file's parsed data when the caller already has it. Raises
    :class:`ConfigError` for a member without a name or two packages with the same name.
    """
    root = Path(root)
    if pyproject is None:
        path = root / "pyproject.toml"
        pyproject = read_toml(path, display="pyproject.toml")[1] if path.is_file() else {}
    root_table = table(pyproject, "tool", "releasekit")
    config = load_config(root_table or None)
    source, patterns, excluded = _member_patterns(pyproject, config)
    where = "[tool.releasekit] packages" if source == "releasekit" else "[tool.uv.workspace]"
    skip = set(_expand(root, excluded, f"{where} exclude"))
    directories = [d for d in dict.fromkeys(_expand(root, patterns, where)) if d not in skip]
    directories = [d for d in directories if d != "." and (root / d / "pyproject.toml").is_file()]
    packages: list[Package] = []
    if not directories or _has_version(pyproject):
        packages.append(
            Package(
                name=_root_name(pyproject),
                directory=".",
                config=config,
                pyproject=pyproject,
                is_root=True,
                paths=config.paths,
            )
        )
    for directory in sorted(directories):
        display = f"{directory}/pyproject.toml"
        data = read_toml(root / display, display=display)[1]
        if not _has_version(data):
            continue  # a member that is not released (a virtual one, or tooling)
        own = table(data, "tool", "releasekit")
        member_config = _member_config(root_table, own or None)
        packages.append(
            Package(
                name=_name(data, display),
                directory=directory,
                config=member_config,
                pyproject=data,
                paths=member_config.paths,
            )
        )
    seen: dict[str, Package] = {}
    for package in packages:
        if package.name and package.key in seen:
            raise ConfigError(
                f"{package.directory}/pyproject.toml: the name {package.name!r} is also the "
                f"name of {seen[package.key].directory}; give every package its own name"
            )
        seen[package.key] = package
    return Workspace(
        root=root,
        packages=tuple(packages),
        config=config,
        source=source if directories else None,
        member_directories=tuple(sorted(directories)),
    )
