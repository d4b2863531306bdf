"""``releasekit hotfix TAG``: branch ``hotfix/<next patch tag>`` from a release tag.

A hotfix starts from what was released, not from the tip of main: ``hotfix v1.2.3`` creates
``hotfix/v1.2.4`` at ``v1.2.3`` and checks it out. The default ``branches`` allow releases
from ``hotfix/*``, and a release there bumps the patch unless told otherwise.

>>> next_patch("1.2.3"), next_patch("2.0.0-rc.1"), next_patch("25.02.15"), next_patch("25.02.15.1")
('1.2.4', '2.0.0', '25.02.15.1', '25.02.15.2')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from releasekit.errors import InvalidVersion, RefusedError, UsageError
from releasekit.git.runner import Git
from releasekit.git.steps import shell_command
from releasekit.plan import Plan

if TYPE_CHECKING:
    from releasekit.project import Project

__all__ = [
    "HOTFIX_PREFIX",
    "BranchStep",
    "is_hotfix_branch",
    "next_patch",
    "plan_hotfix",
]

#: Branches made by ``releasekit hotfix`` start with this.
HOTFIX_PREFIX = "hotfix/"

_TRAILING_NUMBER = re.compile(r"^(?P<head>.*\.)(?P<number>\d+)$")


def next_patch(version: str) -> str:
    """The version a hotfix of ``version`` releases.

    SemVer bumps the patch (a pre-release goes to its release). Other versions (CalVer)
    get a fourth ``.1`` counter, or their fourth number incremented, keeping the zero padding
    of the rest; PEP 440 orders both above the original.
    """
    from releasekit.version.semver import SemVer

    try:
        return str(SemVer.parse(version).bump("patch"))
    except InvalidVersion:
        pass
    parts = version.split(".")
    if not all(part.isdigit() for part in parts):
        raise InvalidVersion(f"cannot make a hotfix version from {version!r}")
    if len(parts) >= 4:
        match = _TRAILING_NUMBER.match(version)
        assert match is not None
        return f"{match['head']}{int(match['number']) + 1}"
    return f"{version}.1"


def is_hotfix_branch(branch: str | None) -> bool:
    """True for branches made by ``releasekit hotfix`` (``hotfix/...``)."""
    return branch is not None and branch.startswith(HOTFIX_PREFIX)


@dataclass
class BranchStep:
    """Create branch ``name`` at ``start`` and check it out; rollback goes back and deletes it.

    >>> from pathlib import Path
    >>> BranchStep(Git(Path(".")), "hotfix/v1.2.4", "v1.2.3").describe()
    'git switch --no-track --create hotfix/v1.2.4 v1.2.3'
    """

    git: Git
    name: str
    start: str
    irreversible: bool = False
    #: Set by :meth:`apply`: the branch (or detached commit) checked out before.
    previous: str | None = field(default=None, init=False)

    def describe(self) -> str:
        """The exact git command."""
        return shell_command(["switch", "--no-track", "--create", self.name, self.start])

    def apply(self) -> None:
        """Create and check out the branch."""
        self.previous = self.git.current_branch() or self.git.head()
        self.git.create_branch(self.name, self.start)

    def rollback(self) -> None:
        """Check out what was checked out before and delete the branch."""
        if self.previous is None:
            return
        detach = [] if self.git.has_branch(self.previous) else ["--detach"]
        self.git.run("switch", "--quiet", *detach, self.previous)
        self.git.run("branch", "--quiet", "-D", self.name)
        self.previous = None


def plan_hotfix(project: Project, tag: str) -> Plan:
    """The plan of ``releasekit hotfix TAG``: branch ``hotfix/<next patch tag>`` at ``tag``.

    Raises :class:`UsageError` when ``tag`` is not a release tag of the project's tag format,
    and :class:`RefusedError` when it does not exist, the branch exists (here or on a remote)
    or tracked files have uncommitted changes. ``plan.facts`` holds ``branch`` and ``commit``.

    >>> # plan = plan_hotfix(Project("."), "v1.2.3"); plan.apply()  # on hotfix/v1.2.4
    """
    from releasekit.git.tags import format_tag, parse_tag

    git, tag_format = project.git, project.tag_format
    name = tag.removeprefix("refs/tags/")
    version = parse_tag(tag_format, name)
    if version is None:
        raise UsageError(
            f"{name!r} is not a release tag (tag-format {tag_format!r}): "
            f"give one like {format_tag(tag_format, '1.2.3')!r} (`git tag --list` shows them)"
        )
    commit = git.rev(f"refs/tags/{name}")
    if commit is None:
        raise RefusedError(
            f"tag {name} does not exist here: `git fetch --tags` or check the name "
            "(`git tag --list`)"
        )
    target = next_patch(version)
    branch = HOTFIX_PREFIX + format_tag(tag_format, target)
    _refuse_taken(git, branch)
    return Plan(
        [BranchStep(git, branch, name)],
        old=version,
        new=target,
        tag=name,
        facts={"command": "hotfix", "branch": branch, "commit": commit},
    )


def _refuse_taken(git: Git, branch: str) -> None:
    if git.has_branch(branch):
        raise RefusedError(
            f"branch {branch} already exists: `git switch {branch}` to continue that hotfix, "
            f"or delete it (`git branch -D {branch}`)"
        )
    for remote in git.remotes():
        if git.ref_target(f"refs/remotes/{remote}/{branch}") is not None:
            raise RefusedError(
                f"branch {branch} already exists on {remote!r}: "
                f"`git switch {branch}` to continue that hotfix"
            )
    modified = git.modified_files()
    if modified:
        raise RefusedError(
            "tracked files have uncommitted changes; commit or stash them before switching "
            "to a hotfix branch:\n" + "\n".join(f"  modified: {path}" for path in modified)
        )
