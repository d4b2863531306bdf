"""The release of several packages of a monorepo as one plan.

:func:`plan_monorepo_release` reads the history once (:func:`~releasekit.monorepo.status.
workspace_status`), picks the packages whose commits call for a release (all of them in
lockstep, the cascade's too), and plans, in order::

    1. write every version file, changelog, internal pin and uv.lock   (one all-or-nothing write)
    2. git commit --only … -- <exactly those files>                    (one release commit)
    3. git tag --annotate … a-v1.1.0 HEAD                               (one tag per package)
    4. build every released package, install them all in one fresh venv
    5. git push --atomic origin main a-v1.1.0 b-v2.0.1                  (one push)
    6. publish each package

A failure before the push rolls all of it back: files, commit, every tag.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from releasekit.changelog.blocks import Entry
from releasekit.errors import RefusedError, UsageError
from releasekit.files.edits import FileEdit, WriteFilesStep
from releasekit.git.commands import tag_refspec
from releasekit.git.preflight import PreflightOptions, check_push, check_tag_name, run_preflight
from releasekit.git.runner import Git
from releasekit.git.steps import CommitStep, PushStep, TagStep
from releasekit.git.tags import format_tag
from releasekit.monorepo.changelog import changelog_edit
from releasekit.monorepo.status import PackageStatus, WorkspaceStatus, workspace_status
from releasekit.plan import NullReporter, Plan, Reporter, Step
from releasekit.workspace.dependents import dependent_edits
from releasekit.workspace.members import Package, Workspace
from releasekit.workspace.paths import ROOT_ONLY
from releasekit.workspace.uvlock import LOCK_FILE

__all__ = ["MonorepoReleaseOptions", "plan_monorepo_release", "workspace_edits"]


@dataclass(frozen=True)
class MonorepoReleaseOptions:
    """What ``release --all`` / ``release --package A --package B`` was asked to do.

    ``packages`` empty means every package whose commits call for a release.
    """

    packages: tuple[str, ...] = ()
    #: Release the named packages with this part (or exactly this version) instead of the
    #: one their commits ask for.
    part: str | None = None
    set_version: str | None = None
    date: dt.date | None = None
    push: bool = True
    publish: bool = True
    #: Build every package and install them together before the push, also without
    #: ``publish``: a package whose ``import`` fails is never tagged.
    verify: bool = True
    allow_dirty: bool = False
    sign: bool = False
    remote: str | None = None
    allow_empty_changelog: bool = True
    #: Collect each package's commits into its changelog before promoting it.
    collect_changelog: bool | None = None


def _requested(
    status: WorkspaceStatus, options: MonorepoReleaseOptions, date: dt.date | None
) -> WorkspaceStatus:
    """The status with the named packages at the part or version asked for."""
    from releasekit.locations.bump import check_new_version

    assert status.workspace is not None
    if not options.packages and not status.workspace.lockstep:
        raise UsageError("a part or --set needs the packages named: --package NAME")
    wanted = {status.workspace.package(n).key for n in options.packages}
    rows = []
    for row in status.packages:
        if status.workspace.lockstep or row.key in wanted:
            project = status.projects[row.key]
            if options.set_version is not None:
                new = check_new_version(row.current, options.set_version, allow_downgrade=False)
            else:
                new = project.next_version(options.part, date, current=row.current)
            row = dataclasses.replace(
                row,
                next=new,
                next_tag=format_tag(status.formats[row.key], new),
                part=options.part or "set",
                reason="requested",
            )
        rows.append(row)
    return dataclasses.replace(status, packages=tuple(rows))


def _selected(status: WorkspaceStatus, names: Sequence[str]) -> list[PackageStatus]:
    released = [row for row in status.packages if row.released]
    if not names:
        return released
    assert status.workspace is not None
    wanted = {status.workspace.package(name).key for name in names}
    idle = [row.name for row in status.packages if row.key in wanted and not row.released]
    if idle:
        raise RefusedError(
            "nothing to release for " + ", ".join(idle) + ": no commit touching them since "
            "their last tag is a feat, fix, perf or breaking change; leave them out"
        )
    chosen = {row.key for row in released if row.key in wanted}
    # A package released by cascade or lockstep goes with the one that asked for it.
    chosen |= {row.key for row in released if row.reason in ("cascade", "lockstep")}
    return [row for row in released if row.key in chosen]


def workspace_edits(
    status: WorkspaceStatus,
    rows: Sequence[PackageStatus],
    *,
    date: dt.date,
    collect: bool,
    allow_empty_changelog: bool,
) -> list[FileEdit]:
    """Every file edit of releasing ``rows``: versions, changelogs, internal pins, uv.lock.

    Paths are relative to the workspace root; each file is edited once (a member's version
    and its pins are one edit).
    """
    workspace = status.workspace
    assert workspace is not None
    root = workspace.root
    versions = {row.key: row.next for row in rows}
    packages = {p.key: p for p in workspace.packages if p.name}
    planned: list[FileEdit] = []
    for row in rows:
        project = status.projects[row.key]
        if project.vcs_source is None:
            bump = project.plan_bump(
                set_version=row.next, date=date, allow_downgrade=True, allow_empty_changelog=True
            )
            # Only the package's own version files: its changelog is planned below with its
            # own commits, and the pins and the lock once for every package.
            others = {
                (p.path(root) / "pyproject.toml").resolve()
                for p in packages.values()
                if p.key != row.key
            }
            others |= {project.changelog_path.resolve(), (root / LOCK_FILE).resolve()}
            planned.extend(e for e in bump.edits if Path(e.path).resolve() not in others)
    pinned = dependent_edits(root, list(packages.values()), versions, planned)
    edits = list(pinned.edits)
    for row in rows:
        package, project = packages[row.key], status.projects[row.key]
        if not project.changelog_path.is_file():
            continue
        extra = [
            Entry("Changed", f"**deps:** {packages[key].name} {versions[key]}")
            for key in pinned.moved.get(row.key, ())
        ]
        change = changelog_edit(
            project.changelog_path,
            package.changelog,
            status.collectors.get(row.key) if collect else None,
            scheme=project.scheme,
            git=project.git,
            tag_format=status.formats[row.key],
            release=(row.next, date),
            previous_tag=row.tag,
            allow_empty=allow_empty_changelog,
            extra=extra,
        )
        if change.edit is not None:
            edits.append(change.edit)
    if collect and ROOT_ONLY in status.collectors:
        change = changelog_edit(
            root / workspace.config.changelog,
            workspace.config.changelog,
            status.collectors[ROOT_ONLY],
            scheme=workspace.config.scheme or "semver",
            git=status.projects[rows[0].key].git,
            tag_format="v{version}",
        )
        if change.edit is not None:
            edits.append(change.edit)
    top = root.resolve()
    relative = [
        FileEdit(Path(edit.path).resolve().relative_to(top), edit.before, edit.after)
        for edit in edits
        if edit.changed
    ]
    return sorted(relative, key=lambda edit: Path(edit.path).as_posix())


def _tag_message(template: str, package: Package, version: str, lockstep: bool) -> str:
    message = template.replace("{name}", package.name).replace("{version}", version)
    if not lockstep and "{name}" not in template and template == "Release {version}":
        message = f"Release {package.name} {version}"
    return message


def _check_artifacts(
    status: WorkspaceStatus,
    rows: Sequence[PackageStatus],
    options: MonorepoReleaseOptions,
    report: Reporter,
) -> None:
    """Before the first write: each released package's metadata, and the upload credentials
    of each index the packages go to (probed once per index)."""
    from releasekit.dist.preflight import check_release_artifacts

    assert status.workspace is not None
    packages = {p.key: p for p in status.workspace.packages}
    probed: set[str] = set()
    for row in rows:
        package, project = packages[row.key], status.projects[row.key]
        repository = package.config.repository
        check_release_artifacts(
            project.root,
            project.pyproject,
            build=True,
            publish=options.publish and repository not in probed,
            repository=repository,
            repository_url=None,
            reporter=report,
        )
        probed.add(repository)


def plan_monorepo_release(
    root: Path,
    options: MonorepoReleaseOptions | None = None,
    *,
    reporter: Reporter | None = None,
    workspace: Workspace | None = None,
) -> Plan:
    """Compute the release of the workspace at ``root``, check every precondition, and
    return the plan (nothing is written). ``workspace``: the one at ``root``, when the caller
    has just discovered it."""
    options = options or MonorepoReleaseOptions()
    report = reporter or NullReporter()
    status = workspace_status(
        root, date=options.date, collect=True, reporter=report, workspace=workspace
    )
    if options.part is not None or options.set_version is not None:
        status = _requested(status, options, options.date)
    workspace = status.workspace
    assert workspace is not None
    if options.part is None and options.set_version is None:
        from releasekit.monorepo.resume import pending, plan_monorepo_resume

        # HEAD is a release whose upload (or push) failed: finish it, per package.
        resumed = (
            None
            if pending(status, options.packages)
            else (plan_monorepo_resume(status, options, reporter=report))
        )
        if resumed is not None:
            return resumed
    rows = _selected(status, options.packages)
    if not rows:
        raise RefusedError(
            "nothing to release: no package has a feat, fix, perf or breaking change since its "
            "last tag (releasekit next --all shows each package's commits)"
        )
    first = status.projects[rows[0].key]
    git = Git(workspace.root)
    date = options.date or first.today()
    collect = (
        workspace.config.changelog_commits
        if options.collect_changelog is None
        else options.collect_changelog
    )
    preflight = run_preflight(
        git,
        PreflightOptions(
            tag=None,
            branches=workspace.config.branches,
            allow_dirty=options.allow_dirty,
            sign=options.sign,
            push=options.push,
            remote=options.remote,
        ),
        report,
    )
    tags = list(dict.fromkeys(row.next_tag for row in rows))  # lockstep: one tag for all
    for row in rows:
        check_tag_name(git, row.next_tag, status.formats[row.key])
    taken = [tag for tag in tags if git.has_tag(tag)]
    if options.push and preflight.remote is not None:
        origin = preflight.remote
        taken += [t for t in tags if git.remote_has_ref(origin, f"refs/tags/{t}")]
    if taken:
        raise RefusedError(
            "release refused: the tag(s) " + ", ".join(sorted(set(taken))) + " already exist; "
            "delete them or release another version"
        )
    edits = workspace_edits(
        status,
        rows,
        date=date,
        collect=collect,
        allow_empty_changelog=options.allow_empty_changelog,
    )
    files = tuple(Path(e.path).as_posix() for e in edits if e.changed)  # relative to the root
    summary = rows[0].next if workspace.lockstep else ", ".join(f"{r.name} {r.next}" for r in rows)
    message = workspace.config.commit_message.replace("{version}", summary)
    steps: list[Step] = []
    if files:  # packages versioned by their tags alone, and no changelog: nothing to commit
        steps.append(cast("Step", WriteFilesStep(workspace.root, tuple(edits))))
        steps.append(CommitStep(git, files, message, sign=options.sign))
    packages = {p.key: p for p in workspace.packages if p.name}
    tagged: set[str] = set()
    for row in rows:
        if row.next_tag in tagged:
            continue
        tagged.add(row.next_tag)
        package = packages[row.key]
        text = _tag_message(package.config.tag_message, package, row.next, workspace.lockstep)
        steps.append(TagStep(git, row.next_tag, text, sign=options.sign))
    after: list[Step] = []
    if options.publish or options.verify:
        from releasekit.monorepo.dist import workspace_dist_steps

        _check_artifacts(status, rows, options, report)
        before, after = workspace_dist_steps(
            workspace, rows, publish=options.publish, reporter=report
        )
        steps.extend(before)
    if options.push and preflight.remote is not None:
        refs = [preflight.push_refspec, *map(tag_refspec, tags)]
        check_push(git, preflight.remote, refs, made=tags)
        steps.append(PushStep(git, preflight.remote, refs))
    steps.extend(after)
    old = ", ".join(f"{r.name} {r.current or '(none)'}" for r in rows)
    remote = preflight.remote if options.push else None
    return Plan(
        steps,
        title=f"release {old} -> {summary} from branch {preflight.branch}, tag {' '.join(tags)}",
        old=old,
        new=summary,
        tag=" ".join(tags),
        facts={
            "command": "release",
            "branch": preflight.branch,
            "remote": remote,
            "files": list(files),
            "commit_message": message if files else None,
            "warnings": list(preflight.warnings),
            "packages": [
                {"name": r.name, "path": r.path, "old": r.current, "new": r.next, "tag": r.next_tag}
                for r in rows
            ],
        },
    )
