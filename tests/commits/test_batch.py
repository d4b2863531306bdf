"""Tests for releasekit.commits.batch: whole-batch answers equal the per-message ones."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from releasekit.commits.batch import UNDECIDED, first_line, flagged, line_kind
from releasekit.commits.conventional import (
    BREAKING_HINT,
    BREAKING_PREFIX,
    PLAIN_HEADER,
    commit_kind_bytes,
)
from tests.commits.test_conventional import NEAR_MISS_BYTES

_MESSAGES = st.lists(
    st.one_of(st.binary(max_size=40), NEAR_MISS_BYTES, st.just(b"\0BREAKING CHANGE: x")),
    max_size=12,
)
_TEXTS = (b"cve: ", b"changelog #")


@given(_MESSAGES)
def test_flagged_names_exactly_the_messages_that_match(messages: list[bytes]) -> None:
    expected = [
        index
        for index, message in enumerate(messages)
        if BREAKING_HINT.search(message) or any(text in message.lower() for text in _TEXTS)
    ]
    assert flagged(messages, BREAKING_HINT, _TEXTS) == expected
    assert flagged(messages, BREAKING_HINT, _TEXTS, prefix=BREAKING_PREFIX) == expected


@given(_MESSAGES)
def test_line_kind_decides_like_commit_kind_bytes(messages: list[bytes]) -> None:
    """Of a message without breaking-footer text, the first line's kind is the message's
    (unless the line says it cannot tell)."""
    for message in messages:
        kind = line_kind(first_line(message))
        if kind is not UNDECIDED and not BREAKING_HINT.search(message):
            assert kind == commit_kind_bytes(message)


@given(st.one_of(st.binary(max_size=60), NEAR_MISS_BYTES))
def test_first_line_is_what_the_plain_header_matches(raw: bytes) -> None:
    match = PLAIN_HEADER.match(raw)
    line = first_line(raw)
    assert raw.startswith(line)
    assert b"\n" not in line[:-1]
    if match is not None:
        assert match.group(0) == line
        full = PLAIN_HEADER.fullmatch(line)
        assert full is not None
        assert full.groups() == match.groups()
    else:
        assert PLAIN_HEADER.fullmatch(line) is None


def test_flagged_counts_each_message_once() -> None:
    messages = [b"BREAKING CHANGE: a BREAKING CHANGE: b", b"x", b"CVE: 1 changelog #2"]
    assert flagged(messages, BREAKING_HINT, _TEXTS) == [0, 2]
    assert flagged(messages, re.compile(b"nothing")) == []
