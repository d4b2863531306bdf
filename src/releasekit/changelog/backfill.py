"""Release sections written from history: ``init`` on a tagged project, ``changelog --rebuild``.

Pure. A :class:`ReleaseHistory` is what one release tag holds (its version, tag, date, the
entries of its conventional commits and how many other commits it has). :func:`backfilled`
adds the sections of a project's releases to a new changelog, with compare links when the
repository's web address is known; :func:`rebuilt` regenerates the bodies of chosen releases
in an existing changelog and leaves every other line, and every other section, byte-identical.
New text follows the file's style (:class:`~releasekit.changelog.style.FileStyle`).

>>> from releasekit.changelog.model import Changelog, Entry
>>> release = ReleaseHistory("1.0.0", "v1.0.0", "2025-01-10", (Entry("Added", "a"),), 2)
>>> print(backfilled(Changelog.parse("## [Unreleased]\\n"), [release]), end="")
## [Unreleased]
<BLANKLINE>
## [1.0.0] - 2025-01-10
<BLANKLINE>
### Added
<BLANKLINE>
- a
<BLANKLINE>
2 other commits are not listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasekit.changelog.blocks import (
    KEEP_A_CHANGELOG_TYPES,
    Entry,
    Section,
    is_blank,
    line_ending,
    version_identity,
    version_key_of,
)
from releasekit.changelog.promote import RepositoryLinks
from releasekit.changelog.style import FileStyle

if TYPE_CHECKING:
    from releasekit.changelog.model import Changelog

__all__ = ["ReleaseHistory", "backfilled", "rebuilt", "section_body"]

_ORDER = {name.casefold(): index for index, name in enumerate(KEEP_A_CHANGELOG_TYPES)}


@dataclass(frozen=True)
class ReleaseHistory:
    """One release tag's part of the history: the commits after the previous release tag up
    to it. ``others`` counts the commits that give no entry (not conventional, or of a type
    the changelog leaves out)."""

    version: str
    tag: str
    date: str
    entries: tuple[Entry, ...]
    others: int = 0


def section_body(release: ReleaseHistory, style: FileStyle, newline: str) -> list[str]:
    """The body lines of ``release``'s section (no heading, no trailing blank line)."""
    grouped: dict[str, list[str]] = {}
    for entry in release.entries:
        grouped.setdefault(entry.type, []).append(style.bullet_line(entry.text, newline))
    after = [newline] if style.blank_after_heading else []
    gap = [newline] if style.blank_between else []
    lines: list[str] = []
    for type_ in sorted(grouped, key=lambda t: _ORDER.get(t.casefold(), len(_ORDER))):
        lines += [*(gap if lines else after), f"### {type_}{newline}", *after, *grouped[type_]]
    if release.others:
        plural = "s are" if release.others != 1 else " is"
        text = f"{release.others} other commit{plural} not listed.{newline}"
        lines += [*(gap if lines else after), text]
    return lines


def _heading(release: ReleaseHistory, newline: str) -> str:
    return f"## [{release.version}] - {release.date}{newline}"


def backfilled(
    log: Changelog,
    releases: Sequence[ReleaseHistory],
    *,
    repository: str | None = None,
) -> Changelog:
    """``log`` (a new changelog with ``[Unreleased]`` last) followed by a section for each of
    ``releases`` (newest first), and compare links when ``repository`` is known."""
    newline = log.newline
    style = FileStyle.of(log)
    lines = log.lines()
    if lines and not line_ending(lines[-1]):
        lines[-1] += newline
    while lines and is_blank(lines[-1]):
        lines.pop()
    gap = [newline] if style.blank_between else []
    for release in releases:
        lines += [*gap, _heading(release, newline), *section_body(release, style, newline)]
    if repository and releases:
        links = RepositoryLinks(repository)
        lines += [newline, f"[Unreleased]: {links.compare(releases[0].tag, 'HEAD')}{newline}"]
        for number, release in enumerate(releases):
            older = releases[number + 1].tag if number + 1 < len(releases) else None
            url = links.compare(older, release.tag) if older else links.tag(release.tag)
            lines.append(f"[{release.version}]: {url}{newline}")
    return type(log).parse("".join(lines), source=log.source)


def _find(log: Changelog, version: str) -> Section | None:
    key = version_identity(version)
    return next(
        (
            s
            for s in log.releases
            if s.version == version or version_identity(s.version or "") == key
        ),
        None,
    )


def rebuilt(log: Changelog, releases: Sequence[ReleaseHistory]) -> Changelog:
    """``log`` with the body of each of ``releases``' sections regenerated (its heading line
    kept as written: date, links, ``[YANKED]``), and a section added, in version order, for a
    release the file lacks. ``[Unreleased]`` and every other section stay byte-identical."""
    style = FileStyle.of(log)
    newline = log.newline
    for release in releases:
        section = _find(log, release.version)
        if section is not None:
            old = list(section.body)
            cut = len(old)
            while cut > 0 and is_blank(old[cut - 1]):
                cut -= 1
            body = section_body(release, style, newline)
            heading = section.heading
            last = old[cut - 1] if cut else heading
            if body and not line_ending(last):  # the file ended there without a newline
                body[-1] = body[-1].rstrip("\r\n")
            if body and not line_ending(heading):
                heading += newline
            log = log.replace_section(section, [heading, *body, *old[cut:]])
            continue
        log = _insert_section(log, release, style)
    return log


def _insert_section(log: Changelog, release: ReleaseHistory, style: FileStyle) -> Changelog:
    newline = log.newline
    key = version_key_of(release.version)
    later = next(
        (
            s
            for s in log.releases
            if key is not None
            and (other := version_key_of(s.version or "")) is not None
            and other < key
        ),
        None,
    )
    lines = log.lines()
    block = [_heading(release, newline), *section_body(release, style, newline)]
    if later is not None:
        at = later.line - 1
        block += [newline] if style.blank_between else []
    else:
        at = len(lines) - len(log.links)
        while at > 0 and is_blank(lines[at - 1]):
            at -= 1
        if at > 0 and not line_ending(lines[at - 1]):
            lines[at - 1] += newline
        block = [*([newline] if style.blank_between and at > 0 else []), *block]
        if log.links and not (at < len(lines) and is_blank(lines[at])):
            block.append(newline)  # a blank line before the link block, unless one is there
        lines[at:at] = block
        return type(log).parse("".join(lines), source=log.source)
    lines[at:at] = block
    return type(log).parse("".join(lines), source=log.source)
