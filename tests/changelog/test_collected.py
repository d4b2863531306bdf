"""The collection marker: its line, its place in [Unreleased], and what never shows it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.changelog.collected import (
    MAX_SUBJECTS,
    CollectionMarker,
    find_marker,
    subject_key,
    with_marker,
    without_marker,
)
from releasekit.changelog.model import Changelog

TEXT = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- a\n\n## [1.0.0] - 2025-01-01\n\n- b\n"
MARKER = CollectionMarker("0123456789abcdef0123456789abcdef01234567", ("aaaaaaaaaaaa",))


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_with_marker_then_without_gives_the_file_back(newline: str) -> None:
    log = Changelog.parse(TEXT.replace("\n", newline))
    marked = with_marker(log, MARKER)
    assert str(marked).count("<!-- releasekit: collected through 0123") == 1
    assert f"## [Unreleased]{newline}<!-- releasekit:" in str(marked)
    assert find_marker(marked) == MARKER
    assert str(without_marker(marked)) == str(log)
    # A second marker replaces the first.
    again = with_marker(marked, CollectionMarker("f" * 40))
    assert find_marker(again) == CollectionMarker("f" * 40)
    assert str(again).count("releasekit: collected") == 1


def test_notes_and_promotion_never_show_the_marker() -> None:
    marked = with_marker(Changelog.parse(TEXT), MARKER)
    assert marked.notes("Unreleased") == "### Added\n\n- a"
    promoted = marked.promote("1.1.0", "2025-02-01")
    assert "releasekit" not in str(promoted)
    assert promoted.notes("1.1.0") == "### Added\n\n- a"


def test_a_marker_alone_is_an_empty_unreleased() -> None:
    log = with_marker(Changelog.parse("## [Unreleased]\n\n## [1.0.0]\n- b\n"), MARKER)
    unreleased = log.unreleased
    assert unreleased is not None
    assert unreleased.is_empty


def test_a_marker_outside_unreleased_is_not_read() -> None:
    text = "## [Unreleased]\n\n## [1.0.0]\n" + MARKER.line("\n") + "- b\n"
    assert find_marker(Changelog.parse(text)) is None


@pytest.mark.parametrize(
    "line",
    [
        "<!-- releasekit: collected through xyz -->",
        "<!-- releasekit: collected through 0123456 subjects NOTHEX -->",
        "text <!-- releasekit: collected -->",
    ],
    ids=["bad-sha", "bad-subject", "not-at-line-start"],
)
def test_damaged_markers_are_not_markers(line: str) -> None:
    assert CollectionMarker.parse(line) is None


def test_extended_keeps_the_newest_subjects_first_and_caps_them() -> None:
    marker = CollectionMarker("a" * 7, tuple(f"{n:012x}" for n in range(MAX_SUBJECTS)))
    new = marker.extended("b" * 7, ["f" * 12])
    assert new.through == "b" * 7
    assert new.subjects[0] == "f" * 12
    assert len(new.subjects) == MAX_SUBJECTS
    assert marker.extended(None, []).through == "a" * 7


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("feat: x", "feat: x (#12)", True),
        ("feat: x", "Feat:  X", True),
        ("feat: x (#1, #2)", "feat: x", True),
        ("feat: x", "feat: y", False),
        ("feat: x", "fix: x", False),
    ],
    ids=["squash-suffix", "case-space", "two-refs", "other-text", "other-type"],
)
def test_subject_key(a: str, b: str, same: bool) -> None:
    assert (subject_key(a) == subject_key(b)) is same


@given(st.text(max_size=40), st.lists(st.from_regex(r"[0-9a-f]{12}", fullmatch=True), max_size=5))
def test_marker_lines_round_trip(text: str, subjects: list[str]) -> None:
    marker = CollectionMarker(subject_key(text)[:10] + "0" * 30, tuple(subjects))
    assert CollectionMarker.parse(marker.line("\r\n")) == marker
