"""A real package index for the tests: pypiserver on 127.0.0.1, with an htpasswd file.

The ``pypi_server`` fixture starts one server per test session (per xdist worker) on a free
port, waits until it answers, and terminates it at the end. Uploads, downloads and listings
all require the password, like a private index.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

USERNAME = "releaser"
PASSWORD = "s3cret-Upload-pass-9f27"
TOKEN = "pypi-AgEIcHlwaS5vcmcCJGZha2UtdG9rZW4tZm9yLXRlc3RzLW9ubHk"


@dataclass(frozen=True)
class PypiServer:
    """A running pypiserver: its upload URL, simple API, packages directory and users."""

    url: str
    packages: Path
    username: str = USERNAME
    password: str = PASSWORD
    token: str = TOKEN

    @property
    def simple_url(self) -> str:
        """The PEP 503 simple API root."""
        return f"{self.url}simple/"

    def authed_simple_url(self) -> str:
        """The simple API with credentials in the URL (for ``pip --index-url``)."""
        host = self.url.removeprefix("http://")
        return f"http://{self.username}:{self.password}@{host}simple/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"pypiserver exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - a local http URL
                return
        except urllib.error.HTTPError:
            return  # it answers (401 without credentials): it is up
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"pypiserver did not answer on {url} within 30s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def pypi_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PypiServer]:
    """Start pypiserver on a free port; every action needs the password (or the token)."""
    with warnings.catch_warnings():  # passlib imports the deprecated crypt module
        warnings.simplefilter("ignore", DeprecationWarning)
        from passlib.apache import HtpasswdFile

    base = tmp_path_factory.mktemp("pypiserver")
    packages = base / "packages"
    packages.mkdir()
    htpasswd = HtpasswdFile(str(base / "htpasswd"), new=True)
    htpasswd.set_password(USERNAME, PASSWORD)
    htpasswd.set_password("__token__", TOKEN)
    htpasswd.save()
    port = _free_port()
    log = base / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pypiserver",
                "run",
                "-i",
                "127.0.0.1",
                "-p",
                str(port),
                "-P",
                str(base / "htpasswd"),
                "-a",
                "update,download,list",
                "--disable-fallback",
                str(packages),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, process, log)
        yield PypiServer(url=url, packages=packages)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class FailingProxy:
    """A real HTTP proxy in front of an index that refuses the ``fail_upload``-th upload.

    Every request is forwarded to ``upstream`` (headers and body as they came), except the
    upload (a ``POST``) numbered ``fail_upload`` (1-based), which gets ``503 Service
    Unavailable`` without reaching the index: an outage part-way through a release (with
    ``lasting=True``, every upload from that one on, retries included). Use it as a context
    manager; ``url`` is the proxy's address, ``uploads`` counts the POSTs seen.
    """

    def __init__(self, upstream: str, fail_upload: int, *, lasting: bool = False) -> None:
        self.upstream = upstream
        self.fail_upload = fail_upload
        self.lasting = lasting
        self.uploads = 0
        self.url = ""
        self._server: object = None

    def __enter__(self) -> FailingProxy:
        import threading
        from http.server import ThreadingHTTPServer

        server = ThreadingHTTPServer(("127.0.0.1", 0), _proxy_handler(self))
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{server.server_address[1]}/"
        return self

    def __exit__(self, *exc: object) -> None:
        from http.server import ThreadingHTTPServer

        assert isinstance(self._server, ThreadingHTTPServer)
        self._server.shutdown()
        self._server.server_close()


def _proxy_handler(proxy: FailingProxy) -> type:
    import http.client
    import threading
    import urllib.parse
    from http.server import BaseHTTPRequestHandler

    lock = threading.Lock()
    upstream = urllib.parse.urlsplit(proxy.upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if self.command == "POST":
                with lock:
                    proxy.uploads += 1
                    refuse = proxy.uploads == proxy.fail_upload or (
                        proxy.lasting and proxy.uploads > proxy.fail_upload
                    )
                if refuse:
                    message = b"the index is down for maintenance"
                    self.send_response(503, "Service Unavailable")
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(message)))
                    self.end_headers()
                    self.wfile.write(message)
                    return
            headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            connection = http.client.HTTPConnection(upstream.netloc, timeout=30)
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            finally:
                connection.close()
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_HEAD = _forward  # noqa: N815 - the names http.server calls

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output clean."""

    return Handler
