"""``releasekit build``, ``verify`` and ``publish``: thin commands over building, venv_verify
and publishing. Each parses its options, calls one library function and prints the result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from releasekit.cli import State, emit_json, pass_state
from releasekit.cli.ci_report import (
    artifacts_output,
    summarize,
    summary_artifacts,
    tag_of,
    wants_ci_files,
)
from releasekit.cli.run import plan_options, run_plan
from releasekit.errors import BuildBackendFailed, BuildError, UsageError

if TYPE_CHECKING:
    from releasekit.dist.publish import PublishResult
    from releasekit.plan import Plan


class _SayingReporter:
    """Build and publish progress is worth showing without ``-v`` (it takes seconds)."""

    def __init__(self, state: State) -> None:
        self.state = state

    @property
    def progress_bars(self) -> bool:
        return self.state.reporter.progress_bars

    def info(self, message: str) -> None:
        self.state.reporter.step(message)

    def warn(self, message: str) -> None:
        self.state.reporter.warn(message)


def _dist_dir(state: State, dist: Path | None) -> Path:
    # Like `check --dist`, a relative directory is taken from the project root.
    if dist is not None and dist.is_absolute():
        return dist
    return state.project().root / (dist or "dist")


_INSTALLER = click.option(
    "--installer",
    type=click.Choice(["auto", "pip", "uv"]),
    default=None,
    help="Who installs into the fresh environments (default: [tool.releasekit] installer, "
    "else auto: uv when it is on PATH).",
)


@click.command("build")
@click.option(
    "--outdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to put the sdist and wheel, relative to the project root (default: dist).",
)
@click.option("--no-clean", is_flag=True, help="Keep build/, the outdir and *.egg-info.")
@click.option("--sdist-only", is_flag=True, help="Build only the sdist.")
@click.option("--wheel-only", is_flag=True, help="Build only the wheel (from the source tree).")
@click.option(
    "--no-isolation", is_flag=True, help="Build in the current environment, not a fresh one."
)
@click.option("--json", "as_json", is_flag=True, help="Print the artifacts as one JSON object.")
@_INSTALLER
@pass_state
def build(
    state: State,
    outdir: Path | None,
    no_clean: bool,
    sdist_only: bool,
    wheel_only: bool,
    no_isolation: bool,
    as_json: bool,
    installer: str | None,
) -> None:
    """Clean, build the sdist and the wheel from it, verify both, twine check --strict.

    Prints each artifact with its size and sha256. SOURCE_DATE_EPOCH defaults to the commit
    time of HEAD, so two builds of one commit give the same wheel.
    """
    from releasekit.dist.build import build_project

    if sdist_only and wheel_only:
        raise UsageError("--sdist-only and --wheel-only exclude each other: pass one of them")
    project = state.project()
    try:
        result = build_project(
            project.root,
            project.version,
            outdir=outdir,
            clean=not no_clean,
            sdist=not wheel_only,
            wheel=not sdist_only,
            isolation=not no_isolation,
            reporter=_SayingReporter(state),
            installer=installer or project.config.installer,
        )
    except BuildBackendFailed as exc:
        if exc.output:
            state.output.long_text("the build backend's output", exc.output)
        raise BuildError(exc.message) from None
    if wants_ci_files(state):
        from releasekit.ci.github import StepSummary

        artifacts_output(state, [a.path for a in result.artifacts])
        summarize(
            state,
            StepSummary(
                "build",
                version=project.version,
                tag=tag_of(project, project.version),
                artifacts=summary_artifacts(result.artifacts),
            ),
        )
    if as_json:
        emit_json(
            {
                "version": project.version,
                "source_date_epoch": result.source_date_epoch,
                "removed": [str(p) for p in result.removed],
                "artifacts": [a.as_dict() for a in result.artifacts],
            }
        )
        return
    for artifact in result.artifacts:
        click.echo(artifact.describe())


@click.command("verify")
@click.option(
    "--dist",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the wheel is, relative to the project root (default: dist).",
)
@click.option(
    "--python",
    "pythons",
    multiple=True,
    metavar="EXE",
    help="An interpreter to test with (repeatable; default: the current one).",
)
@click.option(
    "--find-links",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Also look for dependencies here (repeatable).",
)
@click.option("--no-index", is_flag=True, help="Install offline: dependencies from --find-links.")
@_INSTALLER
@click.option("--json", "as_json", is_flag=True, help="Print the results as one JSON object.")
@pass_state
def verify(
    state: State,
    dist: Path | None,
    pythons: tuple[str, ...],
    find_links: tuple[Path, ...],
    no_index: bool,
    installer: str | None,
    as_json: bool,
) -> None:
    """Install the wheel in a fresh venv per interpreter, import it, check its version."""
    from releasekit.dist.verify import verify_dist

    project = state.project()
    results = verify_dist(
        _dist_dir(state, dist),
        project.version,
        interpreters=pythons,
        find_links=find_links,
        no_index=no_index,
        reporter=state.reporter,
        installer=installer or project.config.installer,
    )
    if wants_ci_files(state):
        from releasekit.ci.github import StepSummary

        summarize(
            state,
            StepSummary(
                "verify",
                version=project.version,
                pythons=tuple(
                    f"{result.python_version} ({result.interpreter})" for result in results
                ),
            ),
        )
    if as_json:
        emit_json(
            {
                "version": project.version,
                "results": [
                    {
                        "interpreter": result.interpreter,
                        "python_version": result.python_version,
                        "modules": list(result.modules),
                        "version": result.version,
                    }
                    for result in results
                ],
            }
        )
        return
    for result in results:
        modules = ", ".join(result.modules)
        click.echo(
            f"ok: {result.interpreter} (Python {result.python_version}) imported {modules} "
            f"{result.version}"
        )


@click.command("publish")
@click.argument("dists", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--dist",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Publish the current version's artifacts from DIR (default: dist in the project).",
)
@click.option(
    "-r",
    "--repository",
    default=None,
    metavar="NAME",
    help="pypi, testpypi or a ~/.pypirc section (default: [tool.releasekit] repository).",
)
@click.option("--repository-url", default=None, metavar="URL", help="The upload URL.")
@click.option(
    "--index-url",
    default=None,
    metavar="URL",
    help="The index's simple API, for --skip-existing (default: derived from the upload URL).",
)
@click.option(
    "--skip-existing",
    is_flag=True,
    help="Skip files the index already has with the same sha256 (any index).",
)
@click.option(
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The .pypirc to read (default: ~/.pypirc).",
)
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds per request.")
@click.option("--retries", type=int, default=3, show_default=True, help="Retries on 5xx.")
@plan_options("Show what would be uploaded where; upload nothing.")
@pass_state
def publish(
    state: State,
    /,
    dists: tuple[Path, ...],
    dist: Path | None,
    skip_existing: bool,
    timeout: float,
    retries: int,
    dry_run: bool,
    as_json: bool,
    **where: Any,
) -> None:
    """Upload the sdist and wheel with twine (credentials never printed).

    Without DIST, the artifacts of the current version in dist/ are uploaded.
    """
    from releasekit.dist.publish import PublishTarget
    from releasekit.dist.steps import plan_publish

    if dists and dist is not None:
        raise UsageError("pass either DIST files or --dist DIR, not both")
    if where["repository"] is None:
        where["repository"] = state.project().config.repository if not dists else "pypi"
    # Without DIST, the project's release: the whole set, checked again, wheels first.
    files = list(dists) or _release_files(state, dist)
    target = PublishTarget(**where)  # repository, repository_url, index_url, config_file
    reporter = _SayingReporter(state) if state.verbose else state.reporter
    run_plan(
        state,
        lambda: plan_publish(
            files,
            target,
            skip_existing=skip_existing,
            reporter=reporter,
            timeout=timeout,
            retries=retries,
        ),
        dry_run=dry_run,
        as_json=as_json,
        preview=_would_upload,
        dry_note=lambda plan: "",
        done=_uploaded,
        json_extra=_publish_json,
        report=lambda plan, dry: None if dry else _publish_summary(state, plan),
    )


def _publish_result(plan: Plan) -> PublishResult | None:
    from releasekit.dist.steps import PublishStep

    step = plan.steps[0] if plan.steps else None
    return step.result if isinstance(step, PublishStep) else None


def _publish_json(plan: Plan, dry_run: bool) -> dict[str, object]:
    result = _publish_result(plan)
    if result is None:
        return {"uploaded": [], "skipped": [], "via": None}
    return {
        "url": result.url,
        "uploaded": [a.as_dict() for a in result.uploaded],
        "skipped": [a.as_dict() for a in result.skipped],
        "via": result.via,
    }


def _publish_summary(state: State, plan: Plan) -> None:
    from releasekit.ci.github import StepSummary

    result = _publish_result(plan)
    if result is None or not wants_ci_files(state):
        return
    artifacts = (*result.uploaded, *result.skipped)
    version = artifacts[0].version if artifacts else None
    summarize(
        state,
        StepSummary(
            "publish",
            version=version,
            artifacts=summary_artifacts(artifacts),
            upload_url=result.url + (f" (trusted publishing, {result.via})" if result.via else ""),
            uploaded=tuple(a.filename for a in result.uploaded),
            skipped=tuple(a.filename for a in result.skipped),
        ),
    )


def _would_upload(plan: Plan) -> None:
    click.echo(f"would upload to {plan.facts['url']}:")
    for line in plan.facts["artifacts"]:
        click.echo(f"  {line}")


def _uploaded(plan: Plan) -> None:
    (step,) = plan.steps
    result = step.result  # type: ignore[attr-defined]
    for artifact in result.skipped:
        click.echo(f"skipped {artifact.filename} (already on {result.url}, same sha256)")
    for artifact in result.uploaded:
        click.echo(f"uploaded {artifact.filename} to {result.url}")


def _release_files(state: State, dist: Path | None) -> list[Path]:
    from releasekit.dist.expected import expectation_for
    from releasekit.dist.wheelset import checked_release_files

    project = state.project()
    table = project.pyproject.get("project")
    name = table.get("name") if isinstance(table, dict) else None
    expected = expectation_for(project.root, project.pyproject, project.config.expect_wheels)
    directory = _dist_dir(state, dist)
    return checked_release_files(
        directory, name if isinstance(name, str) else None, project.version, expected
    )
