"""Whole batches of raw commit messages at once: their first lines, and which of them may hold
a footer that matters.

Pure. A long history repeats the same few thousand headers (``fix: typo``, ``chore(deps):
bump x``), and almost no message has a breaking or special footer. So the readers of
:func:`releasekit.git.log.walk_history` key their work on each message's first line (one
dictionary look-up per commit) and search a whole batch for footer text in one regular
expression call, instead of matching every message on its own; only the messages
:func:`flagged` names get the full per-message treatment.

>>> first_line(b"fix: a\\n\\nbody")
b'fix: a\\n'
>>> import re
>>> flagged([b"fix: a", b"feat: b\\n\\nBREAKING CHANGE: c", b"docs: d"], re.compile(b"BREAKING"))
[1]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, repeat
from operator import add

from releasekit.commits.conventional import PLAIN_HEADER, commit_kind_bytes

__all__ = ["UNDECIDED", "first_line", "flagged", "line_kind"]

#: :func:`line_kind` of a line that does not decide alone (the whole message must be parsed).
UNDECIDED: tuple[str, bool] = ("", False)


def first_line(message: bytes) -> bytes:
    """The first line of a raw message with its line feed, or the whole message without one.

    When :data:`~releasekit.commits.conventional.PLAIN_HEADER` matches the message, this is
    exactly the text it matches (its description stops at the first CR or LF, and only an
    LF, after an optional CR, may end it), so the line can stand for the header.

    >>> first_line(b"fix: a\\r\\nbody"), first_line(b"fix: a")
    (b'fix: a\\r\\n', b'fix: a')
    """
    return message[: message.find(b"\n") + 1 or None]


def flagged(
    messages: Sequence[bytes],
    pattern: re.Pattern[bytes],
    lowered: Sequence[bytes] = (),
    *,
    prefix: bytes = b"",
) -> list[int]:
    """The indices (ascending, each once) of the messages in which ``pattern`` matches or
    the lower-cased message contains one of the ``lowered`` texts. ``prefix``: a text every
    match of ``pattern`` starts with, if there is one (it makes the search faster).

    One search over the batch joined with NUL, which no message from ``git log -z`` holds
    and neither ``pattern`` nor a text may match, so a match lies inside one message: a
    message without a match here has none in any part of it either. Plain texts rather than
    a pattern for the lower-cased side: ``bytes.find`` skips through a batch many times
    faster than a pattern whose first letters are common.
    """
    if not messages:
        return []
    joined = b"\0".join(messages)
    positions = _search(pattern, joined, prefix)
    if lowered:
        text = joined.lower()
        for needle in lowered:
            position = text.find(needle)
            while position >= 0:
                positions.append(position)
                position = text.find(needle, position + 1)
    if not positions:
        return []
    # ends[i]: where message i + 1 starts (message i, then its NUL), from the lengths alone.
    ends = list(accumulate(map(add, map(len, messages), repeat(1))))
    return sorted({bisect_right(ends, position) for position in positions})


def _search(pattern: re.Pattern[bytes], text: bytes, prefix: bytes) -> list[int]:
    """Where ``pattern`` matches in ``text``. With a ``prefix`` every match starts with,
    ``bytes.find`` jumps from one occurrence of it to the next and the pattern is tried only
    there: several times faster than the pattern's own scan where the prefix is common
    (``BREAKING`` in prose)."""
    if not prefix:
        return [match.start() for match in pattern.finditer(text)]
    positions: list[int] = []
    match = pattern.match
    position = text.find(prefix)
    while position >= 0:
        if match(text, position) is not None:
            positions.append(position)
        position = text.find(prefix, position + 1)
    return positions


def line_kind(line: bytes) -> tuple[str, bool] | None:
    """What the first line of a message whose body holds no breaking footer says of it:
    its :func:`~releasekit.commits.conventional.commit_kind_bytes` (lower-cased type and
    "!"), ``None`` when the message cannot be a conventional commit, or :data:`UNDECIDED`
    when only the whole message can tell.

    Without a CR and a leading LF, the first line is the header the reference parser reads,
    and an LF never falls inside a UTF-8 sequence, so decoding the line gives the decoded
    message's first line.

    >>> line_kind(b"Feat(ui)!: x\n"), line_kind(b"Merge branch 'x'\n"), line_kind(b"\n")
    (('feat', True), None, ('', False))
    """
    match = PLAIN_HEADER.fullmatch(line)
    if match is not None:
        return match.group(1).lower().decode("ascii"), match.group(3) is not None
    if b"\r" in line or line.startswith(b"\n") or commit_kind_bytes(line) is not None:
        return UNDECIDED
    return None
