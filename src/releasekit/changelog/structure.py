"""What stops an edit of a changelog, and what to say when a version's section is missing.

Pure, like :mod:`releasekit.changelog.model`, which reports through these functions.

>>> from releasekit.changelog.model import Changelog
>>> for problem in section_problems(Changelog.parse("## [1.0]\\n## [1.0.0]\\n").sections):
...     print(problem)
line 2: duplicate version heading '## [1.0.0]': version 1.0.0 already has a section at line 1
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from releasekit.changelog.blocks import (
    EXPECTED_HEADING,
    LINK_DEF,
    ChangelogProblem,
    Section,
    line_content,
    version_identity,
    version_key_of,
)

if TYPE_CHECKING:
    from packaging.version import Version

    from releasekit.changelog.model import Changelog

__all__ = ["missing_section", "section_problems", "used_definitions"]

# A reference link or image: [text][label], [label][] or [label] (not [text](url), not a
# definition "[label]: url").
_REFERENCE_USE = re.compile(r"\[(?P<text>[^\[\]]+)\](?:\[(?P<label>[^\[\]]*)\])?(?![(:\[])")


def section_problems(sections: Sequence[Section]) -> list[ChangelogProblem]:
    """Bad or duplicate version headings and a misplaced or second ``[Unreleased]``."""
    problems: list[ChangelogProblem] = []
    seen: dict[object, Section] = {}
    first_release: Section | None = None
    unreleased: Section | None = None
    for section in sections:
        heading = line_content(section.heading).strip()
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
                        f"below '{line_content(first_release.heading).strip()}' at line "
                        f"{first_release.line}; move it to the top",
                    )
                )
            unreleased = unreleased or section
        elif section.kind == "release":
            first_release = first_release or section
            key = version_identity(section.version or "")
            if key is None:
                problems.append(
                    ChangelogProblem(
                        section.line,
                        f"version heading '{heading}' does not hold a valid version; "
                        f"expected a heading like {EXPECTED_HEADING}",
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


def missing_section(log: Changelog, version: str, key: Version | None) -> str:
    """The message for a version ``log`` has no section for, naming the nearest ones present."""
    releases = log.releases
    if not releases:
        return (
            f"{log.source} has no version sections, so it has no section for {version}; "
            f"expected headings like {EXPECTED_HEADING}"
        )
    keyed = [(k, s) for s in releases if (k := version_key_of(s.version or "")) is not None]
    if key is not None and keyed:
        keyed.sort(key=lambda pair: pair[0])
        below = [s.version for k, s in keyed if k < key][-2:]
        above = [s.version for k, s in keyed if k > key][:2]
        nearest = [v for v in (*below, *above) if v]
    else:
        nearest = [s.version for s in releases[:4] if s.version]
    return (
        f"{log.source} has no section for version {version}; "
        f"nearest versions present: {', '.join(nearest)}"
    )


def used_definitions(lines: Sequence[str], body: Sequence[str], text: str) -> list[str]:
    """The reference definitions in ``lines`` that ``text`` uses but ``body`` does not hold.

    >>> used_definitions(["- [#1]\\n", "[#1]: https://x/1\\n"], ["- [#1]\\n"], "- [#1]")
    ['[#1]: https://x/1']
    """
    definitions: dict[str, str] = {}
    for line in lines:
        match = LINK_DEF.match(line_content(line))
        if match is not None:
            definitions.setdefault(match.group("label").casefold(), line_content(line))
    own = {
        match.group("label").casefold()
        for line in body
        if (match := LINK_DEF.match(line_content(line))) is not None
    }
    used: list[str] = []
    for match in _REFERENCE_USE.finditer(text):
        label = (match.group("label") or match.group("text")).casefold()
        if label in definitions and label not in own and definitions[label] not in used:
            used.append(definitions[label])
    return used
