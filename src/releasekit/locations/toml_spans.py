"""The span of every one-line string value of a TOML document, with its full key path.

A small recursive-descent scanner over TOML that is already known to be valid (the caller parsed
it with tomllib): tables, arrays of tables, dotted and quoted keys, inline tables, arrays,
multi-line strings and comments are all walked, so a ``version = "…"`` line inside a multi-line
string or under another table is never mistaken for the version. Values inside arrays and
arrays of tables get no key path. Every edit made from these spans is still proven by re-parsing
the result (:func:`releasekit.locations.spans.check_toml_edit`).

>>> text = "[x]\\nnote = '''\\n[project]\\nversion = '9'\\n'''\\n[project]\\nversion = '1.0'\\n"
>>> [(path, text[start:end]) for path, start, end in toml_string_spans(text)]
[(('project', 'version'), '1.0')]
"""

from __future__ import annotations

import re

from releasekit.errors import VersionLocationError

__all__ = ["toml_string_spans"]

_BLANK = re.compile(r"[ \t]*")
_COMMENT = re.compile(r"[ \t]*(?:#[^\r\n]*)?")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"((?:[^"\\\r\n]|\\.)*)"')
_LITERAL = re.compile(r"'([^'\r\n]*)'")
# A multi-line string may end with one or two quotes of its own just before the delimiter.
_ML_BASIC = re.compile(r'"""((?:[^"\\]|\\.|"(?!""))*)"""("{0,2})', re.DOTALL)
_ML_LITERAL = re.compile(r"'''((?:[^']|'(?!''))*)'''('{0,2})", re.DOTALL)
# Numbers, booleans, dates and times; a date-time may have a space before its time.
_SCALAR = re.compile(r"[^\s,\]}#]+(?: (?=\d\d:)[^\s,\]}#]+)?")

KeyPath = tuple[str, ...]


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 1 if text.startswith("\ufeff") else 0
        self.found: list[tuple[KeyPath, int, int]] = []

    def fail(self, what: str) -> VersionLocationError:
        line = self.text.count("\n", 0, self.pos) + 1
        return VersionLocationError(f"line {line}: {what} (not valid TOML)")

    def skip(self, *, newlines: bool) -> None:
        """Skip blanks and a comment; with ``newlines``, also line ends and blank lines."""
        while True:
            self.pos = _COMMENT.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if not newlines:
                return
            if self.text.startswith("\r\n", self.pos):
                self.pos += 2
            elif self.text.startswith("\n", self.pos):
                self.pos += 1
            else:
                return

    def expect(self, token: str) -> None:
        self.pos = _BLANK.match(self.text, self.pos).end()  # type: ignore[union-attr]
        if not self.text.startswith(token, self.pos):
            raise self.fail(f"expected {token!r}")
        self.pos += len(token)

    def key(self) -> KeyPath:
        parts: list[str] = []
        while True:
            self.pos = _BLANK.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if match := _BARE_KEY.match(self.text, self.pos):
                parts.append(match.group())
            elif match := _BASIC.match(self.text, self.pos):
                parts.append(_unescape(match.group()))
            elif match := _LITERAL.match(self.text, self.pos):
                parts.append(match.group(1))
            else:
                raise self.fail("expected a key")
            self.pos = _BLANK.match(self.text, match.end()).end()  # type: ignore[union-attr]
            if not self.text.startswith(".", self.pos):
                return tuple(parts)
            self.pos += 1

    def value(self, path: KeyPath | None) -> None:
        self.pos = _BLANK.match(self.text, self.pos).end()  # type: ignore[union-attr]
        text, pos = self.text, self.pos
        if match := _ML_BASIC.match(text, pos) or _ML_LITERAL.match(text, pos):
            self.pos = match.end()  # never a version: it may span lines and trim a newline
        elif match := _BASIC.match(text, pos) or _LITERAL.match(text, pos):
            # An escape makes the written text differ from the value: not editable in place.
            if path is not None and not (text[pos] == '"' and "\\" in match.group(1)):
                self.found.append((path, match.start(1), match.end(1)))
            self.pos = match.end()
        elif text.startswith("[", pos):
            self.sequence("]", lambda: self.value(None), newlines=True)
        elif text.startswith("{", pos):
            self.sequence("}", lambda: self.pair(path), newlines=False)
        elif match := _SCALAR.match(text, pos):
            self.pos = match.end()
        else:
            raise self.fail("expected a value")

    def sequence(self, close: str, item: object, *, newlines: bool) -> None:
        """An array or inline table body, from its opening bracket to ``close``."""
        self.pos += 1
        while True:
            self.skip(newlines=newlines)
            if self.text.startswith(close, self.pos):
                self.pos += 1
                return
            item()  # type: ignore[operator]
            self.skip(newlines=newlines)
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith(close, self.pos):
                raise self.fail(f"expected ',' or {close!r}")

    def pair(self, table: KeyPath | None) -> None:
        key = self.key()
        self.expect("=")
        self.value(None if table is None else table + key)

    def document(self) -> list[tuple[KeyPath, int, int]]:
        table: KeyPath | None = ()
        arrays: set[KeyPath] = set()
        while True:
            self.skip(newlines=True)
            if self.pos >= len(self.text):
                return self.found
            if self.text.startswith("[[", self.pos):
                self.pos += 2
                arrays.add(self.key())
                self.expect("]]")
                table = None  # an element of an array of tables holds no version
            elif self.text.startswith("[", self.pos):
                self.pos += 1
                table = self.key()
                self.expect("]")
                if any(table[: len(array)] == array for array in arrays):
                    table = None  # [a.b] after [[a]] is inside a's last element
            else:
                self.pair(table)
            self.skip(newlines=False)
            if self.pos < len(self.text) and not self.text.startswith(("\n", "\r\n"), self.pos):
                raise self.fail("expected the end of the line")


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
}


def _unescape(quoted: str) -> str:
    """A quoted basic-string key's name (``"a\\u0062"`` -> ``ab``)."""

    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)) if code else _ESCAPES.get(match.group(3), match.group(3))

    return _ESCAPE.sub(one, quoted[1:-1])


def toml_string_spans(text: str) -> list[tuple[KeyPath, int, int]]:
    """``(key path, start, end)`` of every one-line, escape-free string value of ``text``.

    ``text[start:end]`` is the value without its quotes. ``text`` must be valid TOML; a
    construct the scanner cannot follow raises :class:`~releasekit.errors.VersionLocationError`.
    """
    return _Scanner(text).document()
