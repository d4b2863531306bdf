"""``releasekit tag``, ``release`` and ``hotfix``: thin shells over :mod:`releasekit.release`.

Each command builds a plan with the library and runs it with
:func:`releasekit.cli.run.run_plan`: ``--dry-run`` prints it (stdout, the exact git commands,
numbered), else it is applied, with progress on stderr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from releasekit.cli import State, echo_diff, pass_state
from releasekit.cli.next import DATE, LABEL, check_part
from releasekit.cli.run import plan_options, run_plan
from releasekit.version.parts import PARTS

if TYPE_CHECKING:
    from releasekit.plan import Plan


def _pushed(plan: Plan) -> str:
    remote = plan.facts.get("remote")
    return f", pushed to {remote}" if remote else ""


@click.command("release")
@click.argument("part", required=False, type=click.Choice(PARTS))
@click.option("--set", "set_version", metavar="V", help="Release version V (instead of PART).")
@click.option("--label", "label", type=LABEL, help="The candidate's label, with PART pre.")
@DATE
@click.option("--push/--no-push", default=True, help="Push the branch and tag (default: push).")
@click.option(
    "--publish/--no-publish", default=True, help="Upload the artifacts (default: publish)."
)
@click.option("--allow-dirty", is_flag=True, help="Release with modified tracked files.")
@click.option("--sign", is_flag=True, help="Sign the commit and tag with git's signing key.")
@click.option("--remote", metavar="NAME", help="Push here (default: the branch's upstream).")
@click.option(
    "--allow-empty",
    "allow_empty_changelog",
    is_flag=True,
    help="Release even if the changelog section would be empty.",
)
@click.option(
    "--verify/--no-verify",
    default=True,
    help="Build and install the wheel in a fresh venv before the push (default: yes).",
)
@click.option("--repository", metavar="NAME", help="Upload to this ~/.pypirc repository.")
@click.option("--repository-url", metavar="URL", help="Upload to this URL.")
@plan_options("Run every check and print the numbered plan (-v: and the diff); change nothing.")
@click.option(
    "--all", "all_", is_flag=True, help="Every monorepo package whose commits call for a release."
)
@pass_state
def release(state: State, /, dry_run: bool, as_json: bool, all_: bool, **given: Any) -> None:
    """Run the whole release as one plan: bump, changelog, commit, tag, push.

    PART is major, minor, patch, pre, final, post, dev, calver or auto; without it: patch on
    a hotfix/* branch, calver for a CalVer project, else auto (from conventional commits; on
    a branch of [tool.releasekit.channels], the next candidate). Every check
    runs before the first write; a failure before the push puts everything back.
    """
    from releasekit.cli.ci_report import release_json, report_release
    from releasekit.release import ReleaseOptions, plan_release

    options = ReleaseOptions(**given)
    check_part(options.part, options.set_version, options.label)
    member = None if (all_ or state.packages) else state.project().member
    if all_ or state.packages or member is not None:
        # A monorepo: the commits by path, the internal pins and uv.lock, in one plan.
        from releasekit.cli.monorepo import release_all

        only = state.packages or ((member.package.name,) if member is not None else ())
        release_all(state, options, dry_run=dry_run, as_json=as_json, only=only)
        return
    project = state.project()
    run_plan(
        state,
        lambda: plan_release(project, options, reporter=state.reporter),
        dry_run=dry_run,
        as_json=as_json,
        preview=lambda plan: _preview(state, plan),
        done=_released,
        json_extra=release_json,
        report=lambda plan, dry: report_release(state, project, plan, dry_run=dry),
        nothing="release",
    )


def _preview(state: State, plan: Plan) -> None:
    if state.verbose:
        echo_diff(plan.diff())
    click.echo(plan.describe())


def _released(plan: Plan) -> None:
    if plan.facts["resumed"] and not plan.steps:
        click.echo(plan.describe())
        return
    verb = "finished release" if plan.facts["resumed"] else "released"
    click.echo(f"{verb} {plan.new} (tag {plan.tag}){_pushed(plan)}")


@click.command("tag")
@click.option("--name", "codename", metavar="CODENAME", help="Add a codename to the message.")
@click.option("--sign", is_flag=True, help="Sign the tag with git's signing key.")
@click.option("--push", is_flag=True, help="Push the tag to the remote.")
@click.option("--allow-dirty", is_flag=True, help="Tag even with modified tracked files.")
@click.option("--remote", metavar="NAME", help="Push here (default: the branch's upstream).")
@plan_options("Print the git commands; change nothing.")
@pass_state
def tag(state: State, /, dry_run: bool, as_json: bool, **given: Any) -> None:
    """Make an annotated tag for the current version on the current commit.

    The message comes from tag-message (default "Release {version}"); --name Genesis gives
    "Release 1.0.0: Genesis".
    """
    from releasekit.release import plan_tag

    run_plan(
        state,
        lambda: plan_tag(state.project(), reporter=state.reporter, **given),
        dry_run=dry_run,
        as_json=as_json,
        done=lambda plan: click.echo(f"tagged {plan.tag}{_pushed(plan)}"),
    )


@click.command("hotfix")
@click.argument("tag_name", metavar="TAG")
@plan_options("Print the git command; change nothing.")
@pass_state
def hotfix(state: State, tag_name: str, dry_run: bool, as_json: bool) -> None:
    """Create and check out hotfix/<next patch tag> from the release tag TAG.

    `releasekit hotfix v1.2.3` makes hotfix/v1.2.4 at v1.2.3; `releasekit release` there
    releases 1.2.4.
    """
    from releasekit.git.hotfix import plan_hotfix

    run_plan(
        state,
        lambda: plan_hotfix(state.project(), tag_name),
        dry_run=dry_run,
        as_json=as_json,
        done=lambda plan: click.echo(
            f"switched to {plan.facts['branch']} (from {plan.tag}); fix, commit, then: "
            "releasekit release"
        ),
    )
