"""``releasekit check [--tag TAG] [--dist DIR] [--json]``: every place agrees, or exit 1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from releasekit.cli import State, emit_json, pass_state
from releasekit.errors import CheckFailed

if TYPE_CHECKING:
    from releasekit.errors import Problem
    from releasekit.project import Project


@click.command("check")
@click.option("--tag", "tag", metavar="TAG", help="Also check that TAG names the version.")
@click.option(
    "--dist",
    "dist",
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="Also check the built artifacts in DIR.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the problems.")
@click.option("--all", "all_", is_flag=True, help="Check every package of the monorepo.")
@pass_state
def check(state: State, tag: str | None, dist: Path | None, as_json: bool, all_: bool) -> None:
    """Check that the version agrees everywhere it lives (PEP 440 equality).

    Exit 0 when everything agrees; exit 1 with one error line per disagreement.
    """
    from releasekit.check.runner import CheckOptions, run_checks
    from releasekit.cli.ci_report import summarize, version_outputs, wants_ci_files

    if tag is not None and not state.packages:
        from releasekit.cli.monorepo import check_lockstep

        if check_lockstep(state, tag, dist, as_json):
            return  # a lockstep monorepo: the tag releases every package
    if all_ or len(state.packages) > 1:
        from releasekit.cli.monorepo import check_all

        check_all(state, tag, as_json)
        return
    project = state.project(tag=tag)
    problems = run_checks(project, CheckOptions(tag=tag, dist=dist))
    version = _version_or_none(project)
    if wants_ci_files(state):
        _report(state, project, version, tag, problems, summarize, version_outputs)
    if problems:
        # Under --json the group prints this as {"error": ...} with each problem's place.
        raise CheckFailed(
            "\n".join(problem.format() for problem in problems), problems=tuple(problems)
        )
    if as_json:
        emit_json({"ok": True, "version": version, "problems": []})
        return
    if project.vcs_source:
        click.echo(f"ok: {project.version} (from the latest release tag, {project.vcs_source})")
    else:
        click.echo(f"ok: {project.version} everywhere ({len(project.locations)} location(s))")
    if dist is not None:
        from releasekit.check.dist import dist_summary

        click.echo(dist_summary(project, dist))


def _report(
    state: State,
    project: Project,
    version: str | None,
    tag: str | None,
    problems: list[Problem],
    summarize: Callable[..., None],
    version_outputs: Callable[..., None],
) -> None:
    from releasekit.ci.github import StepSummary
    from releasekit.git.tags import parse_tag

    tagged = parse_tag(project.tag_format, tag) if tag else None
    shown = tagged or version
    version_outputs(state, project, shown, tag=tag)
    summarize(
        state,
        StepSummary(
            "check",
            version=shown,
            tag=tag,
            problems=tuple(problem.format() for problem in problems),
        ),
    )


def _version_or_none(project: object) -> str | None:
    from releasekit.errors import ReleasekitError

    try:
        return str(project.version)  # type: ignore[attr-defined]
    except ReleasekitError:
        return None
