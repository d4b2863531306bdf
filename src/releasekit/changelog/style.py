"""How a changelog is written, read from its own sections, so new text looks like the old.

Pure. :class:`FileStyle` says which bullet the file uses (``-``, ``*`` or ``+``), whether a
heading is followed by a blank line, and whether a blank line comes before a ``###`` heading
and between sections. The released sections are read first (they are what readers already
see), then ``[Unreleased]``; a file with nothing to learn from gets Keep a Changelog's style.

>>> from releasekit.changelog.model import Changelog
>>> FileStyle.of(Changelog.parse("## [1.0.0]\\n### Added\\n* a\\n### Fixed\\n* b\\n"))
FileStyle(bullet='*', blank_after_heading=False, blank_between=False)
>>> FileStyle.of(Changelog.parse("# Changelog\\n"))
FileStyle(bullet='-', blank_after_heading=True, blank_between=True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasekit.changelog.blocks import H3, is_blank, is_marker_line, line_content, line_kinds

if TYPE_CHECKING:
    from releasekit.changelog.model import Changelog

__all__ = ["FileStyle"]

_BULLET = re.compile(r"(?P<bullet>[-*+])[ \t]+\S")


@dataclass(frozen=True)
class FileStyle:
    """The bullet character and the blank-line habits of a changelog."""

    bullet: str = "-"
    blank_after_heading: bool = True
    blank_between: bool = True

    @classmethod
    def of(cls, log: Changelog) -> FileStyle:
        """The style of ``log``'s sections (Keep a Changelog's where they show none)."""
        bullet: str | None = None
        after: bool | None = None  # from ### headings, the most telling
        after_h2: bool | None = None
        between: bool | None = None
        ordered = [s for s in log.sections if s.kind == "release"] + [
            s for s in log.sections if s.kind == "unreleased"
        ]
        for section in ordered:
            body = [line for line in section.body if not is_marker_line(line)]
            if after_h2 is None and body:
                after_h2 = is_blank(body[0])
            for index, (line, kind) in enumerate(zip(body, line_kinds(body), strict=True)):
                if kind != "text":
                    continue  # code and comments say nothing of the style
                content = line_content(line)
                if bullet is None:
                    match = _BULLET.match(content)
                    if match is not None:
                        bullet = match.group("bullet")
                if H3.match(content):
                    if index + 1 < len(body) and after is None:
                        after = is_blank(body[index + 1])
                    if index > 0 and between is None:
                        between = is_blank(body[index - 1])
            if between is None and section is not log.sections[-1]:
                between = bool(body) and is_blank(body[-1])
            if bullet is not None and after is not None and between is not None:
                break
        after = after if after is not None else after_h2
        return cls(
            bullet=bullet or "-",
            blank_after_heading=True if after is None else after,
            blank_between=True if between is None else between,
        )

    def bullet_line(self, text: str, newline: str) -> str:
        """``text`` as a bullet line.

        >>> FileStyle(bullet="*").bullet_line("a", "\\n")
        '* a\\n'
        """
        return f"{self.bullet} {text}{newline}"
