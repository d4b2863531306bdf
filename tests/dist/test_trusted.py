"""Trusted publishing against a real HTTP stand-in for the OIDC endpoints (tests/oidc_stand_in.py).

The stand-in records every request, so the tests prove where each token went, and that no
error message holds a token in any encoding.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from releasekit.dist.publish import PublishTarget, publish
from releasekit.dist.trusted import (
    MintedToken,
    ambient_source,
    mint_upload_token,
    oidc_origin,
)
from releasekit.errors import PublishError
from tests.distfiles import make_sdist, make_wheel
from tests.oidc_stand_in import (
    MINTED_TOKEN,
    REQUEST_TOKEN,
    OidcStandIn,
    make_jwt,
)
from tests.pypi_index import PypiServer


def every_form(secret: str) -> list[str]:
    """The encodings a secret could leak in."""
    basic = base64.b64encode(f"__token__:{secret}".encode()).decode()
    return [secret, quote(secret, safe=""), quote_plus(secret), basic,
            base64.b64encode(secret.encode()).decode().rstrip("=")]  # fmt: skip


def assert_no_token_in(text: str, *tokens: str) -> None:
    for token in tokens:
        for form in every_form(token):
            assert form not in text, f"a form of a token leaked: {form[:8]}…"


# --- GitHub Actions ----------------------------------------------------------------------------


def test_github_exchange_asks_the_audience_gets_a_token_and_mints(oidc: OidcStandIn) -> None:
    minted = mint_upload_token(f"{oidc.url}legacy/", oidc.github_environ(), project="sample-pkg")
    assert minted is not None
    assert (minted.username, minted.token, minted.source) == (
        "__token__",
        MINTED_TOKEN,
        "GitHub Actions",
    )
    assert minted.origin == oidc.url.rstrip("/")
    assert minted.expires == 1999999999
    assert oidc.paths() == ["/_/oidc/audience", "/github/token", "/_/oidc/mint-token"]
    audience_request, token_request, mint_request = oidc.requests
    assert "Authorization" not in audience_request.headers
    assert "audience=pypi" in token_request.path
    assert token_request.headers["Authorization"] == f"bearer {REQUEST_TOKEN}"
    # The OIDC token goes to the mint endpoint in the body, and nowhere else.
    assert json.loads(mint_request.body) == {"token": oidc.issued[0]}
    assert "Authorization" not in mint_request.headers
    assert MINTED_TOKEN not in repr(minted)


def test_the_audience_the_index_names_is_the_one_asked_for(oidc: OidcStandIn) -> None:
    oidc.audience = "testpypi"
    assert mint_upload_token(f"{oidc.url}legacy/", oidc.github_environ()) is not None
    assert "audience=testpypi" in oidc.requests[1].path


def test_no_oidc_variables_means_no_exchange(oidc: OidcStandIn) -> None:
    assert mint_upload_token(f"{oidc.url}legacy/", {"GITHUB_ACTIONS": "true", "CI": "1"}) is None
    assert oidc.requests == []


# --- GitLab CI ---------------------------------------------------------------------------------


def test_gitlab_token_is_traded_as_it_is(oidc: OidcStandIn) -> None:
    environ = oidc.gitlab_environ()
    minted = mint_upload_token(f"{oidc.url}legacy/", environ)
    assert minted is not None
    assert (minted.token, minted.source) == (MINTED_TOKEN, "GitLab CI")
    assert oidc.paths() == ["/_/oidc/audience", "/_/oidc/mint-token"]
    assert json.loads(oidc.requests[1].body) == {"token": environ["PYPI_ID_TOKEN"]}


def test_gitlab_token_for_another_audience_names_the_id_tokens_fix(oidc: OidcStandIn) -> None:
    oidc.audience = "testpypi"
    environ = oidc.gitlab_environ(audience="pypi")
    with pytest.raises(PublishError) as caught:
        mint_upload_token(f"{oidc.url}legacy/", environ)
    assert caught.value.exit_code == 2
    assert "id_tokens: {PYPI_ID_TOKEN: {aud: testpypi}}" in caught.value.message
    assert oidc.paths() == ["/_/oidc/audience"]  # the token was not sent
    assert_no_token_in(caught.value.message, environ["PYPI_ID_TOKEN"])


# --- refusals and broken answers ---------------------------------------------------------------


@pytest.mark.parametrize("status", [403, 422], ids=["403", "422"])
def test_a_refused_publisher_names_the_config_to_fix(oidc: OidcStandIn, status: int) -> None:
    oidc.mint_mode, oidc.mint_status = "refuse", status
    with pytest.raises(PublishError) as caught:
        mint_upload_token(f"{oidc.url}legacy/", oidc.github_environ(), project="sample-pkg")
    lines = caught.value.lines()
    host = oidc.url.removeprefix("http://").rstrip("/")
    assert lines[0] == (
        f"{host} refused the trusted-publishing token from GitHub Actions (HTTP {status}): "
        "invalid-publisher: valid token, but no corresponding publisher (Publisher with "
        "matching claims was not found)"
    )
    assert f"https://{host}/manage/project/sample-pkg/settings/publishing/" in lines[1]
    assert "workflow file name, environment" in lines[1]
    assert lines[2] == (
        "this job's token says: repository=octo/sample-pkg, workflow_ref=octo/sample-pkg/"
        ".github/workflows/release.yml@refs/tags/v1.3.0, environment=pypi, "
        "ref=refs/tags/v1.3.0, sub=repo:octo/sample-pkg:environment:pypi"
    )
    assert caught.value.exit_code == 1
    assert_no_token_in(caught.value.message, REQUEST_TOKEN, *oidc.issued)


def test_an_echoing_error_page_never_shows_a_token(oidc: OidcStandIn) -> None:
    oidc.mint_mode = "echo"
    with pytest.raises(PublishError, match="HTTP 500 without a JSON object: you sent") as caught:
        mint_upload_token(f"{oidc.url}legacy/", oidc.github_environ())
    assert "****" in caught.value.message
    assert_no_token_in(caught.value.message, REQUEST_TOKEN, *oidc.issued)


def test_a_redirect_is_not_followed_and_the_other_host_gets_nothing(
    oidc: OidcStandIn, other_host: OidcStandIn
) -> None:
    oidc.mint_mode, oidc.redirect_to = "redirect", f"{other_host.url}_/oidc/mint-token"
    with pytest.raises(PublishError, match=r"answered with a redirect to 127\.0\.0\.1:"):
        mint_upload_token(f"{oidc.url}legacy/", oidc.github_environ())
    assert other_host.requests == []


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("no-audience", "does not offer trusted publishing (no /_/oidc/audience)"),
        ("html", "HTTP 502 without a JSON object: <html>Bad Gateway</html>"),
    ],
    ids=["no-audience", "html"],
)
def test_broken_indexes_give_one_clean_error(oidc: OidcStandIn, mode: str, message: str) -> None:
    oidc.mint_mode = mode
    with pytest.raises(PublishError) as caught:
        mint_upload_token(f"{oidc.url}legacy/", oidc.github_environ())
    assert message in caught.value.message


def test_a_bad_request_token_says_what_the_job_needs(oidc: OidcStandIn) -> None:
    environ = {**oidc.github_environ(), "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "wrong-request-token"}
    with pytest.raises(PublishError, match="needs `permissions: id-token: write`") as caught:
        mint_upload_token(f"{oidc.url}legacy/", environ)
    assert "wrong-request-token" not in caught.value.message


def test_an_unreachable_index_is_an_error_not_a_traceback() -> None:
    environ = {"PYPI_ID_TOKEN": make_jwt({"aud": "pypi"})}
    with pytest.raises(PublishError, match=r"cannot reach 127\.0\.0\.1:9 "):
        mint_upload_token("http://127.0.0.1:9/legacy/", environ, timeout=2)


# --- where tokens may go -----------------------------------------------------------------------

ORIGINS = [
    ("pypi", "https://upload.pypi.org/legacy/", "https://upload.pypi.org"),
    ("testpypi", "https://test.pypi.org/legacy/", "https://test.pypi.org"),
    ("credentials-dropped", "https://u:p@index.example/upload/", "https://index.example"),
    ("port-kept", "https://index.example:8443/x", "https://index.example:8443"),
    ("loopback-http", "http://127.0.0.1:8080/legacy/", "http://127.0.0.1:8080"),
    ("localhost-http", "http://localhost/", "http://localhost"),
    ("ipv6-loopback", "http://[::1]:81/", "http://[::1]:81"),
]


@pytest.mark.parametrize(
    ("url", "origin"), [case[1:] for case in ORIGINS], ids=[case[0] for case in ORIGINS]
)
def test_the_oidc_endpoints_are_on_the_upload_urls_origin(url: str, origin: str) -> None:
    assert oidc_origin(url) == origin


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://index.example/legacy/", "refusing trusted publishing over plain http"),
        ("ftp://index.example/", "needs an http(s) upload URL"),
        ("https://u:hunter2@/x", "needs an http(s) upload URL, not https://u:****@/x"),
    ],
    ids=["plain-http", "ftp", "no-host"],
)
def test_unsafe_upload_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(PublishError) as caught:
        oidc_origin(url)
    assert message in caught.value.message
    assert caught.value.exit_code == 2


SOURCES = [
    ("github", {"ACTIONS_ID_TOKEN_REQUEST_URL": "u", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "t"},
     "GitHub Actions"),
    ("github-without-id-token-permission", {"GITHUB_ACTIONS": "true"}, None),
    ("github-url-only", {"ACTIONS_ID_TOKEN_REQUEST_URL": "u"}, None),
    ("gitlab", {"PYPI_ID_TOKEN": "eyJ.x.y"}, "GitLab CI"),
    ("gitlab-empty", {"PYPI_ID_TOKEN": "  "}, None),
    ("nothing", {}, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("environ", "source"), [case[1:] for case in SOURCES], ids=[case[0] for case in SOURCES]
)
def test_ambient_source(environ: dict[str, str], source: str | None) -> None:
    assert ambient_source(environ) == source


def test_minted_token_repr_hides_the_token() -> None:
    minted = MintedToken("pypi-very-secret-token", "https://upload.pypi.org", "GitLab CI")
    assert "pypi-very-secret-token" not in repr(minted)
    assert "pypi-very-secret-token" not in str(minted)


# --- publish() with trusted publishing, into a real index ----------------------------------------


@pytest.fixture
def index_behind_oidc(oidc: OidcStandIn, pypi_server: PypiServer) -> OidcStandIn:
    """The stand-in on the upload URL's origin, minting pypiserver's token and passing every
    other request on to pypiserver: the upload lands in a real index."""
    oidc.upstream = pypi_server.url
    oidc.minted = pypi_server.token
    return oidc


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_publish_uploads_with_the_minted_token_as_token_user(
    index_behind_oidc: OidcStandIn,
    pypi_server: PypiServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    ci: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    oidc = index_behind_oidc
    environ = oidc.github_environ() if ci == "github" else oidc.gitlab_environ()
    name = f"rk-oidc-{ci}"
    files = [make_sdist(tmp_path, name, "1.0.0"), make_wheel(tmp_path, name, "1.0.0")]
    result = publish(files, PublishTarget(repository_url=oidc.url), environ=environ)
    # The wheel goes up first, whatever the order given.
    assert [a.filename for a in result.uploaded] == [files[1].name, files[0].name]
    assert result.via == ("GitHub Actions" if ci == "github" else "GitLab CI")
    on_index = {
        p.name for p in pypi_server.packages.iterdir() if p.name.startswith(name.replace("-", "_"))
    }
    assert on_index == {f.name for f in files}
    uploads = [r for r in oidc.requests if r.method == "POST" and r.path == "/"]
    basic = base64.b64encode(f"__token__:{pypi_server.token}".encode()).decode()
    assert [r.headers["Authorization"] for r in uploads] == [f"Basic {basic}"] * 2
    # The minted token went only to the upload URL, and no log line holds any token.
    assert_no_token_in(caplog.text, pypi_server.token, REQUEST_TOKEN, *oidc.issued)


def test_a_refusal_stops_publish_before_any_upload(
    index_behind_oidc: OidcStandIn, tmp_path: Path
) -> None:
    oidc = index_behind_oidc
    oidc.mint_mode = "refuse"
    files = [make_wheel(tmp_path, "rk-oidc-refused", "1.0.0")]
    with pytest.raises(PublishError, match="refused the trusted-publishing token") as caught:
        publish(files, PublishTarget(repository_url=oidc.url), environ=oidc.github_environ())
    assert "https://127.0.0.1:" in caught.value.message  # the settings page of the project
    assert "/manage/project/rk-oidc-refused/settings/publishing/" in caught.value.message
    assert [r.path for r in oidc.requests if r.method == "POST"] == ["/_/oidc/mint-token"]


def test_given_credentials_win_over_trusted_publishing(
    index_behind_oidc: OidcStandIn, pypi_server: PypiServer, tmp_path: Path
) -> None:
    oidc = index_behind_oidc
    files = [make_wheel(tmp_path, "rk-oidc-token-wins", "1.0.0")]
    environ = {**oidc.github_environ(), "PYPI_API_TOKEN": pypi_server.token}
    result = publish(files, PublishTarget(repository_url=oidc.url), environ=environ)
    assert result.via is None
    assert "/_/oidc/mint-token" not in oidc.paths()
