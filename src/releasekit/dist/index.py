"""What a package index already holds, read from its simple API (PEP 691 JSON or PEP 503 HTML).

``releasekit publish --skip-existing`` must work on any index, not only PyPI: it reads the
project's page on the index's simple API and compares each file's sha256 with the local one.
When a page gives no hash for a file, the file is downloaded and hashed.

>>> simple_url_for("https://upload.pypi.org/legacy/")
'https://pypi.org/simple/'
>>> simple_url_for("http://127.0.0.1:8080/")
'http://127.0.0.1:8080/simple/'
>>> files = parse_simple_html(
...     '<a href="/p/x-1.0.tar.gz#sha256=ab12">x-1.0.tar.gz</a>', "http://h/simple/x/")
>>> files["x-1.0.tar.gz"].sha256, files["x-1.0.tar.gz"].url
('ab12', 'http://h/p/x-1.0.tar.gz')
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from releasekit.errors import PublishError

if TYPE_CHECKING:
    import requests

__all__ = [
    "IndexFile",
    "fetch_index_files",
    "parse_simple_html",
    "parse_simple_json",
    "simple_url_for",
]

logger = logging.getLogger("releasekit.dist.index")

#: Upload URL prefix -> simple API of the same index.
_KNOWN = {
    "https://upload.pypi.org/legacy/": "https://pypi.org/simple/",
    "https://test.pypi.org/legacy/": "https://test.pypi.org/simple/",
}
_ACCEPT = (
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
    "text/html;q=0.1"
)


@dataclass(frozen=True)
class IndexFile:
    """A file listed on an index's project page; ``sha256`` is None when the page omits it."""

    filename: str
    url: str
    sha256: str | None


def simple_url_for(upload_url: str) -> str:
    """The simple API root that goes with an upload URL (PyPI, TestPyPI, pypiserver…).

    ``…/legacy/`` becomes ``…/simple/``; any other URL gets ``simple/`` appended. Indexes laid
    out differently (devpi: ``+simple/``) take an explicit ``--index-url``.
    """
    for prefix, simple in _KNOWN.items():
        if upload_url.startswith(prefix):
            return simple
    base = upload_url if upload_url.endswith("/") else upload_url + "/"
    if base.endswith("/legacy/"):
        return base[: -len("legacy/")] + "simple/"
    return base + "simple/"


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def parse_simple_html(text: str, page_url: str) -> dict[str, IndexFile]:
    """The files of a PEP 503 project page, by filename."""
    parser = _Anchors()
    parser.feed(text)
    files = {}
    for href, label in parser.links:
        url, fragment = urldefrag(urljoin(page_url, href))
        name = label or unquote(urlsplit(url).path.rsplit("/", 1)[-1])
        algorithm, _, digest = fragment.partition("=")
        sha256 = digest.lower() if algorithm == "sha256" and digest else None
        files[name] = IndexFile(name, url, sha256)
    return files


def parse_simple_json(data: Mapping[str, object], page_url: str) -> dict[str, IndexFile]:
    """The files of a PEP 691 JSON project page, by filename."""
    files = {}
    entries = data.get("files", [])
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("filename"), str):
            continue
        hashes = entry.get("hashes")
        sha256 = hashes.get("sha256") if isinstance(hashes, Mapping) else None
        name = str(entry["filename"])
        url = urljoin(page_url, str(entry.get("url", name)))
        files[name] = IndexFile(name, url, str(sha256).lower() if sha256 else None)
    return files


def fetch_index_files(
    session: requests.Session, simple_url: str, project: str, *, timeout: float
) -> dict[str, IndexFile]:
    """The files the index lists for ``project`` (empty when it does not know the project).

    Redirects are followed only on the same host: pypiserver answers an unknown project with a
    redirect to pypi.org, whose files are not this index's. Raises ``requests`` errors; the
    caller turns them into its own.
    """
    from packaging.utils import canonicalize_name

    url = urljoin(simple_url if simple_url.endswith("/") else simple_url + "/", "")
    url = f"{url}{canonicalize_name(project)}/"
    host = urlsplit(url).netloc
    for _ in range(5):
        response = session.get(
            url, headers={"Accept": _ACCEPT}, timeout=timeout, allow_redirects=False
        )
        if response.is_redirect:
            target = urljoin(url, response.headers.get("location", ""))
            if urlsplit(target).netloc != host:
                logger.debug("%s redirects to another host; the index does not have it", url)
                return {}
            url = target
            continue
        if response.status_code == 404:
            return {}
        response.raise_for_status()
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        if content_type.endswith("+json") or content_type == "application/json":
            return parse_simple_json(_json_page(response.text, url), url)
        return parse_simple_html(response.text, url)
    return {}


def _json_page(text: str, url: str) -> Mapping[str, object]:
    try:
        data = json.loads(text)
    except ValueError as exc:  # JSONDecodeError, and numbers too long to convert
        reason = str(exc)
    else:
        if isinstance(data, Mapping):
            return data
        reason = f"a JSON {type(data).__name__}, not an object"
    raise PublishError(
        f"{url}: the index page is not PEP 691 JSON ({reason[:200]}); check --index-url, "
        "or that the index serves the simple API there"
    )


def remote_sha256(session: requests.Session, file: IndexFile, *, timeout: float) -> str:
    """The sha256 of a file on the index: from its page, else by downloading it."""
    if file.sha256:
        return file.sha256
    digest = hashlib.sha256()
    with session.get(file.url, stream=True, timeout=timeout) as response:
        response.raise_for_status()
        for chunk in response.iter_content(1 << 16):
            digest.update(chunk)
    return digest.hexdigest()
