"""``releasekit init``: write ``[tool.releasekit]``, CHANGELOG.md and the release workflow."""

from __future__ import annotations

from pathlib import Path

import click

from releasekit.cli import State, pass_state

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
@click.option("--force", is_flag=True, help="Overwrite a release workflow that differs.")
@click.option("--dry-run", is_flag=True, help="Show the plan and the diff; write nothing.")
@pass_state
def init(state: State, scheme: str | None, workflow: bool, force: bool, dry_run: bool) -> None:
    """Set the project up: [tool.releasekit], CHANGELOG.md and a release workflow.

    Running it again changes nothing. An existing release workflow with other content is
    shown as a diff and left alone unless --force is given.
    """
    from releasekit.init.scaffold import WORKFLOW_PATH, apply_init, plan_init

    plan = plan_init(
        state.project_path or Path.cwd(),
        scheme=scheme,
        workflow=workflow,
        force=force,
        reporter=state.reporter,
    )
    if plan.conflicts:
        click.echo(plan.conflicts_diff(), nl=False)
    if plan.nothing_to_do:
        click.echo(f"nothing to do: {plan.root} is already set up for releasekit")
        return
    if dry_run:
        if plan.changes:
            click.echo(plan.describe())
            click.echo(plan.diff(), nl=False)
        plan.refuse_conflicts()  # a dry run answers as the real run would
        return
    apply_init(plan, state.reporter)
    click.echo(plan.describe())
    if plan.writes(WORKFLOW_PATH):
        click.echo(_NEXT_STEPS)
