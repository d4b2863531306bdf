"""A stand-in for the OIDC side of trusted publishing, on 127.0.0.1.

PyPI's ``/_/oidc/mint-token`` and GitHub's id-token service cannot run here, so one small
``http.server`` plays both, as their documentation describes them:

- ``GET /_/oidc/audience`` answers ``{"audience": …}``;
- ``GET /github/token?api-version=2.0&audience=…`` (GitHub's ``ACTIONS_ID_TOKEN_REQUEST_URL``)
  wants ``Authorization: bearer <request token>`` and answers ``{"value": <JWT>}``;
- ``POST /_/oidc/mint-token`` takes ``{"token": <JWT>}``, checks that it is a token this
  server issued (or the GitLab one it was told about) for the right audience, and answers
  ``{"success": true, "token": …, "expires": …}`` or PyPI's error body.

Every request is recorded (method, path, headers, body) so tests can prove where each token
went. ``upstream`` makes every other path a reverse proxy to a real index (pypiserver), so an
upload with the minted token lands in a real index on the same origin as the mint endpoint.
"""

from __future__ import annotations

import base64
import http.server
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

REQUEST_TOKEN = "ghs_request-token-for-the-id-token-service-7Qz"
MINTED_TOKEN = "pypi-minted-short-lived-upload-token-Xk29fQ"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def make_jwt(claims: dict[str, Any], signature: str = "stand-in-signature-not-checked") -> str:
    """A token shaped like a JWT (the stand-in checks identity, not signatures)."""
    header = _b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    return f"{header}.{_b64(json.dumps(claims).encode())}.{_b64(signature.encode())}"


GITHUB_CLAIMS = {
    "iss": "https://token.actions.githubusercontent.com",
    "repository": "octo/sample-pkg",
    "workflow_ref": "octo/sample-pkg/.github/workflows/release.yml@refs/tags/v1.3.0",
    "environment": "pypi",
    "ref": "refs/tags/v1.3.0",
    "sub": "repo:octo/sample-pkg:environment:pypi",
}
GITLAB_CLAIMS = {
    "iss": "https://gitlab.com",
    "project_path": "octo/sample-pkg",
    "ci_config_ref_uri": "gitlab.com/octo/sample-pkg//.gitlab-ci.yml@refs/tags/v1.3.0",
    "environment": "pypi",
    "sub": "project_path:octo/sample-pkg:ref_type:tag:ref:v1.3.0",
}


@dataclass
class Recorded:
    """One request the stand-in received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class OidcStandIn:
    """The running stand-in: its base URL, what it answers, and what it was sent."""

    url: str
    audience: str = "pypi"
    minted: str = MINTED_TOKEN
    #: "ok", or a failure: "refuse" (PyPI's error body), "html", "echo", "redirect", "no-audience"
    mint_mode: str = "ok"
    mint_status: int = 403
    redirect_to: str = ""
    gitlab_token: str = ""
    upstream: str | None = None
    issued: list[str] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)

    @property
    def github_request_url(self) -> str:
        """What GitHub puts in ``ACTIONS_ID_TOKEN_REQUEST_URL``."""
        return f"{self.url}github/token?api-version=2.0"

    def github_environ(self) -> dict[str, str]:
        """The variables of a GitHub job with ``id-token: write``."""
        return {
            "GITHUB_ACTIONS": "true",
            "ACTIONS_ID_TOKEN_REQUEST_URL": self.github_request_url,
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN": REQUEST_TOKEN,
        }

    def gitlab_environ(self, audience: str = "pypi") -> dict[str, str]:
        """The variables of a GitLab job with ``id_tokens: {PYPI_ID_TOKEN: {aud: …}}``."""
        self.gitlab_token = make_jwt({**GITLAB_CLAIMS, "aud": audience})
        return {"GITLAB_CI": "true", "PYPI_ID_TOKEN": self.gitlab_token}

    def paths(self) -> list[str]:
        """The paths requested, in order (query strings dropped)."""
        return [urlsplit(r.path).path for r in self.requests]


def _handler(state: OidcStandIn) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read ``state.requests`` instead."""

        def _answer(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: object, **headers: str) -> None:
            self._answer(status, json.dumps(data).encode(), "application/json", **headers)

        def _record(self) -> Recorded:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            record = Recorded(self.command, self.path, dict(self.headers.items()), body)
            state.requests.append(record)
            return record

        def do_GET(self) -> None:
            record = self._record()
            path = urlsplit(self.path)
            if path.path == "/_/oidc/audience":
                if state.mint_mode == "no-audience":
                    self._answer(404, b"not found", "text/plain")
                else:
                    self._json(200, {"audience": state.audience})
            elif path.path == "/github/token":
                if record.headers.get("Authorization") != f"bearer {REQUEST_TOKEN}":
                    self._json(401, {"message": "bad request token"})
                    return
                audience = parse_qs(path.query).get("audience", [""])[0]
                token = make_jwt({**GITHUB_CLAIMS, "aud": audience})
                state.issued.append(token)
                self._json(200, {"count": 1, "value": token})
            else:
                self._proxy(record)

        def do_POST(self) -> None:
            record = self._record()
            if urlsplit(self.path).path != "/_/oidc/mint-token":
                self._proxy(record)
                return
            token = json.loads(record.body or b"{}").get("token", "")
            mode = state.mint_mode
            known = token in state.issued or (token and token == state.gitlab_token)
            if mode == "redirect":
                self._answer(307, b"", "text/plain", Location=state.redirect_to)
            elif mode == "html":
                self._answer(502, b"<html>Bad Gateway</html>", "text/html")
            elif mode == "echo":
                # A misbehaving proxy that reflects the request back into an error page.
                self._answer(500, b"you sent: " + record.body, "text/plain")
            elif mode == "refuse" or not known:
                self._json(
                    state.mint_status,
                    {
                        "message": "Token request failed",
                        "errors": [
                            {
                                "code": "invalid-publisher",
                                "description": "valid token, but no corresponding publisher "
                                "(Publisher with matching claims was not found)",
                            }
                        ],
                    },
                )
            else:
                self._json(200, {"success": True, "token": state.minted, "expires": 1999999999})

        def _proxy(self, record: Recorded) -> None:
            if state.upstream is None:
                self._answer(404, b"not found", "text/plain")
                return
            request = urllib.request.Request(  # noqa: S310 - a local http URL
                state.upstream.rstrip("/") + record.path,
                data=record.body if record.method == "POST" else None,
                method=record.method,
                headers={k: v for k, v in record.headers.items() if k.lower() != "host"},
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    status, body = response.status, response.read()
                    content_type = response.headers.get("Content-Type", "text/plain")
            except urllib.error.HTTPError as exc:
                status, body = exc.code, exc.read()
                content_type = exc.headers.get("Content-Type", "text/plain")
            self._answer(status, body, content_type)

    return Handler


def start_stand_in() -> tuple[OidcStandIn, http.server.ThreadingHTTPServer]:
    """Start a stand-in on a free port of 127.0.0.1; the caller shuts the server down."""
    state = OidcStandIn(url="")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return state, server


@pytest.fixture
def oidc() -> Iterator[OidcStandIn]:
    """A fresh stand-in for one test."""
    state, server = start_stand_in()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def other_host() -> Iterator[OidcStandIn]:
    """A second server, playing a host that must never receive a token."""
    state, server = start_stand_in()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
