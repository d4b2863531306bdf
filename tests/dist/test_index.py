"""A package index's simple API: PEP 503 HTML and PEP 691 JSON pages, read from real servers."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from releasekit.dist.index import (
    IndexFile,
    fetch_index_files,
    parse_simple_html,
    parse_simple_json,
    remote_sha256,
    simple_url_for,
)
from releasekit.errors import PublishError


@pytest.mark.parametrize(
    ("upload", "simple"),
    [
        ("https://upload.pypi.org/legacy/", "https://pypi.org/simple/"),
        ("https://test.pypi.org/legacy/", "https://test.pypi.org/simple/"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/simple/"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/simple/"),
        (
            "https://nexus.example/repository/py/legacy/",
            "https://nexus.example/repository/py/simple/",
        ),
    ],
    ids=["pypi", "testpypi", "pypiserver", "no-slash", "legacy-suffix"],
)
def test_simple_url_for(upload: str, simple: str) -> None:
    assert simple_url_for(upload) == simple


def test_parse_simple_pages() -> None:
    html = (
        '<a href="../../packages/p-1.0.tar.gz#sha256=AB12">p-1.0.tar.gz</a>'
        '<a href="https://files.example/p-1.0-py3-none-any.whl">p-1.0-py3-none-any.whl</a>'
    )
    files = parse_simple_html(html, "http://h/simple/p/")
    assert files["p-1.0.tar.gz"].url == "http://h/packages/p-1.0.tar.gz"
    assert files["p-1.0.tar.gz"].sha256 == "ab12"
    assert files["p-1.0-py3-none-any.whl"].sha256 is None
    data = {"files": [{"filename": "p-1.0.tar.gz", "url": "x", "hashes": {"sha256": "CD"}}, 3]}
    json_files = parse_simple_json(data, "http://h/simple/p/")
    assert json_files["p-1.0.tar.gz"].url == "http://h/simple/p/x"
    assert json_files["p-1.0.tar.gz"].sha256 == "cd"


@given(st.text(max_size=500))
def test_simple_html_parser_never_raises(text: str) -> None:
    files = parse_simple_html(text, "http://h/simple/p/")
    assert all(f.url.startswith("http") for f in files.values())


@pytest.mark.parametrize(
    ("href", "label", "filename", "url", "sha256"),
    [
        (
            "/p/x-1.0.tar.gz#sha256=AbC1",
            "x-1.0.tar.gz",
            "x-1.0.tar.gz",
            "http://h/p/x-1.0.tar.gz",
            "abc1",
        ),
        (
            "x-1.0.tar.gz#md5=ff",
            "x-1.0.tar.gz",
            "x-1.0.tar.gz",
            "http://h/simple/x/x-1.0.tar.gz",
            None,
        ),
        (
            "x-1.0.tar.gz#sha256=",
            "x-1.0.tar.gz",
            "x-1.0.tar.gz",
            "http://h/simple/x/x-1.0.tar.gz",
            None,
        ),
        ("../../f/x%2B1-1.0.tar.gz", "", "x+1-1.0.tar.gz", "http://h/f/x%2B1-1.0.tar.gz", None),
        (
            "https://cdn.example/x-1.0.whl#sha256=00",
            "  x-1.0.whl \n",
            "x-1.0.whl",
            "https://cdn.example/x-1.0.whl",
            "00",
        ),
        (
            "/p/x-1.0.tar.gz",
            "x-1.0.tar.gz &amp; more",
            "x-1.0.tar.gz & more",
            "http://h/p/x-1.0.tar.gz",
            None,
        ),
    ],
    ids=[
        "absolute-path-upper-hash",
        "md5-only",
        "empty-hash",
        "no-label-quoted",
        "other-host-label-trimmed",
        "entity-in-label",
    ],
)
def test_parse_simple_html_links(
    href: str, label: str, filename: str, url: str, sha256: str | None
) -> None:
    link = f'<a href="{href}" data-requires-python="&gt;=3.8">{label}</a>'
    page = f"<html><body><h1>x</h1>{link}<br/></body></html>"
    assert parse_simple_html(page, "http://h/simple/x/") == {
        filename: IndexFile(filename, url, sha256)
    }


def test_parse_simple_html_ignores_anchors_without_a_closing_tag_and_keeps_the_last_duplicate() -> (
    None
):
    page = (
        '<a href="a-1.tar.gz#sha256=01">a-1.tar.gz</a>'
        '<a href="mirror/a-1.tar.gz#sha256=02">a-1.tar.gz</a>'
        '<a href="never-closed.tar.gz">never-closed.tar.gz'
    )
    assert parse_simple_html(page, "http://h/simple/a/") == {
        "a-1.tar.gz": IndexFile("a-1.tar.gz", "http://h/simple/a/mirror/a-1.tar.gz", "02")
    }


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {
                "files": [
                    {
                        "filename": "a-1.tar.gz",
                        "url": "https://f/a-1.tar.gz",
                        "hashes": {"sha256": "AB"},
                    }
                ]
            },
            {"a-1.tar.gz": IndexFile("a-1.tar.gz", "https://f/a-1.tar.gz", "ab")},
        ),
        (
            {"files": [{"filename": "a-1.tar.gz", "hashes": {}}]},
            {"a-1.tar.gz": IndexFile("a-1.tar.gz", "http://h/simple/a/a-1.tar.gz", None)},
        ),
        (
            {"files": [{"filename": "a-1.tar.gz", "url": "../../f/a-1.tar.gz", "hashes": "oops"}]},
            {"a-1.tar.gz": IndexFile("a-1.tar.gz", "http://h/f/a-1.tar.gz", None)},
        ),
        ({"files": [{"url": "x"}, {"filename": 3}, "junk", None]}, {}),
        ({"files": "not a list"}, {}),
        ({}, {}),
    ],
    ids=[
        "full-entry",
        "no-url-no-hash",
        "relative-url-bad-hashes",
        "bad-entries-skipped",
        "files-not-a-list",
        "no-files",
    ],
)
def test_parse_simple_json(data: dict[str, object], expected: dict[str, IndexFile]) -> None:
    assert parse_simple_json(data, "http://h/simple/a/") == expected


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(
    st.dictionaries(
        st.sampled_from(["files", "meta", "name"]),
        st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "filename": st.text(max_size=10) | st.integers(),
                    "url": JSON_VALUES,
                    "hashes": st.dictionaries(st.sampled_from(["sha256", "md5"]), JSON_VALUES)
                    | JSON_VALUES,
                },
            ),
            max_size=4,
        )
        | JSON_VALUES,
    )
)
def test_parse_simple_json_never_raises_on_any_json(data: dict[str, object]) -> None:
    files = parse_simple_json(json.loads(json.dumps(data)), "http://h/simple/p/")
    for name, file in files.items():
        assert file.filename == name
        assert file.url.startswith("http")


@given(st.text(alphabet=st.sampled_from(list("<>a=\"' /#&;hrefsha256:x.-")), max_size=200))
def test_parse_simple_html_never_raises_on_tag_soup(text: str) -> None:
    for file in parse_simple_html(text, "http://h/simple/p/").values():
        assert file.url.startswith("http://h/") or file.url.startswith("http")


# -- against real HTTP servers --------------------------------------------------------------

Route = Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]


@pytest.fixture
def serve() -> Iterator[Callable[[dict[str, Route]], str]]:
    """Start a standard-library server answering each path with its route; give its URL."""
    servers: list[ThreadingHTTPServer] = []

    def start(routes: dict[str, Route]) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                route = routes.get(self.path)
                status, headers, body = route(self) if route else (404, {}, b"not found")
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def page(content_type: str, body: str) -> Route:
    return lambda _: (200, {"content-type": content_type}, body.encode())


JSON_PAGE = json.dumps(
    {
        "meta": {"api-version": "1.0"},
        "files": [
            {"filename": "rk_p-1.0.tar.gz", "url": "/f/rk_p-1.0.tar.gz", "hashes": {"sha256": "AA"}}
        ],
    }
)
HTML_PAGE = '<a href="/f/rk_p-1.0.tar.gz#sha256=BB">rk_p-1.0.tar.gz</a>'


@pytest.mark.parametrize(
    ("content_type", "body", "sha256"),
    [
        ("application/vnd.pypi.simple.v1+json", JSON_PAGE, "aa"),
        ("application/json; charset=utf-8", JSON_PAGE, "aa"),
        ("application/vnd.pypi.simple.v1+html", HTML_PAGE, "bb"),
        ("text/html; charset=utf-8", HTML_PAGE, "bb"),
    ],
    ids=["pep-691", "plain-json", "pep-691-html", "pep-503"],
)
def test_fetch_reads_either_form_of_the_project_page(
    serve: Callable[[dict[str, Route]], str], content_type: str, body: str, sha256: str
) -> None:
    url = serve({"/simple/rk-p/": page(content_type, body)})
    with requests.Session() as session:
        files = fetch_index_files(session, f"{url}/simple", "RK_P", timeout=5)
    assert files == {
        "rk_p-1.0.tar.gz": IndexFile("rk_p-1.0.tar.gz", f"{url}/f/rk_p-1.0.tar.gz", sha256)
    }


def test_fetch_asks_for_json_first_and_names_the_project_canonically(
    serve: Callable[[dict[str, Route]], str],
) -> None:
    seen: list[str] = []

    def record(handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        seen.append(handler.headers.get("Accept", ""))
        return 200, {"content-type": "text/html"}, b""

    url = serve({"/simple/my-pkg/": record})
    with requests.Session() as session:
        assert fetch_index_files(session, f"{url}/simple/", "My.Pkg", timeout=5) == {}
    assert seen[0].startswith("application/vnd.pypi.simple.v1+json")


def test_an_unknown_project_is_an_empty_listing(serve: Callable[[dict[str, Route]], str]) -> None:
    url = serve({})
    with requests.Session() as session:
        assert fetch_index_files(session, f"{url}/simple/", "nobody", timeout=5) == {}


def test_a_redirect_on_the_same_host_is_followed_and_one_elsewhere_is_not(
    serve: Callable[[dict[str, Route]], str],
) -> None:
    other = serve({"/simple/rk-p/": page("text/html", HTML_PAGE)})
    url = serve(
        {
            "/simple/rk-p/": lambda _: (302, {"location": "/moved/rk-p/"}, b""),
            "/moved/rk-p/": page("text/html", HTML_PAGE),
            "/simple/gone/": lambda _: (302, {"location": f"{other}/simple/rk-p/"}, b""),
        }
    )
    with requests.Session() as session:
        moved = fetch_index_files(session, f"{url}/simple/", "rk-p", timeout=5)
        assert moved["rk_p-1.0.tar.gz"].url == f"{url}/f/rk_p-1.0.tar.gz"
        # pypiserver sends an unknown project to pypi.org: those files are not this index's.
        assert fetch_index_files(session, f"{url}/simple/", "gone", timeout=5) == {}


def test_a_redirect_loop_ends_with_an_empty_listing(
    serve: Callable[[dict[str, Route]], str],
) -> None:
    url = serve({"/simple/loop/": lambda _: (301, {"location": "/simple/loop/"}, b"")})
    with requests.Session() as session:
        assert fetch_index_files(session, f"{url}/simple/", "loop", timeout=5) == {}


def test_a_server_error_is_raised_for_the_caller(serve: Callable[[dict[str, Route]], str]) -> None:
    url = serve({"/simple/p/": lambda _: (500, {}, b"down")})
    with requests.Session() as session, pytest.raises(requests.HTTPError):
        fetch_index_files(session, f"{url}/simple/", "p", timeout=5)


@pytest.mark.parametrize(
    ("body", "reason"),
    [("{not json", "Expecting property name"), ("[1, 2]", "a JSON list, not an object")],
    ids=["not-json", "a-list"],
)
def test_a_json_page_that_is_not_pep_691_names_the_url_and_the_fix(
    serve: Callable[[dict[str, Route]], str], body: str, reason: str
) -> None:
    url = serve({"/simple/p/": page("application/vnd.pypi.simple.v1+json", body)})
    with requests.Session() as session, pytest.raises(PublishError) as caught:
        fetch_index_files(session, f"{url}/simple/", "p", timeout=5)
    message = str(caught.value)
    assert message.startswith(f"{url}/simple/p/: the index page is not PEP 691 JSON (")
    assert reason in message
    assert message.endswith("check --index-url, or that the index serves the simple API there")


def test_remote_sha256_uses_the_page_or_downloads_the_file(
    serve: Callable[[dict[str, Route]], str],
) -> None:
    data = b"distribution bytes" * 5000
    url = serve(
        {"/f/p-1.tar.gz": lambda _: (200, {"content-type": "application/octet-stream"}, data)}
    )
    with requests.Session() as session:
        listed = IndexFile("p-1.tar.gz", f"{url}/nowhere", "cafe")
        assert remote_sha256(session, listed, timeout=5) == "cafe"
        unlisted = IndexFile("p-1.tar.gz", f"{url}/f/p-1.tar.gz", None)
        assert remote_sha256(session, unlisted, timeout=5) == hashlib.sha256(data).hexdigest()
        with pytest.raises(requests.HTTPError):
            remote_sha256(session, IndexFile("q", f"{url}/missing", None), timeout=5)
