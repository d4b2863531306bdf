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
from releasekit.commits.batch import UNDECIDED, flagged, line_kind
from releasekit.commits.conventional import (
    BREAKING_HINT,
    BREAKING_PREFIX,
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
#: The texts :data:`_SPECIAL_FOOTER` matches, for searching a whole batch.
_SPECIAL_TEXTS = tuple(
    f"{word}{sep}".encode() for word in ("security", "cve", "changelog") for sep in (": ", " #")
)
# What became of a commit judged by its first line (an index into the counts of a batch).
_SKIPPED, _TAKEN, _KNOWN, _NOT_CONVENTIONAL = 0, 1, 2, 3


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
        #: First line -> what became of its commits (when the line alone decides).
        self._headers: dict[bytes, int] = {}
        # First lines that are not the plain header grammar (each such message is parsed).
        self._undecided: set[bytes] = set()
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

        The same result as ``add(parse_commit(message.decode()))`` for each, faster: one
        search over the whole batch (:func:`~releasekit.commits.batch.flagged`) finds the
        few messages that may hold a breaking, security or changelog footer; every other
        message is judged from its first line alone, a line seen before by one dictionary
        look-up, a new one by one match of the header grammar's byte form. Only what that
        cannot judge goes through :func:`~releasekit.commits.conventional.parse_commit`.
        """
        batch = messages if isinstance(messages, list) else list(messages)
        # Only a footer (breaking, security, changelog) or, with breaking_body, a "!" commit's
        # body makes an entry depend on more than the header line.
        flags = (
            range(len(batch))
            if self.breaking_body
            else flagged(batch, BREAKING_HINT, _SPECIAL_TEXTS, prefix=BREAKING_PREFIX)
        )
        start = 0
        for index in flags:
            if start < index:
                self._add_plain(batch[start:index])
            self._add_one(batch[index])
            start = index + 1
        if start < len(batch):
            self._add_plain(batch[start:] if start else batch)

    def _add_plain(self, messages: list[bytes]) -> None:
        """Take messages whose bodies hold no footer that matters: each is its first line."""
        fates = self._headers
        undecided = self._undecided
        fullmatch = PLAIN_HEADER.fullmatch
        counts = [0, 0, 0, 0]  # skipped, taken, known, not conventional
        for message in messages:
            line = message[: message.find(b"\n") + 1 or None]
            fate = fates.get(line)
            if fate is not None:  # a line seen before ("fix: typo"): the same fate
                counts[fate] += 1
                continue
            if line not in undecided:
                match = fullmatch(line)
                if match is not None:
                    fate = self._judge_header(match)  # counts the commit itself
                else:
                    fate = None if line_kind(line) is UNDECIDED else _NOT_CONVENTIONAL
                    if fate is not None:
                        counts[fate] += 1
                if fate is not None:
                    fates[line] = fate
                    continue
                undecided.add(line)
            self._take_message(message)
        self.seen += len(messages)
        self.skipped += counts[_SKIPPED]
        self.known += counts[_KNOWN]
        self.not_conventional += counts[_NOT_CONVENTIONAL]

    def _add_one(self, message: bytes) -> None:
        """Take one message that may hold a footer that matters."""
        self.seen += 1
        match = PLAIN_HEADER.match(message)
        if match is not None:
            # Each test is a necessary condition of such a footer (every footer holds ": "
            # or " #"), so prose that merely mentions a breaking change or a changelog
            # stays on the header path.
            end = match.end()
            if end < len(message):
                body = message[end:]
                if (
                    (b": " in body or b" #" in body)
                    and (
                        (b"BREAKING" in body and BREAKING_HINT.search(body) is not None)
                        or _SPECIAL_FOOTER.search(body.lower()) is not None
                    )
                ) or (self.breaking_body and match.group(3) is not None and body.strip()):
                    self._take_message(message)
                    return
            header = match.group(0)
            fate = self._headers.get(header)
            if fate is not None:  # the plain grammar: taken, skipped or known
                if fate == _SKIPPED:
                    self.skipped += 1
                elif fate == _KNOWN:
                    self.known += 1
                return
            fate = self._judge_header(match)
            if fate is not None:
                self._headers[header] = fate
                return
        self._take_message(message)

    def _judge_header(self, match: re.Match[bytes]) -> int | None:
        """Take a commit from its header match alone and say its fate (taken, skipped or
        known before), or ``None`` when the header needs the full parse: a "security" scope
        (its section) or a description ending in a character ``str.rstrip`` may remove."""
        scope = match.group(2)
        if scope is not None and b"security" in scope.lower():
            return None
        description = match.group(4).rstrip()
        if not 0x21 <= description[-1] <= 0x7E:
            return None
        return self._take_header(match, description)

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
