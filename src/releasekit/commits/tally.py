"""Bump inference over a long history: raw messages in, the bump they ask for out.

The fast path of :func:`releasekit.commits.conventional.infer_bump` for ``git log`` output:
messages stay bytes, and the one header grammar's byte form
(:data:`~releasekit.commits.conventional.PLAIN_HEADER`) judges most of them without decoding.

>>> tally_bump([b"fix: a", b"feat!: b"])
('major', 2, 2)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from releasekit.commits.conventional import (
    BREAKING_HINT,
    BUMPS,
    LEVELS,
    PLAIN_HEADER,
    Bump,
    commit_kind_bytes,
)
from releasekit.commits.defaults import DEFAULT_BUMP_MAP, BumpLevel

__all__ = ["BumpTally", "tally_bump"]


class _Messages(Protocol):
    @property
    def messages(self) -> Sequence[bytes]: ...


class BumpTally:
    """Sums up raw UTF-8 commit messages, fed in batches: the bump they ask for, how many
    there are and how many are conventional commits.

    The same bump as :func:`infer_bump` over :func:`parse_commit` of each decoded message,
    computed without building a commit per message: the usual header is matched on the bytes
    (:data:`PLAIN_HEADER`), and only a message that is unusual or may hold a breaking footer
    is decoded. A consumer of :func:`releasekit.git.log.walk_history` (see :meth:`take`).

    >>> tally = BumpTally()
    >>> tally.add_messages([b"fix: a", b"Merge branch 'x'"])
    >>> tally.add_messages([b"feat(ui): b\\n\\nRefs #2"])
    >>> tally.level, tally.count, tally.conventional
    ('minor', 3, 2)
    """

    def __init__(self, bump_map: Mapping[str, BumpLevel] = DEFAULT_BUMP_MAP) -> None:
        self._levels = {str(t).lower(): LEVELS.get(level, 0) for t, level in bump_map.items()}
        self._byte_levels = {t.encode("utf-8"): level for t, level in self._levels.items()}
        self._highest = 0
        self.count = 0
        self.conventional = 0

    @property
    def level(self) -> Bump | None:
        """The bump asked for so far (``None``: nothing bumps)."""
        return BUMPS[self._highest]

    def take(self, batch: _Messages) -> None:
        """Take a batch of the history walk (its raw ``messages``)."""
        self.add_messages(batch.messages)

    def add_messages(self, messages: Iterable[bytes]) -> None:
        """Take raw messages as ``git log`` prints them."""
        match = PLAIN_HEADER.match
        hint = BREAKING_HINT.search
        levels, byte_levels = self._levels, self._byte_levels
        highest, count, conventional = self._highest, 0, 0
        remaining = iter(messages)
        if highest < 3:
            for message in remaining:
                count += 1
                found = match(message)
                if found is not None and (b"BREAKING" not in message or hint(message) is None):
                    conventional += 1
                    bang, type_ = found.group(3, 1)
                    level = 3 if bang is not None else byte_levels.get(type_.lower(), 0)
                else:
                    kind = commit_kind_bytes(message)
                    if kind is None:
                        continue
                    conventional += 1
                    level = 3 if kind[1] else levels.get(kind[0], 0)
                if level > highest:
                    highest = level
                    if highest == 3:
                        break
        # After a breaking change the level cannot rise: the rest is only counted.
        for message in remaining:
            count += 1
            if match(message) is not None or commit_kind_bytes(message) is not None:
                conventional += 1
        self._highest = highest
        self.count += count
        self.conventional += conventional


def tally_bump(
    messages: Iterable[bytes], bump_map: Mapping[str, BumpLevel] = DEFAULT_BUMP_MAP
) -> tuple[Bump | None, int, int]:
    """The bump raw UTF-8 messages ask for, how many there are, how many are conventional
    (one :class:`BumpTally` over them).

    >>> tally_bump([b"fix: a", b"Merge branch 'x'", b"feat(ui): b\\n\\nRefs #2"])
    ('minor', 3, 2)
    """
    tally = BumpTally(bump_map)
    tally.add_messages(messages)
    return tally.level, tally.count, tally.conventional
