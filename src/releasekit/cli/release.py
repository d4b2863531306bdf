"""``releasekit tag``, ``release`` and ``hotfix``: thin shells over :mod:`releasekit.release`.

Each command builds a plan with the library, prints it for ``--dry-run`` (stdout, the exact
git commands, numbered) or applies it, reporting progress on stderr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from releasekit.cli import State, pass_state
from releasekit.errors import UsageError
from releasekit.version.parts import PARTS

if TYPE_CHECKING:
    from releasekit.locations.bump import BumpPlan


@click.command("release")
@click.argument("part", required=False, type=click.Choice(PARTS))
@click.option("--set", "set_version", metavar="V", help="Release version V (instead of PART).")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="The release date (CalVer).")
@click.option(
    "--dry-run", is_flag=True, help="Print the numbered plan (-v: and the diff); change nothing."
)
@click.option("--push/--no-push", default=True, help="Push the branch and tag (default: push).")
@click.option(
    "--publish/--no-publish", default=True, help="Upload the artifacts (default: publish)."
)
@click.option("--allow-dirty", is_flag=True, help="Release with modified tracked files.")
@click.option("--sign", is_flag=True, help="Sign the commit and tag with git's signing key.")
@click.option("--remote", metavar="NAME", help="Push here (default: the branch's upstream).")
@click.option(
    "--allow-empty", is_flag=True, help="Release even if the changelog section would be empty."
)
@pass_state
def release(
    state: State,
    part: str | None,
    set_version: str | None,
    date_text: str | None,
    dry_run: bool,
    push: bool,
    publish: bool,
    allow_dirty: bool,
    sign: bool,
    remote: str | None,
    allow_empty: bool,
) -> None:
    """Run the whole release as one plan: bump, changelog, commit, tag, push.

    PART is major, minor, patch, pre, calver or auto; without it: patch on a hotfix/*
    branch, calver for a CalVer project, else auto (from conventional commits). Every check
    runs before the first write; a failure before the push puts everything back.
    """
    from releasekit.cli.next import parse_date
    from releasekit.release import ReleaseOptions, plan_release

    project = state.project()
    if part is not None and set_version is not None:
        raise UsageError(f"give either a part ({part}) or --set {set_version}, not both")
    options = ReleaseOptions(
        part=part,
        set_version=set_version,
        date=parse_date(date_text),
        push=push,
        publish=publish,
        allow_dirty=allow_dirty,
        sign=sign,
        remote=remote,
        allow_empty_changelog=allow_empty,
    )
    plan = plan_release(project, options, reporter=state.reporter)
    if dry_run:
        if state.verbose:
            click.echo(plan.diff(), nl=False)
        click.echo(plan.describe())
        state.reporter.say("dry run: nothing was changed")
        return
    if plan.resumed and not plan.plan.steps:
        click.echo(plan.describe())
        return
    plan.apply(state.reporter)
    where = f", pushed to {plan.preflight.remote}" if push and plan.preflight.remote else ""
    verb = "finished release" if plan.resumed else "released"
    click.echo(f"{verb} {plan.new} (tag {plan.tag}){where}")


@click.command("tag")
@click.option("--name", "codename", metavar="CODENAME", help="Add a codename to the message.")
@click.option("--sign", is_flag=True, help="Sign the tag with git's signing key.")
@click.option("--push", is_flag=True, help="Push the tag to the remote.")
@click.option("--allow-dirty", is_flag=True, help="Tag even with modified tracked files.")
@click.option("--remote", metavar="NAME", help="Push here (default: the branch's upstream).")
@click.option("--dry-run", is_flag=True, help="Print the git commands; change nothing.")
@pass_state
def tag(
    state: State,
    codename: str | None,
    sign: bool,
    push: bool,
    allow_dirty: bool,
    remote: str | None,
    dry_run: bool,
) -> None:
    """Make an annotated tag for the current version on the current commit.

    The message comes from tag-message (default "Release {version}"); --name Genesis gives
    "Release 1.0.0: Genesis".
    """
    from releasekit.release import plan_tag

    plan = plan_tag(
        state.project(),
        codename=codename,
        sign=sign,
        push=push,
        allow_dirty=allow_dirty,
        remote=remote,
        reporter=state.reporter,
    )
    if dry_run:
        click.echo(plan.plan.describe())
        state.reporter.say("dry run: nothing was changed")
        return
    plan.apply(state.reporter)
    where = f", pushed to {plan.preflight.remote}" if push and plan.preflight.remote else ""
    click.echo(f"tagged {plan.tag}{where}")


@click.command("hotfix")
@click.argument("tag_name", metavar="TAG")
@click.option("--dry-run", is_flag=True, help="Print the git command; change nothing.")
@pass_state
def hotfix(state: State, tag_name: str, dry_run: bool) -> None:
    """Create and check out hotfix/<next patch tag> from the release tag TAG.

    `releasekit hotfix v1.2.3` makes hotfix/v1.2.4 at v1.2.3; `releasekit release` there
    releases 1.2.4.
    """
    from releasekit.git.hotfix import create_hotfix, plan_hotfix

    project = state.project()
    plan = plan_hotfix(project.git, project.tag_format, tag_name)
    if dry_run:
        click.echo(plan.describe())
        state.reporter.say("dry run: nothing was changed")
        return
    create_hotfix(plan)
    click.echo(
        f"switched to {plan.branch} (from {plan.tag}); fix, commit, then: releasekit release"
    )


def bump_with_git(
    state: State,
    bump_plan: BumpPlan,
    *,
    dry_run: bool,
    commit: bool,
    tag: bool,
    push: bool,
    sign: bool,
    allow_dirty: bool,
) -> bool:
    """The git side of ``bump --commit [--tag] [--push] [--sign]``; False when not asked for.

    ``--tag`` and ``--push`` imply ``--commit`` (a tag on the commit before the bump would
    name the wrong files). The files are written, committed (exactly those files), tagged and
    pushed as one plan that rolls back on failure.
    """
    if not (commit or tag or push):
        if sign:
            raise UsageError("--sign signs the release commit and tag: add --commit or --tag")
        return False
    from releasekit.release import GitOptions, plan_git_release

    project = state.project()
    options = GitOptions(tag=tag, push=push, sign=sign, allow_dirty=allow_dirty)
    plan = plan_git_release(project, bump_plan, options, reporter=state.reporter)
    if dry_run:
        click.echo(bump_plan.diff(), nl=False)
        click.echo(plan.describe())
        state.reporter.say("dry run: nothing was changed")
        return True
    plan.apply(state.reporter)
    click.echo(f"{plan.old or '(none)'} -> {plan.new}")
    for name in plan.files:
        click.echo(f"  {name}")
    click.echo(f"committed: {project.config.commit_message.replace('{version}', plan.new)}")
    if plan.tag:
        click.echo(f"tagged {plan.tag}")
    if push and plan.preflight.remote:
        click.echo(f"pushed to {plan.preflight.remote}")
    return True
