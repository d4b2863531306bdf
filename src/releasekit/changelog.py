"""Keep a Changelog, edited losslessly.

:class:`Changelog` models a CHANGELOG.md as a sequence of blocks that keep their exact source
text: the *preamble* (title and prose), the *sections* (each an ``## `` heading line and the
body lines under it) and the *link block* (the reference definitions at the bottom). Every line
keeps its own line ending, so ``str(Changelog.parse(text)) == text`` for any text at all:
CRLF, lone CR, no trailing newline, prose that is not Keep a Changelog. An operation changes
only the lines it is about; every other line comes back byte-identical.

>>> text = "# Changelog\\n\\n## [Unreleased]\\n\\n### Added\\n\\n- Dark mode.\\n\\n" \\
...        "## [1.2.3] - 2025-02-15\\n\\n### Fixed\\n\\n- A crash.\\n\\n" \\
...        "[Unreleased]: https://github.com/o/r/compare/v1.2.3...HEAD\\n" \\
...        "[1.2.3]: https://github.com/o/r/compare/v1.2.2...v1.2.3\\n"
>>> log = Changelog.parse(text)
>>> str(log) == text
True
>>> [s.label for s in log.sections]
['Unreleased', '1.2.3']
>>> print(log.notes("1.2.3"))
### Fixed
<BLANKLINE>
- A crash.
>>> new = log.promote("1.3.0", "2025-03-01")
>>> print(str(new)[len("# Changelog\\n\\n"):])  # doctest: +NORMALIZE_WHITESPACE
## [Unreleased]
<BLANKLINE>
## [1.3.0] - 2025-03-01
<BLANKLINE>
### Added
<BLANKLINE>
- Dark mode.
<BLANKLINE>
## [1.2.3] - 2025-02-15
<BLANKLINE>
### Fixed
<BLANKLINE>
- A crash.
<BLANKLINE>
[Unreleased]: https://github.com/o/r/compare/v1.3.0...HEAD
[1.3.0]: https://github.com/o/r/compare/v1.2.3...v1.3.0
[1.2.3]: https://github.com/o/r/compare/v1.2.2...v1.2.3

Why not the ``keepachangelog`` package (2.0.0), measured on real files: ``to_dict`` drops the
preamble and every line that is not an entry, ``from_dict`` writes LF line endings whatever the
file used (a CRLF changelog comes back with every line changed) and a fixed preamble of its
own, and ``release()`` raises ``InvalidSemanticVersion`` on a CalVer version such as
``25.02.14``. It stays useful as an independent reading of SemVer changelogs, which is how the
tests use it; the editor is this module.

Versions are matched by PEP 440 equality, so ``notes("25.2.15")`` finds ``## [25.02.15]``, and
SemVer, PEP 440 and CalVer headings are all understood. Headings may be bracketed or not, carry
a ``v``, an inline link (``## [1.2.3](…/compare/v1.2.2...v1.2.3) - 2025-02-15``) and a
``[YANKED]`` mark. A ``## `` line inside a fenced code block or an HTML comment is not a
heading.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from releasekit.errors import ChangelogError

if TYPE_CHECKING:
    from packaging.version import Version

__all__ = [
    "KEEP_A_CHANGELOG_TYPES",
    "Changelog",
    "ChangelogProblem",
    "Entry",
    "RepositoryLinks",
    "Section",
    "split_lines",
]

#: The six change types of Keep a Changelog, in the order the specification lists them.
KEEP_A_CHANGELOG_TYPES: tuple[str, ...] = (
    "Added",
    "Changed",
    "Deprecated",
    "Removed",
    "Fixed",
    "Security",
)

SectionKind = Literal["unreleased", "release"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_EOL = re.compile(r"(?:\r\n|\r|\n)\Z")
_H2 = re.compile(r" {0,3}##[ \t]+(?P<text>.*?)[ \t]*\Z")
_H3 = re.compile(r" {0,3}###[ \t]+(?P<text>.*?)[ \t#]*\Z")
_HEADING_TEXT = re.compile(
    r"(?P<open>\[)?(?P<label>(?(open)[^\[\]]+?|[^\s\[\]()]+))(?(open)\])"
    r"(?:\((?P<url>[^()\s]*)\))?(?P<rest>.*)\Z"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YANKED = re.compile(r"[ \t]*\[YANKED\]", re.IGNORECASE)
_VERSIONISH = re.compile(r"[vV]?\d")
_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")
_LINK_DEF = re.compile(r" {0,3}\[(?P<label>[^\]]+)\]:[ \t]*(?P<url>\S+)(?P<title>.*)\Z")
_COMPARE = re.compile(
    r"(?P<prefix>.+/compare/)(?P<old>.+?)(?P<dots>\.{2,3})(?P<new>[^./][^/]*?)/?\Z"
)
_BULLET = re.compile(r" {0,3}[-*+][ \t]+(?P<text>.*)\Z")
_PULL_REF = re.compile(r"\(#\d+\)|\(!\d+\)")

_EXPECTED_HEADING = "'## [1.2.3] - 2025-02-15' (Keep a Changelog)"


def split_lines(text: str) -> list[str]:
    """Split ``text`` into lines that keep their line ending (``\\n``, ``\\r\\n`` or ``\\r``).

    Unlike :meth:`str.splitlines`, only Markdown's line endings split, so joining the result
    always gives ``text`` back.

    >>> split_lines("a\\r\\nb\\rc\\n\\nd")
    ['a\\r\\n', 'b\\r', 'c\\n', '\\n', 'd']
    """
    return _LINE.findall(text)


def _content(line: str) -> str:
    """The line without its ending."""
    match = _EOL.search(line)
    return line[: match.start()] if match else line


def _ending(line: str) -> str:
    match = _EOL.search(line)
    return match.group() if match else ""


def _is_blank(line: str) -> bool:
    return not line.strip()


def _version_key(version: str) -> Version | None:
    """The PEP 440 key of a heading's version, or None when it is not a version."""
    from releasekit.errors import ReleasekitError
    from releasekit.pep440 import version_key

    try:
        return version_key(version)
    except (ValueError, ReleasekitError):
        return None


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
    >>> s = Changelog.parse(heading).sections[0]
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
        match = _H2.match(_content(heading))
        if match is None:
            return None
        parts = _HEADING_TEXT.match(match.group("text"))
        if parts is None:
            return None
        label = parts.group("label").strip()
        rest = parts.group("rest")
        bracketed = parts.group("open") is not None
        kind: SectionKind
        version = None
        if label.casefold() == "unreleased":
            kind = "unreleased"
        elif bracketed or _VERSIONISH.match(label):
            kind = "release"
            version = label[1:] if label[:1] in "vV" and _VERSIONISH.match(label) else label
        else:
            return None
        date = _DATE.search(rest)
        return cls(
            heading=heading,
            body=tuple(body),
            line=line,
            kind=kind,
            label=label,
            version=version,
            date=date.group() if date else None,
            yanked=_YANKED.search(rest) is not None,
            url=parts.group("url"),
            bracketed=bracketed,
            rest=rest,
        )

    def __str__(self) -> str:
        return self.heading + "".join(self.body)

    @property
    def is_empty(self) -> bool:
        """True when the body holds nothing but blank lines, ``###`` headings and comments."""
        in_comment = False
        for line in self.body:
            stripped = line.strip()
            if in_comment:
                in_comment = "-->" not in stripped
                continue
            if not stripped or _H3.match(stripped):
                continue
            if stripped.startswith("<!--"):
                in_comment = "-->" not in stripped[4:]
                if not in_comment and stripped.endswith("-->"):
                    continue
                if in_comment:
                    continue
            return False
        return True

    def notes(self) -> str:
        """The body without its surrounding blank lines, line endings as written."""
        lines = list(self.body)
        while lines and _is_blank(lines[0]):
            lines.pop(0)
        while lines and _is_blank(lines[-1]):
            lines.pop()
        return _strip_final_ending("".join(lines))


def _strip_final_ending(text: str) -> str:
    match = _EOL.search(text)
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


@dataclass(frozen=True)
class RepositoryLinks:
    """Where a repository's compare and tag pages live (GitHub, GitLab and look-alikes).

    >>> RepositoryLinks("https://gitlab.com/o/r").compare("v1.0.0", "v1.1.0")
    'https://gitlab.com/o/r/-/compare/v1.0.0...v1.1.0'
    >>> RepositoryLinks("https://github.com/o/r").tag("v1.0.0")
    'https://github.com/o/r/releases/tag/v1.0.0'
    """

    base: str

    @property
    def _gitlab(self) -> bool:
        return "gitlab" in self.base.split("/")[2 if "://" in self.base else 0]

    @property
    def compare_prefix(self) -> str:
        """The URL that ``OLD...NEW`` is appended to."""
        return self.base.rstrip("/") + ("/-/compare/" if self._gitlab else "/compare/")

    def compare(self, old: str, new: str) -> str:
        """The page comparing two refs."""
        return f"{self.compare_prefix}{old}...{new}"

    def tag(self, tag: str) -> str:
        """The page of one tag (used for a first release, which has nothing to compare)."""
        return self.base.rstrip("/") + ("/-/tags/" if self._gitlab else "/releases/tag/") + tag


@dataclass(frozen=True)
class _LinkStyle:
    """How the file links its versions, as read from what is already there."""

    compare_prefix: str | None
    tag_base: str | None
    tag_format: str
    previous_tag: str | None
    head_ref: str
    dots: str


@dataclass(frozen=True)
class Changelog:
    """A parsed changelog: preamble lines, sections and the bottom link block.

    Build one with :meth:`parse` (or :meth:`new`); ``str()`` gives the text back exactly.
    Operations (:meth:`promote`, :meth:`with_entries`) return a new value.

    >>> text = "no headings at all\\r\\nstill kept"
    >>> str(Changelog.parse(text)) == text
    True
    """

    preamble: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    links: tuple[str, ...] = ()
    source: str = field(default="CHANGELOG.md", compare=False)

    # -- reading -----------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str, *, source: str = "CHANGELOG.md") -> Changelog:
        """Read ``text`` (never fails; problems surface when an operation needs the structure).

        ``source`` names the file in error messages.
        """
        lines = split_lines(text)
        headings: list[int] = []
        found: list[Section] = []
        plain = [True] * len(lines)
        fence: str | None = None
        in_comment = False
        for index, line in enumerate(lines):
            content = _content(line)
            if fence is not None:
                plain[index] = False
                stripped = content.strip()
                if stripped.startswith(fence) and not stripped.strip(fence[0]):
                    fence = None
                continue
            if in_comment:
                plain[index] = False
                in_comment = "-->" not in content
                continue
            opening = _FENCE.match(content)
            if opening and not (
                # CommonMark: a backtick fence's info string holds no backtick.
                opening.group("fence")[0] == "`" and "`" in content[opening.end() :]
            ):
                plain[index] = False
                fence = opening.group("fence")
                continue
            if content.lstrip(" ").startswith("##"):
                section = Section.from_lines(line, (), index + 1)
                if section is not None:
                    headings.append(index)
                    found.append(section)
            start = content.rfind("<!--")
            if start >= 0 and content.find("-->", start + 4) < 0:
                in_comment = True
        end = len(lines)
        # The link block: the trailing run of link definitions and blank lines after the last
        # heading, starting at its first definition.
        floor = headings[-1] + 1 if headings else 0
        link_start = end
        index = end - 1
        while (
            index >= floor
            and plain[index]
            and (_is_blank(lines[index]) or _LINK_DEF.match(_content(lines[index])))
        ):
            if not _is_blank(lines[index]):
                link_start = index
            index -= 1
        first = headings[0] if headings else link_start
        sections = []
        for number, (start, section) in enumerate(zip(headings, found, strict=True)):
            stop = headings[number + 1] if number + 1 < len(headings) else link_start
            sections.append(dataclasses.replace(section, body=tuple(lines[start + 1 : stop])))
        return cls(
            preamble=tuple(lines[:first]),
            sections=tuple(sections),
            links=tuple(lines[link_start:]),
            source=source,
        )

    @classmethod
    def new(
        cls, *, scheme: str = "semver", source: str = "CHANGELOG.md", newline: str = "\n"
    ) -> Changelog:
        """A new changelog in Keep a Changelog 1.1.0 form with an empty ``[Unreleased]``.

        >>> print(Changelog.new(scheme="calver"))  # doctest: +ELLIPSIS
        # Changelog
        ...
        and this project uses [Calendar Versioning](https://calver.org/).
        <BLANKLINE>
        ## [Unreleased]
        <BLANKLINE>
        """
        scheme_line = (
            "and this project uses [Calendar Versioning](https://calver.org/)."
            if scheme == "calver"
            else "and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html)."
        )
        text = "\n".join(
            [
                "# Changelog",
                "",
                "All notable changes to this project will be documented in this file.",
                "",
                "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),",
                scheme_line,
                "",
                "## [Unreleased]",
                "",
            ]
        )
        return cls.parse(text.replace("\n", newline), source=source)

    def __str__(self) -> str:
        return "".join(self.preamble) + "".join(map(str, self.sections)) + "".join(self.links)

    def lines(self) -> list[str]:
        """Every line of the document, line endings kept."""
        result = list(self.preamble)
        for section in self.sections:
            result.append(section.heading)
            result.extend(section.body)
        result.extend(self.links)
        return result

    @property
    def newline(self) -> str:
        """The file's dominant line ending (``\\n`` when it has none)."""
        counts = {"\n": 0, "\r\n": 0, "\r": 0}
        for line in self.lines():
            ending = _ending(line)
            if ending:
                counts[ending] += 1
        best = max(counts, key=lambda k: (counts[k], k == "\n"))
        return best if counts[best] else "\n"

    @property
    def unreleased(self) -> Section | None:
        """The ``[Unreleased]`` section, if there is one."""
        return next((s for s in self.sections if s.kind == "unreleased"), None)

    @property
    def releases(self) -> list[Section]:
        """The version sections, in file order (newest first in a Keep a Changelog file)."""
        return [s for s in self.sections if s.kind == "release"]

    def versions(self) -> list[str]:
        """The versions of the release sections as written, in file order."""
        return [s.version for s in self.releases if s.version is not None]

    def problems(self) -> list[ChangelogProblem]:
        """What stops an edit: bad or duplicate version headings, a misplaced ``[Unreleased]``.

        >>> for problem in Changelog.parse("## [1.0.0]\\n## [1.x]\\n## [1.0]\\n").problems():
        ...     print(problem)  # doctest: +ELLIPSIS
        line 2: version heading '## [1.x]' does not hold a valid version; expected a heading ...
        line 3: duplicate version heading '## [1.0]': version 1.0 already has a section at line 1
        """
        problems: list[ChangelogProblem] = []
        seen: dict[Version, Section] = {}
        first_release: Section | None = None
        unreleased: Section | None = None
        for section in self.sections:
            heading = _content(section.heading).strip()
            if section.kind == "unreleased":
                if unreleased is not None:
                    problems.append(
                        ChangelogProblem(
                            section.line,
                            f"a second '{heading}' section (the first is at line "
                            f"{unreleased.line}); merge them into one",
                        )
                    )
                elif first_release is not None:
                    problems.append(
                        ChangelogProblem(
                            section.line,
                            f"'{heading}' must come before every version section, but it is "
                            f"below '{_content(first_release.heading).strip()}' at line "
                            f"{first_release.line}; move it to the top",
                        )
                    )
                unreleased = unreleased or section
            elif section.kind == "release":
                first_release = first_release or section
                key = _version_key(section.version or "")
                if key is None:
                    problems.append(
                        ChangelogProblem(
                            section.line,
                            f"version heading '{heading}' does not hold a valid version; "
                            f"expected a heading like {_EXPECTED_HEADING}",
                        )
                    )
                elif key in seen:
                    problems.append(
                        ChangelogProblem(
                            section.line,
                            f"duplicate version heading '{heading}': version {section.version} "
                            f"already has a section at line {seen[key].line}",
                        )
                    )
                else:
                    seen[key] = section
        return problems

    def check(self, action: str) -> None:
        """Raise :class:`ChangelogError` listing every problem (with its line) that stops it.

        >>> Changelog.parse("## [1.0]\\n## [1.0.0]\\n").check("edit it")
        Traceback (most recent call last):
        ...
        releasekit.errors.ChangelogError: cannot edit it: CHANGELOG.md has 1 problem(s):
        CHANGELOG.md:2: duplicate version heading '## [1.0.0]': version 1.0.0 already has a ...
        """
        self._raise_problems(action, self.problems())

    def _raise_problems(self, action: str, problems: Iterable[ChangelogProblem]) -> None:
        found = list(problems)
        if found:
            raise ChangelogError(
                f"cannot {action}: {self.source} has {len(found)} problem(s):\n"
                + "\n".join(f"{self.source}:{p.line}: {p.message}" for p in found)
            )

    # -- notes -------------------------------------------------------------------------

    def section(self, version: str) -> Section:
        """The section of ``version`` (PEP 440 equality; ``"Unreleased"`` for that section).

        Raises :class:`ChangelogError` listing the nearest versions present when it is missing.
        """
        if version.strip().casefold() == "unreleased":
            unreleased = self.unreleased
            if unreleased is None:
                raise ChangelogError(f"{self.source} has no '## [Unreleased]' section")
            return unreleased
        wanted = version.strip()
        if wanted[:1] in "vV" and _VERSIONISH.match(wanted):
            wanted = wanted[1:]
        key = _version_key(wanted)
        matches = [
            s
            for s in self.releases
            if s.version == wanted or (key is not None and _version_key(s.version or "") == key)
        ]
        if len(matches) > 1:
            self._raise_problems(
                f"pick the section of {version}",
                [
                    ChangelogProblem(
                        s.line, f"duplicate version heading '{_content(s.heading).strip()}'"
                    )
                    for s in matches
                ],
            )
        if matches:
            return matches[0]
        raise ChangelogError(self._missing(version, key))

    def _missing(self, version: str, key: Version | None) -> str:
        releases = self.releases
        if not releases:
            return (
                f"{self.source} has no version sections, so it has no section for {version}; "
                f"expected headings like {_EXPECTED_HEADING}"
            )
        keyed = [(k, s) for s in releases if (k := _version_key(s.version or "")) is not None]
        if key is not None and keyed:
            keyed.sort(key=lambda pair: pair[0])
            below = [s.version for k, s in keyed if k < key][-2:]
            above = [s.version for k, s in keyed if k > key][:2]
            nearest = [v for v in (*below, *above) if v]
        else:
            nearest = [s.version for s in releases[:4] if s.version]
        return (
            f"{self.source} has no section for version {version}; "
            f"nearest versions present: {', '.join(nearest)}"
        )

    def notes(self, version: str) -> str:
        """The body of ``version``'s section exactly as written (a GitHub release body).

        Surrounding blank lines are dropped and the last line has no line ending; everything
        else (line endings, nested lists, code blocks) is untouched.
        """
        return self.section(version).notes()

    # -- promote -----------------------------------------------------------------------

    def promote(
        self,
        version: str,
        date: datetime.date | str,
        *,
        allow_empty: bool = False,
        repository: str | None = None,
        tag_format: str | None = None,
        previous_tag: str | None = None,
    ) -> Changelog:
        """Turn ``[Unreleased]`` into ``## [version] - date`` under a new empty ``[Unreleased]``.

        Compare links follow the file's own style: reference definitions at the bottom get a
        ``[version]`` definition and ``[Unreleased]`` points at ``…/compare/<new tag>...HEAD``;
        inline heading links are updated the same way. The URL prefix and the tag format are
        read from the existing links; ``repository`` (a web URL such as
        ``https://github.com/o/r``) and ``tag_format`` (``v{version}``) are used when the file
        does not show them; ``previous_tag`` is the tag to compare from when the file has no
        earlier version section (a project that starts its changelog after some releases).
        A file without any links gets reference definitions only when
        ``repository`` is known and its headings are bracketed (``## [1.2.3]``, the form whose
        brackets Keep a Changelog turns into links); otherwise no links are added.

        Raises :class:`ChangelogError` when the file has structural problems, has no
        ``[Unreleased]`` section, already has a section for ``version``, or when
        ``[Unreleased]`` is empty and ``allow_empty`` is false.
        """
        when = date.isoformat() if isinstance(date, datetime.date) else str(date)
        version = version.strip()
        self.check(f"promote [Unreleased] to {version}")
        unreleased = self.unreleased
        if unreleased is None:
            raise ChangelogError(
                f"cannot promote to {version}: {self.source} has no '## [Unreleased]' section; "
                f"add one above the newest version (expected {_EXPECTED_HEADING} sections "
                "below it)"
            )
        key = _version_key(version)
        for section in self.releases:
            if section.version == version or (
                key is not None and _version_key(section.version or "") == key
            ):
                raise ChangelogError(
                    f"cannot promote to {version}: {self.source}:{section.line} already has a "
                    f"section for it ('{_content(section.heading).strip()}')"
                )
        if unreleased.is_empty and not allow_empty:
            raise ChangelogError(
                f"cannot release {version}: the [Unreleased] section of {self.source} (line "
                f"{unreleased.line}) has no entries; add entries (run 'releasekit changelog' to "
                "collect them from conventional commits) or pass --allow-empty"
            )
        return _Promotion(
            self, unreleased, version, when, repository, tag_format, previous_tag
        ).apply()

    # -- entries -----------------------------------------------------------------------

    def with_entries(self, entries: Iterable[Entry]) -> Changelog:
        """Add ``entries`` to ``[Unreleased]`` under their Keep a Changelog headings.

        Hand-written entries stay where they are; an entry whose text is already in
        ``[Unreleased]`` (or whose ``(#123)`` reference already is) is not added again, so
        adding the same entries twice changes nothing. A missing ``### Type`` heading is
        created in Keep a Changelog order; a missing ``[Unreleased]`` section is created on top.
        """
        from releasekit.changelog_entries import merge_entries

        return merge_entries(self, entries)

    def replace_section(self, old: Section, new_lines: Sequence[str]) -> Changelog:
        """A copy with ``old`` (heading and body) replaced by ``new_lines``, re-read."""
        lines = self.lines()
        start = old.line - 1
        lines[start : start + 1 + len(old.body)] = new_lines
        return Changelog.parse("".join(lines), source=self.source)


class _Promotion:
    """The line edits of one :meth:`Changelog.promote`, computed on the document's lines."""

    def __init__(
        self,
        log: Changelog,
        unreleased: Section,
        version: str,
        date: str,
        repository: str | None,
        tag_format: str | None,
        previous_tag: str | None = None,
    ) -> None:
        self.log = log
        self.given_previous_tag = previous_tag
        self.unreleased = unreleased
        self.version = version
        self.date = date
        self.newline = log.newline
        self.previous = next(
            (s for s in log.sections[log.sections.index(unreleased) + 1 :] if s.kind == "release"),
            None,
        )
        self.lines = log.lines()
        self.definitions = {
            match.group("label").casefold(): index
            for index, line in enumerate(self.lines)
            if (match := _LINK_DEF.match(_content(line))) and index >= unreleased.line - 1
        }
        self.style = self._link_style(repository, tag_format)

    def _link_style(self, repository: str | None, tag_format: str | None) -> _LinkStyle:
        links = RepositoryLinks(repository) if repository else None
        prefix = links.compare_prefix if links else None
        tag_base = links.tag("") if links else None
        fmt = tag_format or "v{version}"
        previous_tag = None
        head_ref = "HEAD"
        dots = "..."
        previous_version = self.previous.version if self.previous else None
        urls: list[tuple[str, str | None]] = [
            (self.unreleased.url or self._definition_url("unreleased") or "", None)
        ]
        if self.previous is not None:
            urls.append(
                (
                    self.previous.url or self._definition_url(self.previous.label.casefold()) or "",
                    previous_version,
                )
            )
        for number, (url, _) in enumerate(urls):
            match = _COMPARE.match(url)
            if not match:
                continue
            prefix = match.group("prefix")
            tag_base = None
            dots = match.group("dots")
            # In the [Unreleased] link the old ref is the previous tag; in the previous
            # version's link the new ref is.
            tag = match.group("old") if number == 0 else match.group("new")
            if number == 0:
                head_ref = match.group("new")
            previous_tag = previous_tag or tag
            if previous_version and previous_version in tag:
                fmt = tag.replace(previous_version, "{version}", 1)
            break
        if previous_tag is None and previous_version is not None:
            previous_tag = fmt.replace("{version}", previous_version)
        if previous_version is None:
            previous_tag = previous_tag or self.given_previous_tag
        if prefix and tag_base is None:
            # A tag page next to the compare page: …/compare/ -> …/releases/tag/ (GitHub) or
            # …/-/compare/ -> …/-/tags/ (GitLab).
            tag_base = (
                prefix[: -len("/-/compare/")] + "/-/tags/"
                if prefix.endswith("/-/compare/")
                else prefix[: -len("/compare/")] + "/releases/tag/"
            )
        return _LinkStyle(prefix, tag_base, fmt, previous_tag, head_ref, dots)

    def _definition_url(self, label: str) -> str | None:
        index = self.definitions.get(label)
        if index is None:
            return None
        match = _LINK_DEF.match(_content(self.lines[index]))
        return match.group("url") if match else None

    @property
    def new_tag(self) -> str:
        return self.style.tag_format.replace("{version}", self.version)

    def _version_url(self) -> str | None:
        style = self.style
        if style.compare_prefix and style.previous_tag:
            return f"{style.compare_prefix}{style.previous_tag}{style.dots}{self.new_tag}"
        if style.tag_base:
            return style.tag_base + self.new_tag
        return None

    def _unreleased_url(self) -> str | None:
        if not self.style.compare_prefix:
            return None
        return f"{self.style.compare_prefix}{self.new_tag}{self.style.dots}{self.style.head_ref}"

    def _version_heading(self, url: str | None) -> str:
        template = self.previous
        if template is not None and template.date is not None:
            rest = _YANKED.sub("", template.rest)
            date = _DATE.search(rest)
            assert date is not None
            before, after = rest[: date.start()], rest[date.end() :]
            if after.strip() not in ("", ")", "]"):
                after = ""
            lead = _content(template.heading)[: _content(template.heading).index("##") + 2]
            space = _content(template.heading)[len(lead) :]
            lead += space[: len(space) - len(space.lstrip(" \t"))]
            prefix = (
                template.label[0]
                if template.label[:1] in "vV" and _VERSIONISH.match(template.label)
                else ""
            )
            label = prefix + self.version
            bracketed = template.bracketed
        else:
            lead, before, after, label, bracketed = "## ", " - ", "", self.version, True
        if url is not None and not bracketed:
            bracketed = True
        text = f"[{label}]" if bracketed else label
        if url is not None:
            text += f"({url})"
        return f"{lead}{text}{before}{self.date}{after}"

    def _inline(self) -> bool:
        return self.unreleased.url is not None or (
            self.previous is not None and self.previous.url is not None
        )

    def apply(self) -> Changelog:
        nl = self.newline
        edits: dict[int, list[str]] = {}
        inline = self._inline()
        heading_index = self.unreleased.line - 1
        old_heading = self.lines[heading_index]
        ending = _ending(old_heading)
        unreleased_heading = _content(old_heading)
        if inline and self.unreleased.url is not None and self._unreleased_url():
            unreleased_heading = unreleased_heading.replace(
                f"({self.unreleased.url})", f"({self._unreleased_url()})", 1
            )
        version_url = self._version_url() if inline else None
        edits[heading_index] = [
            unreleased_heading + (ending or nl),
            nl,
            self._version_heading(version_url) + ending,
        ]
        if not inline:
            self._reference_edits(edits)
        lines = self.lines
        tail: list[str] = edits.pop(len(lines), [])
        for index in sorted(edits, reverse=True):
            lines[index : index + 1] = edits[index]
        if tail:
            if lines and not _ending(lines[-1]):
                lines[-1] += nl
            lines.extend(tail)
        return Changelog.parse("".join(lines), source=self.log.source)

    def _reference_edits(self, edits: dict[int, list[str]]) -> None:
        nl = self.newline
        version_url = self._version_url()
        unreleased_url = self._unreleased_url()
        unreleased_def = self.definitions.get("unreleased")
        version_labels = [
            s.label.casefold() for s in self.log.releases if s.label.casefold() in self.definitions
        ]
        label = (
            self.previous.label[0]
            if self.previous
            and self.previous.label[:1] in "vV"
            and _VERSIONISH.match(self.previous.label)
            else ""
        ) + self.version
        if unreleased_def is not None:
            line = self.lines[unreleased_def]
            match = _LINK_DEF.match(_content(line))
            assert match is not None
            new = [line]
            if unreleased_url:
                content = _content(line)
                new = [
                    content[: match.start("url")]
                    + unreleased_url
                    + content[match.end("url") :]
                    + (_ending(line) or nl)
                ]
            if version_url:
                new.append(f"[{label}]: {version_url}" + _ending(line))
            edits[unreleased_def] = new
        elif version_labels:
            if version_url:
                index = min(self.definitions[v] for v in version_labels)
                edits[index] = [f"[{label}]: {version_url}{nl}", self.lines[index]]
        elif self.style.compare_prefix or self.style.tag_base:
            if not (
                self.unreleased.bracketed and (self.previous is None or self.previous.bracketed)
            ):
                return
            block = [nl] if self.lines and not _is_blank(self.lines[-1]) else []
            if unreleased_url:
                block.append(f"[Unreleased]: {unreleased_url}{nl}")
            if version_url:
                block.append(f"[{label}]: {version_url}{nl}")
            edits[len(self.lines)] = block
