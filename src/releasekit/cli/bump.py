"""``releasekit bump [PART] [--set V] [--date D] [--dry-run]``: write the next version.

The command is a thin shell over :meth:`releasekit.project.Project.plan_bump`: it builds the
plan, prints its diff for ``--dry-run``, or applies it and prints ``old -> new`` and the files.
Options that extend a bump (commit, tag, push) are added as decorators on :func:`bump`; the
file writes are one :class:`~releasekit.files.edits.WriteFilesStep` (``plan.step()``), so further
steps can join them in one :class:`~releasekit.plan.Plan`.
"""

from __future__ import annotations

import click

from releasekit.cli import State, pass_state
from releasekit.cli.next import parse_date
from releasekit.version.parts import PARTS


@click.command("bump")
@click.argument("part", required=False, type=click.Choice(PARTS))
@click.option("--set", "set_version", metavar="V", help="Write version V instead of computing it.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="The release date (CalVer).")
@click.option("--dry-run", is_flag=True, help="Print the diff of every file; write nothing.")
@click.option("--allow-downgrade", is_flag=True, help="Accept a --set version lower than now.")
@click.option(
    "--allow-empty", is_flag=True, help="Release even if the changelog's [Unreleased] is empty."
)
@click.option("--commit", is_flag=True, help="Commit exactly the files the bump changed.")
@click.option("--tag", "make_tag", is_flag=True, help="Make the annotated tag (implies --commit).")
@click.option("--push", is_flag=True, help="Push commit and tag atomically (implies --commit).")
@click.option("--sign", is_flag=True, help="Sign the commit and tag with git's signing key.")
@click.option("--allow-dirty", is_flag=True, help="Commit even with other modified files.")
@pass_state
def bump(
    state: State,
    part: str | None,
    set_version: str | None,
    date_text: str | None,
    dry_run: bool,
    allow_downgrade: bool,
    allow_empty: bool,
    commit: bool = False,
    make_tag: bool = False,
    push: bool = False,
    sign: bool = False,
    allow_dirty: bool = False,
) -> None:
    """Write the next version everywhere it lives and promote the changelog.

    PART is major, minor, patch, pre, calver or auto (from the conventional commits since the
    last release tag); without PART: calver for a CalVer project, else auto. Every file is
    checked before the first write; the files are written all together or not at all.
    """
    project = state.project()
    plan = project.plan_bump(
        part,
        parse_date(date_text),
        set_version=set_version,
        allow_downgrade=allow_downgrade,
        allow_empty_changelog=allow_empty,
    )
    from releasekit.files.paths import display_path

    files = [display_path(path, project.root) for path in plan.files]
    if project.vcs_source and not make_tag:
        state.reporter.say(
            f"note: the version comes from git tags ({project.vcs_source}); no file holds it, "
            f"so {plan.new} exists once tagged: releasekit tag (or bump --tag)"
        )
    from releasekit.cli.release import bump_with_git

    git_options = {"commit": commit, "tag": make_tag, "push": push, "sign": sign}
    if bump_with_git(state, plan, dry_run=dry_run, allow_dirty=allow_dirty, **git_options):
        return
    if dry_run:
        click.echo(plan.diff(), nl=False)
        state.reporter.say(
            f"dry run: {plan.old or '(none)'} -> {plan.new}; would change "
            f"{len(files)} file(s): {', '.join(files) or 'none'}; nothing was written"
        )
        return
    from releasekit.files.edits import apply_edits

    apply_edits(project.root, plan.edits, state.reporter)
    click.echo(f"{plan.old or '(none)'} -> {plan.new}")
    for name in files:
        click.echo(f"  {name}")
