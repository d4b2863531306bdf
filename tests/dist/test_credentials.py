"""Tests for releasekit.dist.credentials: the upload credentials are probed, nothing uploaded."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from releasekit.dist.connection import PublishTarget
from releasekit.dist.credentials import check_upload_credentials
from releasekit.errors import PublishError
from tests.pypi_index import PASSWORD, TOKEN, PypiServer


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Neither the machine's keyring nor its ~/.pypirc may answer."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)


def _listing(server: PypiServer) -> list[str]:
    return sorted(p.name for p in server.packages.iterdir())


@pytest.mark.parametrize(
    "environ",
    [
        {"TWINE_USERNAME": "releaser", "TWINE_PASSWORD": PASSWORD},
        {"PYPI_API_TOKEN": TOKEN},
    ],
    ids=["password", "token"],
)
def test_good_credentials_are_accepted_and_nothing_is_uploaded(
    pypi_server: PypiServer, environ: dict[str, str]
) -> None:
    before = _listing(pypi_server)
    check = check_upload_credentials(PublishTarget(repository_url=pypi_server.url), environ=environ)
    assert check.status == 400  # authenticated, then refused for the missing file
    assert check.url == pypi_server.url
    assert "accepted" in check.describe()
    assert _listing(pypi_server) == before


def test_rejected_credentials_refuse_with_exit_1_and_the_fix(pypi_server: PypiServer) -> None:
    wrong = "Not-The-Password-4242"
    with pytest.raises(PublishError) as info:
        check_upload_credentials(
            PublishTarget(repository_url=pypi_server.url),
            environ={"TWINE_USERNAME": "releaser", "TWINE_PASSWORD": wrong},
        )
    assert info.value.exit_code == 1
    assert "rejected the upload credentials for user 'releaser' (HTTP 403)" in str(info.value)
    assert "PYPI_API_TOKEN" in str(info.value)
    assert wrong not in str(info.value)


def test_missing_credentials_refuse_with_exit_1_listing_the_ways(pypi_server: PypiServer) -> None:
    with pytest.raises(PublishError) as info:
        check_upload_credentials(PublishTarget(repository_url=pypi_server.url), environ={})
    assert info.value.exit_code == 1
    assert "no credentials for" in str(info.value)
    assert "~/.pypirc" in str(info.value)


class Recording(BaseHTTPRequestHandler):
    """Answers every POST with a fixed status and records what it was sent."""

    status = 400
    bodies: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        self.bodies.append(self.rfile.read(int(self.headers.get("content-length", "0"))))
        self.send_response(self.status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


@pytest.fixture
def recording() -> Iterator[tuple[type[Recording], str]]:
    handler = type("Handler", (Recording,), {"bodies": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("status", "accepted"),
    [(400, True), (200, True), (401, False), (403, False), (500, False), (302, False)],
)
def test_what_each_answer_means(
    recording: tuple[type[Recording], str], status: int, accepted: bool
) -> None:
    handler, url = recording
    handler.status = status
    environ = {"TWINE_USERNAME": "u", "TWINE_PASSWORD": "probe-secret"}
    if accepted:
        assert check_upload_credentials(PublishTarget(repository_url=url), environ=environ)
    else:
        with pytest.raises(PublishError) as info:
            check_upload_credentials(PublishTarget(repository_url=url), environ=environ)
        assert info.value.exit_code == 1
        assert "nothing was written" in str(info.value)
    (body,) = handler.bodies
    assert b"file_upload" in body
    assert b"content" not in body  # no file is ever sent


def test_an_unreachable_index_refuses_naming_no_publish() -> None:
    with pytest.raises(PublishError) as info:
        check_upload_credentials(
            PublishTarget(repository_url="http://127.0.0.1:9/"),
            environ={"TWINE_USERNAME": "u", "TWINE_PASSWORD": "unreachable-secret"},
            timeout=2,
        )
    assert info.value.exit_code == 1
    assert "--no-publish" in str(info.value)
    assert "unreachable-secret" not in str(info.value)
