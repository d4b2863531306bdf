"""``releasekit hotfix TAG``: branch ``hotfix/<next patch tag>`` from a release tag.

A hotfix starts from what was released, not from the tip of main: ``hotfix v1.2.3`` creates
``hotfix/v1.2.4`` at ``v1.2.3`` and checks it out. The default ``branches`` allow releases
from ``hotfix/*``, and a release there bumps the patch unless told otherwise.

>>> next_patch("1.2.3"), next_patch("2.0.0-rc.1"), next_patch("25.02.15"), next_patch("25.02.15.1")
('1.2.4', '2.0.0', '25.02.15.1', '25.02.15.2')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from releasekit.errors import InvalidVersion, RefusedError, UsageError
from releasekit.git.runner import Git
from releasekit.git.steps import shell_command

__all__ = [
    "HOTFIX_PREFIX",
    "HotfixPlan",
    "create_hotfix",
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


@dataclass(frozen=True)
class HotfixPlan:
    """The branch a hotfix of ``tag`` creates, and where it starts."""

    git: Git
    tag: str
    version: str
    next_version: str
    branch: str
    commit: str

    def describe(self) -> str:
        """The exact git command :func:`create_hotfix` runs."""
        return shell_command(["switch", "--no-track", "--create", self.branch, self.tag])


def plan_hotfix(git: Git, tag_format: str, tag: str) -> HotfixPlan:
    """Check that ``tag`` is a release tag and the hotfix branch is free; plan the branch.

    Raises :class:`UsageError` when ``tag`` is not a release tag of ``tag_format``, and
    :class:`RefusedError` when it does not exist, the branch exists (here or on a remote) or
    tracked files have uncommitted changes.
    """
    from releasekit.git.tags import format_tag, parse_tag

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
    return HotfixPlan(git, name, version, target, branch, commit)


def create_hotfix(plan: HotfixPlan) -> None:
    """Create the hotfix branch at the tag and check it out."""
    plan.git.create_branch(plan.branch, plan.tag)
