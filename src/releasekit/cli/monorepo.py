"""The ``--all`` forms of ``next``, ``release``, ``check`` and ``changelog``, and finding a
monorepo package from a tag: thin shells over :mod:`releasekit.monorepo`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from releasekit.cli import State, emit_json
from releasekit.errors import CheckFailed, UsageError

if TYPE_CHECKING:
    from releasekit.monorepo.status import PackageStatus
    from releasekit.plan import Plan
    from releasekit.project import Project
    from releasekit.release import ReleaseOptions
    from releasekit.workspace.members import Workspace

__all__ = [
    "changelog_all",
    "check_all",
    "check_lockstep",
    "lockstep_notes_of",
    "next_all",
    "release_all",
    "workspace_of",
]

_COLUMNS = ("name", "path", "current", "next", "tag", "next_tag", "commits", "bump")


def workspace_of(state: State, flag: str) -> Workspace:
    """The monorepo holding ``--project`` (or the current directory); a usage error outside."""
    from releasekit.workspace.members import find_workspace

    start = state.project_path or Path.cwd()
    workspace = find_workspace(start)
    if workspace is None:
        raise UsageError(
            f"{flag}: {start} is in no monorepo (no [tool.uv.workspace] members or "
            "[tool.releasekit] packages above it); leave the option out"
        )
    return workspace


def _table(rows: list[PackageStatus]) -> str:
    cells = [_COLUMNS] + [
        tuple("" if getattr(r, c) is None else str(getattr(r, c)) for c in _COLUMNS) for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(_COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )


def next_all(state: State, date: dt.date | None, as_json: bool) -> None:
    """``next --all``: one row per package (``--package`` names narrow it down)."""
    from releasekit.monorepo.status import workspace_status

    workspace = workspace_of(state, "--all")
    status = workspace_status(
        workspace.root, date=date, only=state.packages, reporter=state.reporter, workspace=workspace
    )
    if as_json:
        emit_json(status.as_dict())
        return
    click.echo(_table(list(status.packages)))


def release_all(
    state: State,
    options: ReleaseOptions,
    *,
    dry_run: bool,
    as_json: bool,
    only: tuple[str, ...] = (),
) -> None:
    """``release --all`` / ``--package A --package B release``: one plan for the packages."""
    from releasekit.cli.run import run_plan
    from releasekit.monorepo.release import MonorepoReleaseOptions, plan_monorepo_release

    if options.repository or options.repository_url:
        raise UsageError(
            "--repository/--repository-url: each monorepo package uploads to its own "
            "`repository` in its [tool.releasekit]; set it there and leave the option out"
        )
    monorepo = MonorepoReleaseOptions(
        packages=only,
        part=options.part,
        set_version=options.set_version,
        date=options.date,
        push=options.push,
        publish=options.publish,
        verify=options.verify,
        allow_dirty=options.allow_dirty,
        sign=options.sign,
        remote=options.remote,
    )
    workspace = workspace_of(state, "--all")

    def preview(plan: Plan) -> None:
        if state.verbose:
            click.echo(plan.diff(), nl=False)
        click.echo(plan.describe())

    def done(plan: Plan) -> None:
        remote = plan.facts.get("remote")
        where = f", pushed to {remote}" if remote else ""
        if not plan.facts.get("resumed"):
            click.echo(f"released {plan.new} (tags {plan.tag}){where}")
            return
        if not plan.steps:
            click.echo(plan.describe())
            return
        from releasekit.monorepo.resume import publish_summary

        click.echo(f"finished release {plan.new} (tags {plan.tag}, not made again){where}")
        for line in publish_summary(plan):
            click.echo(f"  {line}")

    run_plan(
        state,
        lambda: plan_monorepo_release(
            workspace.root, monorepo, reporter=state.reporter, workspace=workspace
        ),
        dry_run=dry_run,
        as_json=as_json,
        preview=preview,
        done=done,
    )


def _projects(state: State, workspace: Workspace) -> list[Project]:
    from releasekit.project import Project

    wanted = {workspace.package(n).key for n in state.packages}
    return [
        Project(p.path(workspace.root), reporter=state.reporter, workspace=workspace)
        for p in workspace.packages
        if p.name and (not wanted or p.key in wanted)
    ]


def check_all(state: State, tag: str | None, as_json: bool) -> None:
    """``check --all``: every package's own checks; exit 1 when one fails."""
    from releasekit.check.runner import CheckOptions, run_checks

    workspace = workspace_of(state, "--all")
    results: list[dict[str, Any]] = []
    failed: list[str] = []
    for project in _projects(state, workspace):
        assert project.member is not None
        name = project.member.package.name
        problems = run_checks(project, CheckOptions(tag=tag))
        results.append(
            {
                "name": name,
                "path": project.member.package.directory,
                "ok": not problems,
                "problems": [problem.to_json() for problem in problems],
            }
        )
        failed.extend(f"{name}: {problem.format()}" for problem in problems)
        if not as_json and not problems:
            click.echo(f"ok: {name} {project.version}")
    if as_json:
        emit_json({"ok": not failed, "packages": results})
        if failed:
            raise click.exceptions.Exit(1)
        return
    if failed:
        raise CheckFailed("\n".join(failed))


def check_lockstep(state: State, tag: str, dist: Path | None, as_json: bool) -> bool:
    """``check --tag`` in a lockstep monorepo: every package against the one tag (False
    elsewhere: the tag picks one package, or there is no monorepo)."""
    from releasekit.monorepo.check import check_lockstep_tag, lockstep_workspace

    workspace = lockstep_workspace(state.project_path or Path.cwd())
    if workspace is None:
        return False
    result = check_lockstep_tag(workspace, tag, dist=dist, reporter=state.reporter)
    state.output.root = workspace.root
    from releasekit.cli.ci_report import summarize, version_outputs, wants_ci_files

    if wants_ci_files(state):
        from releasekit.ci.github import StepSummary

        version_outputs(state, result.project, result.version, tag=result.tag)
        problems = tuple(problem.format() for problem in result.problems)
        summarize(
            state, StepSummary("check", version=result.version, tag=result.tag, problems=problems)
        )
    if result.problems:
        raise CheckFailed(
            "\n".join(problem.format() for problem in result.problems),
            problems=result.problems,
        )
    names = ", ".join(name for name, _ in result.packages)
    if as_json:
        emit_json(
            {
                "ok": True,
                "version": result.version,
                "packages": [name for name, _ in result.packages],
                "problems": [],
            }
        )
    else:
        extra = f"; {dist} holds every package's complete set" if dist is not None else ""
        click.echo(f"ok: {names} at {result.version}, as tag {result.tag} says{extra}")
    return True


def lockstep_notes_of(state: State, version: str, links: bool) -> tuple[Project, str] | None:
    """``notes TAG`` in a lockstep monorepo: every package's section (None elsewhere)."""
    from releasekit.monorepo.check import lockstep_workspace
    from releasekit.monorepo.notes import lockstep_notes

    workspace = lockstep_workspace(state.project_path or Path.cwd())
    if workspace is None:
        return None
    state.output.root = workspace.root
    return lockstep_notes(workspace, version, links=links, reporter=state.reporter)


def changelog_all(
    state: State, *, dry_run: bool, as_json: bool, only: tuple[str, ...] = ()
) -> None:
    """``changelog --all``: each package's commits into its own ``[Unreleased]``, one walk."""
    from releasekit.cli.run import run_plan
    from releasekit.monorepo.changelog import plan_workspace_changelog

    workspace = workspace_of(state, "--all")

    def preview(plan: Plan) -> None:
        for name, section in plan.facts["sections"].items():
            click.echo(f"# {name}")
            click.echo(section.rstrip("\r\n"))

    run_plan(
        state,
        lambda: plan_workspace_changelog(
            workspace.root,
            only=only or state.packages,
            reporter=state.reporter,
            workspace=workspace,
        ),
        dry_run=dry_run,
        as_json=as_json,
        preview=preview,
        dry_note=lambda plan: f"{plan.facts['summary']} (dry run: nothing was written)",
        done=lambda plan: state.reporter.say(plan.facts["summary"]),
    )
