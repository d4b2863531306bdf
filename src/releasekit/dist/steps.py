"""The build, verify and publish steps of a release, and the plan of ``releasekit publish``.

:func:`dist_steps` returns the steps that run before the push (build the sdist and the wheel
from it, install the wheel in fresh venvs) and the one that runs after it (the irreversible
upload, with ``skip_existing``: a re-run of a release on a tagged HEAD uploads only the files
the index does not have yet).

>>> before, after = dist_steps(Path("/p"), "1.2.3", repository="testpypi")
>>> [step.describe() for step in before + after]  # doctest: +NORMALIZE_WHITESPACE
['build sdist and wheel of 1.2.3 into /p/dist',
 'install the 1.2.3 wheel from /p/dist in a fresh venv (this Python) and import it',
 'publish the 1.2.3 artifacts in /p/dist to testpypi']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from releasekit.dist.artifacts import find_artifacts, inspect_artifact
from releasekit.dist.build import BuildStep
from releasekit.dist.expected import WheelExpectation, expectation_for
from releasekit.dist.order import upload_order
from releasekit.dist.publish import PublishResult, PublishTarget, publish, resolve_upload_url
from releasekit.dist.verify import VerifyStep
from releasekit.dist.wheelset import CompleteSetStep
from releasekit.errors import PublishError, RefusedError
from releasekit.git.runner import mask_credentials
from releasekit.plan import Plan, Reporter, Step

__all__ = ["PublishStep", "dist_steps", "plan_publish"]


def _project_settings(root: Path) -> tuple[WheelExpectation, str]:
    """The project's expected set and its ``installer``, from its pyproject.toml."""
    from releasekit.config import load_config
    from releasekit.files.toml import read_toml

    path = root / "pyproject.toml"
    pyproject = read_toml(path, display="pyproject.toml")[1] if path.is_file() else {}
    tool = pyproject.get("tool")
    config = load_config(tool.get("releasekit") if isinstance(tool, dict) else None)
    return expectation_for(root, pyproject, config.expect_wheels), config.installer


def dist_steps(
    root: Path,
    version: str,
    *,
    outdir: Path | None = None,
    interpreters: Sequence[str] = (),
    repository: str = "pypi",
    repository_url: str | None = None,
    publish: bool = True,
    verify: bool = True,
    reporter: Reporter | None = None,
    expectation: WheelExpectation | None = None,
    installer: str | None = None,
) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
    """``(before_push, after_push)``: build (+ verify) before the push, publish after it.

    ``expectation`` is the set the release must hold and ``installer`` who fills the build and
    verify environments (defaults: the project's, see
    :func:`releasekit.dist.expected.expectation_for` and ``installer`` in
    ``[tool.releasekit]``). Publishing from this machine refuses an
    extension project whose wheels are expected from the cibuildwheel matrix (the release
    workflow builds and publishes them); with ``expect-wheels`` configured, the built set is
    checked before the push.
    """
    out = Path(outdir) if outdir is not None else Path(root) / "dist"
    project_expected, project_installer = _project_settings(Path(root))
    expected = (expectation or project_expected) if publish else None
    chosen = installer or project_installer
    if expected is not None and expected.origin == "cibuildwheel":
        raise RefusedError(
            f"{Path(root).name} has compiled extensions: its wheels for every platform are "
            "built by the release workflow's cibuildwheel matrix, not on this machine\n"
            "release with `releasekit release --no-publish` and let the tag push build and "
            "publish, or set `expect-wheels` in [tool.releasekit] to what this machine builds"
        )
    before: list[Step] = [BuildStep(Path(root), out, version, reporter=reporter, installer=chosen)]
    if verify:
        pythons = tuple(interpreters)
        before.append(VerifyStep(out, version, pythons, reporter=reporter, installer=chosen))
    if expected is not None and expected.origin == "configured":
        before.append(CompleteSetStep(out, version, expected))
    after: list[Step] = []
    if publish:
        target = PublishTarget(repository=repository, repository_url=repository_url)
        after.append(
            PublishStep(
                out, version, target, skip_existing=True, reporter=reporter, expectation=expected
            )
        )
    return tuple(before), tuple(after)


@dataclass
class PublishStep:
    """A plan step: upload ``dists``, or the artifacts of ``version`` in ``dist_dir``. Irreversible.

    Without ``dists`` the files are looked up at apply time (a release builds them first),
    and with an ``expectation`` the set is checked again first (:class:`CheckFailed` names
    what is wrong, nothing is uploaded); the wheels go up before the sdist.
    With ``skip_existing`` (the default here) a re-run skips what the index already has with
    the same sha256, so finishing a release that failed after its push uploads only the rest.

    >>> PublishStep(Path("dist"), "1.2.3", PublishTarget("testpypi")).describe()
    'publish the 1.2.3 artifacts in dist to testpypi'
    """

    dist_dir: Path
    version: str | None
    target: PublishTarget = field(default_factory=PublishTarget)
    skip_existing: bool = True
    reporter: Reporter | None = None
    environ: Mapping[str, str] | None = None
    dists: tuple[Path, ...] | None = None
    #: Ask for missing credentials on a terminal (None: when stdin is one and not in CI).
    interactive: bool | None = False
    timeout: float = 60.0
    retries: int = 3
    irreversible: bool = True
    #: What finishes the job by hand when a later step fails (the release plan prints it).
    finish_command: str = "releasekit publish --skip-existing"
    result: PublishResult | None = None
    #: The set the release must hold, checked at apply time (None: no set check).
    expectation: WheelExpectation | None = None

    def describe(self) -> str:
        """One line: what goes where."""
        if self.dists is not None:
            return f"upload {len(self.dists)} file(s) to {self.target.describe()}"
        what = f"the {self.version} artifacts" if self.version else "the artifacts"
        return f"publish {what} in {self.dist_dir} to {self.target.describe()}"

    def files(self) -> list[Path]:
        """The files this step uploads (found at apply time, after the build)."""
        if self.dists is not None:
            return list(self.dists)
        if self.expectation is not None and self.version is not None:
            from releasekit.dist.wheelset import checked_release_files

            return checked_release_files(self.dist_dir, None, self.version, self.expectation)
        return [a.path for a in find_artifacts(self.dist_dir, self.version)]

    def apply(self) -> None:
        """Upload (skipping files the index has with the same sha256)."""
        self.result = publish(
            self.files(),
            self.target,
            skip_existing=self.skip_existing,
            reporter=self.reporter,
            environ=self.environ,
            interactive=self.interactive,
            timeout=self.timeout,
            retries=self.retries,
        )

    def rollback(self) -> None:
        """An upload cannot be undone; a plan never calls this on an irreversible step."""


def plan_publish(
    dists: Sequence[Path],
    target: PublishTarget,
    *,
    skip_existing: bool = False,
    reporter: Reporter | None = None,
    environ: Mapping[str, str] | None = None,
    interactive: bool | None = None,
    timeout: float = 60.0,
    retries: int = 3,
) -> Plan:
    """The plan of ``releasekit publish``: upload ``dists`` to ``target`` (one irreversible step).

    Planning reads the files and resolves the upload URL, without credentials or network.
    ``plan.facts`` holds ``url`` (credentials masked) and ``artifacts`` (one line each: name,
    size, sha256); after ``plan.apply()`` the step's ``result`` says what was uploaded.

    Example::

        plan = plan_publish([Path("dist/pkg-1.0.tar.gz")], PublishTarget("testpypi"))
        print(plan.facts["url"]); plan.apply()
    """
    artifacts = upload_order([inspect_artifact(Path(p)) for p in dists])
    if not artifacts:
        raise PublishError("nothing to publish: no distribution files were given", exit_code=2)
    url = mask_credentials(resolve_upload_url(target))
    step = PublishStep(
        Path(dists[0]).parent,
        None,
        target,
        skip_existing=skip_existing,
        reporter=reporter,
        environ=environ,
        dists=tuple(a.path for a in artifacts),
        interactive=interactive,
        timeout=timeout,
        retries=retries,
    )
    return Plan(
        [step],
        facts={
            "command": "publish",
            "url": url,
            "artifacts": [a.describe() for a in artifacts],
            "files": [a.filename for a in artifacts],
        },
    )
