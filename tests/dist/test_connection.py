"""Connecting to an index: where credentials come from, where they may go, the network policy.

Credentials are observed where they matter: in the Authorization header a real standard-library
HTTP server receives (and a real pypiserver checks).
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.dist.connection import (
    CREDENTIAL_HELP,
    IndexConnection,
    PublishTarget,
    connect,
    default_interactive,
    mask_secrets,
    origin,
    resolve_upload_url,
)
from releasekit.dist.index import fetch_index_files
from releasekit.errors import PublishError
from tests.pypi_index import PypiServer


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The keyring of the machine running the tests must never answer."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.delenv("CI", raising=False)


@pytest.mark.parametrize(
    ("text", "secrets", "expected"),
    [
        ("token abc123 here", ["abc123"], "token **** here"),
        ("https://u:pw123@h/x", [], "https://u:****@h/x"),
        ("https://u:pw123@h/x pw123", ["pw123"], "https://u:****@h/x ****"),
        ("nothing secret", [None, ""], "nothing secret"),
        ("aaa aaaa", ["aaa", "aaaa"], "**** ****"),
    ],
    ids=["plain", "url", "both", "none", "longest-first"],
)
def test_mask_secrets(text: str, secrets: list[str | None], expected: str) -> None:
    assert mask_secrets(text, secrets) == expected


@given(
    st.text(max_size=300),
    st.text(st.characters(blacklist_characters="*"), min_size=3, max_size=30),
)
def test_mask_secrets_never_leaves_the_secret(text: str, secret: str) -> None:
    assert secret not in mask_secrets(text + secret + text, [secret])


@pytest.mark.parametrize(
    ("ci", "expected"), [("true", False), ("1", False), ("", False)], ids=["ci", "ci-1", "no-tty"]
)
def test_never_interactive_in_ci_or_without_a_terminal(ci: str, expected: bool) -> None:
    # pytest's stdin is not a terminal, so even without CI the answer is "no prompt".
    assert default_interactive({"CI": ci}) is expected


def test_resolve_upload_url_names() -> None:
    assert resolve_upload_url(PublishTarget("pypi")) == "https://upload.pypi.org/legacy/"
    assert resolve_upload_url(PublishTarget("testpypi")) == "https://test.pypi.org/legacy/"
    with pytest.raises(PublishError, match="nosuch") as info:
        resolve_upload_url(PublishTarget("nosuch"))
    assert info.value.exit_code == 2


# -- origin ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://upload.pypi.org/legacy/", ("https", "upload.pypi.org", 443)),
        ("HTTPS://Upload.PyPI.org:443/x", ("https", "upload.pypi.org", 443)),
        ("http://127.0.0.1:8080/", ("http", "127.0.0.1", 8080)),
        ("http://h/", ("http", "h", 80)),
        ("https://user:pw@h:8443/p", ("https", "h", 8443)),
        ("https://h:notaport/", ("https", "h", 443)),
        ("ftp://h/", ("ftp", "h", None)),
        ("not a url", ("", "", None)),
    ],
    ids=[
        "pypi",
        "case-and-default-port",
        "explicit-port",
        "http-default",
        "userinfo",
        "bad-port",
        "other-scheme",
        "garbage",
    ],
)
def test_origin(url: str, expected: tuple[str, str, int | None]) -> None:
    assert origin(url) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://files.example/a", "https://files.example:443/b", True),
        ("https://files.example/a", "http://files.example/a", False),
        ("https://files.example/a", "https://files.example.evil/a", False),
        ("https://files.example/a", "https://files.example:8443/a", False),
    ],
    ids=["default-port", "scheme", "suffix-host", "port"],
)
def test_credentials_may_go_only_to_the_same_origin(a: str, b: str, same: bool) -> None:
    assert (origin(a) == origin(b)) is same


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({"CI": "0"}, False), ({"CI": "false"}, False), ({"CI": "No"}, False), ({}, False)],
    ids=["ci-0", "ci-false", "ci-no", "no-ci"],
)
def test_ci_off_still_does_not_prompt_without_a_terminal(
    environ: dict[str, str], expected: bool
) -> None:
    assert default_interactive(environ) is expected


# -- credentials against a real server ------------------------------------------------------


class Recording(BaseHTTPRequestHandler):
    """Answers every GET with an empty simple page, noting the Authorization it got."""

    auth: list[str]

    def do_GET(self) -> None:
        self.auth.append(self.headers.get("Authorization", ""))
        body = b"<html></html>"
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def servers() -> Iterator[list[tuple[str, list[str]]]]:
    """Two recording servers (two origins): their URLs and the Authorization each received."""
    started = []
    for _ in range(2):
        received: list[str] = []
        handler = type("Handler", (Recording,), {"auth": received})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append((server, f"http://127.0.0.1:{server.server_address[1]}/", received))
    yield [(url, received) for _, url, received in started]
    for server, _, _ in started:
        server.shutdown()
        server.server_close()


def sent(connection: IndexConnection, url: str, received: list[str]) -> str | None:
    """The user:password the server at ``url`` receives from ``connection`` (None: none)."""
    connection.session_for(url).get(url + "simple/p/", timeout=5)
    header = received[-1]
    if not header:
        return None
    assert header.startswith("Basic ")
    return base64.b64decode(header[len("Basic ") :]).decode()


RC_USER, RC_PASS = "rc-user", "rc-pass"


def pypirc(tmp_path: Path, url: str, username: str = RC_USER, password: str = RC_PASS) -> Path:
    path = tmp_path / ".pypirc"
    path.write_text(
        f"[distutils]\nindex-servers =\n    private\n\n"
        f"[private]\nrepository = {url}\nusername = {username}\npassword = {password}\n"
    )
    return path


ORDER = [
    ("twine-variables", {"TWINE_USERNAME": "alice", "TWINE_PASSWORD": "pw-a"}, False, "alice:pw-a"),
    ("pypi-api-token", {"PYPI_API_TOKEN": "pypi-tok"}, False, "__token__:pypi-tok"),
    ("releasekit-token", {"RELEASEKIT_TOKEN": "rk-tok"}, False, "__token__:rk-tok"),
    (
        "pypi-token-before-releasekit-token",
        {"PYPI_API_TOKEN": "first", "RELEASEKIT_TOKEN": "second"},
        False,
        "__token__:first",
    ),
    (
        "twine-password-before-a-token",
        {"TWINE_USERNAME": "alice", "TWINE_PASSWORD": "pw-a", "PYPI_API_TOKEN": "tok"},
        False,
        "alice:pw-a",
    ),
    (
        "token-user-is-token-even-with-twine-username",
        {"TWINE_USERNAME": "alice", "PYPI_API_TOKEN": "tok"},
        False,
        "__token__:tok",
    ),
    ("pypirc-when-nothing-in-the-environment", {}, True, "rc-user:rc-pass"),
    ("environment-before-pypirc", {"PYPI_API_TOKEN": "tok"}, True, "__token__:tok"),
    (
        "empty-variables-count-as-unset",
        {"TWINE_PASSWORD": "", "PYPI_API_TOKEN": "", "RELEASEKIT_TOKEN": "tok"},
        True,
        "__token__:tok",
    ),
]


@pytest.mark.parametrize(
    ("environ", "use_pypirc", "expected"), [o[1:] for o in ORDER], ids=[o[0] for o in ORDER]
)
def test_where_the_credentials_come_from(
    servers: list[tuple[str, list[str]]],
    tmp_path: Path,
    environ: dict[str, str],
    use_pypirc: bool,
    expected: str,
) -> None:
    (url, received), _ = servers
    target = (
        PublishTarget("private", config_file=pypirc(tmp_path, url))
        if use_pypirc
        else PublishTarget(repository_url=url, config_file=tmp_path / "none")
    )
    connection = connect(
        target, environ=environ, interactive=False, timeout=5, retries=0, backoff=0
    )
    try:
        assert connection.upload_url == url
        assert sent(connection, url, received) == expected
        user, password = expected.split(":")
        assert connection.username == user
        assert password in connection.secrets
        assert connection.redact(f"said {password}") == "said ****"
    finally:
        connection.close()


def test_a_url_target_does_not_borrow_a_pypirc_sections_credentials(
    servers: list[tuple[str, list[str]]], tmp_path: Path
) -> None:
    (url, _), _ = servers
    target = PublishTarget(repository_url=url, config_file=pypirc(tmp_path, url))
    with pytest.raises(PublishError) as caught:
        connect(target, environ={}, interactive=False, timeout=5, retries=0, backoff=0)
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(f"no credentials for {url} (")
    assert str(caught.value).endswith(CREDENTIAL_HELP.format(repository="pypi", url=url))


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({}, "bob:hunter22"), ({"PYPI_API_TOKEN": "tok"}, "__token__:tok")],
    ids=["from-the-url", "environment-before-the-url"],
)
def test_credentials_in_the_upload_url_are_used_and_never_shown(
    servers: list[tuple[str, list[str]]], environ: dict[str, str], expected: str
) -> None:
    (url, received), _ = servers
    with_userinfo = url.replace("http://", "http://bob:hunter22@")
    target = PublishTarget(repository_url=with_userinfo)
    assert target.describe() == url.replace("http://", "http://bob:****@")
    connection = connect(
        target, environ=environ, interactive=False, timeout=5, retries=0, backoff=0
    )
    try:
        assert "hunter22" not in connection.upload_url
        assert sent(connection, url, received) == expected
    finally:
        connection.close()


def test_credentials_in_the_url_are_masked_in_the_refusal(tmp_path: Path) -> None:
    url = "http://bob@127.0.0.1:9/"
    with pytest.raises(PublishError) as caught:
        connect(
            PublishTarget(repository_url=url, config_file=tmp_path / "none"),
            environ={},
            interactive=False,
            timeout=5,
            retries=0,
            backoff=0,
        )
    assert caught.value.exit_code == 2
    assert "no credentials for http://" in str(caught.value)


def test_an_unknown_repository_name_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match=r"^nosuch: ") as caught:
        connect(
            PublishTarget("nosuch", config_file=tmp_path / "none"),
            environ={"PYPI_API_TOKEN": "tok"},
            interactive=False,
            timeout=5,
            retries=0,
            backoff=0,
        )
    assert caught.value.exit_code == 2
    assert "tok" not in str(caught.value).replace("nosuch", "")


def test_other_origins_get_a_session_without_the_credentials(
    servers: list[tuple[str, list[str]]],
) -> None:
    (index, at_index), (files, at_files) = servers
    connection = connect(
        PublishTarget(repository_url=index),
        environ={"PYPI_API_TOKEN": "tok"},
        interactive=False,
        timeout=5,
        retries=0,
        backoff=0,
    )
    try:
        assert sent(connection, index, at_index) == "__token__:tok"
        assert sent(connection, files, at_files) is None
        assert connection.session_for(files) is connection.session_for(files)
        assert connection.session_for(index) is connection.session
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({}, None), ({"TWINE_USERNAME": "u", "TWINE_PASSWORD": "p"}, "u:p")],
    ids=["anonymous", "with-credentials-at-hand"],
)
def test_a_lookup_goes_on_anonymously_and_never_prompts(
    servers: list[tuple[str, list[str]]], environ: dict[str, str], expected: str | None
) -> None:
    (url, received), _ = servers
    connection = connect(
        PublishTarget(repository_url=url),
        environ=environ,
        interactive=True,  # a lookup never prompts, whatever the terminal
        timeout=5,
        retries=0,
        backoff=0,
        require_credentials=False,
    )
    try:
        assert connection.repository is None
        assert sent(connection, url, received) == expected
    finally:
        connection.close()


def test_a_private_pypiserver_lists_files_only_with_the_credentials(
    pypi_server: PypiServer,
) -> None:
    import requests

    anonymous = connect(
        PublishTarget(repository_url=pypi_server.url),
        environ={},
        interactive=False,
        timeout=10,
        retries=0,
        backoff=0,
        require_credentials=False,
    )
    try:
        with pytest.raises(requests.HTTPError, match="401"):
            fetch_index_files(anonymous.session, pypi_server.simple_url, "anything", timeout=10)
    finally:
        anonymous.close()
    authed = connect(
        PublishTarget(repository_url=pypi_server.url),
        environ={"TWINE_USERNAME": pypi_server.username, "TWINE_PASSWORD": pypi_server.password},
        interactive=False,
        timeout=10,
        retries=0,
        backoff=0,
        require_credentials=False,
    )
    try:
        assert fetch_index_files(authed.session, pypi_server.simple_url, "nobody", timeout=10) == {}
    finally:
        authed.close()


class Flaky(BaseHTTPRequestHandler):
    """503 for the first ``failures`` GETs, then 200."""

    calls: list[float]
    failures = 2

    def do_GET(self) -> None:
        self.calls.append(time.monotonic())
        status = 503 if len(self.calls) <= self.failures else 200
        self.send_response(status)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(
    ("retries", "status", "calls"), [(2, 200, 3), (1, 503, 2)], ids=["recovers", "gives-up"]
)
def test_reads_are_retried_on_server_errors(retries: int, status: int, calls: int) -> None:
    seen: list[float] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (Flaky,), {"calls": seen}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        connection = connect(
            PublishTarget(repository_url=url),
            environ={},
            interactive=False,
            timeout=5,
            retries=retries,
            backoff=0,
            require_credentials=False,
        )
        assert connection.session.get(url + "simple/p/").status_code == status
        assert len(seen) == calls
        connection.close()
    finally:
        server.shutdown()
        server.server_close()


def test_resolve_upload_url_from_a_pypirc_section(tmp_path: Path) -> None:
    config = pypirc(tmp_path, "https://private.example/legacy/", password="never-shown")
    assert resolve_upload_url(PublishTarget("private", config_file=config)) == (
        "https://private.example/legacy/"
    )


def test_describe_masks_credentials_in_a_url() -> None:
    assert PublishTarget(repository_url="https://u:secret@h/legacy/").describe() == (
        "https://u:****@h/legacy/"
    )
    assert PublishTarget("testpypi").describe() == "testpypi"


def test_outside_ci_a_pypi_target_without_credentials_is_refused_without_any_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """twine would try its own trusted publishing (``GET https://upload.pypi.org/_/oidc/…``)
    and fail with a network error; every connection goes through a recording proxy here."""
    tunnels: list[str] = []

    class Proxy(BaseHTTPRequestHandler):
        def do_CONNECT(self) -> None:
            tunnels.append(self.requestline)
            self.send_response(502)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        proxy = f"http://127.0.0.1:{server.server_address[1]}"
        monkeypatch.setenv("HTTPS_PROXY", proxy)
        monkeypatch.setenv("https_proxy", proxy)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        empty = tmp_path / ".pypirc"
        empty.write_text("")
        for name in ("pypi", "testpypi"):
            with pytest.raises(PublishError) as caught:
                connect(
                    PublishTarget(name, config_file=empty),
                    environ={},
                    interactive=False,
                    timeout=5,
                    retries=0,
                    backoff=0,
                )
            assert caught.value.exit_code == 2
            assert str(caught.value).startswith("no credentials for https://")
            assert "PYPI_API_TOKEN" in str(caught.value)
    finally:
        server.shutdown()
        server.server_close()
    assert tunnels == []
