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

Why not the ``keepachangelog`` package: see docs/design.md.

Versions are matched by PEP 440 equality, so ``notes("25.2.15")`` finds ``## [25.02.15]``, and
SemVer, PEP 440 and CalVer headings are all understood. Headings may be bracketed or not, carry
a ``v``, an inline link (``## [1.2.3](…/compare/v1.2.2...v1.2.3) - 2025-02-15``) and a
``[YANKED]`` mark. A ``## `` line inside a fenced code block or an HTML comment is not a
heading.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from releasekit.changelog.blocks import (
    EXPECTED_HEADING,
    KEEP_A_CHANGELOG_TYPES,
    LINK_DEF,
    VERSIONISH,
    ChangelogProblem,
    Entry,
    Section,
    is_blank,
    line_content,
    line_ending,
    line_kinds,
    split_lines,
    version_identity,
    version_key_of,
)
from releasekit.changelog.merge import merge_entries
from releasekit.changelog.promote import RepositoryLinks, promote_lines
from releasekit.changelog.structure import missing_section, section_problems, used_definitions
from releasekit.errors import ChangelogError, UsageError

__all__ = [
    "KEEP_A_CHANGELOG_TYPES",
    "Changelog",
    "ChangelogProblem",
    "Entry",
    "RepositoryLinks",
    "Section",
    "split_lines",
]


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
        if not isinstance(text, str):
            raise UsageError(f"text={text!r}: expected the changelog's text as a str")
        lines = split_lines(text)
        kinds = line_kinds(lines)
        headings: list[int] = []
        found: list[Section] = []
        for index, line in enumerate(lines):
            if kinds[index] == "text" and line.lstrip(" ").startswith("##"):
                section = Section.from_lines(line, (), index + 1)
                if section is not None:
                    headings.append(index)
                    found.append(section)
        end = len(lines)
        # The link block: the trailing run of link definitions and blank lines after the last
        # heading, starting at its first definition.
        floor = headings[-1] + 1 if headings else 0
        link_start = end
        index = end - 1
        while (
            index >= floor
            and kinds[index] == "text"
            and (is_blank(lines[index]) or LINK_DEF.match(line_content(lines[index])))
        ):
            if not is_blank(lines[index]):
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
        text = (
            "# Changelog\n\nAll notable changes to this project will be documented in this file."
            "\n\nThe format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\n"
            f"{scheme_line}\n\n## [Unreleased]\n"
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
            ending = line_ending(line)
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
        return section_problems(self.sections)

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
        if wanted[:1] in "vV" and VERSIONISH.match(wanted):
            wanted = wanted[1:]
        key = version_identity(wanted)
        matches = [
            s
            for s in self.releases
            if s.version == wanted or (key is not None and version_identity(s.version or "") == key)
        ]
        if len(matches) > 1:
            self._raise_problems(
                f"pick the section of {version}",
                [
                    ChangelogProblem(
                        s.line, f"duplicate version heading '{line_content(s.heading).strip()}'"
                    )
                    for s in matches
                ],
            )
        if matches:
            return matches[0]
        raise ChangelogError(missing_section(self, version, version_key_of(wanted)))

    def notes(self, version: str, *, links: bool = False) -> str:
        """The body of ``version``'s section exactly as written (a GitHub release body).

        Surrounding blank lines are dropped and the last line has no line ending; everything
        else (line endings, nested lists, code blocks) is untouched. With ``links``, the
        reference definitions the body uses but does not hold (``[#12]`` defined at the
        bottom of the file) follow it after a blank line, as written, so its links still work
        on their own.

        >>> log = Changelog.parse("## [1.0.0]\\n- Fix [#12].\\n\\n[#12]: https://x/12\\n")
        >>> print(log.notes("1.0.0", links=True))
        - Fix [#12].
        <BLANKLINE>
        [#12]: https://x/12
        """
        if not isinstance(version, str):
            raise UsageError(f"version={version!r}: expected a str such as '1.3.0'")
        section = self.section(version)
        text = section.notes()
        if not links:
            return text
        used = used_definitions(self.lines(), section.body, text)
        if not used:
            return text
        newline = self.newline
        return text + newline + newline + newline.join(used)

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
        from releasekit.version.dates import as_date

        when = as_date(date).isoformat()
        if not isinstance(version, str):
            raise UsageError(f"version={version!r}: expected a str such as '1.3.0'")
        version = version.strip()
        self.check(f"promote [Unreleased] to {version}")
        unreleased = self.unreleased
        if unreleased is None:
            raise ChangelogError(
                f"cannot promote to {version}: {self.source} has no '## [Unreleased]' section; "
                f"add one above the newest version (expected {EXPECTED_HEADING} sections "
                "below it)"
            )
        key = version_identity(version)
        for section in self.releases:
            if section.version == version or (
                key is not None and version_identity(section.version or "") == key
            ):
                raise ChangelogError(
                    f"cannot promote to {version}: {self.source}:{section.line} already has a "
                    f"section for it ('{line_content(section.heading).strip()}')"
                )
        if unreleased.is_empty and not allow_empty:
            raise ChangelogError.worded(
                f"cannot release {version}: the [Unreleased] section of {self.source} (line "
                f"{unreleased.line}) has no entries; add entries (run 'releasekit changelog' to "
                "collect them from conventional commits) or pass ",
                api="allow_empty=True",
                cli="--allow-empty",
            )
        text = promote_lines(
            self,
            unreleased,
            version,
            when,
            repository=repository,
            tag_format=tag_format,
            previous_tag=previous_tag,
        )
        return Changelog.parse(text, source=self.source)

    # -- entries -----------------------------------------------------------------------

    def with_entries(self, entries: Iterable[Entry]) -> Changelog:
        """Add ``entries`` to ``[Unreleased]`` under their Keep a Changelog headings.

        Hand-written entries stay where they are; an entry whose text is already in
        ``[Unreleased]`` (or whose ``(#123)`` reference already is) is not added again, so
        adding the same entries twice changes nothing. A missing ``### Type`` heading is
        created in Keep a Changelog order; a missing ``[Unreleased]`` section is created on top.
        """
        return merge_entries(self, entries)

    def replace_section(self, old: Section, new_lines: Sequence[str]) -> Changelog:
        """A copy with ``old`` (heading and body) replaced by ``new_lines``, re-read."""
        lines = self.lines()
        start = old.line - 1
        lines[start : start + 1 + len(old.body)] = new_lines
        return Changelog.parse("".join(lines), source=self.source)
