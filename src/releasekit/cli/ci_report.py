"""What each command leaves for the CI: step outputs and the step summary.

The commands call these with what they computed; :class:`~releasekit.cli.output.Output`
decides whether anything is written (only when the runner names ``$GITHUB_OUTPUT`` or
``$GITHUB_STEP_SUMMARY``). Nothing here runs outside CI, so its imports cost nothing there.

Outputs, by command (see docs/ci.md):

- ``next``, ``version``, ``check``: ``version``, ``previous-version``, ``tag``, ``prerelease``;
- ``bump``, ``release``: the same and ``released``; ``release`` also ``artifacts``;
- ``build``: ``artifacts``, one path per line;
- ``notes --output FILE``: ``notes-file``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from releasekit.ci.github import StepSummary, SummaryArtifact
    from releasekit.cli import State
    from releasekit.dist.artifacts import Artifact
    from releasekit.dist.publish import PublishResult
    from releasekit.errors import ReleasekitError
    from releasekit.plan import Plan
    from releasekit.project import Project

__all__ = [
    "artifacts_output",
    "is_prerelease",
    "nothing_to_release",
    "plan_results",
    "previous_version",
    "release_json",
    "release_notes_of",
    "report_release",
    "summarize",
    "summary_artifacts",
    "tag_of",
    "version_outputs",
    "wants_ci_files",
]


def wants_ci_files(state: State) -> bool:
    """Will anything be written for the CI (an output or a summary file is named)?"""
    env = state.output.environ
    return bool(env.get("GITHUB_OUTPUT") or env.get("GITHUB_STEP_SUMMARY"))


def is_prerelease(version: str | None) -> bool:
    """A candidate, alpha, beta or dev release (PEP 440; SemVer spellings too)."""
    if not version:
        return False
    from releasekit.errors import ReleasekitError
    from releasekit.version.pep440 import version_key

    try:
        return bool(version_key(version).is_prerelease)
    except (ReleasekitError, ValueError):
        return "-" in version


def tag_of(project: Project, version: str | None) -> str | None:
    """The release tag ``version`` has (or will have) in ``project``."""
    if not version:
        return None
    from releasekit.errors import ReleasekitError
    from releasekit.git.tags import format_tag

    try:
        return format_tag(project.tag_format, version)
    except ReleasekitError:
        return None


def previous_version(project: Project, version: str | None) -> str | None:
    """The version of the release before ``version`` (from the tags reachable from HEAD)."""
    if not version:
        return None
    from releasekit.errors import ReleasekitError
    from releasekit.git.tags import previous_release_tag

    try:
        tag = previous_release_tag(project.git, project.tag_format, version)
    except ReleasekitError:
        return None
    return tag.version if tag else None


def version_outputs(
    state: State,
    project: Project | None,
    version: str | None,
    *,
    previous: str | bool | None = True,
    tag: str | None = None,
    released: bool | None = None,
    artifacts: Sequence[Path] | None = None,
) -> None:
    """Write ``version``, ``previous-version``, ``tag``, ``prerelease`` (and ``released``,
    ``artifacts`` when given). ``previous=True`` looks the previous release up in the tags.
    """
    if not state.output.environ.get("GITHUB_OUTPUT"):
        return
    if previous is True:
        previous = previous_version(project, version) if project is not None else None
    outputs: dict[str, str | bool | None] = {
        "version": version,
        "previous-version": previous or None,
        "tag": tag or (tag_of(project, version) if project is not None else None),
        "prerelease": is_prerelease(version),
    }
    if released is not None:
        outputs["released"] = released
    if artifacts is not None:
        outputs["artifacts"] = "\n".join(state.output.ci_path(path) for path in artifacts)
    state.output.set_outputs(outputs)


def nothing_to_release(
    state: State,
    project: Project,
    exc: ReleasekitError,
    command: str,
    *,
    as_json: bool,
    dry_run: bool = False,
) -> None:
    """``bump`` or ``release`` found nothing to release: say so, exit 0, ``released=false``.

    The message goes to stderr (it is not an error); ``--json`` prints ``{"released": false,
    ...}``; the outputs name the current version, so a later step can test ``released``.
    """
    current = project.version
    if as_json:
        from releasekit.cli import emit_json

        # The shape of the command's plan object (an empty plan), with the reason.
        emit_json(
            {
                "command": command,
                "dry_run": dry_run,
                "old": current,
                "new": current,
                "tag": tag_of(project, current),
                "steps": [],
                "done": 0,
                "files": [],
                "released": False,
                "version": current,
                "reason": "\n".join(exc.lines(cli=True)),
            }
        )
    else:
        for line in exc.lines(cli=True):
            state.reporter.say(line)
    version_outputs(state, project, current, released=False)
    if command == "release":
        from releasekit.ci.github import StepSummary

        summarize(state, StepSummary(command, version=current, released=False))


def artifacts_output(state: State, paths: Iterable[Path]) -> None:
    """Write ``artifacts``: the built files, one path per line."""
    state.output.set_outputs({"artifacts": "\n".join(state.output.ci_path(p) for p in paths)})


def summarize(state: State, summary: StepSummary) -> None:
    """Append ``summary`` to the step summary, when the runner asked for one."""
    state.output.add_summary(summary)


def summary_artifacts(artifacts: Iterable[Artifact]) -> tuple[SummaryArtifact, ...]:
    """The artifact rows of a summary."""
    from releasekit.ci.github import SummaryArtifact

    return tuple(SummaryArtifact.of(artifact) for artifact in artifacts)


def plan_results(plan: Plan) -> tuple[list[Artifact], list[str], PublishResult | None]:
    """What a release plan's dist steps did: the artifacts, the Pythons verified, the upload."""
    from releasekit.dist.build import BuildStep
    from releasekit.dist.steps import PublishStep
    from releasekit.dist.verify import VerifyStep

    artifacts: list[Artifact] = []
    pythons: list[str] = []
    published = None
    for step in plan.steps:
        if isinstance(step, BuildStep) and step.result is not None:
            artifacts = list(step.result.artifacts)
        elif isinstance(step, VerifyStep):
            pythons = [result.python_version for result in step.results]
        elif isinstance(step, PublishStep):
            published = step.result
    return artifacts, pythons, published


def release_json(plan: Plan, dry_run: bool) -> dict[str, object]:
    """The keys ``release --json`` adds to the plan: released, and the artifacts built."""
    artifacts, pythons, published = plan_results(plan)
    return {
        "released": not dry_run,
        "artifacts": [artifact.as_dict() for artifact in artifacts],
        "verified_on": pythons,
        "uploaded_to": published.url if published is not None else None,
    }


def report_release(state: State, project: Project, plan: Plan, *, dry_run: bool) -> None:
    """The outputs and the step summary of ``releasekit release``."""
    if not wants_ci_files(state):
        return
    from releasekit.ci.github import StepSummary

    artifacts, pythons, published = plan_results(plan)
    version_outputs(
        state,
        project,
        plan.new,
        previous=plan.old,
        tag=plan.tag,
        released=not dry_run,
        artifacts=[artifact.path for artifact in artifacts],
    )
    summarize(
        state,
        StepSummary(
            "release",
            version=plan.new,
            previous_version=plan.old,
            tag=plan.tag,
            released=not dry_run,
            dry_run=dry_run,
            artifacts=summary_artifacts(artifacts),
            pythons=tuple(pythons),
            upload_url=published.url if published is not None else None,
            uploaded=tuple(a.filename for a in published.uploaded) if published else (),
            skipped=tuple(a.filename for a in published.skipped) if published else (),
            notes=release_notes_of(project, plan.new),
        ),
    )


def release_notes_of(project: Project, version: str | None) -> str | None:
    """The changelog section of ``version`` (None when there is none)."""
    if not version:
        return None
    from releasekit.changelog.file import release_notes
    from releasekit.errors import ReleasekitError

    try:
        return release_notes(project, version, links=True)
    except ReleasekitError:
        return None
