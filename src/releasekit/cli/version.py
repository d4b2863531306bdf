"""``releasekit version [--json]``: the current version, or every place it lives."""

from __future__ import annotations

from typing import Any

import click

from releasekit.cli import State, emit_json, pass_state


@click.command("version")
@click.option("--json", "as_json", is_flag=True, help="Every location, the scheme and tag format.")
@pass_state
def version(state: State, as_json: bool) -> None:
    """Show the current version of the project.

    With --json: one object with the version, the scheme, the tag format, where the version
    comes from and every location (file, line, the text found).
    """
    project = state.project()
    if state.output.environ.get("GITHUB_OUTPUT"):
        from releasekit.cli.ci_report import version_outputs

        version_outputs(state, project, project.version)
    if not as_json:
        click.echo(project.version)
        return
    data: dict[str, Any] = {
        "version": project.version,
        "scheme": project.scheme,
        "tag_format": project.tag_format,
        "source": "vcs" if project.vcs_source else "files",
        "vcs": project.vcs_source,
        "root": str(project.root),
        "locations": [location.to_json() for location in project.locations],
    }
    if project.vcs_source:
        tag = project.last_release_tag()
        data["tag"] = tag.name if tag else None
    emit_json(data)
