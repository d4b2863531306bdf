"""Secrets out of every message, in every encoding a server or a tool may show them in.

An upload password can come back inside an index's error page as it was sent: raw, URL-encoded
(a form body or a query), HTML- or JSON-escaped (an echoing page), or base64-encoded with the
user name in an ``Authorization: Basic`` header. :class:`Redactor` knows the secrets of one
connection and replaces each of those forms with ``****``; :func:`mask_credentials` masks the
password (or a lone token) of every URL in a text.

Both run in time linear in the text, whatever it holds: a 40 KB line from a server goes
through them as fast as a short one.

>>> Redactor(["hunter22"], usernames=["bob"]).redact("Authorization: Basic Ym9iOmh1bnRlcjIy")
'Authorization: Basic ****'
>>> mask_credentials("fatal: unable to access 'https://bob:hunter22@example.org/r.git/'")
"fatal: unable to access 'https://bob:****@example.org/r.git/'"
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# base64, html, json and urllib.parse are imported where a Redactor is built: git's error path
# and every command's start-up need only mask_credentials, which needs none of them.

__all__ = ["MASK", "Redactor", "mask_credentials"]

MASK = "****"

#: Shorter secrets are not masked: replacing every "ab" in a message would hide the message.
MIN_SECRET = 3
#: Base64 runs shorter than this are too likely to occur by chance to be worth masking.
_MIN_BASE64_CORE = 6

_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_USERINFO_END = frozenset("/?#") | frozenset(" \t\r\n\f\v'\"<>")
#: A URL user part with no password that is this long is taken for a token (``https://TOKEN@``).
_TOKEN_MIN = 16
_PERCENT_ESCAPE = re.compile(r"%[0-9A-F]{2}")


def _base64_cores(data: bytes) -> set[str]:
    """The base64 characters that encode ``data`` wherever it sits in a longer byte string.

    Base64 works in groups of three bytes, so the encoding of ``data`` depends on its offset
    modulo 3; for each offset, the characters that depend on ``data`` alone are kept. Any
    base64 text holding ``data`` (a Basic header, an encoded request body) contains one of them.
    """
    import base64

    cores = set()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + data + b"\0\0").decode("ascii")
        first = -(-8 * offset // 6)  # the first character with no bit from the padding before
        last = (8 * (offset + len(data))) // 6  # one past the last character fully inside
        core = encoded[first:last]
        if len(core) >= _MIN_BASE64_CORE:
            cores.add(core)
            cores.add(core.replace("+", "-").replace("/", "_"))
    return cores


def _encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; lone surrogates (undecodable bytes of an environment
    variable) become the bytes they stand for, as the operating system would pass them."""
    try:
        return text.encode(encoding, errors="surrogateescape")
    except UnicodeEncodeError:
        if encoding != "utf-8":
            raise
        return text.encode(encoding, errors="surrogatepass")


def _lower_escapes(text: str) -> str:
    return _PERCENT_ESCAPE.sub(lambda m: m.group(0).lower(), text)


def secret_forms(secret: str, usernames: Iterable[str] = ()) -> set[str]:
    """Every spelling of ``secret`` that :class:`Redactor` masks.

    >>> {"p@ss word", "p%40ss%20word", "p%40ss+word", "cEBzcyB3b3Jk"} <= secret_forms("p@ss word")
    True
    """
    import base64
    import html
    import json
    from urllib.parse import quote, quote_plus

    forms = {secret}
    utf8 = _encode(secret, "utf-8")
    url_forms = (
        quote(utf8),
        quote(utf8, safe=""),
        quote_plus(utf8),
        quote_plus(utf8, safe=""),
    )
    for url_form in url_forms:
        forms.update((url_form, _lower_escapes(url_form)))
    forms.update((html.escape(secret), html.escape(secret, quote=False)))
    forms.update((json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]))
    # HTTP Basic credentials are encoded as UTF-8 by some clients and Latin-1 by others.
    for encoding in ("utf-8", "latin-1"):
        for plain in (secret, *(f"{user}:{secret}" for user in usernames)):
            try:
                data = _encode(plain, encoding)
            except UnicodeEncodeError:
                continue
            encoded = base64.b64encode(data)
            forms.add(encoded.decode("ascii"))
            forms.update(_base64_cores(data))
            # An echo that base64-encodes the request encodes the Basic header a second time.
            forms.update(_base64_cores(encoded))
    return {form for form in forms if len(form) >= MIN_SECRET}


class Redactor:
    """Masks a fixed set of secrets, in all their forms, and every URL password.

    Build one per connection (the forms are computed once) and pass every message through
    :meth:`redact` before it is shown, logged, raised or cut to length.
    """

    def __init__(self, secrets: Iterable[str | None], usernames: Iterable[str | None] = ()) -> None:
        users = [u for u in usernames if u]
        forms: set[str] = set()
        for secret in secrets:
            if secret and len(secret) >= MIN_SECRET:
                forms |= secret_forms(secret, users)
        # Longest first, so that a form containing another is replaced whole.
        self._forms = sorted(forms, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """``text`` with every form of every secret, and every URL password, masked."""
        for form in self._forms:
            if form in text:
                text = text.replace(form, MASK)
        return mask_credentials(text)

    def __bool__(self) -> bool:
        return bool(self._forms)


def mask_credentials(text: str) -> str:
    """Replace the password (or the lone token) of every ``scheme://user:password@`` with ****.

    A scanner rather than a regular expression: each ``://`` is looked at once, back over its
    scheme and forward to the end of its user part, so no input makes it slower than linear.

    >>> mask_credentials("see https://ghp_0123456789abcdefXYZ@github.com/o/r")
    'see https://****@github.com/o/r'
    """
    if "://" not in text:
        return text
    out: list[str] = []
    done = 0
    search = 0
    while True:
        mark = text.find("://", search)
        if mark < 0:
            break
        start = mark
        while start > done and text[start - 1] in _SCHEME_CHARS:
            start -= 1
        end = mark + 3
        at = -1
        while end < len(text) and text[end] not in _USERINFO_END:
            if text[end] == "@":
                at = end
            end += 1
        search = end if end > mark + 3 else mark + 3
        if start == mark or at < 0 or not text[start].isalpha():
            continue
        userinfo = text[mark + 3 : at]
        user, colon, _ = userinfo.partition(":")
        if colon:
            masked = f"{user}:{MASK}"
        elif len(userinfo) >= _TOKEN_MIN:
            masked = MASK
        else:
            continue
        out.append(text[done : mark + 3])
        out.append(masked)
        done = at
    out.append(text[done:])
    return "".join(out)
