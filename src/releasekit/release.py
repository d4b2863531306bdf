"""``releasekit release``: the whole release as one :class:`~releasekit.plan.Plan`.

:func:`plan_release` reads everything and writes nothing: it computes the version (the patch
on a ``hotfix/*`` branch unless told otherwise), collects the conventional commits since the
last tag into ``[Unreleased]`` and promotes it, runs every preflight guard, and returns a
:class:`ReleasePlan` whose steps are, in order::

    1. write the version files and CHANGELOG.md        (WriteFilesStep)
    2. git commit --only … -- <exactly those files>    (CommitStep)
    3. git tag --annotate … v1.2.4 HEAD                 (TagStep)
    4. …ArtifactSteps.before_push (build, verify, check)
    5. git push --atomic origin main v1.2.4             (PushStep, irreversible)
    6. …ArtifactSteps.after_push (publish)

``--dry-run`` prints :meth:`ReleasePlan.describe`; :meth:`ReleasePlan.apply` runs it. A
failure before the push rolls everything back (files, index, branch, tag: the repository is
as it was, and an atomic push that was rejected left the remote untouched). A failure after
the push stops rolling back and says what was done and the commands that finish the job.

**The seam for build and publish.** :func:`default_artifact_steps` is the one place that
decides which artifact steps a release runs. It receives a :class:`ReleaseContext` (project,
options, old and new version, tag) and returns :class:`ArtifactSteps`: ``before_push`` steps
run after the tag and before the push (build, fresh-venv verify, ``check --tag``/``--dist``),
``after_push`` steps after it (upload: mark it ``irreversible`` and give it a
``finish_command`` such as ``"releasekit publish"``). Callers can pass their own factory as
``plan_release(..., artifact_steps=...)``.

>>> ArtifactSteps().before_push, ArtifactSteps().after_push
((), ())
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from releasekit.files.edits import FileEdit, WriteFilesStep
from releasekit.git.hotfix import is_hotfix_branch, next_patch
from releasekit.git.preflight import PreflightOptions, PreflightReport, run_preflight
from releasekit.git.steps import CommitStep, PushStep, TagStep
from releasekit.plan import NullReporter, Plan, PlanFailed, Reporter, Step

if TYPE_CHECKING:
    from releasekit.locations.bump import BumpPlan
    from releasekit.project import Project

__all__ = [
    "ArtifactSteps",
    "ArtifactStepsFactory",
    "GitOptions",
    "ReleaseContext",
    "ReleaseOptions",
    "ReleasePlan",
    "default_artifact_steps",
    "plan_git_release",
    "plan_release",
    "plan_tag",
]


@dataclass(frozen=True)
class GitOptions:
    """What the git side of a bump or release does."""

    commit: bool = True
    tag: bool = True
    push: bool = True
    sign: bool = False
    allow_dirty: bool = False
    #: The remote to push to (default: the branch's upstream remote, else ``origin``).
    remote: str | None = None


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
    date: dt.date | None = None
    push: bool = True
    publish: bool = True
    allow_dirty: bool = False
    sign: bool = False
    remote: str | None = None
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

    A broken sdist or wheel stops the release while it can still be rolled back, so the
    build (sdist, then the wheel from the sdist, checked with ``twine check``) and the
    fresh-venv install test run before the push; the upload, which cannot be undone, runs
    after it. With ``--no-publish`` nothing is built: the tag push hands the build and upload
    to the release workflow, which builds once from the tagged commit.
    """
    if not context.options.publish:
        return ArtifactSteps()
    from releasekit.dist.steps import dist_steps

    before, after = dist_steps(
        context.project.root,
        context.new,
        repository=context.project.config.repository,
        reporter=context.project.reporter,
    )
    return ArtifactSteps(before_push=before, after_push=after)


@dataclass
class ReleasePlan:
    """A computed release: the versions, the branch, the tag and the plan of steps."""

    root: Path
    old: str | None
    new: str
    tag: str | None
    preflight: PreflightReport
    files: tuple[str, ...]
    plan: Plan
    #: The file edits the plan writes (for :meth:`diff`).
    edits: tuple[FileEdit, ...] = ()
    changelog_commits: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)
    #: True when HEAD already carries the release tag and the plan finishes that release.
    resumed: bool = False

    def describe(self) -> str:
        """A header line, then the numbered steps with their exact commands."""
        version = f"{self.old} -> {self.new}" if self.old else self.new
        tag = f", tag {self.tag}" if self.tag else ""
        if self.resumed:
            header = f"finish release {self.new} (HEAD is tagged {self.tag})"
            if not self.plan.steps:
                return f"{header}: nothing left to do"
        else:
            header = f"release {version} from branch {self.preflight.branch}{tag}"
        return f"{header}\n{self.plan.describe()}"

    def diff(self) -> str:
        """The unified diff of every file the release writes."""
        return "".join(edit.diff(self.root) for edit in self.edits if edit.changed)

    def apply(self, reporter: Reporter | None = None) -> None:
        """Run every step; roll back on failure, or after an irreversible step say how to finish.

        Raises the failing step's error after a rollback, or :class:`PlanFailed` listing what
        was done and the commands that finish the release by hand.
        """
        try:
            self.plan.apply(reporter)
        except PlanFailed as exc:
            remaining = list(self.plan.steps)[len(self.plan.done) :]
            commands = [_finish_command(step) for step in remaining]
            hint = "\n".join(["to finish the release by hand, run:", *commands])
            raise PlanFailed(f"{exc.message}\n{hint}") from exc.__cause__


def _finish_command(step: Step) -> str:
    command = getattr(step, "finish_command", None) or getattr(step, "command", None)
    return f"  {command or step.describe().splitlines()[0]}"


def plan_release(
    project: Project,
    options: ReleaseOptions | None = None,
    *,
    artifact_steps: ArtifactStepsFactory = default_artifact_steps,
    reporter: Reporter | None = None,
) -> ReleasePlan:
    """Compute the whole release, check every precondition, and return the plan (no writes).

    >>> # plan = plan_release(Project("."), ReleaseOptions(push=False))
    >>> # print(plan.describe()); plan.apply()
    """
    options = options or ReleaseOptions()
    report = reporter or NullReporter()
    git = project.git
    _require_repository(project)
    part, set_version = options.part, options.set_version
    if part is None and set_version is None:
        resumed = _plan_resume(project, options, artifact_steps, report)
        if resumed is not None:
            return resumed
    if part is None and set_version is None and is_hotfix_branch(git.current_branch()):
        # A hotfix releases the next patch of what it branched from: 1.2.3 -> 1.2.4, and for
        # CalVer a counter (25.02.15 -> 25.02.15.1), never a new date that main may take.
        if project.scheme == "semver":
            part = "patch"
        else:
            set_version = next_patch(project.version)
    date = options.date or project.today()
    collect = (
        project.config.changelog_commits
        if options.collect_changelog is None
        else options.collect_changelog
    )
    collect = collect and project.changelog_path.is_file()
    bump = project.plan_bump(
        part,
        date,
        set_version=set_version,
        allow_empty_changelog=collect or options.allow_empty_changelog,
    )
    commits = 0
    if collect:
        bump, commits = _with_collected_changelog(project, bump, date, options, report)
    from releasekit.git.tags import format_tag

    tag = format_tag(project.tag_format, bump.new)
    context = ReleaseContext(project, options, bump.old, bump.new, tag)
    artifacts = artifact_steps(context)
    release = plan_git_release(project, bump, options.git, artifacts=artifacts, reporter=report)
    release.changelog_commits = commits
    return release


def _plan_resume(
    project: Project,
    options: ReleaseOptions,
    artifact_steps: ArtifactStepsFactory,
    reporter: Reporter,
) -> ReleasePlan | None:
    """The rest of a release whose tag is already on HEAD, or None when HEAD is not tagged.

    A release that failed after its push (an upload that timed out, say) leaves the tagged
    release commit behind. Running ``releasekit release`` again then finishes that release
    instead of bumping once more: it pushes the branch and tag if the remote lacks the tag,
    and builds, verifies and uploads (files already on the index with the same sha256 are
    skipped, and builds are reproducible, so a re-upload is a no-op).
    """
    from releasekit.errors import ReleasekitError
    from releasekit.git.tags import format_tag

    git = project.git
    try:
        version = project.version
    except ReleasekitError:
        return None
    tag = format_tag(project.tag_format, version)
    head = git.head()
    if head is None or not git.has_tag(tag) or git.rev(tag) != head:
        return None
    preflight = run_preflight(
        git,
        PreflightOptions(
            tag=None,
            branches=project.config.branches,
            allow_dirty=options.allow_dirty,
            push=options.push,
            remote=options.remote,
        ),
        reporter,
    )
    context = ReleaseContext(project, options, version, version, tag)
    artifacts = artifact_steps(context)
    steps: list[Step] = list(artifacts.before_push)
    remote = preflight.remote
    if options.push and remote is not None and not git.remote_has_ref(remote, f"refs/tags/{tag}"):
        steps.append(PushStep(git, remote, [preflight.push_refspec, tag], atomic=True))
    steps.extend(artifacts.after_push)
    reporter.info(f"HEAD is tagged {tag}: finishing release {version} instead of bumping again")
    return ReleasePlan(
        root=project.root,
        old=version,
        new=version,
        tag=tag,
        preflight=preflight,
        files=(),
        plan=Plan(steps),
        warnings=preflight.warnings,
        resumed=True,
    )


def _require_repository(project: Project) -> None:
    from releasekit.errors import RefusedError

    if not project.git.is_repository():
        raise RefusedError(
            f"{project.root} is not in a git repository: run `git init` and commit, or pass "
            "--project with the project's directory"
        )


def _with_collected_changelog(
    project: Project, bump: BumpPlan, date: dt.date, options: ReleaseOptions, report: Reporter
) -> tuple[BumpPlan, int]:
    """Replace the bump's changelog edit by one that collects the commits, then promotes.

    Both happen in memory on one model, so the release writes the changelog once.
    """
    from releasekit.changelog.file import read_changelog, repository_url, unreleased_update

    path = project.changelog_path
    update = unreleased_update(project, reporter=report)
    text_file, _ = read_changelog(path, display=project.config.changelog)
    promoted = update.changelog.promote(
        bump.new,
        date,
        allow_empty=options.allow_empty_changelog,
        repository=repository_url(project.git),
        tag_format=project.tag_format,
    )
    edit = FileEdit(path, text_file.data, text_file.encode(str(promoted)))
    edits = [e for e in bump.edits if Path(e.path).resolve() != path.resolve()]
    return dataclasses.replace(bump, edits=(*edits, edit)), update.added


def _relative_paths(root: Path, edits: Sequence[FileEdit]) -> tuple[str, ...]:
    paths = []
    for edit in edits:
        if not edit.changed:
            continue
        path = Path(edit.path)
        paths.append((path.relative_to(root) if path.is_absolute() else path).as_posix())
    return tuple(paths)


def _message(template: str, version: str) -> str:
    # str.replace, not str.format: a message may hold other braces ("{{", JSON, …).
    return template.replace("{version}", version)


def plan_git_release(
    project: Project,
    bump: BumpPlan,
    options: GitOptions,
    *,
    artifacts: ArtifactSteps | None = None,
    reporter: Reporter | None = None,
) -> ReleasePlan:
    """The plan that writes ``bump`` then commits, tags and pushes as ``options`` say.

    Used by ``release`` (everything) and ``bump --commit [--tag] [--push]``. Runs the
    preflight for exactly what will happen (the tag, the push, the signing key).
    """
    from releasekit.git.tags import format_tag

    git = project.git
    artifacts = artifacts or ArtifactSteps()
    tag = format_tag(project.tag_format, bump.new) if options.tag else None
    preflight = run_preflight(
        git,
        PreflightOptions(
            tag=tag,
            branches=project.config.branches,
            allow_dirty=options.allow_dirty,
            sign=options.sign,
            push=options.push,
            remote=options.remote,
        ),
        reporter,
    )
    files = _relative_paths(project.root, bump.edits)
    steps: list[Step] = [WriteFilesStep(project.root, bump.edits)]
    if options.commit:
        message = _message(project.config.commit_message, bump.new)
        steps.append(CommitStep(git, files, message, sign=options.sign))
    if tag is not None:
        message = _message(project.config.tag_message, bump.new)
        steps.append(TagStep(git, tag, message, sign=options.sign))
    steps.extend(artifacts.before_push)
    if options.push and preflight.remote is not None:
        refs = [preflight.push_refspec] if options.commit else []
        refs += [tag] if tag else []
        if refs:
            steps.append(PushStep(git, preflight.remote, refs, atomic=len(refs) > 1))
    steps.extend(artifacts.after_push)
    return ReleasePlan(
        root=project.root,
        old=bump.old,
        new=bump.new,
        tag=tag,
        preflight=preflight,
        files=files,
        plan=Plan(steps),
        edits=tuple(bump.edits),
        warnings=preflight.warnings,
    )


def plan_tag(
    project: Project,
    *,
    codename: str | None = None,
    sign: bool = False,
    push: bool = False,
    allow_dirty: bool = False,
    remote: str | None = None,
    reporter: Reporter | None = None,
) -> ReleasePlan:
    """The plan of ``releasekit tag``: tag HEAD with the current version (and push the tag).

    ``codename`` is appended to the tag message: ``Release 1.0.0: Genesis``.
    """
    from releasekit.git.tags import format_tag

    _require_repository(project)
    version = project.version
    tag = format_tag(project.tag_format, version)
    preflight = run_preflight(
        project.git,
        PreflightOptions(
            tag=tag,
            branches=project.config.branches,
            allow_dirty=allow_dirty,
            sign=sign,
            push=push,
            remote=remote,
        ),
        reporter,
    )
    message = _message(project.config.tag_message, version)
    if codename:
        message = f"{message}: {codename.strip()}"
    steps: list[Step] = [TagStep(project.git, tag, message, sign=sign)]
    if push and preflight.remote is not None:
        steps.append(PushStep(project.git, preflight.remote, [tag], atomic=False))
    return ReleasePlan(
        root=project.root,
        old=None,
        new=version,
        tag=tag,
        preflight=preflight,
        files=(),
        plan=Plan(steps),
        warnings=preflight.warnings,
    )
