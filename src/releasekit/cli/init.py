"""``releasekit init``: write ``[tool.releasekit]``, CHANGELOG.md and the release workflow."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from releasekit.cli import State, pass_state
from releasekit.cli.run import plan_options, run_plan

if TYPE_CHECKING:
    from releasekit.plan import Plan

__all__ = ["init"]

_NEXT_STEPS = """\
next steps for the release workflow:
  1. on PyPI, add a trusted publisher: this repository, workflow release.yml, environment pypi
  2. on GitHub, create the environment "pypi" (Settings > Environments), with reviewers
  3. commit these files; a release is then `releasekit release --no-publish`
     (the tag push makes the workflow build and publish)"""


@click.command("init")
@click.option(
    "--scheme",
    type=click.Choice(["calver", "semver"]),
    default=None,
    help="Versioning scheme to write (default: the configured one, else detected).",
)
@click.option(
    "--workflow/--no-workflow",
    default=True,
    show_default=True,
    help="Write .github/workflows/release.yml.",
)
@click.option(
    "--extension/--no-extension",
    default=None,
    help="The matrix workflow for compiled extensions: wheels built with cibuildwheel on "
    "Linux, macOS and Windows runners (default: when the project has extensions).",
)
@click.option("--uv", is_flag=True, help="Set uv up in the workflow's jobs and install with it.")
@click.option("--force", is_flag=True, help="Overwrite a release workflow that differs.")
@plan_options("Show the plan and the diff; write nothing.")
@pass_state
def init(
    state: State,
    scheme: str | None,
    workflow: bool,
    extension: bool | None,
    uv: bool,
    force: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Set the project up: [tool.releasekit], CHANGELOG.md and a release workflow.

    Running it again changes nothing. An existing release workflow with other content is
    shown as a diff and left alone unless --force is given.
    """
    from releasekit.init.scaffold import WORKFLOW_PATH, conflict_error, plan_init

    def build() -> Plan:
        plan = plan_init(
            state.project_path or Path.cwd(),
            scheme=scheme,
            workflow=workflow,
            force=force,
            reporter=state.reporter,
            extension=extension,
            uv=uv,
        )
        click.echo(plan.facts["conflicts_diff"], nl=False, err=as_json)
        return plan

    def show(plan: Plan, *, applied: bool) -> None:
        if not plan.steps and not plan.facts["conflicts"]:
            click.echo(f"nothing to do: {plan.facts['root']} is already set up for releasekit")
            return
        if plan.steps:
            click.echo(plan.describe())
        if not applied:
            click.echo(plan.diff(), nl=False)
        elif Path(plan.facts["root"]) / WORKFLOW_PATH in plan.files:
            click.echo(_NEXT_STEPS)

    run_plan(
        state,
        build,
        dry_run=dry_run,
        as_json=as_json,
        preview=lambda plan: show(plan, applied=False),
        dry_note=lambda plan: "",
        refuse=conflict_error,
        done=lambda plan: show(plan, applied=True),
    )
