"""The build, verify and publish steps of a release, ready for the release plan.

:func:`dist_steps` returns the steps that run before the push (build the sdist and the wheel
from it, install the wheel in fresh venvs) and the one that runs after it (the irreversible
upload). A re-run of a release on a tagged HEAD can skip the upload when
``PublishStep.is_done()`` (the index holds every artifact with the same sha256).

>>> before, after = dist_steps(Path("/p"), "1.2.3", repository="testpypi")
>>> [step.describe() for step in before + after]  # doctest: +NORMALIZE_WHITESPACE
['build sdist and wheel of 1.2.3 into /p/dist',
 'install the 1.2.3 wheel from /p/dist in a fresh venv (this Python) and import it',
 'publish the 1.2.3 artifacts in /p/dist to testpypi']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from releasekit.dist.build import BuildStep
from releasekit.plan import Reporter, Step
from releasekit.dist.publish import PublishStep, PublishTarget
from releasekit.dist.verify import VerifyStep

__all__ = ["dist_steps"]


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
) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
    """``(before_push, after_push)``: build (+ verify) before the push, publish after it."""
    out = Path(outdir) if outdir is not None else Path(root) / "dist"
    before: list[Step] = [BuildStep(Path(root), out, version, reporter=reporter)]
    if verify:
        before.append(VerifyStep(out, version, tuple(interpreters), reporter=reporter))
    after: list[Step] = []
    if publish:
        target = PublishTarget(repository=repository, repository_url=repository_url)
        after.append(PublishStep(out, version, target, skip_existing=True, reporter=reporter))
    return tuple(before), tuple(after)
