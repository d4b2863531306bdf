"""Trusted publishing: trade the CI's OpenID Connect token for a short-lived upload token.

A package index that supports trusted publishing (PyPI, TestPyPI) accepts an OIDC token that
the CI system signed for this repository and workflow, and answers with an API token valid for
a few minutes. That token is then the upload password, with the user name ``__token__``;
nothing is stored anywhere. The exchange, as PyPI documents it:

1. ``GET <index>/_/oidc/audience`` names the audience the OIDC token must be issued for;
2. the OIDC token comes from the CI:
   - **GitHub Actions** (a job with ``permissions: id-token: write``): ``GET
     $ACTIONS_ID_TOKEN_REQUEST_URL&audience=<audience>`` with ``Authorization: bearer
     $ACTIONS_ID_TOKEN_REQUEST_TOKEN`` answers ``{"value": "<token>"}``;
   - **GitLab CI**: the job declares ``id_tokens: {PYPI_ID_TOKEN: {aud: pypi}}`` and GitLab
     puts the token in ``$PYPI_ID_TOKEN``;
3. ``POST <index>/_/oidc/mint-token`` with ``{"token": "<oidc token>"}`` answers
   ``{"token": "<upload token>"}``, or an error body ``{"errors": [{"code", "description"}]}``.

``<index>`` is the origin (scheme and host) of the upload URL, so the tokens only ever go to
the index they are for: redirects are not followed, and plain ``http`` is refused except on
the loopback interface. No token is ever shown: every message this module makes is passed
through a :class:`~releasekit.redaction.Redactor` that knows every token met so far, in all
their forms (raw, URL-encoded, escaped, base64 alone or in an HTTP Basic header).

>>> oidc_origin("https://upload.pypi.org/legacy/")
'https://upload.pypi.org'
>>> ambient_source({"PYPI_ID_TOKEN": "eyJ..."})
'GitLab CI'
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from releasekit.errors import PublishError
from releasekit.redaction import Redactor, mask_credentials

if TYPE_CHECKING:
    import requests

__all__ = [
    "GITHUB_REQUEST_TOKEN",
    "GITHUB_REQUEST_URL",
    "GITLAB_TOKEN",
    "MintedToken",
    "ambient_source",
    "mint_upload_token",
    "oidc_origin",
]

logger = logging.getLogger("releasekit.dist.trusted")

#: GitHub sets these two in a job that has ``permissions: id-token: write``.
GITHUB_REQUEST_URL = "ACTIONS_ID_TOKEN_REQUEST_URL"
GITHUB_REQUEST_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN"  # noqa: S105 - a variable name
#: GitLab puts the token a job asks for with ``id_tokens: {PYPI_ID_TOKEN: …}`` here.
GITLAB_TOKEN = "PYPI_ID_TOKEN"  # noqa: S105 - a variable name

_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
#: The claims that a trusted publisher is matched on, shown when the index refuses one.
_CLAIMS = (
    "repository",
    "project_path",
    "workflow_ref",
    "job_workflow_ref",
    "ci_config_ref_uri",
    "environment",
    "ref",
    "sub",
)


def ambient_source(environ: Mapping[str, str]) -> str | None:
    """The CI that offers an OIDC token here (``"GitHub Actions"``, ``"GitLab CI"``), or None.

    >>> ambient_source({"ACTIONS_ID_TOKEN_REQUEST_URL": "u", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "t"})
    'GitHub Actions'
    >>> ambient_source({"GITHUB_ACTIONS": "true"}) is None
    True
    """
    if environ.get(GITHUB_REQUEST_URL) and environ.get(GITHUB_REQUEST_TOKEN):
        return "GitHub Actions"
    if environ.get(GITLAB_TOKEN, "").strip():
        return "GitLab CI"
    return None


def oidc_origin(upload_url: str) -> str:
    """The origin whose ``/_/oidc/`` endpoints serve the index at ``upload_url``.

    Credentials in the URL are dropped; ``http`` is only accepted on the loopback interface,
    since the OIDC token must not cross a network in clear.

    >>> oidc_origin("http://127.0.0.1:8080/legacy/")
    'http://127.0.0.1:8080'
    """
    parts = urlsplit(upload_url)
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise PublishError(
            f"trusted publishing needs an http(s) upload URL, not {mask_credentials(upload_url)}; "
            "pass --repository-url https://…",
            exit_code=2,
        )
    if parts.scheme == "http" and host not in _LOOPBACK:
        raise PublishError(
            f"refusing trusted publishing over plain http to {host}: the OIDC token would "
            "cross the network unencrypted; use the index's https upload URL",
            exit_code=2,
        )
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return f"{parts.scheme}://{netloc}"


@dataclass(frozen=True)
class MintedToken:
    """A short-lived upload token for one index: use it as the password of ``__token__``.

    Its ``repr`` never shows the token.

    >>> MintedToken("pypi-abc123", "https://upload.pypi.org", "GitHub Actions")
    MintedToken(origin='https://upload.pypi.org', source='GitHub Actions', token=<hidden>)
    """

    token: str = field(repr=False)
    origin: str
    source: str
    username: str = "__token__"
    expires: int | None = None

    def __repr__(self) -> str:
        return f"MintedToken(origin={self.origin!r}, source={self.source!r}, token=<hidden>)"


class _Exchange:
    """One exchange: the session, the endpoints, and every secret met so far (to redact)."""

    def __init__(self, session: requests.Session, origin: str, timeout: float) -> None:
        self.session = session
        self.origin = origin
        self.host = urlsplit(origin).netloc
        self.timeout = timeout
        self.secrets: list[str] = []

    def redact(self, text: str) -> str:
        return Redactor(self.secrets, ["__token__"]).redact(text)

    def fail(self, message: str, exit_code: int = 1) -> PublishError:
        return PublishError(self.redact(message), exit_code=exit_code)

    def request(self, method: str, url: str, what: str, **kwargs: Any) -> requests.Response:
        import requests

        try:
            # Never follow a redirect: the token would go wherever the answer points.
            response = self.session.request(
                method, url, timeout=self.timeout, allow_redirects=False, **kwargs
            )
        except requests.RequestException as exc:
            raise self.fail(
                f"trusted publishing: cannot reach {what} ({type(exc).__name__}: {exc}); "
                "check the network and try again"
            ) from None
        if response.is_redirect or 300 <= response.status_code < 400:
            target = urlsplit(response.headers.get("Location", "")).netloc or "elsewhere"
            raise self.fail(
                f"trusted publishing: {what} answered with a redirect to {target} "
                f"(HTTP {response.status_code}); releasekit sends tokens only where it asked"
            )
        return response

    def json(self, response: requests.Response, what: str) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            # Redact first, then cut: a cut could split a token and hide it from the mask.
            snippet = self.redact(response.text)[:300].strip()
            raise self.fail(
                f"trusted publishing: {what} answered HTTP {response.status_code} without a "
                f"JSON object: {snippet or '(empty body)'}"
            )
        return data


def _claims(token: str) -> dict[str, Any]:
    """The claims of a JWT, read without checking its signature (the index does that)."""
    try:
        payload = token.split(".")[1]
        decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, binascii.Error, UnicodeDecodeError):
        return {}
    return decoded if isinstance(decoded, dict) else {}


def _audience(exchange: _Exchange) -> str:
    what = f"{exchange.host} (/_/oidc/audience)"
    response = exchange.request("GET", f"{exchange.origin}/_/oidc/audience", what)
    if response.status_code == 404:
        raise exchange.fail(
            f"{exchange.host} does not offer trusted publishing (no /_/oidc/audience); "
            "give an API token in PYPI_API_TOKEN instead",
            exit_code=2,
        )
    data = exchange.json(response, what)
    audience = data.get("audience")
    if response.status_code != 200 or not isinstance(audience, str) or not audience:
        raise exchange.fail(
            f"trusted publishing: {what} answered HTTP {response.status_code} without an "
            "audience; try again later, or give an API token in PYPI_API_TOKEN"
        )
    return audience


def _github_token(exchange: _Exchange, environ: Mapping[str, str], audience: str) -> str:
    url = environ[GITHUB_REQUEST_URL]
    request_token = environ[GITHUB_REQUEST_TOKEN]
    exchange.secrets.append(request_token)
    separator = "&" if "?" in url else "?"
    response = exchange.request(
        "GET",
        f"{url}{separator}audience={quote(audience, safe='')}",
        "GitHub's OIDC token service",
        headers={"Authorization": f"bearer {request_token}", "Accept": "application/json"},
    )
    data = exchange.json(response, "GitHub's OIDC token service")
    value = data.get("value")
    if response.status_code != 200 or not isinstance(value, str) or not value:
        raise exchange.fail(
            f"trusted publishing: GitHub's OIDC token service answered HTTP "
            f"{response.status_code} without a token; the job needs `permissions: id-token: "
            "write`"
        )
    exchange.secrets.append(value)
    return value


def _gitlab_token(exchange: _Exchange, environ: Mapping[str, str], audience: str) -> str:
    token = environ[GITLAB_TOKEN].strip()
    exchange.secrets.append(token)
    found = _claims(token).get("aud")
    audiences = found if isinstance(found, list) else [found]
    if found is not None and audience not in audiences:
        raise exchange.fail(
            f"{GITLAB_TOKEN} was issued for the audience {found!r}, but {exchange.host} "
            f"expects {audience!r}: in .gitlab-ci.yml set "
            f"`id_tokens: {{{GITLAB_TOKEN}: {{aud: {audience}}}}}` on the publish job",
            exit_code=2,
        )
    return token


def _publisher_help(exchange: _Exchange, oidc_token: str, project: str | None) -> str:
    claims = _claims(oidc_token)
    shown = ", ".join(f"{key}={claims[key]}" for key in _CLAIMS if isinstance(claims.get(key), str))
    host = exchange.host.removeprefix("upload.")
    where = f"https://{host}/manage/project/{project}/settings/publishing/" if project else None
    lines = [
        "fix the trusted publisher on the index so that it matches this job exactly "
        "(owner/repository, workflow file name, environment), "
        + (f"at {where}" if where else f"in {host}'s publishing settings")
        + "; for a project not on the index yet, add a pending publisher"
    ]
    if shown:
        lines.append(f"this job's token says: {shown}")
    return "\n".join(lines)


def _mint(exchange: _Exchange, oidc_token: str, source: str, project: str | None) -> MintedToken:
    what = f"{exchange.host} (/_/oidc/mint-token)"
    response = exchange.request(
        "POST", f"{exchange.origin}/_/oidc/mint-token", what, json={"token": oidc_token}
    )
    data = exchange.json(response, what)
    if response.status_code != 200 or not isinstance(data.get("token"), str):
        errors = data.get("errors")
        reasons = [
            f"{error.get('code', 'error')}: {error.get('description', '')}".strip(": ")
            for error in (errors if isinstance(errors, list) else [])
            if isinstance(error, dict)
        ] or [str(data.get("message") or "no reason given")]
        raise exchange.fail(
            f"{exchange.host} refused the trusted-publishing token from {source} "
            f"(HTTP {response.status_code}): "
            + "; ".join(reasons)
            + "\n"
            + _publisher_help(exchange, oidc_token, project)
        )
    token = data["token"]
    exchange.secrets.append(token)
    expires = data.get("expires")
    logger.debug(
        "minted an upload token for %s through %s trusted publishing", exchange.host, source
    )
    return MintedToken(
        token, exchange.origin, source, expires=expires if isinstance(expires, int) else None
    )


def mint_upload_token(
    upload_url: str,
    environ: Mapping[str, str],
    *,
    project: str | None = None,
    session: requests.Session | None = None,
    timeout: float = 30.0,
) -> MintedToken | None:
    """An upload token for ``upload_url`` from the CI's OIDC token; None when there is none.

    ``environ`` holds the CI's variables (see the module docstring); ``project`` (the
    distribution name) only makes a refusal name the settings page to fix. A refusal, a
    network failure or a malformed answer is a :class:`PublishError` whose message names the
    trusted-publisher configuration to fix and never holds a token.

    Example::

        minted = mint_upload_token("https://upload.pypi.org/legacy/", os.environ)
        if minted is not None:
            username, password = minted.username, minted.token
    """
    source = ambient_source(environ)
    if source is None:
        return None
    origin = oidc_origin(upload_url)
    if session is None:
        import requests

        session = requests.Session()
    exchange = _Exchange(session, origin, timeout)
    audience = _audience(exchange)
    if source == "GitHub Actions":
        oidc_token = _github_token(exchange, environ, audience)
    else:
        oidc_token = _gitlab_token(exchange, environ, audience)
    return _mint(exchange, oidc_token, source, project)
