"""The git side of a release as one :class:`~releasekit.plan.Plan`: write, commit, tag, push.

:func:`plan_git` is the one place that orders the steps of anything ending in git: the release,
``bump --commit/--tag/--push``, ``releasekit tag`` and the finish of a release whose tag is
already on HEAD. It runs the preflight for exactly what will happen (the tag, the push, the
signing key) and returns::

    1. write the version files and CHANGELOG.md        (WriteFilesStep, when there are edits)
    2. git commit --only … -- <exactly those files>    (CommitStep, with ``commit``)
    3. git tag --annotate … v1.2.4 HEAD                 (TagStep, with ``tag``)
    4. … the ``before_push`` steps (build, verify)
    5. git push --atomic origin main v1.2.4             (PushStep, irreversible, with ``push``)
    6. … the ``after_push`` steps (publish)

:func:`plan_tag` is ``releasekit tag``: tag HEAD with the current version.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releasekit.files.edits import FileEdit, WriteFilesStep
from releasekit.files.paths import display_path
from releasekit.git.commands import tag_refspec
from releasekit.git.preflight import (
    PreflightOptions,
    PreflightReport,
    check_push,
    check_tag_name,
    run_preflight,
)
from releasekit.git.steps import CommitStep, PushStep, TagStep
from releasekit.plan import Plan, Reporter, Step

if TYPE_CHECKING:
    from releasekit.git.runner import Git
    from releasekit.project import Project

__all__ = [
    "BumpOptions",
    "GitOptions",
    "is_release_commit",
    "message_for",
    "plan_bump_release",
    "plan_git",
    "plan_tag",
    "require_repository",
]


@dataclass(frozen=True)
class GitOptions:
    """What the git side of a bump or release does.

    ``push_branch`` pushes the branch with the tag (a release commit); without a commit only
    the tag is pushed.
    """

    commit: bool = True
    tag: bool = True
    push: bool = True
    sign: bool = False
    allow_dirty: bool = False
    #: The remote to push to (default: the branch's upstream remote, else ``origin``).
    remote: str | None = None
    #: Push the branch too (default: when there is a commit to push).
    push_branch: bool | None = None


def message_for(template: str, version: str) -> str:
    """``commit-message``/``tag-message`` for ``version``.

    >>> message_for("Release {version} {{x}}", "1.0")
    'Release 1.0 {{x}}'
    """
    # str.replace, not str.format: a message may hold other braces ("{{", JSON, …).
    return template.replace("{version}", version)


def require_repository(project: Project) -> None:
    """Refuse when the project is not in a git repository."""
    from releasekit.errors import RefusedError

    if not project.git.is_repository():
        raise RefusedError(
            f"{project.root} is not in a git repository: run `git init` and commit, or pass "
            "--project with the project's directory"
        )


def plan_git(
    project: Project,
    options: GitOptions,
    *,
    old: str | None,
    new: str,
    tag: str | None,
    edits: Sequence[FileEdit] | None = None,
    tag_message: str | None = None,
    before_push: Sequence[Step] = (),
    after_push: Sequence[Step] = (),
    title: str | None = None,
    facts: Mapping[str, Any] | None = None,
    reporter: Reporter | None = None,
) -> Plan:
    """The plan that writes ``edits``, then commits, tags and pushes as ``options`` say.

    ``tag`` is the release tag (made when ``options.tag``, pushed when ``options.push``).
    The default ``title`` reads ``release 1.2.3 -> 1.2.4 from branch main, tag v1.2.4``.
    """
    git = project.git
    make_tag = tag if options.tag else None
    if make_tag is not None:
        check_tag_name(git, make_tag, project.tag_format)
    files = _relative_paths(project.root, edits or ())
    preflight = run_preflight(
        git,
        PreflightOptions(
            tag=make_tag,
            branches=project.config.branches,
            allow_dirty=options.allow_dirty,
            sign=options.sign and (options.commit or make_tag is not None),
            push=options.push,
            remote=options.remote,
            own_files=files,
        ),
        reporter,
    )
    steps: list[Step] = []
    if edits is not None:
        steps.append(WriteFilesStep(project.root, tuple(edits)))
    commit_message = message_for(project.config.commit_message, new)
    if options.commit:
        steps.append(CommitStep(git, files, commit_message, sign=options.sign))
    if make_tag is not None:
        message = tag_message or message_for(project.config.tag_message, new)
        steps.append(TagStep(git, make_tag, message, sign=options.sign))
    steps.extend(before_push)
    remote = preflight.remote if options.push else None
    if remote is not None:
        push_branch = options.commit if options.push_branch is None else options.push_branch
        # A tag of a commit the remote lacks goes with its branch, in one atomic push: else
        # the remote would hold a tag of a commit no branch of it has.
        push_branch = push_branch or (tag is not None and _remote_lacks_head(git, preflight))
        refs = [preflight.push_refspec] if push_branch else []
        refs += [tag_refspec(tag)] if tag else []
        # A tag made by an earlier run that the remote already has: that push is done.
        done = make_tag is None and tag and git.remote_has_ref(remote, f"refs/tags/{tag}")
        if refs and not done:
            check_push(git, remote, refs, made=(make_tag,) if make_tag else ())
            steps.append(PushStep(git, remote, refs, atomic=len(refs) > 1))
    steps.extend(after_push)
    if title is None:
        version = f"{old} -> {new}" if old else new
        title = f"release {version} from branch {preflight.branch}" + (
            f", tag {tag}" if make_tag else ""
        )
    return Plan(
        steps,
        title=title,
        old=old,
        new=new,
        tag=tag,
        facts={
            "command": "release",
            "branch": preflight.branch,
            "remote": remote,
            "files": list(files),
            "commit_message": commit_message if options.commit else None,
            "warnings": list(preflight.warnings),
            **(facts or {}),
        },
    )


def is_release_commit(git: Git, commit_message: str, version: str) -> bool:
    """Whether HEAD is the release commit of ``version``: its message is ``commit_message``
    for that version. A release killed between its commit and its tag leaves it behind."""
    expected = message_for(commit_message, version).strip()
    message = git.run("log", "-1", "--format=%B", "HEAD", check=False).strip()
    return bool(expected) and message == expected


def _remote_lacks_head(git: Git, preflight: PreflightReport) -> bool:
    """Whether the remote's copy of the branch (as last fetched) lacks HEAD."""
    if preflight.remote is None:
        return False
    remote_branch = (preflight.upstream or f"refs/heads/{preflight.branch}").removeprefix(
        "refs/heads/"
    )
    tracking = f"refs/remotes/{preflight.remote}/{remote_branch}"
    if not git.run_result("rev-parse", "--verify", "--quiet", tracking).stdout.strip():
        return True
    result = git.run_result("merge-base", "--is-ancestor", "HEAD", tracking)
    return result.returncode != 0


def _relative_paths(root: Path, edits: Sequence[FileEdit]) -> tuple[str, ...]:
    # The files as git sees them: a link inside the repository is committed as the link, so
    # the commit names the file it points to, or the bump would be left out of the commit.
    from releasekit.files.paths import inside_root

    real_root = Path(os.path.realpath(root))
    return tuple(
        inside_root(root, Path(edit.path), display_path(Path(edit.path), root))
        .relative_to(real_root)
        .as_posix()
        for edit in edits
        if edit.changed
    )


@dataclass(frozen=True)
class BumpOptions:
    """What ``releasekit bump`` was asked to do: the new version, then the git steps.

    ``tag`` implies ``commit``; ``push`` implies ``tag``, since a pushed release commit
    without its tag would be released twice (``next`` and ``changelog`` would not see it).
    """

    part: str | None = None
    set_version: str | None = None
    label: str | None = None
    date: dt.date | None = None
    allow_downgrade: bool = False
    allow_empty_changelog: bool = False
    commit: bool = False
    tag: bool = False
    push: bool = False
    sign: bool = False
    allow_dirty: bool = False

    @property
    def git(self) -> bool:
        """Whether the bump ends in git: ``commit``, ``tag`` or ``push``."""
        return self.commit or self.tag or self.push


def plan_bump_release(
    project: Project, options: BumpOptions, *, reporter: Reporter | None = None
) -> Plan:
    """The plan of ``releasekit bump``: write the new version (and promote the changelog),
    then, as ``options`` say, commit exactly those files, tag and push.

    >>> # plan_bump_release(Project("."), BumpOptions(part="patch", push=True)).apply()
    """
    from releasekit.git.tags import format_tag

    bump = project.plan_bump(
        options.part,
        options.date,
        set_version=options.set_version,
        allow_downgrade=options.allow_downgrade,
        allow_empty_changelog=options.allow_empty_changelog,
        label=options.label,
    )
    if not options.git:
        return bump
    assert bump.new is not None  # a bump plan always has a new version
    tag = options.tag or options.push
    git = GitOptions(tag=tag, push=options.push, sign=options.sign, allow_dirty=options.allow_dirty)
    return plan_git(
        project,
        git,
        old=bump.old,
        new=bump.new,
        tag=format_tag(project.tag_format, bump.new) if tag else None,
        edits=bump.edits,
        facts={"command": "bump"},
        reporter=reporter,
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
) -> Plan:
    """The plan of ``releasekit tag``: tag HEAD with the current version (and push the tag).

    ``codename`` is appended to the tag message: ``Release 1.0.0: Genesis``.

    >>> # plan = plan_tag(Project("."), push=True); print(plan.describe()); plan.apply()
    """
    from releasekit.git.tags import format_tag

    require_repository(project)
    version = project.version
    tag = format_tag(project.tag_format, version)
    message = message_for(project.config.tag_message, version)
    if codename:
        message = f"{message}: {codename.strip()}"
    options = GitOptions(commit=False, push=push, sign=sign, allow_dirty=allow_dirty, remote=remote)
    return plan_git(
        project,
        options,
        old=None,
        new=version,
        tag=tag,
        tag_message=message,
        title="",
        facts={"command": "tag"},
        reporter=reporter,
    )
