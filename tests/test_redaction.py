"""Tests for releasekit.redaction: every encoding of a secret is masked, in linear time."""

from __future__ import annotations

import base64
import html
import json
import re
import time
from collections.abc import Callable
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.redaction import MASK, Redactor, mask_credentials, secret_forms

SECRET = "pa ss/wörd+=&<x>\"'"
USER = "release-bot"

ENCODINGS: dict[str, Callable[[str], str]] = {
    "raw": lambda s: s,
    "url": lambda s: quote(s, safe=""),
    "url-plus": lambda s: quote_plus(s),
    "url-lowercase-escapes": lambda s: re.sub("%[0-9A-F]{2}", lambda m: m[0].lower(), quote(s)),
    "html": lambda s: html.escape(s),
    "json": lambda s: json.dumps(s)[1:-1],
    "json-ascii": lambda s: json.dumps(s, ensure_ascii=True)[1:-1],
    "basic-utf8": lambda s: base64.b64encode(f"{USER}:{s}".encode()).decode(),
    "basic-latin1": lambda s: base64.b64encode(f"{USER}:{s}".encode("latin-1")).decode(),
    "base64-alone": lambda s: base64.b64encode(s.encode()).decode(),
    "base64-inside-a-longer-blob": lambda s: base64.b64encode(
        b"POST /legacy/ HTTP/1.1\r\nAuthorization: " + s.encode() + b"\r\n"
    ).decode(),
    "urlsafe-base64": lambda s: base64.urlsafe_b64encode(b"x" + s.encode()).decode(),
}


@pytest.mark.parametrize("encode", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_every_encoding_of_the_secret_is_masked(encode: Callable[[str], str]) -> None:
    text = f"HTTP 400: you sent <{encode(SECRET)}> and more text"
    shown = Redactor([SECRET], usernames=[USER]).redact(text)
    assert MASK in shown
    for other in ENCODINGS.values():
        assert other(SECRET) not in shown
    assert shown.startswith("HTTP 400: you sent <")
    assert shown.endswith("> and more text")


def test_short_or_missing_secrets_mask_nothing() -> None:
    redactor = Redactor([None, "", "ab"])
    assert not redactor
    assert redactor.redact("ab abab") == "ab abab"


def test_secret_forms_include_the_percent_and_base64_spellings() -> None:
    forms = secret_forms("p@ss word", ["u"])
    assert {"p@ss word", "p%40ss%20word", "p%40ss+word"} <= forms
    assert base64.b64encode(b"u:p@ss word").decode() in forms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://bob:hunter22@example.org/r", "https://bob:****@example.org/r"),
        ("git+ssh://git:s3cr3t@host:22/r.git", "git+ssh://git:****@host:22/r.git"),
        ("https://ghp_0123456789abcdef@github.com/o", "https://****@github.com/o"),
        ("https://short@github.com/o", "https://short@github.com/o"),
        ("https://example.org/no/creds", "https://example.org/no/creds"),
        ("'https://a:b@c' and 'http://d:e@f'", "'https://a:****@c' and 'http://d:****@f'"),
        ("https://u:p@ss@host/", "https://u:****@host/"),
        ("://x:y@z", "://x:y@z"),
        ("no url at all", "no url at all"),
    ],
    ids=[
        "password",
        "ssh",
        "token",
        "short-user",
        "none",
        "two",
        "at-in-password",
        "no-scheme",
        "plain",
    ],
)
def test_mask_credentials(text: str, expected: str) -> None:
    assert mask_credentials(text) == expected


@given(
    st.text(max_size=200),
    # Passwords and tokens: base64 inside a longer blob is masked from 5 bytes on.
    st.text(
        st.characters(blacklist_characters="*", blacklist_categories=["Cs"]),
        min_size=5,
        max_size=30,
    ),
    st.sampled_from(list(ENCODINGS)),
)
def test_no_encoding_of_a_secret_survives(text: str, secret: str, encoding: str) -> None:
    try:
        encoded = ENCODINGS[encoding](secret)
    except UnicodeEncodeError:
        return
    shown = Redactor([secret], usernames=[USER]).redact(text + encoded + text)
    assert encoded not in shown


@given(st.text(max_size=300))
def test_mask_credentials_never_raises_and_keeps_text_without_urls(text: str) -> None:
    masked = mask_credentials(text)
    if "://" not in text:
        assert masked == text


PATHOLOGICAL = {
    "letters": "a" * 40_000,
    "schemes-without-userinfo": "a://" * 10_000,
    "colons": "a://" + ":" * 40_000,
    "ats-without-slash": "a://" + "@" * 40_000,
    "long-userinfo": "https://" + "u" * 40_000 + ":p@h",
}


def _best_of(function: Callable[[], object], runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_masking_is_linear_on_pathological_lines(text: str) -> None:
    """Four times the input takes about four times as long; quadratic would take sixteen.

    The best of five runs, and a bound far above linear, keep a busy machine from failing it.
    """
    redactor = Redactor([SECRET], usernames=[USER])
    single = _best_of(lambda: redactor.redact(text))
    quadruple = _best_of(lambda: redactor.redact(text * 4))
    assert single < 0.5
    assert quadruple < 9 * single + 0.02
