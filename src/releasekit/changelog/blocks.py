"""The blocks of a changelog: lines that keep their endings, ``## `` sections, entries.

The pieces :mod:`releasekit.changelog.model` is built from, pure like it. A line is a ``str`` that
keeps its own ending (``\\n``, ``\\r\\n``, ``\\r`` or none at the end of the file), so joining
lines gives the exact text back.

>>> section = Section.from_lines("## [1.2.3] - 2025-02-15\\n", ("- a\\n",), 1)
>>> section.version, section.date, section.notes()
('1.2.3', '2025-02-15', '- a')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from releasekit.commits.defaults import KEEP_A_CHANGELOG_TYPES

if TYPE_CHECKING:
    from packaging.version import Version

__all__ = [
    "KEEP_A_CHANGELOG_TYPES",
    "ChangelogProblem",
    "Entry",
    "LineKind",
    "Section",
    "SectionKind",
    "is_blank",
    "is_marker_line",
    "line_content",
    "line_ending",
    "line_kinds",
    "split_lines",
    "version_identity",
    "version_key_of",
]

SectionKind = Literal["unreleased", "release"]
#: What a line is to Markdown: ``text``, part of a fenced ``code`` block, or of an HTML
#: ``comment`` block.
LineKind = Literal["text", "code", "comment"]

LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
EOL = re.compile(r"(?:\r\n|\r|\n)\Z")
# The heading and bullet patterns take the rest of the line greedily and callers strip the
# trailing blanks: a lazy ``.*?`` before ``[ \t]*\Z`` retries the tail at every position,
# quadratic time on a long line ending in spaces (30 KB took seconds).
H2 = re.compile(r" {0,3}##[ \t]+(?P<text>.*)\Z")
H3 = re.compile(r" {0,3}###[ \t]+(?P<text>.*)\Z")
HEADING_TEXT = re.compile(
    r"(?P<open>\[)?(?P<label>(?(open)[^\[\]]+?|[^\s\[\]()]+))(?(open)\])"
    r"(?:\((?P<url>[^()\s]*)\))?(?P<rest>.*)\Z"
)
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YANKED = re.compile(r"\[YANKED\]", re.IGNORECASE)
VERSIONISH = re.compile(r"[vV]?\d")
FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")
LINK_DEF = re.compile(r" {0,3}\[(?P<label>[^\]]+)\]:[ \t]*(?P<url>\S+)(?P<title>.*)\Z")
COMPARE = re.compile(
    r"(?P<prefix>.+/compare/)(?P<old>.+?)(?P<dots>\.{2,3})(?P<new>[^./][^/]*?)/?\Z"
)

#: The longest heading text read as a version: reading 30 KB of ``1.1.1…`` as a version took
#: 40 ms (linear, but slow); no version comes close to this length.
MAX_VERSION_LENGTH = 256

EXPECTED_HEADING = "'## [1.2.3] - 2025-02-15' (Keep a Changelog)"


def without_yanked(rest: str) -> str:
    """``rest`` of a heading without its ``[YANKED]`` marks and the blanks before them.

    >>> without_yanked(" - 2025-02-15 [YANKED]")
    ' - 2025-02-15'
    """
    parts = YANKED.split(rest)
    # Each part but the last stood before a mark: strip its trailing blanks (linear time).
    return "".join([part.rstrip(" \t") for part in parts[:-1]] + parts[-1:])


def split_lines(text: str) -> list[str]:
    """Split ``text`` into lines that keep their line ending (``\\n``, ``\\r\\n`` or ``\\r``).

    Unlike :meth:`str.splitlines`, only Markdown's line endings split, so joining the result
    always gives ``text`` back.

    >>> split_lines("a\\r\\nb\\rc\\n\\nd")
    ['a\\r\\n', 'b\\r', 'c\\n', '\\n', 'd']
    """
    return LINE.findall(text)


def line_content(line: str) -> str:
    """The line without its ending."""
    match = EOL.search(line)
    return line[: match.start()] if match else line


def line_ending(line: str) -> str:
    match = EOL.search(line)
    return match.group() if match else ""


def is_blank(line: str) -> bool:
    return not line.strip()


def line_kinds(lines: Sequence[str]) -> list[LineKind]:
    """What each line is: text, inside a fenced code block (fences included), or a comment.

    The one reading of fences and HTML comment blocks, so a ``## `` or ``### `` line inside
    either is never taken for a heading. As in CommonMark, a fence or a comment block starts
    a line indented by at most three spaces, and a backtick fence's info string holds no
    backtick; a ``<!--`` quoted in a sentence hides nothing.

    >>> line_kinds(["## a\\n", "```\\n", "## b\\n", "```\\n", "<!--\\n", "## c -->\\n", "x"])
    ['text', 'code', 'code', 'code', 'comment', 'comment', 'text']
    """
    kinds: list[LineKind] = []
    fence: str | None = None
    in_comment = False
    for line in lines:
        content = line_content(line)
        if fence is not None:
            kinds.append("code")
            stripped = content.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            continue
        if in_comment:
            kinds.append("comment")
            in_comment = "-->" not in content
            continue
        opening = FENCE.match(content)
        if opening and not (opening.group("fence")[0] == "`" and "`" in content[opening.end() :]):
            kinds.append("code")
            fence = opening.group("fence")
            continue
        indent = len(content) - len(content.lstrip(" "))
        if indent <= 3 and content.startswith("<!--", indent):
            kinds.append("comment")
            in_comment = content.find("-->", indent + 4) < 0
            continue
        kinds.append("text")
    return kinds


#: How the collection marker comment starts (see :mod:`releasekit.changelog.collected`).
MARKER_PREFIX = "<!-- releasekit: collected"


def is_marker_line(line: str) -> bool:
    """True when ``line`` is releasekit's collection marker comment, which ``notes`` never
    shows and promotion drops.

    >>> is_marker_line("<!-- releasekit: collected through abc1234 -->\\n")
    True
    """
    stripped = line.strip()
    return stripped.startswith(MARKER_PREFIX) and stripped.endswith("-->")


def version_key_of(version: str) -> Version | None:
    """The PEP 440 key of a heading's version, or None when it is not a version."""
    from releasekit.errors import ReleasekitError
    from releasekit.version.pep440 import version_key

    if len(version) > MAX_VERSION_LENGTH:  # no version is that long: skip the patterns
        return None
    try:
        return version_key(version)
    except (ValueError, ReleasekitError):
        return None


def version_identity(version: str) -> object | None:
    """What makes two heading versions one release: PEP 440 equality, or SemVer equality for
    a SemVer version without a PEP 440 form (``1.0.0-alpha.beta``); None: not a version.

    >>> version_identity("25.02.15") == version_identity("25.2.15")
    True
    >>> version_identity("1.0.0-alpha.beta") == version_identity("1.0.0-alpha.beta+build.7")
    True
    >>> version_identity("1.x") is None
    True
    """
    key = version_key_of(version)
    if key is not None or len(version) > MAX_VERSION_LENGTH:
        return key
    from releasekit.version.semver import SemVer

    return SemVer.parse(version) if SemVer.is_valid(version) else None


@dataclass(frozen=True)
class ChangelogProblem:
    """Something in the changelog that stops an edit: where it is and what is wrong."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class Section:
    """One ``## `` section: its heading line and body lines, exactly as written.

    ``kind`` is ``"unreleased"`` or ``"release"`` (a heading that names a version: bracketed,
    or starting with a digit or ``v``). Any other ``## `` heading (``## Highlights``,
    ``## New Contributors``) is part of the body of the version above it. ``version`` is the
    label without a leading ``v``; ``line`` is the 1-based line number of the heading.

    >>> heading = "## [v1.2.3](https://x/compare/v1.2.2...v1.2.3) - 2025-02-15 [YANKED]\\n"
    >>> s = Section.from_lines(heading, (), 1)
    >>> s.kind, s.label, s.version, s.date, s.yanked, s.url
    ('release', 'v1.2.3', '1.2.3', '2025-02-15', True, 'https://x/compare/v1.2.2...v1.2.3')
    """

    heading: str
    body: tuple[str, ...]
    line: int
    kind: SectionKind
    label: str
    version: str | None = None
    date: str | None = None
    yanked: bool = False
    url: str | None = None
    bracketed: bool = False
    rest: str = ""

    @classmethod
    def from_lines(cls, heading: str, body: Sequence[str], line: int) -> Section | None:
        """Read a section from its heading line and body lines (None: not a version heading)."""
        match = H2.match(line_content(heading))
        if match is None:
            return None
        parts = HEADING_TEXT.match(match.group("text").rstrip(" \t"))
        if parts is None:
            return None
        label = parts.group("label").strip()
        rest = parts.group("rest")
        bracketed = parts.group("open") is not None
        kind: SectionKind
        version = None
        if label.casefold() == "unreleased":
            kind = "unreleased"
        elif bracketed or VERSIONISH.match(label):
            kind = "release"
            version = label[1:] if label[:1] in "vV" and VERSIONISH.match(label) else label
        else:
            return None
        date = DATE.search(rest)
        return cls(
            heading=heading,
            body=tuple(body),
            line=line,
            kind=kind,
            label=label,
            version=version,
            date=date.group() if date else None,
            yanked=YANKED.search(rest) is not None,
            url=parts.group("url"),
            bracketed=bracketed,
            rest=rest,
        )

    def __str__(self) -> str:
        return self.heading + "".join(self.body)

    @property
    def is_empty(self) -> bool:
        """True when the body holds nothing but blank lines, ``###`` headings and comments.

        >>> Section.from_lines("## [Unreleased]\\n", ("### Added\\n", "<!-- x -->\\n"), 1).is_empty
        True
        """
        for line, kind in zip(self.body, line_kinds(self.body), strict=True):
            content = line_content(line).strip()
            if kind == "comment":
                # Text after a comment that closes on this line is an entry all the same.
                content = content.rpartition("-->")[2].strip() if "-->" in content else ""
            elif kind == "text" and H3.match(content):
                continue
            if content:
                return False
        return True

    def notes(self) -> str:
        """The body without its surrounding blank lines and without releasekit's collection
        marker, line endings as written."""
        lines = [line for line in self.body if not is_marker_line(line)]
        while lines and is_blank(lines[0]):
            lines.pop(0)
        while lines and is_blank(lines[-1]):
            lines.pop()
        return _strip_final_ending("".join(lines))


def _strip_final_ending(text: str) -> str:
    match = EOL.search(text)
    return text[: match.start()] if match else text


@dataclass(frozen=True)
class Entry:
    """One changelog entry to add: its Keep a Changelog type and its text (no bullet).

    >>> Entry("Added", "**api:** a new endpoint (#12)").line("\\n")
    '- **api:** a new endpoint (#12)\\n'
    """

    type: str
    text: str

    def line(self, newline: str) -> str:
        """The entry as a bullet line."""
        return f"- {self.text}{newline}"
