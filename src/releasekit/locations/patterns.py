"""``files`` patterns: the text around a version, found anywhere in a line, in linear time.

Pure. A configured pattern such as ``pkg=={version}`` or ``badge/pypi-{version}-blue`` is
matched by :class:`VersionPattern` with :meth:`str.find` and fixed character classes, never
with a regular expression built from the pattern, so neither the pattern nor the file can make
it slow. See :class:`VersionPattern` for the rules.

>>> [s.value(t) for t in ["pip install pkg==1.2.3."] for s in find_pattern(t, "pkg=={version}")]
['1.2.3']
"""

from __future__ import annotations

import re

from releasekit.errors import VersionLocationError
from releasekit.locations.spans import Span
from releasekit.values import frozen

__all__ = ["VersionPattern", "compile_pattern", "find_pattern"]

_VERSION_CHAR = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.+!_-")
# Characters that continue a word, a key or a version: a pattern's match may not be glued to
# one of them (``release = "{version}"`` does not match inside ``prerelease = "1.0"``).
_WORD_CHAR = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.-")
# After a match only a letter, digit or ``_`` glues: ``-py3`` ends ``pkg-1.0-py3-none-any``.
_NAME_CHAR = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NOT_VERSION_CHAR = re.compile(r"[^0-9A-Za-z.+!_-]")
_VERSION_END = ".+!_-"


@frozen
class VersionPattern:
    """A configured ``files`` pattern: literal text around one or more ``{version}``.

    Matching is a scan with :meth:`str.find` and fixed character classes, never a regular
    expression built from the pattern, so it is linear in the text whatever the pattern
    holds. A match may sit anywhere in a line (``pkg-{version}-py3`` in a badge URL,
    ``pkg=={version}`` in an install line) but is not glued to a longer word, key or version;
    the bare pattern ``{version}`` is a file or line that holds only the version. Where the
    pattern ends with ``{version}``, the version is the longest run of version characters,
    less a trailing ``.`` or ``-`` (the end of a sentence). Every ``{version}`` of one match
    must hold the same text.

    >>> pattern = compile_pattern("pkg-{version}-py3")
    >>> [s.value(t) for t in ["x/pkg-1.2.3-py3-none.whl"] for s in pattern.find(t)]
    ['1.2.3']
    >>> pattern.search("mypkg-1.2.3-py3") is None
    True
    """

    text: str
    parts: tuple[str, ...]

    @property
    def bare(self) -> bool:
        """True for the pattern ``{version}`` alone."""
        return self.parts == ("", "")

    def search(self, text: str) -> Span | None:
        """The first match, or None."""
        found = self.find(text, limit=1)
        return found[0] if found else None

    def find(self, text: str, *, limit: int | None = None) -> list[Span]:
        """Every match, left to right, not overlapping (at most ``limit``)."""
        if self.bare:
            return _bare_lines(text, limit)
        before, after = self.parts[0], self.parts[1]
        spans: list[Span] = []
        position = 0
        # The next occurrence of ``after`` and the next character that cannot be part of a
        # version only ever move forward: each is searched for again only once passed, which
        # keeps the whole scan linear.
        next_after = -1
        next_stop = -1
        line, counted = 1, 0  # line numbers counted incrementally, not from the top each time
        while limit is None or len(spans) < limit:
            found = text.find(before, position)
            if found < 0:
                break
            start = found + len(before)
            position = found + 1
            if before and before[0] in _WORD_CHAR and found and text[found - 1] in _WORD_CHAR:
                continue
            if start >= len(text) or not text[start].isascii() or not text[start].isalnum():
                continue
            if next_stop < start:
                stop = _NOT_VERSION_CHAR.search(text, start)
                next_stop = stop.start() if stop else len(text)
            if after:
                if next_after <= start:
                    next_after = text.find(after, start + 1)
                    if next_after < 0:
                        break
                end = next_after
                if end > next_stop:
                    continue
            else:
                end = next_stop
                while end > start + 1 and text[end - 1] in _VERSION_END:
                    end -= 1
            version = text[start:end]
            tail = end
            for number, part in enumerate(self.parts[1:], start=2):
                if not text.startswith(part, tail):
                    tail = -1
                    break
                tail += len(part)
                if number < len(self.parts):
                    if not text.startswith(version, tail):
                        tail = -1
                        break
                    tail += len(version)
            if tail < 0:
                continue
            last = self.parts[-1]
            if last and last[-1] in _NAME_CHAR and tail < len(text) and text[tail] in _NAME_CHAR:
                continue
            line += text.count("\n", counted, start)
            counted = start
            spans.append(Span(start, end, line))
            position = tail
        return spans


def _bare_lines(text: str, limit: int | None) -> list[Span]:
    """Lines that hold a version and nothing else (surrounding spaces allowed)."""
    spans: list[Span] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        content = line.rstrip("\r")
        stripped = content.strip(" \t")
        if (
            stripped
            and stripped[0].isascii()
            and stripped[0].isalnum()
            and all(char in _VERSION_CHAR for char in stripped)
        ):
            start = offset + content.index(stripped)
            spans.append(Span(start, start + len(stripped), number))
            if limit is not None and len(spans) >= limit:
                break
        offset += len(line) + 1
    return spans


def compile_pattern(pattern: str) -> VersionPattern:
    """A configured pattern (containing ``{version}``) ready to match.

    >>> compile_pattern('release = "{version}"').search('  release = "1.0"  # x')
    Span(start=13, end=16, line=1)
    >>> compile_pattern('release = "{version}"').search('prerelease = "1.0"') is None
    True
    """
    if "{version}" not in pattern:
        raise VersionLocationError(f"pattern {pattern!r} must contain '{{version}}'")
    return VersionPattern(pattern, tuple(pattern.split("{version}")))


def find_pattern(text: str, pattern: str) -> list[Span]:
    """Spans of every place a configured ``{version}`` pattern matches (see
    :class:`VersionPattern`): a linear scan, whatever the line and the pattern hold.

    >>> text = 'version = "1.0"\\nrelease = "1.0"\\n'
    >>> [s.line for s in find_pattern(text, 'release = "{version}"')]
    [2]
    """
    return compile_pattern(pattern).find(text)
