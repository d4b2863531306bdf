"""``releasekit bump [PART] [--set V] [--date D] [--dry-run]``: write the next version.

The command turns its options into :class:`releasekit.git.plans.BumpOptions`, builds
:func:`releasekit.git.plans.plan_bump_release` (the bump, and with ``--commit``, ``--tag`` or
``--push`` the git steps around it) and runs it through :func:`releasekit.cli.run.run_plan`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from releasekit.cli import State, pass_state
from releasekit.cli.ci_report import version_outputs
from releasekit.cli.next import DATE, LABEL, check_label
from releasekit.cli.run import plan_options, run_plan
from releasekit.errors import UsageError
from releasekit.version.parts import PARTS

if TYPE_CHECKING:
    from releasekit.git.plans import BumpOptions
    from releasekit.plan import Plan


@click.command("bump")
@click.argument("part", required=False, type=click.Choice(PARTS))
@click.option("--set", "set_version", metavar="V", help="Write version V instead of computing it.")
@click.option("--label", "label", type=LABEL, help="The candidate's label, with PART pre.")
@DATE
@click.option("--allow-downgrade", is_flag=True, help="Accept a --set version lower than now.")
@click.option(
    "--allow-empty",
    "allow_empty_changelog",
    is_flag=True,
    help="Release even if the changelog's [Unreleased] is empty.",
)
@click.option("--commit", is_flag=True, help="Commit exactly the files the bump changed.")
@click.option("--tag", is_flag=True, help="Make the annotated tag (implies --commit).")
@click.option(
    "--push/--no-push",
    default=False,
    help="Push the commit and its tag atomically (implies --tag); default: no push.",
)
@click.option("--sign", is_flag=True, help="Sign the commit and tag with git's signing key.")
@click.option("--allow-dirty", is_flag=True, help="Commit even with other modified files.")
@plan_options("Print the diff of every file; write nothing.")
@pass_state
def bump(state: State, /, dry_run: bool, as_json: bool, **given: Any) -> None:
    """Write the next version everywhere it lives and promote the changelog.

    PART is major, minor, patch, pre, final, post, dev, calver or auto (from the conventional
    commits since the last final release); without PART: calver for a CalVer project, else
    auto. Every file is
    checked before the first write; the files are written all together or not at all.
    --tag and --push imply --commit (a tag on the commit before the bump would name the
    wrong files).
    """
    from releasekit.git.plans import BumpOptions, plan_bump_release

    options = BumpOptions(**given)
    check_label(options.part, options.label)
    if options.sign and not options.git:
        raise UsageError("--sign signs the release commit and tag: add --commit or --tag")
    project = state.project()
    run_plan(
        state,
        lambda: _noted(
            state, options, plan_bump_release(project, options, reporter=state.reporter)
        ),
        dry_run=dry_run,
        as_json=as_json,
        preview=_preview_git if options.git else _preview_diff,
        dry_note=(lambda plan: "dry run: nothing was changed") if options.git else _dry_note,
        done=_done,
        json_extra=lambda plan, dry: {"released": not dry},
        report=lambda plan, dry: version_outputs(
            state, project, plan.new, previous=plan.old, released=not dry
        ),
        nothing="bump",
    )


def _noted(state: State, options: BumpOptions, plan: Plan) -> Plan:
    """Say, for a version kept in git tags only, that the bump exists once tagged."""
    project = state.project()
    if project.vcs_source and not options.tag:
        state.reporter.say(
            f"note: the version comes from git tags ({project.vcs_source}); no file holds "
            f"it, so {plan.new} exists once tagged: releasekit tag (or bump --tag)"
        )
    return plan


def _preview_diff(plan: Plan) -> None:
    from releasekit.cli import echo_diff

    echo_diff(plan.diff())


def _preview_git(plan: Plan) -> None:
    from releasekit.cli import echo_diff

    echo_diff(plan.diff())
    click.echo(plan.describe())


def _files(plan: Plan) -> list[str]:
    return list(plan.facts.get("files", ()))


def _dry_note(plan: Plan) -> str:
    files = _files(plan)
    return (
        f"dry run: {plan.old or '(none)'} -> {plan.new}; would change "
        f"{len(files)} file(s): {', '.join(files) or 'none'}; nothing was written"
    )


def _done(plan: Plan) -> None:
    click.echo(f"{plan.old or '(none)'} -> {plan.new}")
    for name in _files(plan):
        click.echo(f"  {name}")
    facts = plan.facts
    if facts.get("commit_message"):
        click.echo(f"committed: {facts['commit_message']}")
    if plan.tag:
        click.echo(f"tagged {plan.tag}")
    if facts.get("remote"):
        click.echo(f"pushed to {facts['remote']}")
