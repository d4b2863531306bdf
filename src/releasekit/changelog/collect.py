"""``releasekit changelog`` as a plan: collect the commits since the last tag into [Unreleased].

:func:`plan_changelog` reads the history and the changelog and returns a
:class:`~releasekit.plan.Plan` with one step writing CHANGELOG.md, or no step when the file is
up to date. ``plan.facts`` says what happened to the commits read::

    plan = plan_changelog(Project("."))
    print(plan.facts["summary"])   # 3 commit(s) since v1.2.3: 2 new entries, ...
    plan.apply()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasekit.files.edits import WriteFilesStep
from releasekit.plan import Plan, Reporter

if TYPE_CHECKING:
    from releasekit.changelog.file import ChangelogProject

__all__ = ["plan_changelog"]


def plan_changelog(project: ChangelogProject, *, reporter: Reporter | None = None) -> Plan:
    """Plan the collection of the conventional commits since the last release tag.

    Entries already in [Unreleased] are kept and never added twice; without a changelog, one
    is created in Keep a Changelog form. ``plan.facts`` holds ``section`` (the resulting
    [Unreleased] text), ``summary`` (one line), ``since`` (the tag, or None), ``commits``,
    ``added``, ``skipped``, ``not_conventional``, ``created`` and ``changelog`` (the file).
    """
    from releasekit.changelog.unreleased import unreleased_update

    update = unreleased_update(project, reporter=reporter)
    name = project.config.changelog
    since = f"since {update.since}" if update.since else "in the whole history"
    summary = (
        f"{update.commits} commit(s) {since}: {update.added} new entr"
        f"{'y' if update.added == 1 else 'ies'}, {update.skipped} left out by type or "
        f"'Changelog: skip', {update.not_conventional} not conventional"
    )
    steps = []
    if update.edit is not None:
        verb = "create" if update.created else "update"
        steps.append(
            WriteFilesStep(project.root, (update.edit,), description=f"{verb} {name} ({summary})")
        )
    return Plan(
        steps,
        facts={
            "command": "changelog",
            "changelog": name,
            "section": update.section,
            "summary": summary,
            "since": update.since,
            "commits": update.commits,
            "added": update.added,
            "skipped": update.skipped,
            "not_conventional": update.not_conventional,
            "created": update.created,
        },
    )
