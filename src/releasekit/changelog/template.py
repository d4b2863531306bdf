"""An entry's text: the ``entry-format`` template and links to pull requests.

Pure. ``entry-format`` in ``[tool.releasekit]`` sets an entry's text from ``{scope}``,
``{description}``, ``{pr}``, ``{hash}`` and ``{author}``; without it the text is
``**scope:** description (#123)``, as written in the commit. ``**Breaking:**`` always leads a
breaking change's entry, whatever the template, and ``{description}`` carries the breaking
change's own text (``parse dates: dates are now UTC``).

The template itself is :class:`~releasekit.commits.entry_format.EntryTemplate`.

>>> CommitEntry("Added", "cli", "add --shout (#12)", False, "1a2b3c4d").text(
...     EntryTemplate.parse("{description} ({pr}) by {author}"), "Ada")
'add --shout (#12) by Ada'
>>> link_references("add --shout (#12)", "https://github.com/o/r")
'add --shout ([#12](https://github.com/o/r/pull/12))'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasekit.commits.entry_format import PLACEHOLDERS, EntryTemplate

if TYPE_CHECKING:
    from releasekit.commits.conventional import ConventionalCommit

__all__ = [
    "PLACEHOLDERS",
    "CommitEntry",
    "EntryTemplate",
    "breaking_text",
    "commit_entry",
    "entry_text",
    "forge_base",
    "link_references",
    "split_references",
]

_TRAILING_REFERENCE = re.compile(r"\s*\((?P<refs>[#!]\d+(?:,\s*[#!]\d+)*)\)\s*\Z")
_PLAIN_REFERENCE = re.compile(r"\((?P<kind>[#!])(?P<number>\d+)\)")
_COMPARE = re.compile(r"(?P<base>https?://\S+?)(?:/-)?/compare/")
_SKIP_VALUES = frozenset({"skip", "no", "none", "false", "off", "ignore"})
_SECURITY_TOKENS = frozenset({"security", "cve"})
_WHITESPACE = re.compile(r"\s+")


def split_references(description: str) -> tuple[str, tuple[str, ...]]:
    """The description without its trailing ``(#12)`` / ``(!12)`` references, and them.

    >>> split_references("add x (#12, #13)")
    ('add x', ('#12', '#13'))
    """
    match = _TRAILING_REFERENCE.search(description)
    if match is None:
        return description, ()
    refs = tuple(ref.strip() for ref in match.group("refs").split(","))
    return description[: match.start()], refs


def forge_base(links: Iterable[str], repository: str | None) -> str | None:
    """The web URL of the repository: from the changelog's own compare links first (the
    addresses it already uses), else ``repository`` (the ``origin`` remote's web URL).

    >>> forge_base(["[1.0.0]: https://gitlab.com/g/r/-/compare/v0.9...v1.0.0"], None)
    'https://gitlab.com/g/r'
    """
    for line in links:
        match = _COMPARE.search(line)
        if match is not None:
            return match.group("base")
    return repository.rstrip("/") if repository else None


def link_references(text: str, base: str | None) -> str:
    """``text`` with each ``(#12)`` (and GitLab's ``(!12)``) linked to its pull request,
    merge request or issue page; unchanged when ``base`` is None.

    >>> print(link_references("fix (!7) and (#8)", "https://gitlab.com/g/r"))
    fix ([!7](https://gitlab.com/g/r/-/merge_requests/7)) and ([#8](https://gitlab.com/g/r/-/issues/8))
    """
    if base is None or "(" not in text:
        return text
    gitlab = "gitlab" in base.split("/")[2] if "://" in base else False

    def link(match: re.Match[str]) -> str:
        kind, number = match.group("kind"), match.group("number")
        if gitlab:
            page = "merge_requests" if kind == "!" else "issues"
            url = f"{base}/-/{page}/{number}"
        elif kind == "!":
            return match.group()
        else:
            url = f"{base}/pull/{number}"
        return f"([{kind}{number}]({url}))"

    return _PLAIN_REFERENCE.sub(link, text)


@dataclass(frozen=True, slots=True)
class CommitEntry:
    """What one commit gives the changelog, before the entry text is made: its section,
    scope, description (breaking text included), whether it breaks, its commit id."""

    type: str
    scope: str | None
    description: str
    breaking: bool
    sha: str = ""

    def text(self, template: EntryTemplate | None = None, author: str = "") -> str:
        """The entry text: the default ``**scope:** description``, or ``template``'s."""
        if template is None:
            return entry_text(self.scope, self.description, self.breaking)
        description, refs = (
            split_references(self.description)
            if "pr" in template.fields
            else (self.description, ())
        )
        text = template.render(
            {
                "scope": self.scope or "",
                "description": description.strip(),
                "pr": ", ".join(refs),
                "hash": self.sha[:7],
                "author": author,
            }
        )
        return f"**Breaking:** {text}" if self.breaking else text


def breaking_text(commit: ConventionalCommit, *, body: bool = False) -> str | None:
    """What a breaking change's entry adds after its description: the ``BREAKING CHANGE``
    footer's text, else (with ``body``) the first paragraph of a ``!`` commit's body; one
    line, spacing collapsed. None when there is nothing more to say.

    >>> breaking_text(parse_commit("feat!: x\\n\\nOld callers break.\\n\\nMore."), body=True)
    'Old callers break.'
    """
    if not commit.breaking:
        return None
    note = commit.breaking_footer
    if note is None and body and commit.body.strip():
        note = commit.body.strip().split("\n\n", 1)[0]
    if note is None:
        return None
    note = _WHITESPACE.sub(" ", note).strip()
    return note or None


def commit_entry(
    commit: ConventionalCommit, sections: Mapping[str, str], breaking_body: bool = False
) -> CommitEntry | None:
    """What ``commit`` gives the changelog under the ``sections`` mapping (None: left out;
    the rules are :mod:`releasekit.changelog.entries`')."""
    security = False
    for token, value in commit.footers:
        folded = token.casefold()
        if folded == "changelog" and value.strip().casefold() in _SKIP_VALUES:
            return None
        if folded in _SECURITY_TOKENS:
            security = True
    scope = commit.scope
    if commit.type == "fix" and scope is not None and scope.casefold() == "security":
        security, scope = True, None
    section = sections.get(commit.type)
    if section == "":
        return None
    if security:
        section = "Security"
    elif section is None:
        if not commit.breaking:
            return None
        section = "Changed"
    description = commit.description.strip()
    note = breaking_text(commit, body=breaking_body)
    if note is not None and _WHITESPACE.sub(" ", note).casefold() != description.casefold():
        description = f"{description.rstrip(' .:')}: {note}"
    return CommitEntry(section, scope, description, commit.breaking)


def entry_text(scope: str | None, description: str, breaking: bool) -> str:
    """The default entry text: ``**Breaking:** **scope:** description``.

    >>> entry_text("cli", "add --shout", False)
    '**cli:** add --shout'
    """
    text = description.strip()
    if scope:
        text = f"**{scope}:** {text}"
    if breaking:
        text = f"**Breaking:** {text}"
    return text
