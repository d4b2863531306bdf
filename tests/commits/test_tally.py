"""Tests for releasekit.commits.tally: the byte-level bump tally equals the reference parser."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from releasekit.commits.conventional import PLAIN_HEADER, infer_bump, parse_commit
from releasekit.commits.tally import BumpTally, tally_bump
from tests.commits.test_conventional import NEAR_MISS_BYTES

_BUMP_MAPS = st.dictionaries(
    st.sampled_from(["feat", "fix", "perf", "docs", "Feat", "chore"]),
    st.sampled_from(["major", "minor", "patch", "none"]),
)


@given(st.lists(st.one_of(st.binary(max_size=40), NEAR_MISS_BYTES), max_size=12), _BUMP_MAPS)
def test_tally_bump_agrees_with_infer_bump(raw: list[bytes], bump_map: dict[str, Any]) -> None:
    commits = [parse_commit(message.decode("utf-8", "replace")) for message in raw]
    expected = (
        infer_bump(commits, MappingProxyType(bump_map)),
        len(raw),
        sum(commit is not None for commit in commits),
    )
    assert tally_bump(raw, MappingProxyType(bump_map)) == expected


def test_tally_bump_on_real_messages() -> None:
    raw = [
        b"Merge pull request #12 from octo/x",
        b"feat(api/v2.users): paginate\n\nBody mentions a BREAKING CHANGE in prose.\n",
        b"fix: y\n\nRefs #3\nSigned-off-by: A <a@x>\n",
        b"docs(caf\xc3\xa9): \xc3\xa9t\xc3\xa9\n",
    ]
    assert tally_bump(raw) == ("minor", 4, 3)
    assert tally_bump([*raw, b"chore: z\n\nBREAKING-CHANGE: dropped 3.9\n"]) == ("major", 5, 4)
    assert tally_bump([]) == (None, 0, 0)
    # After the first breaking change the rest is still counted exactly.
    rest = [b"feat!: x", b"\nfix: leading blank line", b"Merge branch 'x'", b"docs: \xc3\xa9"]
    assert tally_bump(rest) == ("major", 4, 3)


@given(
    st.lists(st.one_of(st.binary(max_size=40), NEAR_MISS_BYTES), max_size=20),
    st.lists(st.integers(min_value=1, max_value=5), max_size=20),
    _BUMP_MAPS,
)
def test_tally_in_batches_equals_tally_at_once(
    raw: list[bytes], sizes: list[int], bump_map: dict[str, Any]
) -> None:
    """However the walk cuts the history into batches, the tally is the same."""
    tally = BumpTally(MappingProxyType(bump_map))
    start = 0
    for size in [*sizes, len(raw)]:
        tally.add_messages(raw[start : start + size])
        start += size
    assert (tally.level, tally.count, tally.conventional) == tally_bump(
        raw, MappingProxyType(bump_map)
    )


@given(st.one_of(st.binary(max_size=60), NEAR_MISS_BYTES))
def test_plain_header_match_implies_the_same_parse(raw: bytes) -> None:
    """The byte form of the header grammar never accepts what the reference parser rejects,
    and agrees with it on type, scope and "!"."""
    match = PLAIN_HEADER.match(raw)
    if match is None:
        return
    commit = parse_commit(raw.decode("utf-8", "replace"))
    assert commit is not None
    assert commit.type == match.group(1).decode().lower()
    assert commit.scope == ((match.group(2) or b"").decode().strip() or None)
    assert commit.header.startswith(match.group(1).decode())
