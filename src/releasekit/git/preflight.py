"""The guards a release passes before its first write.

:func:`run_preflight` looks at the repository and refuses, with every reason at once, when a
release would go wrong: no git, no repository, a detached HEAD or a branch outside
``branches``, tracked files with uncommitted changes, a tag that already exists here or on
the remote, a branch behind its upstream, ``--sign`` without a key. Each reason names the
culprit and the fix. Nothing here writes to the work tree; the only network traffic is a
fetch of the release branch and one ``git ls-remote`` for the tag.

>>> branch_allowed("hotfix/v1.2.4", ("main", "hotfix/*"))
True
>>> branch_allowed("feature/x", ("main", "release/*"))
False
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from releasekit.config import DEFAULT_BRANCHES
from releasekit.errors import GitError, RefusedError
from releasekit.git.runner import Git
from releasekit.plan import NullReporter, Reporter

__all__ = [
    "PreflightOptions",
    "PreflightReport",
    "branch_allowed",
    "check_push",
    "check_tag_name",
    "run_preflight",
]

#: Modified files listed by name before the list is cut short.
_MAX_LISTED = 20


def branch_allowed(branch: str, patterns: Sequence[str]) -> bool:
    """True when ``branch`` matches one of the glob ``patterns`` (case-sensitive)."""
    return any(fnmatchcase(branch, pattern) for pattern in patterns)


@dataclass(frozen=True)
class PreflightOptions:
    """What the release is about to do, so the guards know what to check."""

    #: The tag the release will create (checked locally and on the remote).
    tag: str | None = None
    #: Branch names or globs a release may start from.
    branches: Sequence[str] = DEFAULT_BRANCHES
    allow_dirty: bool = False
    sign: bool = False
    #: The release will push: a missing or unreachable remote is then a refusal.
    push: bool = True
    #: The remote to push to; default: the branch's upstream remote, else ``origin``.
    remote: str | None = None
    #: Fetch the upstream branch to see whether the local one is behind.
    fetch: bool = True
    #: The files the plan itself writes: their changes (``releasekit changelog`` before
    #: ``bump --commit``) go into the release commit, so they are not uncommitted changes.
    own_files: Sequence[str] = ()


@dataclass(frozen=True)
class PreflightReport:
    """What the preflight found: where the release starts and where it will push."""

    branch: str
    head: str
    #: The remote to push to (None when the repository has none).
    remote: str | None
    #: The branch on the remote the release branch tracks (``refs/heads/...``), if any.
    upstream: str | None
    warnings: tuple[str, ...] = ()

    @property
    def push_refspec(self) -> str:
        """The branch part of the push as a full refspec: ``refs/heads/main:refs/heads/main``
        (``…:refs/heads/trunk`` when the upstream has another name)."""
        from releasekit.git.commands import branch_refspec

        remote_branch = None if self.upstream is None else self.upstream.removeprefix("refs/heads/")
        return branch_refspec(self.branch, remote_branch)


def run_preflight(
    git: Git, options: PreflightOptions, reporter: Reporter | None = None
) -> PreflightReport:
    """Check everything a release needs; raise :class:`RefusedError` listing every problem.

    Warnings (no upstream to compare with, a remote that cannot be asked while not pushing)
    go to ``reporter`` and into the report.
    """
    report = reporter or NullReporter()
    if not git.is_repository():  # raises GitError first when git itself is missing
        raise RefusedError(
            f"{git.path} is not in a git repository: run `git init` and commit, or pass "
            "--project with the project's directory"
        )
    problems: list[str] = []
    warnings: list[str] = []
    head = git.head()
    if head is None:
        raise RefusedError(f"the repository at {git.path} has no commits yet: commit first")
    branch = git.current_branch()
    if branch is None:
        problems.append(
            "HEAD is detached: check out a release branch (`git switch main`) and try again"
        )
    elif not branch_allowed(branch, options.branches):
        allowed = ", ".join(options.branches)
        problems.append(
            f"branch {branch!r} is not a release branch (branches = [{allowed}]): switch to "
            "one, or add it to `branches` in [tool.releasekit]"
        )
    if not options.allow_dirty:
        problems.extend(_dirty_problems(git, options.own_files))
    if options.sign:
        from releasekit.git.signing import signing_problem

        problem = signing_problem(git)
        if problem:
            problems.append(f"--sign cannot work: {problem}")

    upstream = git.upstream(branch) if branch else None
    remote = options.remote or (upstream[0] if upstream else None)
    if remote is None and "origin" in git.remotes():
        remote = "origin"
    if options.tag:
        problems.extend(_tag_problems(git, options.tag, remote, options.push, warnings))
    elif remote is None and options.push:
        problems.append("there is no remote to push to: add one (`git remote add origin URL`)")
    if branch is not None:
        problems.extend(_behind_problems(git, branch, upstream, options, warnings))
    for warning in warnings:
        report.warn(warning)
    if problems:
        raise RefusedError("\n".join(["release refused:", *problems]))
    assert branch is not None
    return PreflightReport(
        branch=branch,
        head=head,
        remote=remote,
        upstream=upstream[1] if upstream and upstream[0] == remote else None,
        warnings=tuple(warnings),
    )


def _dirty_problems(git: Git, own_files: Sequence[str] = ()) -> list[str]:
    own = set(own_files)
    modified = [
        name
        for name in git.modified_files()
        if name not in own and not any(name.endswith(f"/{mine}") for mine in own)
    ]
    if not modified:
        return []
    listed = modified[:_MAX_LISTED]
    more = len(modified) - len(listed)
    lines = [
        f"{len(modified)} tracked file(s) have uncommitted changes: commit or stash them, "
        "or pass --allow-dirty",
        *(f"  modified: {name}" for name in listed),
    ]
    if more:
        lines.append(f"  … and {more} more (see `git status`)")
    return lines


def _tag_problems(
    git: Git, tag: str, remote: str | None, push: bool, warnings: list[str]
) -> list[str]:
    if git.has_tag(tag):
        return [
            f"tag {tag} already exists in this repository: release another version, or "
            f"delete the tag (`git tag -d {tag}`) if it was a mistake"
        ]
    if remote is None:
        if push:
            return [f"there is no remote to push {tag} to: add one, or pass --no-push"]
        warnings.append(f"no remote: {tag} was checked in this repository only")
        return []
    try:
        on_remote = git.remote_has_ref(remote, f"refs/tags/{tag}")
    except GitError as exc:
        if push:
            return [f"cannot ask {remote!r} whether tag {tag} exists:", *exc.lines()]
        warnings.append(f"cannot reach {remote!r}; {tag} was checked in this repository only")
        return []
    if on_remote:
        return [
            f"tag {tag} already exists on {remote!r} (not fetched here): release another "
            f"version, or `git fetch {remote} tag {tag}` to see it"
        ]
    return []


def _behind_problems(
    git: Git,
    branch: str,
    upstream: tuple[str, str] | None,
    options: PreflightOptions,
    warnings: list[str],
) -> list[str]:
    if upstream is None:
        warnings.append(
            f"branch {branch!r} has no upstream, so whether it is behind was not checked "
            f"(set one with `git branch --set-upstream-to origin/{branch}`)"
        )
        return []
    remote, merge = upstream
    if options.fetch:
        try:
            git.fetch_branch(remote, merge)
        except GitError as exc:
            if options.push:
                return [f"cannot fetch {merge} from {remote!r} to compare:", *exc.lines()]
            warnings.append(f"cannot fetch {merge} from {remote!r}; using what was last fetched")
    tracking = git.tracking_ref(remote, merge) or ("FETCH_HEAD" if options.fetch else None)
    if tracking is None or git.rev(tracking) is None:
        warnings.append(f"{merge} of {remote!r} is not known here: not checked for being behind")
        return []
    behind = git.count_commits(f"HEAD..{tracking}")
    if behind:
        short = tracking.removeprefix("refs/remotes/")
        return [
            f"branch {branch!r} is {behind} commit(s) behind {short}: "
            "`git pull --ff-only` (or rebase) and release again"
        ]
    return []


def check_tag_name(git: Git, tag: str, tag_format: str) -> None:
    """Refuse a tag name git would refuse, before the first write (``git check-ref-format``).

    Raises :class:`~releasekit.errors.ConfigError` naming ``tag-format``.
    """
    from releasekit.errors import ConfigError

    result = git.run_result("check-ref-format", f"refs/tags/{tag}")
    if result.returncode != 0 or tag.startswith("-"):
        raise ConfigError(
            f"[tool.releasekit] tag-format = {tag_format!r} gives the tag {tag!r}, "
            "which git refuses as a tag name (see `git check-ref-format`): no spaces, '..', "
            "'~', '^', ':', '?', '*', '[', '\\', no leading '-' and no trailing '.' or '/'"
        )


def check_push(git: Git, remote: str, refs: Sequence[str], *, made: Sequence[str] = ()) -> None:
    """``git push --dry-run --atomic`` of the full refspecs ``refs``, before the first write.

    What does not exist yet (the release commit, the tags in ``made``) is stood in for by
    HEAD: the remote answers whether these refs may be updated (access, fast-forward), so a
    release that could not push is refused (:class:`RefusedError`) before it writes anything.
    A remote's pre-receive hook only runs on a real push; that push is atomic, so a refusal
    there changes nothing on the remote and the release is rolled back.
    """
    from releasekit.git.commands import push_command, tag_refspec
    from releasekit.redaction import mask_credentials

    new = {tag_refspec(tag) for tag in made}
    standins = [
        f"HEAD:{ref.partition(':')[2]}" if ref.startswith("refs/heads/") or ref in new else ref
        for ref in refs
    ]
    args = push_command(remote, standins, atomic=True)
    result = git.run_result(args[0], "--dry-run", "--porcelain", *args[1:])
    if result.returncode != 0:
        said = "\n".join(p.strip() for p in (result.stderr, result.stdout) if p.strip())
        raise RefusedError(
            mask_credentials(
                f"the remote {remote!r} would refuse the push (git push --dry-run --atomic):\n"
                f"{said}\nnothing was changed: fix access to the remote, or use --no-push"
            )
        )
