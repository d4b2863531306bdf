"""Finishing a ``release --all`` that failed after its push: per package, only what is missing.

A monorepo release uploads its packages one after the other, after the one atomic push. When
an upload fails part-way (the index refuses ``b`` after ``a`` went up), the release commit and
every tag are already on the remote, so nothing is rolled back. Running ``release --all``
again then finishes *that* release instead of refusing "nothing to release" or bumping once
more: :func:`plan_monorepo_resume` takes the packages whose release tag is HEAD and plans

    1. git push --atomic origin main <the tags the remote lacks>      (only when it lacks any)
    2. build each of them whose dist/ lacks the version's sdist and wheel (what the failed run
       built is reused: those bytes, part of them on the index, are the release)
    3. install the new wheels together in one fresh venv
    4. publish each package, skipping every file the index already has with the same sha256

No tag is made again. After it ran, :func:`publish_summary` says, package by package, what
was uploaded and what the index already had.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from releasekit.git.runner import Git
from releasekit.plan import NullReporter, Plan, Reporter, Step

if TYPE_CHECKING:
    from releasekit.monorepo.release import MonorepoReleaseOptions
    from releasekit.monorepo.status import PackageStatus, WorkspaceStatus

__all__ = ["pending", "plan_monorepo_resume", "publish_summary", "released_at_head"]


def _wanted(status: WorkspaceStatus, names: Sequence[str]) -> set[str] | None:
    if not names or status.workspace is None:
        return None
    return {status.workspace.package(name).key for name in names}


def pending(status: WorkspaceStatus, names: Sequence[str] = ()) -> bool:
    """Whether any package (of ``names``, default all) has commits that call for a release."""
    wanted = _wanted(status, names)
    return any(row.released and (wanted is None or row.key in wanted) for row in status.packages)


def released_at_head(status: WorkspaceStatus, names: Sequence[str] = ()) -> list[PackageStatus]:
    """The packages (of ``names``, default all) whose last release tag is the commit at HEAD
    and that have nothing new since: the release a re-run finishes."""
    git = Git(status.root)
    head = git.head()
    if head is None:
        return []
    wanted = _wanted(status, names)
    rows = []
    for row in status.packages:
        if row.released or row.tag is None or (wanted is not None and row.key not in wanted):
            continue
        if git.rev(f"refs/tags/{row.tag}^{{commit}}") == head:
            rows.append(row)
    return rows


def plan_monorepo_resume(
    status: WorkspaceStatus,
    options: MonorepoReleaseOptions,
    *,
    reporter: Reporter | None = None,
) -> Plan | None:
    """The rest of the release whose tags are on HEAD (see the module); None when HEAD
    carries no package's release tag."""
    from releasekit.git.preflight import PreflightOptions, run_preflight
    from releasekit.git.steps import PushStep

    report = reporter or NullReporter()
    rows = released_at_head(status, options.packages)
    workspace = status.workspace
    if not rows or workspace is None:
        return None
    git = Git(workspace.root)
    tags = list(dict.fromkeys(row.tag for row in rows if row.tag))
    preflight = run_preflight(
        git,
        PreflightOptions(
            tag=None,
            branches=workspace.config.branches,
            allow_dirty=options.allow_dirty,
            sign=False,
            push=options.push,
            remote=options.remote,
        ),
        report,
    )
    summary = ", ".join(f"{row.name} {row.current}" for row in rows)
    report.info(
        f"HEAD is tagged {' '.join(tags)}: finishing the release of {summary} instead of "
        "bumping again"
    )
    steps: list[Step] = []
    unpushed: list[str] = []
    remote = preflight.remote if options.push else None
    if remote is not None:
        unpushed = [t for t in tags if not git.remote_has_ref(remote, f"refs/tags/{t}")]
        listed = git.run("ls-remote", remote, f"refs/heads/{preflight.branch}").split()
        behind = not listed or listed[0] != preflight.head
        if unpushed or behind:
            from releasekit.git.commands import tag_refspec
            from releasekit.git.preflight import check_push

            refs = [preflight.push_refspec, *map(tag_refspec, unpushed)]
            check_push(git, remote, refs)
            steps.append(PushStep(git, remote, refs))
    after: list[Step] = []
    if options.publish:
        from releasekit.monorepo.dist import workspace_dist_steps

        finished = [_as_released(row) for row in rows]
        before, after = workspace_dist_steps(workspace, finished, reporter=report)
        # build and verify before a push, as a release does
        steps[:0] = [step for step in before if not _built_already(step, report)]
    steps.extend(after)
    pushed = "" if unpushed else " (the tags are on the remote)" if remote else ""
    plan = Plan(
        steps,
        title=f"finish release {summary}, tag {' '.join(tags)}{pushed}",
        old=summary,
        new=summary,
        tag=" ".join(tags),
        facts={
            "command": "release",
            "resumed": True,
            "branch": preflight.branch,
            "remote": remote if unpushed or any(isinstance(s, PushStep) for s in steps) else None,
            "files": [],
            "commit_message": None,
            "warnings": list(preflight.warnings),
            "packages": [
                {"name": r.name, "path": r.path, "old": r.current, "new": r.current, "tag": r.tag}
                for r in rows
            ],
        },
    )
    if not plan.steps:
        plan.title += ": nothing left to do"
    return plan


def _built_already(step: Step, reporter: Reporter) -> bool:
    """Whether ``step`` builds a package whose sdist and wheel of the version are in its
    output directory already: the failed run built them, and those very bytes (part of them
    on the index already) are the release, so they are published, not built again."""
    from releasekit.dist.artifacts import find_artifacts
    from releasekit.dist.build import BuildStep

    if not isinstance(step, BuildStep) or step.version is None:
        return False
    kinds = {a.kind for a in find_artifacts(step.outdir, step.version)}
    if not {"sdist", "wheel"} <= kinds:
        return False
    reporter.info(f"using the {step.version} sdist and wheel built before in {step.outdir}")
    return True


def _as_released(row: PackageStatus) -> PackageStatus:
    """The row as the release made it: its version is the one to build and publish."""
    import dataclasses

    return dataclasses.replace(row, next=row.current or row.next, next_tag=row.tag or "")


def publish_summary(plan: Plan) -> list[str]:
    """After ``plan`` ran: one line per published package, what went up and what the index
    already had (``a 1.1.0: 2 file(s) already on http://…, uploaded nothing``)."""
    from releasekit.dist.steps import PublishStep

    lines = []
    for step in plan.steps:
        if not isinstance(step, PublishStep) or step.result is None:
            continue
        result = step.result
        name = result.uploaded[0].name if result.uploaded else ""
        name = name or (result.skipped[0].name if result.skipped else "")
        uploaded = ", ".join(a.filename for a in result.uploaded) or "nothing"
        lines.append(
            f"{name} {step.version}: uploaded {uploaded} to {result.url}"
            + (f"; {len(result.skipped)} file(s) were there already" if result.skipped else "")
        )
    return lines
