"""``releasekit check [--tag TAG] [--dist DIR] [--json]``: every place agrees, or exit 1."""

from __future__ import annotations

from pathlib import Path

import click

from releasekit.cli import State, emit_json, pass_state
from releasekit.errors import CheckFailed


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
@pass_state
def check(state: State, tag: str | None, dist: Path | None, as_json: bool) -> None:
    """Check that the version agrees everywhere it lives (PEP 440 equality).

    Exit 0 when everything agrees; exit 1 with one error line per disagreement.
    """
    from releasekit.check.runner import CheckOptions, run_checks

    project = state.project()
    problems = run_checks(project, CheckOptions(tag=tag, dist=dist))
    if as_json:
        emit_json(
            {
                "ok": not problems,
                "version": _version_or_none(project),
                "problems": [problem.to_json() for problem in problems],
            }
        )
        if problems:
            raise click.exceptions.Exit(1)
        return
    if problems:
        raise CheckFailed("\n".join(problem.format() for problem in problems))
    if project.vcs_source:
        click.echo(f"ok: {project.version} (from the latest release tag, {project.vcs_source})")
    else:
        click.echo(f"ok: {project.version} everywhere ({len(project.locations)} location(s))")
    if dist is not None:
        from releasekit.check.dist import dist_summary

        click.echo(dist_summary(project, dist))


def _version_or_none(project: object) -> str | None:
    from releasekit.errors import ReleasekitError

    try:
        return str(project.version)  # type: ignore[attr-defined]
    except ReleasekitError:
        return None
