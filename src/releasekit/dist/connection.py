"""A session with a package index: the repository, the credentials, the network policy.

twine resolves the repository (``pypi``, ``testpypi``, a ``~/.pypirc`` section or a URL) and the
credentials (explicit, ``~/.pypirc``, keyring, PyPI trusted publishing in GitHub Actions).
releasekit adds credentials from ``TWINE_USERNAME``/``TWINE_PASSWORD`` or a token in
``PYPI_API_TOKEN`` / ``RELEASEKIT_TOKEN`` (sent as ``__token__``), refuses to prompt when
``CI`` is set or stdin is not a terminal (listing the ways to provide credentials instead),
puts a timeout on every request and retries reads with backoff. Every message that could
hold a secret goes through :func:`mask_secrets` (every encoding of it, see
:mod:`releasekit.redaction`), and credentials are only ever sent to the upload URL's own
origin: a file the index links to on another host is fetched without them.

>>> mask_secrets("https://bob:hunter2@example.org/ says hunter2", ["hunter2"])
'https://bob:****@example.org/ says ****'
>>> PublishTarget("testpypi").describe()
'testpypi'
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from releasekit.errors import PublishError
from releasekit.redaction import Redactor, mask_credentials

if TYPE_CHECKING:
    import requests

__all__ = [
    "CREDENTIAL_HELP",
    "IndexConnection",
    "PublishTarget",
    "connect",
    "default_interactive",
    "mask_secrets",
    "origin",
    "quiet_twine",
    "resolve_upload_url",
]

logger = logging.getLogger("releasekit.dist.connection")

CREDENTIAL_HELP = """\
provide credentials in one of these ways:
  - a PyPI API token in PYPI_API_TOKEN or RELEASEKIT_TOKEN (sent as user __token__)
  - TWINE_USERNAME and TWINE_PASSWORD
  - a [{repository}] section with username and password in ~/.pypirc
  - keyring: keyring set {url} USERNAME
  - trusted publishing: in GitHub Actions, `permissions: id-token: write` on the job; in
    GitLab CI, `id_tokens: {{PYPI_ID_TOKEN: {{aud: pypi}}}}` on the job"""


def mask_secrets(
    text: str, secrets: Iterable[str | None], usernames: Iterable[str | None] = ()
) -> str:
    """``text`` with every secret (raw, URL-encoded, escaped or base64 with a user name) and
    every password in a URL replaced by ``****``."""
    return Redactor(secrets, usernames).redact(text)


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port of ``url``: where credentials may be sent.

    >>> origin("https://Upload.PyPI.org/legacy/") == origin("https://upload.pypi.org:443/x")
    True
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def default_interactive(environ: Mapping[str, str] | None = None) -> bool:
    """May releasekit prompt? Not in CI (``CI`` set) and not when stdin is not a terminal."""
    env = os.environ if environ is None else environ
    if env.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass(frozen=True)
class PublishTarget:
    """Where to upload: a repository name (``pypi``, ``testpypi``, a ``~/.pypirc`` section)
    or an upload URL, plus the simple API to look files up in (derived when not given).

    >>> PublishTarget("testpypi").describe()
    'testpypi'
    """

    repository: str = "pypi"
    repository_url: str | None = None
    index_url: str | None = None
    config_file: Path | None = None

    def describe(self) -> str:
        """The URL when given (credentials masked), else the repository name."""
        return mask_credentials(self.repository_url) if self.repository_url else self.repository

    def _config_file(self) -> str:
        return str(self.config_file) if self.config_file else "~/.pypirc"


def _twine_error(
    exc: Exception, target: PublishTarget, secrets: Sequence[str | None]
) -> PublishError:
    message = mask_secrets(str(exc).strip() or type(exc).__name__, secrets)
    return PublishError(f"{target.describe()}: {message}", exit_code=2)


def resolve_upload_url(target: PublishTarget) -> str:
    """The upload URL of ``target`` (from ``~/.pypirc`` for a named repository), no secrets."""
    from twine import exceptions, utils

    try:
        config = utils.get_repository_from_config(
            target._config_file(), target.repository, target.repository_url
        )
    except exceptions.TwineException as exc:
        raise _twine_error(exc, target, []) from None
    return str(config["repository"])


@dataclass
class IndexConnection:
    """A twine repository with releasekit's timeout and retry policy, and the secrets to mask.

    ``session`` carries the credentials and is used only for the upload URL's origin;
    :meth:`session_for` gives any other URL a session without them.
    """

    repository: Any
    session: requests.Session
    upload_url: str
    username: str | None
    secrets: tuple[str | None, ...]
    policy: tuple[float, int, float] = (60.0, 3, 1.0)
    #: How the credentials were obtained when not given: "GitHub Actions" or "GitLab CI"
    #: for a token minted by trusted publishing.
    via: str | None = None
    _anonymous: requests.Session | None = None
    _redactor: Redactor | None = None

    def redact(self, text: str) -> str:
        """``text`` with every form of this connection's secrets masked."""
        if self._redactor is None:
            self._redactor = Redactor(self.secrets, [self.username])
        return self._redactor.redact(text)

    def session_for(self, url: str) -> requests.Session:
        """The credentialed session for the upload URL's origin, a bare one for any other."""
        if origin(url) == origin(self.upload_url):
            return self.session
        if self._anonymous is None:
            from twine.utils import make_requests_session

            self._anonymous = make_requests_session()
            self._anonymous.auth = None
            timeout, retries, backoff = self.policy
            _harden(self._anonymous, timeout=timeout, retries=retries, backoff=backoff)
        return self._anonymous

    def close(self) -> None:
        """Close both sessions."""
        self.session.close()
        if self._anonymous is not None:
            self._anonymous.close()


def _no_trusted_publishing() -> None:
    """twine's own trusted publishing, turned off: releasekit mints the token itself."""
    return None


def _credentials_from_env(environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    username = environ.get("TWINE_USERNAME") or None
    password = environ.get("TWINE_PASSWORD") or None
    token = environ.get("PYPI_API_TOKEN") or environ.get("RELEASEKIT_TOKEN")
    if password is None and token:
        return "__token__", token
    return username, password


def connect(
    target: PublishTarget,
    *,
    environ: Mapping[str, str],
    interactive: bool,
    timeout: float,
    retries: int,
    backoff: float,
    require_credentials: bool = True,
    project: str | None = None,
) -> IndexConnection:
    """Resolve the repository and credentials of ``target`` and open a hardened session.

    Credentials come from ``environ`` first, then ``~/.pypirc``, then trusted publishing when
    the CI offers an OIDC token (GitHub Actions' id-token request, GitLab's ``PYPI_ID_TOKEN``:
    see :mod:`releasekit.dist.trusted`; ``project`` only names the settings page to fix when
    the index refuses), then twine's other sources (keyring, a prompt when ``interactive``).
    Without any, a :class:`PublishError`
    (exit 2) lists the ways to provide them; ``require_credentials=False`` (index lookups)
    goes on anonymously instead and never prompts.

    Example::

        connection = connect(PublishTarget("testpypi"), environ=os.environ,
                             interactive=False, timeout=30, retries=3, backoff=1.0)
    """
    from twine import exceptions
    from twine.settings import Settings

    username, password = _credentials_from_env(environ)
    secrets: tuple[str | None, ...] = (password,)
    try:
        with quiet_twine():
            settings = Settings(
                repository_name=target.repository,
                repository_url=target.repository_url,
                username=username,
                password=password,
                non_interactive=not interactive,
                config_file=target._config_file(),
                disable_progress_bar=True,
            )
    except exceptions.TwineException as exc:
        raise _twine_error(exc, target, secrets) from None
    url = str(settings.repository_config["repository"])
    secrets = (*secrets, settings.repository_config.get("password"))
    via = None
    if require_credentials and password is None and not settings.repository_config.get("password"):
        from releasekit.dist.trusted import mint_upload_token

        # Before twine's own sources: its trusted publishing knows GitHub only, and says less
        # when the index refuses the token.
        minted = mint_upload_token(url, environ, project=project, timeout=timeout)
        if minted is not None:
            username, password, via = minted.username, minted.token, minted.source
            secrets = (*secrets, password)
            logger.info("trusted publishing: %s minted an upload token for %s", url, via)
            with quiet_twine():
                settings = Settings(
                    repository_name=target.repository,
                    repository_url=target.repository_url,
                    username=username,
                    password=password,
                    non_interactive=True,
                    config_file=target._config_file(),
                    disable_progress_bar=True,
                )
    if via is None:
        # Trusted publishing is releasekit's (above). twine 7 would try its own for any PyPI
        # target without a password, even outside CI: up to 11 connections to the index
        # before an unclear network error instead of "no credentials".
        setattr(settings.auth, "make_trusted_publishing_token", _no_trusted_publishing)  # noqa: B010
    if not require_credentials:
        # A lookup: use the credentials at hand (a private index may need them to list
        # files), never prompt, never start keyring or trusted publishing for it.
        from twine.utils import make_requests_session

        session = make_requests_session()
        user = username or settings.repository_config.get("username")
        secret = password or settings.repository_config.get("password")
        session.auth = (user or "", secret) if secret else None
        _harden(session, timeout=timeout, retries=retries, backoff=backoff)
        return IndexConnection(
            None, session, url, user, secrets, policy=(timeout, retries, backoff)
        )
    try:
        with quiet_twine():
            resolved_user = settings.username
            resolved_password = settings.password
            if resolved_password is None and not settings.client_cert:
                raise exceptions.NonInteractive("no password or token found")
    except (exceptions.NonInteractive, exceptions.TrustedPublishingFailure) as exc:
        help_text = CREDENTIAL_HELP.format(repository=target.repository, url=url)
        reason = mask_secrets(str(exc), secrets)
        raise PublishError(
            f"no credentials for {mask_credentials(url)} ({reason})\n{help_text}",
            exit_code=2,
        ) from None
    except Exception as exc:  # network errors of trusted publishing, keyring backends…
        raise _twine_error(exc, target, secrets) from None
    secrets = (*secrets, resolved_password)
    with quiet_twine():
        repository = settings.create_repository()
    _harden(repository.session, timeout=timeout, retries=retries, backoff=backoff)
    return IndexConnection(
        repository,
        repository.session,
        url,
        resolved_user,
        secrets,
        policy=(timeout, retries, backoff),
        via=via,
    )


def _harden(session: requests.Session, *, timeout: float, retries: int, backoff: float) -> None:
    """A timeout on every request, and GET retries with backoff on 5xx and lost connections."""
    import urllib3
    from requests import PreparedRequest, Response
    from requests.adapters import HTTPAdapter

    default_timeout = timeout

    class _TimeoutAdapter(HTTPAdapter):
        def send(
            self,
            request: PreparedRequest,
            stream: bool = False,
            timeout: float | tuple[float | None, float | None] | None = None,
            verify: bool | str = True,
            cert: str | tuple[str, str] | None = None,
            proxies: dict[str, str] | None = None,
        ) -> Response:
            return super().send(
                request,
                stream=stream,
                timeout=default_timeout if timeout is None else timeout,
                verify=verify,
                cert=cert,
                proxies=proxies,
            )

    retry = urllib3.Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        allowed_methods=["GET", "HEAD"],
        status_forcelist=[500, 502, 503, 504],
        raise_on_status=False,
    )
    for scheme in ("http://", "https://"):
        session.mount(scheme, _TimeoutAdapter(max_retries=retry))


@contextlib.contextmanager
def quiet_twine() -> Iterator[None]:
    # twine prints progress with rich on stdout; the library never prints, so it is logged.
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            yield
    finally:
        if buffer.getvalue().strip():
            logger.debug("twine: %s", mask_credentials(buffer.getvalue().strip()))
