"""``releasekit init``: write ``[tool.releasekit]``, CHANGELOG.md and the release workflow."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from releasekit.cli import State, echo_diff, pass_state
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

_GITLAB_NEXT_STEPS = """\
next steps for the release pipeline:
  1. on PyPI, add a trusted publisher (GitLab tab): this project, .gitlab-ci.yml, environment pypi
  2. in GitLab, protect the release tags and the environment "pypi", with approvals
  3. commit these files; a release is then `releasekit release --no-publish`
     (the tag push makes the pipeline build and publish)"""


@click.command("init")
@click.option(
    "--scheme",
    type=click.Choice(["calver", "semver"]),
    default=None,
    help="Versioning scheme to write (default: the configured one, else detected).",
)
@click.option(
    "--ci",
    type=click.Choice(["github", "gitlab"]),
    default="github",
    show_default=True,
    help="The pipeline to write: .github/workflows/release.yml or .gitlab-ci.yml.",
)
@click.option(
    "--workflow/--no-workflow",
    default=True,
    show_default=True,
    help="Write the release pipeline (see --ci).",
)
@click.option(
    "--extension/--no-extension",
    default=None,
    help="The matrix workflow for compiled extensions: wheels built with cibuildwheel on "
    "Linux, macOS and Windows runners (default: when the project has extensions).",
)
@click.option("--uv", is_flag=True, help="Set uv up in the workflow's jobs and install with it.")
@click.option("--force", is_flag=True, help="Overwrite a release pipeline that differs.")
@plan_options("Show the plan and the diff; write nothing.")
@pass_state
def init(
    state: State,
    scheme: str | None,
    ci: str,
    workflow: bool,
    extension: bool | None,
    uv: bool,
    force: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Set the project up: [tool.releasekit], CHANGELOG.md and a release pipeline.

    The pipeline (GitHub Actions by default, GitLab CI with --ci gitlab) installs exactly
    this releasekit. Running init again changes nothing. An existing pipeline with other
    content is shown as a diff and left alone unless --force is given.
    """
    from releasekit.init.gitlab import GITLAB_PIPELINE_PATH
    from releasekit.init.scaffold import WORKFLOW_PATH, conflict_error, plan_init

    pipeline, next_steps = (
        (Path(GITLAB_PIPELINE_PATH), _GITLAB_NEXT_STEPS)
        if ci == "gitlab"
        else (WORKFLOW_PATH, _NEXT_STEPS)
    )

    def build() -> Plan:
        plan = plan_init(
            state.project_path or Path.cwd(),
            scheme=scheme,
            workflow=workflow,
            force=force,
            ci=ci,
            reporter=state.reporter,
            extension=extension,
            uv=uv,
        )
        diff = plan.facts["conflicts_diff"]
        if as_json:
            click.echo(diff, nl=False, err=True)
        else:
            echo_diff(diff)
        return plan

    def show(plan: Plan, *, applied: bool) -> None:
        if not plan.steps and not plan.facts["conflicts"]:
            click.echo(f"nothing to do: {plan.facts['root']} is already set up for releasekit")
            return
        if plan.steps:
            click.echo(plan.describe())
        if not applied:
            echo_diff(plan.diff())
        elif Path(plan.facts["root"]) / pipeline in plan.files:
            click.echo(next_steps)

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
