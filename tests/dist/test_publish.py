"""Uploads to a real local index (pypiserver), skip-existing by sha256, credentials, secrets."""

from __future__ import annotations

import base64
import html
import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote, quote_plus

import pytest
from click.testing import CliRunner

from releasekit.cli import cli
from releasekit.dist.publish import PublishTarget, index_status, publish
from releasekit.dist.steps import PublishStep
from releasekit.errors import PublishError
from tests.conftest import Recorder
from tests.distfiles import make_sdist, make_wheel, sha256
from tests.pypi_index import PASSWORD, TOKEN, PypiServer


def creds(server: PypiServer, password: str | None = None) -> dict[str, str]:
    return {"TWINE_USERNAME": server.username, "TWINE_PASSWORD": password or server.password}


def target(server: PypiServer) -> PublishTarget:
    return PublishTarget(repository_url=server.url)


def dists(tmp_path: Path, name: str, version: str = "1.0.0") -> list[Path]:
    """A wheel and an sdist, in the order a release uploads them (the wheel first)."""
    return [make_wheel(tmp_path, name, version), make_sdist(tmp_path, name, version)]


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The keyring of the machine running the tests must never answer."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.delenv("CI", raising=False)


# -- pure parts -----------------------------------------------------------------------------


# -- the real index ---------------------------------------------------------------------------


@pytest.mark.slow
def test_upload_then_pip_download_gives_the_same_files(
    pypi_server: PypiServer, tmp_path: Path
) -> None:
    files = dists(tmp_path / "dist", "rk-upload")
    result = publish(files, target(pypi_server), environ=creds(pypi_server))
    assert [a.filename for a in result.uploaded] == [f.name for f in files]
    on_index = {p.name for p in pypi_server.packages.iterdir() if p.name.startswith("rk_upload-")}
    assert on_index == {f.name for f in files}
    download = tmp_path / "download"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--disable-pip-version-check",
            "--index-url",
            pypi_server.authed_simple_url(),
            "-d",
            str(download),
            "rk-upload==1.0.0",
        ],
        check=True,
        capture_output=True,
    )
    (got,) = download.iterdir()
    assert got.name == files[0].name  # pip prefers the wheel
    assert sha256(got) == sha256(files[0])


def test_skip_existing_skips_same_hash_and_refuses_another(
    pypi_server: PypiServer, tmp_path: Path
) -> None:
    files = dists(tmp_path / "a", "rk-skip")
    env = creds(pypi_server)
    publish(files, target(pypi_server), environ=env)
    recorder = Recorder()
    again = publish(files, target(pypi_server), skip_existing=True, environ=env, reporter=recorder)
    assert again.uploaded == ()
    assert [a.filename for a in again.skipped] == [f.name for f in files]
    assert any("same sha256" in line for line in recorder.lines)
    # Same names, other bytes: a hard error, and nothing is sent (the new wheel is not there).
    changed = [
        make_sdist(tmp_path / "b", "rk-skip", extra=b"# changed\n"),
        make_wheel(tmp_path / "b", "rk-skip", init_body="X = 1\n"),
    ]
    before = {p.name: sha256(p) for p in pypi_server.packages.iterdir()}
    with pytest.raises(PublishError, match="different sha256") as info:
        publish(changed, target(pypi_server), skip_existing=True, environ=env)
    assert "rk_skip-1.0.0.tar.gz" in str(info.value)
    assert {p.name: sha256(p) for p in pypi_server.packages.iterdir()} == before


def test_skip_existing_uploads_only_the_missing_file(
    pypi_server: PypiServer, tmp_path: Path
) -> None:
    sdist, wheel = dists(tmp_path, "rk-partial")
    env = creds(pypi_server)
    publish([sdist], target(pypi_server), environ=env)
    result = publish([sdist, wheel], target(pypi_server), skip_existing=True, environ=env)
    assert [a.filename for a in result.skipped] == [sdist.name]
    assert [a.filename for a in result.uploaded] == [wheel.name]
    status = index_status([sdist, wheel], target(pypi_server), environ=env)
    assert status.complete
    assert {a.filename for a in status.present} == {sdist.name, wheel.name}


def test_reupload_without_skip_existing_is_refused(pypi_server: PypiServer, tmp_path: Path) -> None:
    files = dists(tmp_path, "rk-again")
    env = creds(pypi_server)
    publish(files, target(pypi_server), environ=env)
    with pytest.raises(PublishError, match="already exists") as info:
        publish(files, target(pypi_server), environ=env)
    assert "--skip-existing" in str(info.value)


def test_wrong_password_is_a_clear_error_without_the_secret(
    pypi_server: PypiServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "wrong-Secret-value-3141"
    files = dists(tmp_path, "rk-wrong")
    with pytest.raises(PublishError) as info:
        publish(files, target(pypi_server), environ=creds(pypi_server, wrong), retries=0)
    message = str(info.value)
    assert "rejected the credentials" in message
    assert "releaser" in message
    assert wrong not in message
    assert wrong not in caplog.text
    assert PASSWORD not in caplog.text


def test_token_from_the_environment_is_sent_as_token_user(
    pypi_server: PypiServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    files = dists(tmp_path, "rk-token")
    result = publish(files, target(pypi_server), environ={"RELEASEKIT_TOKEN": TOKEN})
    assert len(result.uploaded) == 2
    assert TOKEN not in caplog.text
    step = PublishStep(tmp_path, "1.0.0", target(pypi_server), environ={"PYPI_API_TOKEN": TOKEN})
    assert step.irreversible
    # A re-run (finishing a release) uploads nothing: every file is there, same sha256.
    step.apply()
    assert step.result is not None
    assert (len(step.result.uploaded), len(step.result.skipped)) == (0, 2)


def test_missing_credentials_fail_at_once_listing_the_ways(tmp_path: Path) -> None:
    files = dists(tmp_path, "rk-nocreds")
    started = time.monotonic()
    with pytest.raises(PublishError) as info:
        # Nothing listens on port 9: failing "at once" means before any connection attempt.
        publish(files, PublishTarget(repository_url="http://127.0.0.1:9/"), environ={"CI": "1"})
    assert time.monotonic() - started < 5
    message = str(info.value)
    assert info.value.exit_code == 2
    for way in ("PYPI_API_TOKEN", "TWINE_USERNAME", "~/.pypirc", "keyring", "trusted publishing"):
        assert way in message


def test_pypirc_section_gives_url_and_credentials(pypi_server: PypiServer, tmp_path: Path) -> None:
    pypirc = tmp_path / "pypirc"
    pypirc.write_text(
        "[distutils]\nindex-servers = local\n\n"
        f"[local]\nrepository = {pypi_server.url}\n"
        f"username = {pypi_server.username}\npassword = {pypi_server.password}\n"
    )
    files = dists(tmp_path / "dist", "rk-pypirc")
    result = publish(files, PublishTarget("local", config_file=pypirc), environ={})
    assert result.url == pypi_server.url
    assert len(result.uploaded) == 2


# -- retries and timeouts against a misbehaving local server ---------------------------------


class FlakyIndex(BaseHTTPRequestHandler):
    """Answers uploads with 503 for the first ``failures`` requests, then 200."""

    failures = 2
    calls: list[str] = []  # noqa: RUF012 - shared across handler instances on purpose
    delay = 0.0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", "0")))
        type(self).calls.append(self.path)
        time.sleep(self.delay)
        status = 503 if len(self.calls) <= self.failures else 200
        self.send_response(status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


@pytest.fixture
def flaky_index() -> Iterator[str]:
    FlakyIndex.calls = []
    FlakyIndex.failures = 2
    FlakyIndex.delay = 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), FlakyIndex)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_5xx_is_retried_with_backoff(flaky_index: str, tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path, "rk-flaky")
    sleeps: list[float] = []
    recorder = Recorder()
    env = {"TWINE_USERNAME": "u", "TWINE_PASSWORD": "flaky-pass-word"}
    result = publish(
        [wheel],
        PublishTarget(repository_url=flaky_index),
        environ=env,
        sleep=sleeps.append,
        backoff=0.5,
        reporter=recorder,
    )
    assert len(FlakyIndex.calls) == 3
    assert sleeps == [0.5, 1.0]
    assert len(result.uploaded) == 1
    assert sum("retry" in line for line in recorder.lines) == 2


def test_5xx_gives_up_after_the_retries(flaky_index: str, tmp_path: Path) -> None:
    FlakyIndex.failures = 99
    wheel = make_wheel(tmp_path, "rk-down")
    env = {"TWINE_USERNAME": "u", "TWINE_PASSWORD": "down-pass-word"}
    with pytest.raises(PublishError, match="HTTP 503"):
        publish(
            [wheel],
            PublishTarget(repository_url=flaky_index),
            environ=env,
            sleep=lambda _: None,
            retries=2,
        )
    assert len(FlakyIndex.calls) == 3


def test_every_request_has_a_timeout(flaky_index: str, tmp_path: Path) -> None:
    FlakyIndex.failures = 0
    FlakyIndex.delay = 2.0
    wheel = make_wheel(tmp_path, "rk-slow")
    env = {"TWINE_USERNAME": "u", "TWINE_PASSWORD": "slow-pass-word"}
    started = time.monotonic()
    with pytest.raises(PublishError, match="failed after 1 attempt"):
        publish(
            [wheel],
            PublishTarget(repository_url=flaky_index),
            environ=env,
            timeout=0.3,
            retries=0,
        )
    assert time.monotonic() - started < 2.0


def test_credentials_in_the_url_are_used_and_never_shown(
    pypi_server: PypiServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    host = pypi_server.url.removeprefix("http://")
    good = PublishTarget(repository_url=f"http://{pypi_server.username}:{PASSWORD}@{host}")
    result = publish(dists(tmp_path / "ok", "rk-urlcreds"), good, environ={})
    assert len(result.uploaded) == 2
    assert PASSWORD not in result.url
    bad_secret = "Url-Embedded-Wrong-77"
    bad = PublishTarget(repository_url=f"http://{pypi_server.username}:{bad_secret}@{host}")
    with pytest.raises(PublishError) as info:
        publish(dists(tmp_path / "bad", "rk-urlcreds-bad"), bad, environ={}, retries=0)
    assert bad_secret not in str(info.value)
    assert "rejected the credentials" in str(info.value)
    assert bad_secret not in caplog.text
    assert PASSWORD not in caplog.text


class JsonIndex(BaseHTTPRequestHandler):
    """A PEP 691 index: JSON pages, one file without a hash, a redirect to another host."""

    wheel = b""

    def do_GET(self) -> None:
        if self.path == "/simple/rk-json/":
            body = (
                b'{"meta": {"api-version": "1.0"}, "name": "rk-json", "files": ['
                b'{"filename": "rk_json-1.0.0-py3-none-any.whl", "url": "/files/w.whl",'
                b' "hashes": {}}]}'
            )
            self._send(200, body, "application/vnd.pypi.simple.v1+json")
        elif self.path == "/files/w.whl":
            self._send(200, self.wheel, "application/octet-stream")
        elif self.path == "/simple/rk-elsewhere/":
            self.send_response(303)
            self.send_header("location", "https://pypi.org/simple/rk-elsewhere/")
            self.send_header("content-length", "0")
            self.end_headers()
        else:
            self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


def test_index_status_reads_pep_691_json_and_hashes_files_without_a_hash(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path, "rk-json")
    other = make_wheel(tmp_path / "other", "rk-json", init_body="CHANGED = True\n")
    elsewhere = make_wheel(tmp_path, "rk-elsewhere")
    JsonIndex.wheel = wheel.read_bytes()
    server = ThreadingHTTPServer(("127.0.0.1", 0), JsonIndex)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        index = PublishTarget(repository_url=url)
        same = index_status([wheel], index, environ={})
        assert same.complete
        assert [a.filename for a in same.present] == [wheel.name]
        changed = index_status([other], index, environ={})
        assert [a.filename for a in changed.conflicting] == [other.name]
        assert not changed.complete
        # pypiserver-style redirect of an unknown project to pypi.org: not this index's files.
        missing = index_status([elsewhere], index, environ={})
        assert [a.filename for a in missing.missing] == [elsewhere.name]
    finally:
        server.shutdown()
        server.server_close()


# -- secrets against servers that echo and log what they receive ---------------------------

ECHO_PASSWORD = "Echo pässword/+=&<x>-2718"


def _every_form(secret: str, user: str) -> dict[str, str]:
    basic = f"{user}:{secret}"
    return {
        "raw": secret,
        "url": quote(secret, safe=""),
        "url-plus": quote_plus(secret),
        "html": html.escape(secret),
        "json": json.dumps(secret)[1:-1],
        "basic-latin1": base64.b64encode(basic.encode("latin-1")).decode(),
        "basic-utf8": base64.b64encode(basic.encode()).decode(),
    }


class EchoIndex(BaseHTTPRequestHandler):
    """Refuses every upload with 400 and the whole request (headers, body) echoed back."""

    form = "text"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", "0")))
        # The credentials first, so that they are within what releasekit quotes of the page.
        auth = self.headers.get("Authorization", "")
        text = f"you sent Authorization: {auth}\r\n{self.requestline}\r\n{self.headers}"
        if self.form == "html":
            body, kind = f"<html><body><pre>{html.escape(text)}</pre></body></html>", "text/html"
        elif self.form == "json":
            encoded = base64.b64encode(text.encode("latin-1")).decode()
            body, kind = json.dumps({"base64": encoded, "echo": text}), "application/json"
        else:
            body, kind = text, "text/plain"
        data = body.encode("utf-8")
        self.send_response(400, "Bad Request")
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


@pytest.fixture
def serve() -> Iterator[Callable[[type[BaseHTTPRequestHandler]], str]]:
    servers: list[ThreadingHTTPServer] = []

    def start(handler: type[BaseHTTPRequestHandler]) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("form", ["text", "html", "json"])
@pytest.mark.parametrize("verbose", [[], ["-v"], ["-vv"]], ids=["quiet", "v", "vv"])
def test_an_echoing_index_never_makes_releasekit_show_the_password(
    serve: Callable[[type[BaseHTTPRequestHandler]], str],
    tmp_path: Path,
    form: str,
    verbose: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    handler = type("Echo", (EchoIndex,), {"form": form})
    url = serve(handler)
    monkeypatch.setenv("TWINE_USERNAME", "echo-user")
    monkeypatch.setenv("TWINE_PASSWORD", ECHO_PASSWORD)
    wheel = make_wheel(tmp_path, "rk-echo")
    result = CliRunner().invoke(
        cli, [*verbose, "publish", "--repository-url", url, str(wheel)], catch_exceptions=False
    )
    assert result.exit_code == 1
    shown = result.stdout + result.stderr + caplog.text
    assert "refused rk_echo-1.0.0-py3-none-any.whl: HTTP 400" in shown
    assert "you sent Authorization" in shown or "eW91IHNlbnQgQXV0aG9yaXphdGlvbj" in shown
    assert "****" in shown  # the echo came back, masked
    for name, spelling in _every_form(ECHO_PASSWORD, "echo-user").items():
        assert spelling not in shown, f"the {name} form of the password was shown"


class LoggingHost(BaseHTTPRequestHandler):
    """Another host, which an index page links to: serves any file and logs the headers."""

    seen: ClassVar[list[dict[str, str]]] = []
    payload = b""

    def do_GET(self) -> None:
        self.seen.append(dict(self.headers))
        self.send_response(200)
        self.send_header("content-type", "application/octet-stream")
        self.send_header("content-length", str(len(self.payload)))
        self.end_headers()
        self.wfile.write(self.payload)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


class LinkingIndex(BaseHTTPRequestHandler):
    """A PEP 691 index that lists one file, without a hash, at another host's URL."""

    elsewhere = ""
    seen: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:
        self.seen.append(dict(self.headers))
        entry = {"filename": "rk_linked-1.0.0-py3-none-any.whl", "url": self.elsewhere}
        body = json.dumps({"meta": {"api-version": "1.0"}, "files": [entry]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/vnd.pypi.simple.v1+json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


def test_credentials_go_to_the_index_host_only(
    serve: Callable[[type[BaseHTTPRequestHandler]], str], tmp_path: Path
) -> None:
    wheel = make_wheel(tmp_path, "rk-linked")
    other_seen: list[dict[str, str]] = []
    index_seen: list[dict[str, str]] = []
    other = serve(
        type("Other", (LoggingHost,), {"seen": other_seen, "payload": wheel.read_bytes()})
    )
    # "localhost" and "127.0.0.1" are different origins: the file lives on another host.
    file_url = other.replace("127.0.0.1", "localhost") + "files/rk_linked-1.0.0-py3-none-any.whl"
    index = serve(type("Index", (LinkingIndex,), {"elsewhere": file_url, "seen": index_seen}))
    status = index_status(
        [wheel],
        PublishTarget(repository_url=index),
        environ={"TWINE_USERNAME": "u", "TWINE_PASSWORD": ECHO_PASSWORD},
    )
    assert [a.filename for a in status.present] == [wheel.name]  # downloaded and hashed
    assert len(other_seen) == 1
    assert "Authorization" not in other_seen[0]
    assert all(ECHO_PASSWORD not in str(headers) for headers in other_seen)
    assert index_seen
    assert all("Authorization" in headers for headers in index_seen)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "Expecting property name"),
        (b"[1, 2, 3]", "a JSON list, not an object"),
        (b'{"files": "x"}', None),
        (b"1" * 5000, "Exceeds the limit"),
    ],
    ids=["broken", "list", "files-not-a-list", "huge-integer"],
)
def test_a_malformed_json_index_page_is_a_clear_error(
    serve: Callable[[type[BaseHTTPRequestHandler]], str],
    tmp_path: Path,
    body: bytes,
    reason: str | None,
) -> None:
    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "application/vnd.pypi.simple.v1+json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output clean."""

    wheel = make_wheel(tmp_path, "rk-malformed")
    index = PublishTarget(repository_url=serve(Page))
    if reason is None:  # a page with no usable file list holds nothing
        assert [a.filename for a in index_status([wheel], index, environ={}).missing] == [
            wheel.name
        ]
        return
    with pytest.raises(PublishError, match="not PEP 691 JSON") as info:
        index_status([wheel], index, environ={})
    assert reason in str(info.value)
    assert "--index-url" in str(info.value)
