"""Before a release writes anything: are there upload credentials, and does the index take them?

:func:`check_upload_credentials` resolves the credentials exactly as :func:`~releasekit.dist.
publish.publish` will (environment, a URL, ``~/.pypirc``, keyring, trusted publishing), then
probes them with an upload request that carries no file: an index checks who is asking before
it looks at what was sent, so ``401``/``403`` means the credentials are missing or rejected,
while the ``400`` for the missing file means they were accepted. Nothing is ever stored.

Example::

    check = check_upload_credentials(PublishTarget("testpypi"), environ=os.environ)
    print(check.describe())   # "credentials for https://test.pypi.org/legacy/ accepted"
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from releasekit.dist.connection import PublishTarget, connect
from releasekit.errors import EXIT_REFUSED, PublishError
from releasekit.redaction import mask_credentials

__all__ = ["CredentialCheck", "check_upload_credentials"]

logger = logging.getLogger("releasekit.dist.credentials")

#: The form fields of an upload, without the file: enough for an index to check who is asking.
_PROBE_FORM = {":action": "file_upload", "protocol_version": "1"}


@dataclass(frozen=True)
class CredentialCheck:
    """The outcome of a probe: where it went and what the index answered."""

    url: str
    username: str | None
    status: int

    def describe(self) -> str:
        """One line for a plan or a log."""
        who = f" (user {self.username})" if self.username else ""
        return f"credentials{who} for {self.url} accepted (probe answered HTTP {self.status})"


def check_upload_credentials(
    target: PublishTarget,
    *,
    environ: Mapping[str, str],
    timeout: float = 15.0,
) -> CredentialCheck:
    """Resolve the credentials for ``target`` and probe them; never uploads, never prompts.

    Raises :class:`~releasekit.errors.PublishError` with exit status 1 (the release is refused
    before its first write) when there are none, when the index rejects them, or when it cannot
    be reached; the message names the URL and how to fix it.
    """
    import requests

    try:
        connection = connect(
            target, environ=environ, interactive=False, timeout=timeout, retries=1, backoff=0.5
        )
    except PublishError as exc:
        raise PublishError(exc.message, exit_code=EXIT_REFUSED) from None
    url = mask_credentials(connection.upload_url)
    try:
        response = connection.session.post(
            connection.upload_url, data=_PROBE_FORM, timeout=timeout, allow_redirects=False
        )
    except requests.RequestException as exc:
        raise PublishError(
            connection.redact(f"cannot reach {url} to check the upload credentials: {exc}")
            + "\ncheck the URL and the network, or release without publishing (--no-publish)"
        ) from None
    finally:
        connection.close()
    status = response.status_code
    logger.debug("credential probe of %s: HTTP %s", url, status)
    if status in (401, 403):
        who = f" for user {connection.username!r}" if connection.username else ""
        raise PublishError(
            f"{url} rejected the upload credentials{who} (HTTP {status}): fix the token or "
            "password (PYPI_API_TOKEN, TWINE_PASSWORD, ~/.pypirc) or its upload permission, "
            "then run the release again; nothing was written"
        )
    if status >= 500 or 300 <= status < 400:
        raise PublishError(
            f"{url} answered the credential check with HTTP {status} {response.reason}: "
            "use the index's upload URL (e.g. https://upload.pypi.org/legacy/) and try again "
            "when it answers; nothing was written"
        )
    return CredentialCheck(url=url, username=connection.username, status=status)
