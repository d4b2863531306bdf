"""``releasekit next [PART] [--current V] [--date YYYY-MM-DD] [--json]``: show, never write."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import click

from releasekit.cli import State, emit_json, pass_state
from releasekit.errors import GitError, RefusedError, UsageError
from releasekit.version.parts import PARTS

#: ``--label``: a candidate's label (PEP 440's a, b, rc, or their long names).
LABEL = click.Choice(["a", "b", "rc", "alpha", "beta", "c"])


def check_label(part: str | None, label: str | None) -> None:
    """``--label`` makes sense only with the part ``pre``."""
    if label is not None and part != "pre":
        raise UsageError(
            f"--label {label} goes with the part pre: releasekit {{next,bump,release}} pre "
            f"--label {label}"
        )


if TYPE_CHECKING:
    from releasekit.project import Project

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str | None) -> dt.date | None:
    """``--date``: a calendar date written ``YYYY-MM-DD`` (UsageError otherwise)."""
    if text is None:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--date {text!r} is not a date: write it as YYYY-MM-DD, e.g. 2025-02-15"
        ) from None


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    return parse_date(value)


#: The ``--date`` option of the writing commands, as a ``datetime.date`` named ``date``.
DATE = click.option(
    "--date",
    "date",
    metavar="YYYY-MM-DD",
    callback=_parse_date,
    help="The release date (CalVer).",
)


def check_part(part: str | None, set_version: str | None, label: str | None) -> None:
    """A part or ``--set``, not both; ``--label`` only with the part ``pre``."""
    check_label(part, label)
    if part is not None and set_version is not None:
        raise UsageError(f"give either a part ({part}) or --set {set_version}, not both")


def _check_current(text: str) -> str:
    from releasekit.errors import InvalidVersion
    from releasekit.version.pep440 import version_key

    try:
        version_key(text)
    except InvalidVersion as exc:
        raise InvalidVersion(f"--current: {exc}") from exc
    return text


@click.command("next")
@click.argument("part", required=False, type=click.Choice(PARTS))
@click.option("--current", "current", metavar="V", help="Start from V instead of the project's.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="The release date (CalVer).")
@click.option("--label", "label", type=LABEL, help="The candidate's label, with PART pre.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the details.")
@click.option("--all", "all_", is_flag=True, help="Every package of the monorepo, one row each.")
@pass_state
def next_version(
    state: State,
    part: str | None,
    current: str | None,
    date_text: str | None,
    label: str | None,
    as_json: bool,
    all_: bool,
) -> None:
    """Show the next version for PART; writes nothing.

    PART is major, minor, patch, pre, final, post, dev, calver or auto (the conventional
    commits since the last final release decide; on a channel branch, the next candidate).
    Without PART: calver for a CalVer project, else auto.
    """
    date = parse_date(date_text)
    check_label(part, label)
    if all_ or len(state.packages) > 1:
        if part not in (None, "auto") or current is not None:
            raise UsageError("next --all takes no PART or --current: each package's commits decide")
        from releasekit.cli.monorepo import next_all

        next_all(state, date, as_json)
        return
    project = state.project()
    current = _check_current(current) if current is not None else project.version
    requested = part or ("calver" if project.scheme == "calver" else "auto")
    details: dict[str, Any] = {}
    if requested == "auto":
        new, details = _auto(project, current, date, state)
    else:
        new = project.next_version(requested, date, current=current, label=label)
    if state.output.environ.get("GITHUB_OUTPUT"):
        from releasekit.cli.ci_report import version_outputs
        from releasekit.git.tags import format_tag

        version_outputs(
            state, project, new, previous=current, tag=format_tag(_tag_format(project), new)
        )
    if not as_json:
        click.echo(new)
        return
    from releasekit.git.tags import format_tag

    if "tag" not in details:
        details["tag"] = _last_tag_name(project)
    emit_json(
        {
            "current": current,
            "next": new,
            "part": requested,
            "resolved_part": details.get("resolved_part", requested),
            "scheme": project.scheme,
            "tag": details["tag"],
            "next_tag": format_tag(_tag_format(project), new),
            "commits": details.get("commits"),
            "conventional_commits": details.get("conventional_commits"),
            "bump": details.get("bump"),
            "date": (date or project.today()).isoformat(),
        }
    )


def _tag_format(project: Project) -> str:
    """The project's tag format; outside a git repository the configured one or the default."""
    from releasekit.git.tags import DEFAULT_TAG_FORMAT

    try:
        return project.tag_format
    except GitError:
        if project.git.is_repository():
            raise
        return project.config.tag_format or DEFAULT_TAG_FORMAT


def _last_tag_name(project: Project) -> str | None:
    """The latest release tag's name; ``None`` also outside a git repository."""
    try:
        tag = project.last_release_tag()
    except GitError:
        if project.git.is_repository():
            raise
        return None
    return tag.name if tag else None


def _auto(
    project: Project, current: str, date: dt.date | None, state: State
) -> tuple[str, dict[str, Any]]:
    """Resolve ``auto`` from the commits since the last release tag (read once, streamed)."""
    from releasekit.git.log import latest_release_bump

    try:
        if project.member is not None:  # only the commits that touch the package count
            from releasekit.workspace.history import package_bump

            found = package_bump(project.member, project.tag_format, project.config.bump_map)
        else:
            last_final = project.last_release_tag(final=True)  # a candidate counts from there
            found = latest_release_bump(
                project.git, project.tag_format, project.config.bump_map, since=last_final
            )
    except GitError:
        if project.git.is_repository():
            raise
        raise RefusedError(
            f"next auto reads the commits since the last release tag, but {project.root} is "
            "not in a git repository: pass a part (major, minor, patch, pre, calver)"
        ) from None
    tag, summary = found.tag, found.summary
    details: dict[str, Any] = {
        "tag": tag.name if tag else None,
        "commits": summary.count,
        "conventional_commits": summary.conventional,
        "bump": summary.level,
    }
    since = f"since {tag.name}" if tag else "in the history"
    if summary.level is None:
        bumping = sorted(t for t, level in project.config.bump_map.items() if level != "none")
        kinds = ", ".join(bumping) + (" or " if bumping else "") + "breaking change"
        state.reporter.say(
            f"no commit {since} calls for a release ({summary.count} read, none is a {kinds}): "
            f"the version stays {current}"
        )
        details["resolved_part"] = None
        return current, details
    resolved = found.part(current, project.scheme)
    assert resolved is not None  # a level was found
    channel = project.channel
    plural = "" if summary.count == 1 else "s"
    if channel is not None:
        details["resolved_part"] = "pre"
        state.reporter.info(
            f"{summary.count} commit{plural} {since}: {summary.level} -> a {channel} candidate "
            "(channel branch)"
        )
        return project.next_version("auto", date, current=current), details
    details["resolved_part"] = resolved
    state.reporter.info(f"{summary.count} commit{plural} {since}: {summary.level} -> {resolved}")
    return project.next_version(resolved, date, current=current), details
