"""Where a version lives in a file, as exact character spans, and how to replace them.

Every finder is pure: it takes a file's text and returns :class:`Span` values, the characters
of the version (quotes excluded) and its line. TOML and Python are read with real parsers
(:mod:`~releasekit.locations.toml_spans`, :mod:`~releasekit.locations.python_spans`); a
replacement changes those characters only, so quoting, comments, line endings and a BOM survive.
Why spans rather than tomlkit: see docs/design.md.

>>> text = '[project]\\nname = "x"\\nversion = "1.2.3"  # keep\\n'
>>> span, = find_toml_value(text, ("project",), "version")
>>> print(replace_spans(text, [span], "1.3.0"), end="")
[project]
name = "x"
version = "1.3.0"  # keep
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from releasekit.errors import ReleasekitError, VersionLocationError
from releasekit.values import frozen

__all__ = [
    "Span",
    "VersionLocation",
    "check_toml_edit",
    "disagreeing",
    "find_ini_value",
    "find_python_assignment",
    "find_single_value_file",
    "find_toml_value",
    "replace_each",
    "replace_spans",
]


@frozen
class Span:
    """The characters ``text[start:end]`` hold a version; ``line`` is 1-based."""

    start: int
    end: int
    line: int

    def value(self, text: str) -> str:
        """The version text inside the span."""
        return text[self.start : self.end]


@frozen
class VersionLocation:
    """One place a version is written: a file, a line, and how it was found.

    ``file`` is the path relative to the project root (``/`` separated), ``text`` the whole
    line (line ending excluded), ``version`` the version as written there, ``kind`` what the
    location is (``[project].version``, ``__version__``, ``setup.cfg [metadata] version``,
    ``files[0]``…).
    """

    path: Path
    file: str
    line: int
    text: str
    version: str
    kind: str
    span: Span

    def to_json(self) -> dict[str, Any]:
        """The location as a JSON-ready dict (file, line, text, version, kind)."""
        return {
            "file": self.file,
            "line": self.line,
            "text": self.text,
            "version": self.version,
            "kind": self.kind,
        }


def disagreeing(locations: Iterable[VersionLocation], version: str) -> list[VersionLocation]:
    """The locations that do not hold ``version`` (PEP 440 equality; an invalid one disagrees).

    >>> loc = VersionLocation(Path("p"), "p", 1, "", "25.2.15", "x", Span(0, 0, 1))
    >>> disagreeing([loc], "25.02.15"), len(disagreeing([loc], "25.2.16"))
    ([], 1)
    """
    from releasekit.version.pep440 import same_release

    found = []
    for location in locations:
        try:
            agrees = location.version == version or same_release(location.version, version)
        except ReleasekitError:
            agrees = False
        if not agrees:
            found.append(location)
    return found


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def line_text(text: str, line: int) -> str:
    """Line ``line`` (1-based) of ``text`` without its line ending."""
    lines = text.split("\n")
    return lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""


def find_toml_value(text: str, table: Sequence[str], key: str) -> list[Span]:
    """Spans of the one-line string ``key`` of ``[table]`` (however the TOML spells it).

    ``text`` must be valid TOML. Dotted keys and inline tables count; multi-line strings and
    strings with escapes are never returned.

    >>> text = '[x]\\nversion = "1"\\n[project]\\n"version"=\\'2\\'\\n'
    >>> find_toml_value(text, ["project"], "version")
    [Span(start=39, end=40, line=4)]
    """
    from releasekit.locations.toml_spans import toml_string_spans

    wanted = (*table, key)
    return [
        Span(start, end, _line_of(text, start))
        for path, start, end in toml_string_spans(text)
        if path == wanted
    ]


def find_python_assignment(text: str, names: Sequence[str] = ("__version__",)) -> list[Span]:
    """Spans of module-level ``NAME = "…"`` / ``NAME: str = '…'`` assignments (via :mod:`ast`).

    Raises :class:`~releasekit.errors.FileFormatError` when ``text`` is not valid Python.

    >>> text = 'import x\\n__version__: str = "1.0"\\nif x:\\n    __version__ = "no"\\n'
    >>> [s.value(text) for s in find_python_assignment(text)]
    ['1.0']
    """
    from releasekit.locations.python_spans import python_string_spans

    return [
        Span(start, end, _line_of(text, start))
        for _, start, end in python_string_spans(text, names)
    ]


def find_ini_value(text: str, section: str, key: str) -> list[Span]:
    """Spans of ``key = value`` (or ``key: value``) in ``[section]`` of an INI file.

    >>> text = "[metadata]\\nname = x\\nversion = 1.0\\n[options]\\nversion = 2\\n"
    >>> [s.value(text) for s in find_ini_value(text, "metadata", "version")]
    ['1.0']
    """
    sections = list(re.finditer(r"^\[(?P<name>[^\]\r\n]+)\][ \t]*\r?$", text, re.MULTILINE))
    # The value is taken greedily and its trailing blanks trimmed here: a lazy value before
    # ``[ \t]*$`` is quadratic on a long line of spaces.
    pattern = re.compile(rf"^{re.escape(key)}[ \t]*[=:][ \t]*(?P<value>[^\r\n]*)", re.MULTILINE)
    spans: list[Span] = []
    for index, header in enumerate(sections):
        if header["name"].strip() != section:
            continue
        end = sections[index + 1].start() if index + 1 < len(sections) else len(text)
        for match in pattern.finditer(text, header.end(), end):
            if text[match.end() : match.end() + 1] not in ("", "\n", "\r"):
                continue
            if text[match.end() : match.end() + 1] == "\r" and text[
                match.end() + 1 : match.end() + 2
            ] not in ("", "\n"):
                continue
            value = match["value"].rstrip(" \t")
            start = match.start("value")
            spans.append(Span(start, start + len(value), _line_of(text, match.start())))
    return spans


def find_single_value_file(text: str) -> list[Span]:
    """The span of the version in a file that holds only a version (``VERSION``).

    >>> find_single_value_file("\\n 1.2.3 \\r\\n")
    [Span(start=2, end=7, line=2)]
    """
    match = re.search(r"\S+", text)
    if not match or text[match.end() :].strip():
        return []
    return [Span(match.start(), match.end(), _line_of(text, match.start()))]


def replace_spans(text: str, spans: Iterable[Span], new: str) -> str:
    """``text`` with every span replaced by ``new`` (spans must not overlap)."""
    result = text
    for span in sorted(set(spans), key=lambda s: s.start, reverse=True):
        result = result[: span.start] + new + result[span.end :]
    return result


def replace_each(text: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each ``text[start:end]`` replaced by its own new text (``(start, end,
    new)``, in order, not overlapping): one pass, every other character kept as it was.

    >>> replace_each("a==1.0 b==2.0", [(3, 6, "1.1"), (10, 13, "2.1")])
    'a==1.1 b==2.1'
    """
    parts: list[str] = []
    last = 0
    for start, end, new in replacements:
        parts.extend((text[last:start], new))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _without(data: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    copy = dict(data)
    if len(keys) == 1:
        copy.pop(keys[0], None)
        return copy
    inner = copy.get(keys[0])
    if isinstance(inner, dict):
        copy[keys[0]] = _without(inner, keys[1:])
    return copy


def _get(data: dict[str, Any], keys: Sequence[str]) -> Any:
    value: Any = data
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def check_toml_edit(
    old: dict[str, Any],
    new: dict[str, Any],
    changed: Sequence[Sequence[str]],
    expected: str,
    name: str,
    replaced: Sequence[str] = (),
) -> None:
    """Prove a TOML edit set every key path in ``changed`` to ``expected`` and nothing else.

    ``old`` and ``new`` are the documents parsed (by tomllib) before and after the edit. A
    location found by a configured pattern has no key path: any other string that differs must
    be the old one with each of its ``replaced`` versions written as ``expected``.

    >>> old, new = {"p": {"v": "1", "n": "x"}}, {"p": {"v": "2", "n": "x"}}
    >>> check_toml_edit(old, new, [["p", "v"]], "2", "f")
    >>> check_toml_edit({"p": {"v": "1"}}, {"p": {"v": "1"}}, [["p", "v"]], "2", "f")
    Traceback (most recent call last):
    ...
    releasekit.errors.VersionLocationError: f: after the edit, p.v is '1', not '2'; ...
    >>> check_toml_edit({"t": {"v": "a 1"}}, {"t": {"v": "a 2"}}, [], "2", "f", ["1"])
    """
    for keys in changed:
        found = _get(new, keys)
        if found != expected:
            raise VersionLocationError(
                f"{name}: after the edit, {'.'.join(keys)} is {found!r}, not {expected!r}; "
                "nothing was written"
            )
        old, new = _without(old, keys), _without(new, keys)
    if not _same_but_versions(old, new, replaced, expected):
        raise VersionLocationError(
            f"{name}: the edit would change more than the version; nothing was written"
        )


def _same_but_versions(old: Any, new: Any, replaced: Sequence[str], expected: str) -> bool:
    """``new`` is ``old`` with, at most, versions in strings written as ``expected``."""
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(
            _same_but_versions(old[k], new[k], replaced, expected) for k in old
        )
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(
            _same_but_versions(a, b, replaced, expected) for a, b in zip(old, new, strict=True)
        )
    if isinstance(old, str) and isinstance(new, str) and old != new:
        return any(old.replace(version, expected) == new for version in replaced)
    return bool(type(old) is type(new) and old == new)
