"""Changelog entries from conventional commits.

Pure: commits in, :class:`~releasekit.changelog.blocks.Entry` values out. Rules:

- The section comes from the type (``changelog-sections``: ``feat`` → Added, ``fix`` → Fixed,
  ``perf`` → Changed, ``revert`` → Removed by default). ``fix(security)`` and a commit with a
  ``Security:`` or ``CVE:`` footer go under Security.
- A type mapped to ``""`` is left out, as is a commit with a ``Changelog: skip`` footer (also
  ``no``, ``none``, ``false``, ``off``). A breaking change of a type that is not in the mapping
  at all still goes in, under Changed: a breaking change never goes unmentioned.
- The entry reads ``**Breaking:** **scope:** description (#123)``: the description is kept
  as written, pull-request references included.
- Merging into ``[Unreleased]`` is :mod:`releasekit.changelog.merge`'s job.

>>> from releasekit.commits.conventional import parse_commit
>>> collector = EntryCollector()
>>> for message in ["docs: typo", "fix(security): escape names", "feat(cli)!: drop --old (#12)"]:
...     collector.add(parse_commit(message))
>>> collector.entries()  # doctest: +NORMALIZE_WHITESPACE
[Entry(type='Added', text='**Breaking:** **cli:** drop --old (#12)'),
 Entry(type='Security', text='escape names')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from releasekit.changelog.blocks import Entry
from releasekit.changelog.merge import normalize_entry
from releasekit.commits.conventional import (
    BREAKING_HINT,
    PLAIN_HEADER,
    commit_kind_bytes,
    parse_commit,
)
from releasekit.commits.defaults import DEFAULT_CHANGELOG_SECTIONS

if TYPE_CHECKING:
    from releasekit.commits.conventional import ConventionalCommit


class _Messages(Protocol):
    @property
    def messages(self) -> Sequence[bytes]: ...


__all__ = ["EntryCollector", "entry_for"]

_SKIP_VALUES = frozenset({"skip", "no", "none", "false", "off", "ignore"})
_SECURITY_TOKENS = frozenset({"security", "cve"})
# Searched in the lower-cased body: faster than a case-insensitive pattern.
_SPECIAL_FOOTER = re.compile(rb"(?:security|cve|changelog)(?:: | #)")


def entry_for(
    commit: ConventionalCommit, sections: Mapping[str, str] = DEFAULT_CHANGELOG_SECTIONS
) -> Entry | None:
    """The changelog entry for one commit, or None when it is left out.

    >>> from releasekit.commits.conventional import parse_commit
    >>> entry_for(parse_commit("perf(db): batch inserts (#7)"))
    Entry(type='Changed', text='**db:** batch inserts (#7)')
    >>> entry_for(parse_commit("feat: x\\n\\nChangelog: skip")) is None
    True
    """
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
    return Entry(section, _entry_text(scope, commit.description, commit.breaking))


def _entry_text(scope: str | None, description: str, breaking: bool) -> str:
    text = description.strip()
    if scope:
        text = f"**{scope}:** {text}"
    if breaking:
        text = f"**Breaking:** {text}"
    return text


class EntryCollector:
    """Turns a stream of commits (newest first, as ``git log`` gives them) into entries.

    Each commit is looked at once; only the entries (deduplicated) are kept, so memory grows
    with what goes into the changelog, not with the length of the history.
    """

    def __init__(self, sections: Mapping[str, str] = DEFAULT_CHANGELOG_SECTIONS) -> None:
        # Commit types are compared lower-cased (``Feat:`` is ``feat``), so are the keys.
        self.sections = {type_.lower(): section for type_, section in sections.items()}
        self.seen = 0
        self.skipped = 0
        self.not_conventional = 0
        self._entries: list[Entry] = []
        self._keys: set[tuple[str, str]] = set()
        self._exact: set[tuple[str, str]] = set()
        self._headers: dict[bytes, bool] = {}

    def add(self, commit: ConventionalCommit | None) -> None:
        """Take one commit (``None``: a message that is not a conventional commit)."""
        self.seen += 1
        if commit is None:
            self.not_conventional += 1
            return
        self._take(commit)

    def take(self, batch: _Messages) -> None:
        """Take a batch of the history walk (its raw ``messages``); see
        :func:`releasekit.git.log.walk_history`."""
        self.add_messages(batch.messages)

    def add_message(self, message: bytes) -> None:
        """Take one raw message as ``git log`` prints it (UTF-8 bytes); see :meth:`add_messages`."""
        self.add_messages((message,))

    def add_messages(self, messages: Iterable[bytes]) -> None:
        """Take raw messages as ``git log`` prints them (UTF-8 bytes), newest first.

        The same result as ``add(parse_commit(message.decode()))`` for each, faster: a message
        without a breaking, security or changelog footer is judged from its header bytes alone
        (one regular-expression match, no decoding, no parsed commit), a header seen before
        by a dictionary look-up, and only the rest goes through
        :func:`~releasekit.commits.conventional.parse_commit`. One call per batch keeps the
        per-commit work in local variables.
        """
        match_header = PLAIN_HEADER.match
        breaking_footer = BREAKING_HINT.search
        special_footer = _SPECIAL_FOOTER.search
        headers = self._headers
        seen = skipped = 0
        for message in messages:
            seen += 1
            match = match_header(message)
            if match is not None:
                # Only footers (breaking, security, changelog) and a "security" scope make an
                # entry depend on more than the header. Every footer holds ": " or " #", so a
                # body without either is not looked at; otherwise each test is a necessary
                # condition of such a footer, and prose that merely mentions a breaking change
                # or a changelog stays on this path.
                end = match.end()
                if end < len(message):
                    body = message[end:]
                    if (b": " in body or b" #" in body) and (
                        (b"BREAKING" in body and breaking_footer(body) is not None)
                        or special_footer(body.lower()) is not None
                    ):
                        self._take_message(message)
                        continue
                scope = match.group(2)
                if scope is None or b"security" not in scope.lower():
                    header = match.group(0)
                    taken = headers.get(header)
                    if taken is not None:  # a header seen before ("fix: typo"): same fate
                        if not taken:
                            skipped += 1
                        continue
                    description = match.group(4).rstrip()
                    # str.rstrip() also strips non-ASCII spaces: leave those to the parser.
                    if 0x21 <= description[-1] <= 0x7E:
                        headers[header] = self._take_header(match, description)
                        continue
            self._take_message(message)
        self.seen += seen
        self.skipped += skipped

    def _take_header(self, match: re.Match[bytes], description: bytes) -> bool:
        """Take a commit judged from its header; False when it is left out."""
        type_ = match.group(1).lower().decode("ascii")
        breaking = match.group(3) is not None
        section = self.sections.get(type_)
        if not section:
            if section == "" or not breaking:
                self.skipped += 1
                return False
            section = "Changed"
        scope = match.group(2).strip().decode("ascii") if match.group(2) else ""
        text = _entry_text(scope or None, description.decode("utf-8", "replace"), breaking)
        self._take_entry(Entry(section, text))
        return True

    def _take_message(self, message: bytes) -> None:
        """The full parse of one message (``seen`` is counted by the caller)."""
        kind = commit_kind_bytes(message)
        if kind is None:
            self.not_conventional += 1
            return
        type_, breaking = kind
        section = self.sections.get(type_)
        if section == "":
            self.skipped += 1
            return
        lowered = message.lower()
        if (
            section is None
            and not breaking
            and b"security" not in lowered
            and b"cve" not in lowered
        ):
            self.skipped += 1
            return
        commit = parse_commit(message.decode("utf-8", "replace"))
        if commit is None:  # pragma: no cover - commit_kind_bytes said it is one
            self.not_conventional += 1
            return
        self._take(commit)

    def _take(self, commit: ConventionalCommit) -> None:
        entry = entry_for(commit, self.sections)
        if entry is None:
            self.skipped += 1
            return
        self._take_entry(entry)

    def _take_entry(self, entry: Entry) -> None:
        exact = (entry.type, entry.text)
        if exact in self._exact:
            return
        self._exact.add(exact)
        key = (entry.type, normalize_entry(entry.text))
        if key in self._keys:
            return
        self._keys.add(key)
        self._entries.append(entry)

    def entries(self) -> list[Entry]:
        """The entries, oldest commit first (the order the changes were made)."""
        return self._entries[::-1]
