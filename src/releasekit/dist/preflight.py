"""Before a release writes anything: will its build and its upload work?

:func:`check_release_artifacts` makes the checks the release's artifact steps depend on, so a
release (and its ``--dry-run``, which makes them too) is refused before the first write rather
than after the push: the package metadata, as ``twine check --strict`` would judge the build (a
missing readme is only a warning), and the upload credentials, probed with a request that
uploads nothing (:func:`~releasekit.dist.credentials.check_upload_credentials`).

Example::

    check_release_artifacts(root, pyproject, build=True, publish=True, repository="pypi",
                            repository_url=None, reporter=NullReporter())
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releasekit.errors import RefusedError

if TYPE_CHECKING:
    from releasekit.plan import Reporter

__all__ = ["check_release_artifacts"]


def check_release_artifacts(
    root: Path,
    pyproject: Mapping[str, Any],
    *,
    build: bool,
    publish: bool,
    repository: str,
    repository_url: str | None,
    reporter: Reporter,
    environ: Mapping[str, str] | None = None,
) -> None:
    """Refuse (:class:`~releasekit.errors.RefusedError`, exit 1) what would fail later.

    ``build``: the metadata must pass; ``publish``: the credentials for ``repository`` (or
    ``repository_url``) must exist and be accepted by the index.
    """
    if build:
        from releasekit.dist.metadata import check_metadata

        found = check_metadata(root, pyproject)
        for warning in found.warnings:
            reporter.warn(warning)
        if found.errors:
            raise RefusedError("\n".join([*found.errors, "nothing was changed"]))
    if publish:
        from releasekit.dist.credentials import check_upload_credentials
        from releasekit.dist.publish import PublishTarget

        target = PublishTarget(repository=repository, repository_url=repository_url)
        check_upload_credentials(target, environ=os.environ if environ is None else environ)
