"""What every package of a monorepo would release next, from one walk of the history.

One ``git for-each-ref`` lists the tags, each package's format picks its own, and one ``git
log --name-only`` back to where the packages' last tags meet is tallied by path
(:mod:`releasekit.workspace.paths`). Then each package's next version follows from its current
version and the bump its own commits ask for; with ``cascade = true`` a package whose
internal pin moves gets a patch; in ``lockstep`` mode all packages share one version and
the highest bump.

>>> row = PackageStatus("a", "packages/a", "1.0.0", "1.1.0", "a-v1.0.0", "a-v1.1.0", 3, "minor")
>>> row.as_dict()["next_tag"], row.released
('a-v1.1.0', True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releasekit.errors import RefusedError
from releasekit.git.runner import Git
from releasekit.git.tags import ReleaseTag, format_tag
from releasekit.plan import NullReporter, Reporter
from releasekit.project import Project
from releasekit.workspace.history import PackageWalk, TagRefs, last_tags, read_tag_refs
from releasekit.workspace.members import Package, Workspace, discover_workspace
from releasekit.workspace.paths import (
    ROOT_ONLY,
    CommitRecord,
    PackageTallies,
    PackageTally,
    PathRouter,
    route_messages,
)
from releasekit.workspace.pins import find_pins
from releasekit.workspace.releases import cascade_parts, lockstep_part
from releasekit.workspace.tagformat import workspace_tag_format

if TYPE_CHECKING:
    from releasekit.monorepo.collect import ChangelogCollector

__all__ = [
    "PackageStatus",
    "WorkspaceStatus",
    "collectors_for",
    "feeding_collectors",
    "workspace_status",
]


@dataclass(frozen=True)
class PackageStatus:
    """One row of ``next --all``: a package, its versions and tags, and why."""

    name: str
    path: str
    current: str | None
    next: str
    tag: str | None
    next_tag: str
    commits: int
    bump: str | None
    #: The part applied (``minor``…; ``patch`` from a cascade; ``None``: nothing to release).
    part: str | None = None
    #: ``"commits"``, ``"cascade"`` or ``"lockstep"``: why the package is released.
    reason: str | None = None

    @property
    def key(self) -> str:
        """The normalized name."""
        from releasekit.workspace.members import package_key

        return package_key(self.name)

    @property
    def released(self) -> bool:
        """True when the package gets a new version."""
        return self.next != self.current

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return asdict(self)


@dataclass(frozen=True)
class WorkspaceStatus:
    """Every package's row, and the shared facts behind them."""

    root: Path
    versioning: str
    packages: tuple[PackageStatus, ...]
    #: The packages' last tags and formats, for planning a release from the same read.
    tags: Mapping[str, ReleaseTag | None] = field(default_factory=dict)
    formats: Mapping[str, str] = field(default_factory=dict)
    #: The workspace and each package's project (key -> Project), as read.
    workspace: Workspace | None = None
    projects: Mapping[str, Project] = field(default_factory=dict)
    #: With ``collect``: each package's changelog entries (``""``: the root changelog's).
    collectors: Mapping[str, ChangelogCollector] = field(default_factory=dict)

    def package(self, name: str) -> PackageStatus:
        """The row of package ``name`` (any spelling)."""
        assert self.workspace is not None
        key = self.workspace.package(name).key
        return next(row for row in self.packages if row.key == key)

    def as_dict(self) -> dict[str, Any]:
        """``{"versioning": …, "packages": [rows]}``."""
        return {"versioning": self.versioning, "packages": [p.as_dict() for p in self.packages]}


def internal_pins(workspace: Workspace) -> dict[str, set[str]]:
    """package key -> keys of the packages it pins exactly (read from each pyproject)."""
    keys = frozenset(p.key for p in workspace.packages if p.name)
    pins: dict[str, set[str]] = {}
    for package in workspace.packages:
        path = package.path(workspace.root) / "pyproject.toml"
        if package.name and path.is_file():
            text = path.read_text(encoding="utf-8-sig")
            found = find_pins(text, keys, package.pyproject)  # parsed when discovered
            pins[package.key] = {pin.key for pin in found} - {package.key}
    return pins


def _current(package: Package, project: Project, tag: ReleaseTag | None) -> str | None:
    if project.vcs_source is not None:
        return tag.version if tag else None
    return project.version


def workspace_status(
    root: Path,
    *,
    date: dt.date | None = None,
    only: Sequence[str] = (),
    collect: bool = False,
    reporter: Reporter | None = None,
    workspace: Workspace | None = None,
) -> WorkspaceStatus:
    """The next release of every package (or of the packages named in ``only``).

    With ``collect``, the same walk fills each package's changelog entries. ``workspace``: the
    one at ``root``, when the caller has just discovered it (its files are read only once).
    Raises :class:`RefusedError` when ``root`` is not in a git repository.
    """
    report = reporter or NullReporter()
    if workspace is None:
        workspace = discover_workspace(root)
    git = Git(workspace.root)
    if not git.is_repository():
        raise RefusedError(
            f"{workspace.root} is not in a git repository: the packages' tags and commits "
            "decide what comes next"
        )
    # Reachability is not asked (git would walk the whole history for it): the walk proves
    # the tags it starts from, and only when it cannot are the reachable ones read.
    refs: TagRefs = read_tag_refs(git, merged=False)
    packages = [p for p in workspace.packages if p.name]
    formats = {p.key: workspace_tag_format(workspace, p, refs.names) for p in packages}
    tags = last_tags(refs, formats)
    walk = PackageWalk(git, tags, refs, ordered=collect)
    try:
        # git walks while the packages are read (from the one reading of the workspace).
        projects = {
            p.key: Project(p.path(workspace.root), reporter=report, workspace=workspace)
            for p in packages
        }
        router = workspace.router()
        bump_maps = {p.key: p.config.bump_map for p in packages}
        while True:
            tallied = PackageTallies(router, workspace.config.bump_map, bump_maps=bump_maps)
            collectors = collectors_for(workspace, git) if collect else {}
            for batch, released in walk.batches():
                paths = batch.paths or ()
                tallied.add(batch.messages, paths, released)
                if collectors:
                    marks = released or [frozenset()] * len(batch)
                    records = map(CommitRecord, batch.shas(), batch.messages, paths, marks)
                    for _ in feeding_collectors(records, router, collectors):
                        pass
            if walk.proven or refs.merged is not None:
                break
            # A tag the walk started from is not on this branch: again from the reachable ones.
            refs = read_tag_refs(git)
            tags = last_tags(refs, formats)
            walk = PackageWalk(git, tags, refs, ordered=collect)
    finally:
        walk.close()  # reaps git if an error came before the walk was read
    tallies = tallied.result()
    currents = {p.key: _current(p, projects[p.key], tags[p.key]) for p in packages}
    parts = _parts(workspace, packages, projects, currents, tallies)
    rows = []
    for package in packages:
        key = package.key
        project = projects[key]
        tally = tallies.get(key, PackageTally(None, 0, 0))
        part, reason = parts.get(key, (None, None))
        current = currents[key]
        new = (current or "") if part is None else project.next_version(part, date, current=current)
        tag = tags[key]
        rows.append(
            PackageStatus(
                name=package.name,
                path=package.directory,
                current=current,
                next=new,
                tag=tag.name if tag else None,
                next_tag=format_tag(formats[key], new) if new else "",
                commits=tally.count,
                bump=tally.level,
                part=part,
                reason=reason,
            )
        )
    if workspace.lockstep:
        rows = _one_version(rows)
    if only:
        wanted = {workspace.package(name).key for name in only}
        rows = [row for row, p in zip(rows, packages, strict=True) if p.key in wanted]
    return WorkspaceStatus(
        workspace.root,
        workspace.config.versioning,
        tuple(rows),
        tags,
        formats,
        workspace,
        projects,
        collectors,
    )


def _parts(
    workspace: Workspace,
    packages: Sequence[Package],
    projects: Mapping[str, Project],
    currents: Mapping[str, str | None],
    tallies: Mapping[str, PackageTally],
) -> dict[str, tuple[str, str]]:
    """package key -> (part, reason) for every package that gets a release."""
    from releasekit.version.next import level_to_part

    if workspace.lockstep:
        level = lockstep_part(t.level for t in tallies.values())
        if level is None:
            return {}
        first = packages[0].key
        part = level_to_part(currents[first], level)
        if part is None:
            return {}
        if projects[first].scheme == "calver":
            part = "calver"
        return {p.key: (part, "lockstep") for p in packages}
    own: dict[str, str] = {}
    for package in packages:
        tally = tallies.get(package.key)
        part = level_to_part(currents[package.key], tally.level if tally else None)
        if part is not None:
            own[package.key] = "calver" if projects[package.key].scheme == "calver" else part
    cascading = {p.key for p in packages if p.config.cascade}
    parts = cascade_parts(own, internal_pins(workspace), cascading=cascading)
    return {k: (part, "commits" if k in own else "cascade") for k, part in parts.items()}


def _one_version(rows: list[PackageStatus]) -> list[PackageStatus]:
    """Lockstep: every row shows the highest current version and the one next version."""
    from releasekit.version.pep440 import version_key

    known = [r for r in rows if r.current]
    if not known:
        return rows
    lead = max(known, key=lambda r: version_key(r.current or "0"))
    return [
        PackageStatus(
            name=r.name,
            path=r.path,
            current=r.current,
            next=lead.next,
            tag=r.tag,
            next_tag=lead.next_tag,
            commits=r.commits,
            bump=r.bump,
            part=lead.part,
            reason=lead.reason,
        )
        for r in rows
    ]


def feeding_collectors(
    records: Iterable[CommitRecord],
    router: PathRouter,
    collectors: Mapping[str, ChangelogCollector],
) -> Iterator[CommitRecord]:
    """Pass ``records`` on unchanged, giving each commit to the collectors of the packages it
    touches (:data:`~releasekit.workspace.paths.ROOT_ONLY`: to the root changelog's, if any),
    so the tally and the changelogs share one walk."""
    for record in records:
        for key, message in route_messages((record,), router):
            collector = collectors.get(key)
            if collector is not None:
                collector.add(record.sha, message)
        yield record


def collectors_for(workspace: Workspace, git: Git) -> dict[str, ChangelogCollector]:
    """One collector per package's changelog (each reading its own collected-commits marker,
    :mod:`releasekit.monorepo.collect`), plus the root changelog's when the repository has one
    and the root is no package."""
    from releasekit.monorepo.collect import changelog_collectors

    packages = [p for p in workspace.packages if p.name]
    changelogs = {
        p.key: (workspace.root / p.changelog, p.config.changelog_sections, p.config)
        for p in packages
    }
    root_log = workspace.root / workspace.config.changelog
    if not any(p.is_root for p in packages) and root_log.is_file():
        config = workspace.config
        changelogs[ROOT_ONLY] = (root_log, config.changelog_sections, config)
    return changelog_collectors(git, changelogs)
