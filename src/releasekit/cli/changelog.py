"""``releasekit changelog [--dry-run]`` and ``releasekit notes [VERSION|TAG] [--output FILE]``."""

from __future__ import annotations

from pathlib import Path

import click

from releasekit.cli import State, pass_state
from releasekit.errors import ReleasekitError


@click.command("changelog")
@click.option(
    "--dry-run", is_flag=True, help="Print the resulting [Unreleased] section; write nothing."
)
@pass_state
def changelog(state: State, dry_run: bool) -> None:
    """Collect the conventional commits since the last release tag into [Unreleased].

    Commits are grouped under Keep a Changelog headings (changelog-sections in
    [tool.releasekit]); entries already there are kept and never added twice, so running it
    again changes nothing. Without a changelog, one is created in Keep a Changelog form.
    """
    from releasekit.changelog.file import unreleased_update

    project = state.project()
    update = unreleased_update(project, reporter=state.reporter)
    name = project.config.changelog
    since = f"since {update.since}" if update.since else "in the whole history"
    summary = (
        f"{update.commits} commit(s) {since}: {update.added} new entr"
        f"{'y' if update.added == 1 else 'ies'}, {update.skipped} left out by type or "
        f"'Changelog: skip', {update.not_conventional} not conventional"
    )
    if dry_run:
        # The section as it would be written, without the blank lines that separate it from
        # the next one.
        click.echo(update.section.rstrip("\r\n"))
        state.reporter.say(f"{summary} (dry run: {name} not written)")
        return
    if update.edit is None:
        state.reporter.say(f"{name} is up to date ({summary})")
        return
    from releasekit.files.edits import apply_edits

    apply_edits(project.root, [update.edit], state.reporter)
    state.reporter.say(f"{'created' if update.created else 'updated'} {name} ({summary})")


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
@pass_state
def notes(state: State, version: str | None, output: Path | None, links: bool) -> None:
    """Print one version's changelog section, exactly as written (a release body).

    VERSION defaults to the project's current version; a release tag such as v1.2.3 works
    too. Versions match by PEP 440 equality, so 25.2.15 finds [25.02.15]. Reference links
    such as [#12] keep working: their definitions follow the section (--no-links: the
    section alone).
    """
    from releasekit.changelog.file import release_notes

    project = state.project()
    text = release_notes(project, version if version is not None else project.version, links=links)
    if not text.strip():
        state.reporter.warn(f"the section of {version or project.version} is empty")
    if output is None:
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
