"""``releasekit release``: the whole release as one :class:`~releasekit.plan.Plan`.

:func:`plan_release` reads everything and writes nothing: it computes the version (the patch
on a ``hotfix/*`` branch unless told otherwise), collects the conventional commits since the
last tag into ``[Unreleased]`` and promotes it, runs every preflight guard, and returns a
:class:`~releasekit.plan.Plan` whose steps are, in order::

    1. write the version files and CHANGELOG.md        (WriteFilesStep)
    2. git commit --only … -- <exactly those files>    (CommitStep)
    3. git tag --annotate … v1.2.4 HEAD                 (TagStep)
    4. …ArtifactSteps.before_push (build, verify, check)
    5. git push --atomic origin main v1.2.4             (PushStep, irreversible)
    6. …ArtifactSteps.after_push (publish)

``plan.apply()`` rolls everything back on a failure before the push; after it, it says how
to finish. **The seam for build and publish**: a factory (default
:func:`default_artifact_steps`, or ``plan_release(..., artifact_steps=...)``) turns a
:class:`ReleaseContext` into :class:`ArtifactSteps`: ``before_push`` (build, verify, checks)
and ``after_push`` (the upload: ``irreversible``, with a ``finish_command``).

>>> ArtifactSteps().before_push, ArtifactSteps().after_push
((), ())
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from releasekit.files.edits import FileEdit
from releasekit.files.paths import inside_root
from releasekit.git.hotfix import is_hotfix_branch, next_patch
from releasekit.git.plans import GitOptions, plan_git, plan_tag, require_repository
from releasekit.plan import NullReporter, Plan, Reporter, Step

if TYPE_CHECKING:
    from releasekit.project import Project

__all__ = [
    "ArtifactSteps",
    "ArtifactStepsFactory",
    "GitOptions",
    "ReleaseContext",
    "ReleaseOptions",
    "default_artifact_steps",
    "plan_git_release",
    "plan_release",
    "plan_tag",
]


@dataclass(frozen=True)
class ReleaseOptions:
    """What ``releasekit release`` was asked to do.

    ``part`` None means: the next patch on a ``hotfix/*`` branch (a ``.N`` counter for
    CalVer), else the project default (``calver`` for CalVer, ``auto`` from conventional
    commits for SemVer).
    """

    part: str | None = None
    #: Release exactly this version instead of computing one (not with ``part``).
    set_version: str | None = None
    #: The candidate's label (``a``, ``b``, ``rc``) with ``part="pre"``.
    label: str | None = None
    date: dt.date | None = None
    push: bool = True
    publish: bool = True
    allow_dirty: bool = False
    sign: bool = False
    remote: str | None = None
    #: Build and install the wheel in a fresh venv before the push, also without ``publish``.
    verify: bool = True
    #: Upload here instead of ``[tool.releasekit] repository`` (a ~/.pypirc name or URL).
    repository: str | None = None
    repository_url: str | None = None
    #: Collect conventional commits into [Unreleased] first (None: ``changelog-commits``).
    collect_changelog: bool | None = None
    allow_empty_changelog: bool = False

    @property
    def git(self) -> GitOptions:
        """The git part of these options."""
        return GitOptions(
            push=self.push, sign=self.sign, allow_dirty=self.allow_dirty, remote=self.remote
        )


@dataclass(frozen=True)
class ReleaseContext:
    """What artifact step factories know about the release being planned."""

    project: Project
    options: ReleaseOptions
    old: str | None
    new: str
    tag: str


@dataclass(frozen=True)
class ArtifactSteps:
    """The build/verify/check steps before the push, and the publish steps after it."""

    before_push: tuple[Step, ...] = ()
    after_push: tuple[Step, ...] = ()


ArtifactStepsFactory = Callable[[ReleaseContext], ArtifactSteps]


def default_artifact_steps(context: ReleaseContext) -> ArtifactSteps:
    """The artifact steps of a release: build and verify before the push, upload after it.

    A broken sdist or wheel stops the release while it can still be rolled back; the upload,
    which cannot be undone, comes last. Without ``publish`` the build and the fresh-venv
    install still run (unless ``verify=False``): a package that does not install is never
    tagged.
    """
    options = context.options
    if not options.publish and not options.verify:
        return ArtifactSteps()
    from releasekit.dist.steps import dist_steps

    before, after = dist_steps(
        context.project.root,
        context.new,
        repository=options.repository or context.project.config.repository,
        repository_url=options.repository_url,
        publish=options.publish,
        verify=options.verify,
        reporter=context.project.reporter,
    )
    return ArtifactSteps(before_push=before, after_push=after)


def plan_release(
    project: Project,
    options: ReleaseOptions | None = None,
    *,
    artifact_steps: ArtifactStepsFactory | None = None,
    reporter: Reporter | None = None,
) -> Plan:
    """Compute the whole release, check every precondition, and return the plan (no writes).

    ``artifact_steps`` decides the build/verify/publish steps (default:
    :func:`default_artifact_steps`).

    ``plan.facts`` holds ``branch``, ``remote`` (None without a push), ``files``,
    ``changelog_commits`` and ``resumed`` (HEAD already carries the tag: the plan finishes
    that release instead of bumping again).

    >>> # plan = plan_release(Project("."), ReleaseOptions(push=False))
    >>> # print(plan.describe()); plan.apply()
    """
    options = options or ReleaseOptions()
    report = reporter or NullReporter()
    require_repository(project)
    plan = _plan_release(project, options, artifact_steps or default_artifact_steps, report)
    if artifact_steps is None and plan.steps:  # what the default build and upload depend on
        from releasekit.dist.preflight import check_release_artifacts

        repository = options.repository or project.config.repository
        check_release_artifacts(
            project.root,
            project.pyproject,
            build=options.publish or options.verify,
            publish=options.publish,
            repository=repository,
            repository_url=options.repository_url,
            reporter=report,
        )
    return plan


def _plan_release(
    project: Project,
    options: ReleaseOptions,
    artifact_steps: ArtifactStepsFactory,
    report: Reporter,
) -> Plan:
    part, set_version = options.part, options.set_version
    resumed = None
    if part is None and set_version is None:
        resumed = _plan_resume(project, options, artifact_steps, report)
    if resumed is not None:
        return resumed
    if part is None and set_version is None and is_hotfix_branch(project.git.current_branch()):
        # A hotfix releases the next patch of what it branched from: 1.2.3 -> 1.2.4, and for
        # CalVer a counter (25.02.15 -> 25.02.15.1), never a new date that main may take.
        part = "patch" if project.scheme == "semver" else None
        set_version = None if part else next_patch(project.version)
    date = options.date or project.today()
    collect = options.collect_changelog
    collect = project.config.changelog_commits if collect is None else collect
    inside_root(project.root, project.changelog_path, "changelog")  # never written outside
    collect = collect and project.changelog_path.is_file()
    bump = project.plan_bump(
        part,
        date,
        set_version=set_version,
        allow_empty_changelog=collect or options.allow_empty_changelog,
        label=options.label,
    )
    assert bump.new is not None  # a bump plan always has a new version
    edits, commits = bump.edits, 0
    if collect:
        edits, commits = _with_collected_changelog(project, bump, date, options, report)
    return _plan(
        project,
        options,
        options.git,
        artifact_steps,
        old=bump.old,
        new=bump.new,
        edits=edits,
        facts={"changelog_commits": commits, "resumed": False},
        reporter=report,
    )


def _plan(
    project: Project,
    options: ReleaseOptions,
    git: GitOptions,
    artifact_steps: ArtifactStepsFactory,
    *,
    old: str | None,
    new: str,
    edits: tuple[FileEdit, ...] | None,
    facts: dict[str, object],
    title: str | None = None,
    reporter: Reporter,
) -> Plan:
    """The release plan: the git steps around the artifact steps (new release or resumed)."""
    from releasekit.git.tags import format_tag

    tag = format_tag(project.tag_format, new)
    artifacts = artifact_steps(ReleaseContext(project, options, old, new, tag))
    # Back to development after the build, so the artifacts are the release's own files.
    back = _back_to_development(project, new, sign=git.sign) if edits is not None else ()
    return plan_git(
        project,
        git,
        old=old,
        new=new,
        tag=tag,
        edits=edits,
        before_push=(*artifacts.before_push, *back),
        after_push=artifacts.after_push,
        title=title,
        facts=facts,
        reporter=reporter,
    )


def _back_to_development(project: Project, new: str, *, sign: bool) -> tuple[Step, ...]:
    """The steps of ``post-release-dev``: write and commit the next development release
    (1.3.0 -> 1.3.1.dev0), as zest.releaser does; none for CalVer nor versions kept in tags."""
    if not project.config.post_release_dev or project.scheme == "calver" or project.vcs_source:
        return ()
    from releasekit.files.edits import WriteFilesStep
    from releasekit.files.paths import display_path
    from releasekit.git.steps import CommitStep
    from releasekit.locations.bump import plan_version_edits as edits_to
    from releasekit.locations.detect import detect_locations
    from releasekit.version.pep440 import Pep440

    dev = str(Pep440.parse(new).bump("dev"))
    found = detect_locations(
        project.root, project.pyproject_path, project.pyproject, project.config
    )
    pairs = zip(edits_to(found, new), edits_to(found, dev), strict=True)
    edits = tuple(FileEdit(r.path, r.after, d.after) for r, d in pairs)
    files = [display_path(Path(edit.path), project.root) for edit in edits]
    about = f"write {dev} (back to development)\n  " + "\n  ".join(files)
    message = f"chore: back to development: {dev}"
    return (
        WriteFilesStep(project.root, edits, about),
        CommitStep(project.git, files, message, sign=sign),
    )


def _plan_resume(
    project: Project,
    options: ReleaseOptions,
    artifact_steps: ArtifactStepsFactory,
    reporter: Reporter,
) -> Plan | None:
    """The rest of a release whose commit is HEAD (tagged or not), or None.

    A release interrupted after its commit is finished instead of bumping once more: the
    tag, the push if the remote lacks the tag, and the artifacts (files already on the index
    with the same sha256 are skipped; builds are reproducible).
    """
    from releasekit.errors import ReleasekitError
    from releasekit.git.plans import is_release_commit
    from releasekit.git.tags import format_tag

    git = project.git
    try:
        version = project.version
    except ReleasekitError:
        return None
    tag = format_tag(project.tag_format, version)
    head = git.head()
    if head is None:
        return None
    untagged = not git.has_tag(tag)
    if untagged and not is_release_commit(git, project.config.commit_message, version):
        return None
    if not untagged and git.rev(tag) != head:
        return None
    # The commit exists (a run killed before its tag: the tag is made now), so only the tag,
    # the push (if the remote lacks the tag) and the artifacts are left.
    steps = GitOptions(
        commit=False,
        tag=untagged,
        sign=options.sign and untagged,
        push=options.push,
        allow_dirty=options.allow_dirty,
        remote=options.remote,
        push_branch=True,
    )
    why = f"HEAD is the untagged release commit of {version}" if untagged else ""
    why = why or f"HEAD is tagged {tag}"
    reporter.info(f"{why}: finishing release {version} instead of bumping again")
    plan = _plan(
        project,
        options,
        steps,
        artifact_steps,
        old=version,
        new=version,
        edits=None,
        facts={"changelog_commits": 0, "resumed": True},
        title=f"finish release {version} ({why})",
        reporter=reporter,
    )
    if not plan.steps:
        plan.title += ": nothing left to do"
    return plan


def _with_collected_changelog(
    project: Project, bump: Plan, date: dt.date, options: ReleaseOptions, report: Reporter
) -> tuple[tuple[FileEdit, ...], int]:
    """The bump's edits with the changelog collected then promoted, in memory: one write."""
    from releasekit.changelog.file import promote_release, read_changelog, repository_url
    from releasekit.changelog.unreleased import unreleased_update

    assert bump.new is not None
    path = project.changelog_path
    update = unreleased_update(project, reporter=report)
    text_file, _ = read_changelog(path, display=project.config.changelog)
    promoted = promote_release(
        update.changelog,
        bump.new,
        date,
        allow_empty=options.allow_empty_changelog,
        fold=project.config.fold_prereleases,
        repository=repository_url(project.git),
        tag_format=project.tag_format,
    )
    edit = FileEdit(path, text_file.data, text_file.encode(str(promoted)))
    edits = [e for e in bump.edits if Path(e.path).resolve() != path.resolve()]
    return (*edits, edit), update.added


def plan_git_release(
    project: Project,
    bump: Plan,
    options: GitOptions,
    *,
    artifacts: ArtifactSteps | None = None,
    reporter: Reporter | None = None,
) -> Plan:
    """The plan that writes a bump (``project.plan_bump(...)``) then commits, tags and pushes.

    Used by ``bump --commit [--tag] [--push]``.
    """
    from releasekit.git.tags import format_tag

    assert bump.new is not None  # a bump plan always has a new version
    artifacts = artifacts or ArtifactSteps()
    return plan_git(
        project,
        options,
        old=bump.old,
        new=bump.new,
        tag=format_tag(project.tag_format, bump.new) if options.tag else None,
        edits=bump.edits,
        before_push=artifacts.before_push,
        after_push=artifacts.after_push,
        facts={"command": "bump"},
        reporter=reporter,
    )
