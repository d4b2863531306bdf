"""``check --tag v1.5.0`` in a lockstep monorepo: the one tag releases every package.

In lockstep every package shares one version and one tag, so the tag picks no single
package: each one is checked against it. The tag itself (it exists here and is the checked-out
commit) is checked once; then, for every package, each version location must hold the tag's
version (PEP 440), its own changelog (when it has one) must have the version's section, and
with ``--dist DIR`` its sdist and wheels must be in ``DIR`` as one complete set. There is one
problem per culprit, each naming its file relative to the repository root, so ``check``
prints one ``error:`` line for each.

>>> relocated(Problem("version differs", "pyproject.toml", 3), "packages/b").format()
'packages/b/pyproject.toml:3: version differs'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from releasekit.check.dist import member_dist_problems
from releasekit.check.runner import CheckOptions, check_interrupted_write, check_locations_agree
from releasekit.check.tag import tag_changelog_problems, tag_file_problems, tag_target_problems
from releasekit.errors import Problem, ReleasekitError
from releasekit.plan import Reporter
from releasekit.project import Project
from releasekit.workspace.members import Workspace

__all__ = ["LockstepCheck", "check_lockstep_tag", "lockstep_workspace", "relocated"]


@dataclass(frozen=True)
class LockstepCheck:
    """What :func:`check_lockstep_tag` found: the tag's version (None: the tag is not one of
    the workspace's), the packages checked (name, directory) and the problems."""

    tag: str
    version: str | None
    packages: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]
    #: The first package's project: the tag format and history every package shares.
    project: Project

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def relocated(problem: Problem, directory: str) -> Problem:
    """``problem`` with its file named from the repository root instead of the package's
    directory (``"."``: the root package, unchanged)."""
    if problem.path is None or directory == ".":
        return problem
    return Problem(problem.message, f"{directory}/{problem.path}", problem.line)


def lockstep_workspace(start: Path) -> Workspace | None:
    """The lockstep monorepo holding ``start``, or None (not a monorepo, or independent)."""
    from releasekit.workspace.members import find_workspace

    workspace = find_workspace(start)
    if workspace is None or not workspace.is_monorepo or not workspace.lockstep:
        return None
    return workspace


def check_lockstep_tag(
    workspace: Workspace,
    tag: str,
    *,
    dist: Path | None = None,
    reporter: Reporter | None = None,
) -> LockstepCheck:
    """Check every package of the lockstep ``workspace`` against ``tag`` (see the module)."""
    from releasekit.dist.expected import WheelExpectation, expectation_for
    from releasekit.git.tags import format_tag, parse_tag

    name = tag.removeprefix("refs/tags/")
    members = [p for p in workspace.packages if p.name]
    projects = [
        (p, Project(p.path(workspace.root), reporter=reporter, workspace=workspace))
        for p in members
    ]
    first = projects[0][1]
    checked = tuple((p.name, p.directory) for p in members)
    tag_format = first.tag_format
    version = parse_tag(tag_format, name)
    if version is None:
        problem = Problem(
            f"tag {name!r} is not a release tag of this lockstep monorepo (tag-format "
            f"{tag_format!r}, like {format_tag(tag_format, '1.2.3')!r}); set tag-format in the "
            "root's [tool.releasekit] if the format is different"
        )
        return LockstepCheck(name, None, checked, (problem,), first)
    problems: list[Problem] = []
    if first.git.is_repository():
        problems.extend(tag_target_problems(first, name, version, tag_format))
    options = CheckOptions()
    expected: list[tuple[str, str, WheelExpectation | None]] = []
    for package, project in projects:
        against_tag = tag_file_problems(project, name, version)
        flagged = {(p.path, p.line) for p in against_tag}
        # A location that differs from the tag and from the primary one is one culprit: the
        # tag's line says it.
        found = [
            *check_interrupted_write(project, options),
            *against_tag,
            *(
                p
                for p in check_locations_agree(project, options)
                if (p.path, p.line) not in flagged
            ),
        ]
        problems.extend(relocated(problem, package.directory) for problem in found)
        problems.extend(tag_changelog_problems(project, name, version, display=package.changelog))
        if dist is not None:
            try:
                wanted = expectation_for(
                    project.root, project.pyproject, project.config.expect_wheels
                )
            except ReleasekitError as exc:
                problems.extend(Problem(f"{package.name}: {line}") for line in exc.lines())
                continue
            expected.append((package.name, version, wanted))
    if dist is not None and expected:
        directory = dist if dist.is_absolute() else workspace.root / dist
        problems.extend(member_dist_problems(directory, expected, root=workspace.root))
    return LockstepCheck(name, version, checked, tuple(dict.fromkeys(problems)), first)
