"""Promotion: the line edits that turn ``[Unreleased]`` into a release, links included.

Pure. :class:`RepositoryLinks` knows where a forge keeps its compare and tag pages;
``_Promotion`` reads how a changelog already links its versions (reference definitions or
inline heading links, the URL prefix, the tag format, ``...`` or ``..``) and continues in that
style. It is used through :meth:`releasekit.changelog.model.Changelog.promote`.

>>> RepositoryLinks("https://github.com/o/r").compare("v1.0.0", "v1.1.0")
'https://github.com/o/r/compare/v1.0.0...v1.1.0'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasekit.changelog.blocks import (
    COMPARE,
    DATE,
    LINK_DEF,
    VERSIONISH,
    Section,
    is_blank,
    is_marker_line,
    line_content,
    line_ending,
    without_yanked,
)
from releasekit.changelog.collected import without_marker
from releasekit.changelog.style import FileStyle

if TYPE_CHECKING:
    from releasekit.changelog.model import Changelog

__all__ = ["RepositoryLinks", "promote_lines"]


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
            if (match := LINK_DEF.match(line_content(line))) and index >= unreleased.line - 1
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
            match = COMPARE.match(url)
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
        match = LINK_DEF.match(line_content(self.lines[index]))
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
            rest = without_yanked(template.rest)
            date = DATE.search(rest)
            assert date is not None
            before, after = rest[: date.start()], rest[date.end() :]
            if after.strip() not in ("", ")", "]"):
                after = ""
            lead = line_content(template.heading)[: line_content(template.heading).index("##") + 2]
            space = line_content(template.heading)[len(lead) :]
            lead += space[: len(space) - len(space.lstrip(" \t"))]
            prefix = (
                template.label[0]
                if template.label[:1] in "vV" and VERSIONISH.match(template.label)
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

    def text(self) -> str:
        nl = self.newline
        edits: dict[int, list[str]] = {}
        inline = self._inline()
        heading_index = self.unreleased.line - 1
        old_heading = self.lines[heading_index]
        ending = line_ending(old_heading)
        unreleased_heading = line_content(old_heading)
        if inline and self.unreleased.url is not None and self._unreleased_url():
            unreleased_heading = unreleased_heading.replace(
                f"({self.unreleased.url})", f"({self._unreleased_url()})", 1
            )
        version_url = self._version_url() if inline else None
        edits[heading_index] = [
            unreleased_heading + (ending or nl),
            *([nl] if FileStyle.of(self.log).blank_between else []),  # as the file does
            self._version_heading(version_url) + ending,
        ]
        if not inline:
            self._reference_edits(edits)
        lines = self.lines
        tail: list[str] = edits.pop(len(lines), [])
        for index in sorted(edits, reverse=True):
            lines[index : index + 1] = edits[index]
        if tail:
            if lines and not line_ending(lines[-1]):
                lines[-1] += nl
            lines.extend(tail)
        return "".join(lines)

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
            and VERSIONISH.match(self.previous.label)
            else ""
        ) + self.version
        if unreleased_def is not None:
            line = self.lines[unreleased_def]
            match = LINK_DEF.match(line_content(line))
            assert match is not None
            new = [line]
            if unreleased_url:
                content = line_content(line)
                new = [
                    content[: match.start("url")]
                    + unreleased_url
                    + content[match.end("url") :]
                    + (line_ending(line) or nl)
                ]
            if version_url:
                new.append(f"[{label}]: {version_url}" + line_ending(line))
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
            block = [nl] if self.lines and not is_blank(self.lines[-1]) else []
            if unreleased_url:
                block.append(f"[Unreleased]: {unreleased_url}{nl}")
            if version_url:
                block.append(f"[{label}]: {version_url}{nl}")
            edits[len(self.lines)] = block


def promote_lines(
    log: Changelog,
    unreleased: Section,
    version: str,
    date: str,
    *,
    repository: str | None = None,
    tag_format: str | None = None,
    previous_tag: str | None = None,
) -> str:
    """The text of ``log`` with ``unreleased`` promoted to ``version`` (checks done by the
    caller: :meth:`~releasekit.changelog.model.Changelog.promote`). The collection marker
    belongs to ``[Unreleased]``: the release section never keeps it."""
    if any(is_marker_line(line) for line in unreleased.body):
        log = without_marker(log)
        assert log.unreleased is not None
        unreleased = log.unreleased
    return _Promotion(log, unreleased, version, date, repository, tag_format, previous_tag).text()
