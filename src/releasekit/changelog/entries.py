"""Changelog entries from conventional commits, for ``[Unreleased]``.

Pure: commits in, :class:`~releasekit.changelog.model.Entry` values out (merging them into
the file is :mod:`releasekit.changelog.merge`). Rules:

- The section comes from the type (``changelog-sections``: ``feat`` → Added, ``fix`` → Fixed,
  ``perf`` → Changed, ``revert`` → Removed by default). ``fix(security)`` and a commit with a
  ``Security:`` or ``CVE:`` footer go under Security.
- A type mapped to ``""`` is left out, as is a commit with a ``Changelog: skip`` footer (also
  ``no``, ``none``, ``false``, ``off``). A breaking change of a type that is not in the mapping
  at all still goes in, under Changed: a breaking change never goes unmentioned.
- The entry reads ``**Breaking:** **scope:** description (#123)``: the description is kept
  as written, pull-request references included, or the ``entry-format`` template sets it
  (:mod:`releasekit.changelog.template`).
- A ``BREAKING CHANGE:`` / ``BREAKING-CHANGE:`` footer's text follows the description
  (``**Breaking:** parse dates: dates are now UTC``); so does the first body paragraph of a
  ``!`` commit without such a footer, with ``breaking_body``.
- Commits whose subject hash is in ``known`` were collected before (see
  :mod:`releasekit.changelog.collected`) and give nothing.

>>> from releasekit.commits.conventional import parse_commit
>>> collector = EntryCollector()
>>> for message in ["docs: typo", "fix(security): escape names", "feat(cli)!: drop --old (#12)"]:
...     collector.add(parse_commit(message))
>>> collector.entries()  # doctest: +NORMALIZE_WHITESPACE
[Entry(type='Added', text='**Breaking:** **cli:** drop --old (#12)'),
 Entry(type='Security', text='escape names')]
>>> entry_for(parse_commit("feat!: parse dates\\n\\nBREAKING CHANGE: dates are now UTC"))
Entry(type='Added', text='**Breaking:** parse dates: dates are now UTC')
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from releasekit.changelog.blocks import Entry
from releasekit.changelog.template import (
    CommitEntry,
    breaking_text,
    commit_entry,
    entry_text,
)
from releasekit.commits.conventional import (
    BREAKING_HINT,
    PLAIN_HEADER,
    commit_kind_bytes,
    parse_commit,
)
from releasekit.commits.defaults import DEFAULT_CHANGELOG_SECTIONS

if TYPE_CHECKING:
    from releasekit.changelog.template import EntryTemplate
    from releasekit.commits.conventional import ConventionalCommit


class _Messages(Protocol):
    @property
    def messages(self) -> Sequence[bytes]: ...


__all__ = [
    "CommitEntry",
    "EntryCollector",
    "breaking_text",
    "entry_for",
]

_SPACES = re.compile(r"\s+")
# Searched in the lower-cased body: faster than a case-insensitive pattern.
_SPECIAL_FOOTER = re.compile(rb"(?:security|cve|changelog)(?:: | #)")
_TAKEN, _SKIPPED, _KNOWN = 1, 0, 2


def entry_for(
    commit: ConventionalCommit,
    sections: Mapping[str, str] = DEFAULT_CHANGELOG_SECTIONS,
    *,
    breaking_body: bool = False,
) -> Entry | None:
    """The changelog entry for one commit, or None when it is left out.

    >>> from releasekit.commits.conventional import parse_commit
    >>> entry_for(parse_commit("perf(db): batch inserts (#7)"))
    Entry(type='Changed', text='**db:** batch inserts (#7)')
    >>> entry_for(parse_commit("feat: x\\n\\nChangelog: skip")) is None
    True
    """
    found = commit_entry(commit, sections, breaking_body)
    return None if found is None else Entry(found.type, found.text())


class EntryCollector:
    """Turns a stream of commits (newest first, as ``git log`` gives them) into entries.

    Each commit is looked at once; only the entries (deduplicated) are kept, so memory grows
    with what goes into the changelog, not with the length of the history. ``known`` holds
    the subject hashes of commits collected before (skipped, counted in :attr:`known`);
    ``breaking_body`` adds a ``!`` commit's first body paragraph to its entry; ``template``
    (an ``entry-format``) makes one entry per commit, with its id and author.
    """

    def __init__(
        self,
        sections: Mapping[str, str] = DEFAULT_CHANGELOG_SECTIONS,
        *,
        known: Collection[str] = (),
        breaking_body: bool = False,
        template: EntryTemplate | None = None,
    ) -> None:
        # Commit types are compared lower-cased (``Feat:`` is ``feat``), so are the keys.
        self.sections = {type_.lower(): section for type_, section in sections.items()}
        self.breaking_body = breaking_body
        self.template = template
        self.seen = 0
        self.skipped = 0
        self.not_conventional = 0
        #: Commits that give an entry but were collected before (their subject is known).
        self.known = 0
        #: The newest commit read (the first of the walk), when the batches carry ids.
        self.head: str | None = None
        self._known_keys = frozenset(known)
        self._entries: list[Entry] = []
        self._commits: list[CommitEntry] = []
        self._keys: set[tuple[str, str]] = set()
        self._exact: set[tuple[str, str]] = set()
        self._headers: dict[bytes, int] = {}
        self._subjects: list[str] = []

    def add(self, commit: ConventionalCommit | None) -> None:
        """Take one commit (``None``: a message that is not a conventional commit)."""
        self.seen += 1
        if commit is None:
            self.not_conventional += 1
            return
        self._take(commit, commit.header)

    def take(self, batch: _Messages) -> None:
        """Take a batch of the history walk (its raw ``messages``, and its ``ids`` when it
        has them); see :func:`releasekit.git.log.walk_history`."""
        ids: Sequence[bytes] | None = getattr(batch, "ids", None)
        if ids and self.head is None:
            self.head = ids[0].partition(b" ")[0].decode("ascii")
        if self.template is None or not ids:
            self.add_messages(batch.messages)
            return
        for record, message in zip(ids, batch.messages, strict=True):
            self.seen += 1
            self._take_message(message, record.partition(b" ")[0].decode("ascii"))

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
        breaking_body = self.breaking_body
        seen = skipped = known = 0
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
                    if (
                        (b": " in body or b" #" in body)
                        and (
                            (b"BREAKING" in body and breaking_footer(body) is not None)
                            or special_footer(body.lower()) is not None
                        )
                    ) or (breaking_body and match.group(3) is not None and body.strip()):
                        self._take_message(message)
                        continue
                scope = match.group(2)
                if scope is None or b"security" not in scope.lower():
                    header = match.group(0)
                    taken = headers.get(header)
                    if taken is not None:  # a header seen before ("fix: typo"): same fate
                        if taken == _SKIPPED:
                            skipped += 1
                        elif taken == _KNOWN:
                            known += 1
                        continue
                    description = match.group(4).rstrip()
                    # str.rstrip() also strips non-ASCII spaces: leave those to the parser.
                    if 0x21 <= description[-1] <= 0x7E:
                        headers[header] = self._take_header(match, description)
                        continue
            self._take_message(message)
        self.seen += seen
        self.skipped += skipped
        self.known += known

    def _take_header(self, match: re.Match[bytes], description: bytes) -> int:
        """Take a commit judged from its header: taken, skipped or known before."""
        type_ = match.group(1).lower().decode("ascii")
        breaking = match.group(3) is not None
        section = self.sections.get(type_)
        if not section:
            if section == "" or not breaking:
                self.skipped += 1
                return _SKIPPED
            section = "Changed"
        if self._known_keys and self._is_known(match.group(0).decode("utf-8", "replace")):
            self.known += 1
            return _KNOWN
        scope = match.group(2).strip().decode("ascii") if match.group(2) else ""
        text = entry_text(scope or None, description.decode("utf-8", "replace"), breaking)
        self._take_entry(Entry(section, text))
        return _TAKEN

    def _is_known(self, subject: str) -> bool:
        from releasekit.changelog.collected import subject_key

        return subject_key(subject.strip()) in self._known_keys

    def _take_message(self, message: bytes, sha: str = "") -> None:
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
        self._take(commit, commit.header, sha)

    def _take(self, commit: ConventionalCommit, subject: str, sha: str = "") -> None:
        found = commit_entry(commit, self.sections, self.breaking_body)
        if found is None:
            self.skipped += 1
            return
        if self._known_keys and self._is_known(subject):
            self.known += 1
            return
        self._subjects.append(subject.strip())
        if self.template is not None:
            self._commits.append(
                CommitEntry(found.type, found.scope, found.description, found.breaking, sha)
            )
            return
        self._take_entry(Entry(found.type, found.text()))

    def _take_entry(self, entry: Entry) -> None:
        exact = (entry.type, entry.text)
        if exact in self._exact:
            return
        self._exact.add(exact)
        key = (entry.type, _SPACES.sub(" ", entry.text).strip().rstrip(".").casefold())
        if key in self._keys:
            return
        self._keys.add(key)
        self._entries.append(entry)

    @property
    def taken(self) -> bool:
        """True when at least one commit read gave an entry."""
        return bool(self._subjects or self._entries or self._commits)

    def subject_keys(self, limit: int | None = None) -> list[str]:
        """The subject hashes of the commits that gave entries (newest first, at most
        ``limit``), for the collection marker. Only these few are hashed."""
        from releasekit.changelog.collected import MAX_SUBJECTS, subject_key

        limit = MAX_SUBJECTS if limit is None else limit
        subjects: list[str] = []
        for header, fate in self._headers.items():
            if len(subjects) >= limit:
                break
            if fate == _TAKEN:
                subjects.append(header.decode("utf-8", "replace").strip())
        subjects.extend(self._subjects[: max(0, limit - len(subjects))])
        return list(dict.fromkeys(subject_key(subject) for subject in subjects))

    def author_shas(self) -> list[str]:
        """The commits whose author the template needs (empty without ``{author}``)."""
        if self.template is None or "author" not in self.template.fields:
            return []
        return [commit.sha for commit in self._commits if commit.sha]

    def entries(self, authors: Mapping[str, str] | None = None) -> list[Entry]:
        """The entries, oldest commit first (the order the changes were made).

        ``authors`` maps commit ids to author names, for an ``entry-format`` with
        ``{author}``.
        """
        if self.template is None:
            return self._entries[::-1]
        found: list[Entry] = []
        seen: set[tuple[str, str]] = set()
        for commit in reversed(self._commits):
            entry = Entry(
                commit.type, commit.text(self.template, (authors or {}).get(commit.sha, ""))
            )
            if (entry.type, entry.text) not in seen:
                seen.add((entry.type, entry.text))
                found.append(entry)
        return found
