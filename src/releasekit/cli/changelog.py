"""``releasekit changelog [--dry-run]`` and ``releasekit notes [VERSION|TAG] [--output FILE]``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from releasekit.cli import State, emit_json, pass_state
from releasekit.cli.run import plan_options, run_plan
from releasekit.errors import ReleasekitError, UsageError

if TYPE_CHECKING:
    from releasekit.plan import Plan
    from releasekit.project import Project


@click.command("changelog")
@plan_options("Print the resulting [Unreleased] section (with --rebuild: the diff); write nothing.")
@click.option("--all", "all_", is_flag=True, help="Every package of the monorepo, from one walk.")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Regenerate the release sections from the tags instead; every other section is kept.",
)
@click.option(
    "--since",
    metavar="TAG",
    default=None,
    help="With --rebuild: only the releases after this release tag.",
)
@pass_state
def changelog(
    state: State, dry_run: bool, as_json: bool, all_: bool, rebuild: bool, since: str | None
) -> None:
    """Collect the conventional commits not collected yet into [Unreleased].

    Commits are grouped under Keep a Changelog headings (changelog-sections in
    [tool.releasekit]). What was collected is remembered in a comment under [Unreleased], so
    entries edited, moved, merged or deleted by hand never come back, and running it again
    changes nothing. Without a changelog, one is created in Keep a Changelog form.

    --rebuild [--since TAG] regenerates the section of every release tag (after TAG) from
    its commits, leaving [Unreleased] and every other section byte-identical.
    """
    if since is not None and not rebuild:
        raise UsageError(
            "--since TAG goes with --rebuild: add --rebuild to regenerate the releases after TAG"
        )
    if rebuild:
        _rebuild(state, since, dry_run=dry_run, as_json=as_json)
        return
    member = None if (all_ or state.packages) else state.project().member
    if all_ or state.packages or member is not None:
        # A monorepo: each package's changelog gets only the commits that touch it.
        from releasekit.cli.monorepo import changelog_all

        only = (member.package.name,) if member is not None else ()
        changelog_all(state, dry_run=dry_run, as_json=as_json, only=only)
        return
    _collect(state, dry_run=dry_run, as_json=as_json)


def _rebuild(state: State, since: str | None, *, dry_run: bool, as_json: bool) -> None:
    from releasekit.changelog.history import plan_rebuild

    run_plan(
        state,
        lambda: plan_rebuild(state.project(), since=since),
        dry_run=dry_run,
        as_json=as_json,
        done=lambda plan: state.reporter.say(_rebuilt(plan)),
    )


def _collect(state: State, *, dry_run: bool, as_json: bool) -> None:
    from releasekit.changelog.collect import plan_changelog

    run_plan(
        state,
        lambda: plan_changelog(state.project(), reporter=state.reporter),
        dry_run=dry_run,
        as_json=as_json,
        preview=_section,
        dry_note=lambda plan: (
            f"{plan.facts['summary']} (dry run: {plan.facts['changelog']} not written)"
        ),
        done=lambda plan: state.reporter.say(_done(plan)),
    )


def _section(plan: Plan) -> None:
    # The section as it would be written, without the blank lines that separate it from the
    # next one.
    click.echo(plan.facts["section"].rstrip("\r\n"))


def _rebuilt(plan: Plan) -> str:
    facts = plan.facts
    versions = facts["releases"]
    if not plan.steps:
        return f"{facts['changelog']} is up to date ({len(versions)} release section(s) checked)"
    return f"rebuilt {len(versions)} release section(s) of {facts['changelog']}"


def _done(plan: Plan) -> str:
    facts = plan.facts
    if not plan.steps:
        return f"{facts['changelog']} is up to date ({facts['summary']})"
    return (
        f"{'created' if facts['created'] else 'updated'} {facts['changelog']} ({facts['summary']})"
    )


@click.command("notes")
@click.argument("version", metavar="[VERSION|TAG]", required=False)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the notes to this file instead of stdout.",
)
@click.option(
    "--links/--no-links",
    default=True,
    show_default=True,
    help="Append the link definitions the section uses (from the bottom of the file).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the version and notes as JSON.")
@pass_state
def notes(
    state: State, version: str | None, output: Path | None, links: bool, as_json: bool
) -> None:
    """Print one version's changelog section, exactly as written (a release body).

    VERSION defaults to the project's current version; a release tag such as v1.2.3 works
    too. Versions match by PEP 440 equality, so 25.2.15 finds [25.02.15]. Reference links
    such as [#12] keep working: their definitions follow the section (--no-links: the
    section alone).
    """
    from releasekit.changelog.file import release_notes

    lockstep = None
    if version is not None and not state.packages:
        from releasekit.cli.monorepo import lockstep_notes_of

        lockstep = lockstep_notes_of(state, version, links)  # the tag releases every package
    if lockstep is not None:
        project, text = lockstep
    else:
        project = state.project(tag=version)
        asked = version if version is not None else project.version
        text = release_notes(project, asked, links=links)
    if not text.strip():
        state.reporter.warn(f"the section of {version or project.version} is empty")
    if output is None:
        if as_json:
            emit_json(_notes_json(project, version, text, None))
        else:
            click.echo(text)
        return
    newline = "\r\n" if "\r\n" in text else "\n"
    try:
        output.write_bytes((text + newline).encode("utf-8"))
    except OSError as exc:
        raise ReleasekitError(
            f"{output}: cannot write the release notes: {exc.strerror or exc}"
        ) from exc
    state.reporter.info(f"wrote the notes of {version or project.version} to {output}")
    state.output.set_outputs({"notes-file": state.output.ci_path(output)})
    if as_json:
        emit_json(_notes_json(project, version, text, output))


def _notes_json(
    project: Project, asked: str | None, text: str, output: Path | None
) -> dict[str, object]:
    return {
        "version": asked if asked is not None else project.version,
        "notes": text,
        "file": str(output) if output is not None else None,
    }
