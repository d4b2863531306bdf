"""Merging entries into [Unreleased]: hand-written lines kept, in order, idempotent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.changelog.merge import merge_entries_counted, normalize_entry
from releasekit.changelog.model import Changelog, Entry

UNRELEASED = """\
# Changelog

## [Unreleased]

### Changed

- Hand-written: the docs moved (#7).

### Fixed

- A known bug.
  More text of the same entry.

## [1.0.0] - 2025-01-01

- first
"""


def test_merge_keeps_hand_written_entries_and_follows_kac_order() -> None:
    log = Changelog.parse(UNRELEASED)
    new, added = merge_entries_counted(
        log,
        [
            Entry("Fixed", "a new fix"),
            Entry("Security", "escape"),
            Entry("Added", "feature"),
            Entry("Changed", "docs moved again (#7)"),
            Entry("Fixed", "a KNOWN bug."),
        ],
    )
    assert added == 3
    assert str(new) == UNRELEASED.replace(
        "## [Unreleased]\n\n### Changed",
        "## [Unreleased]\n\n### Added\n\n- feature\n\n### Changed",
    ).replace(
        "  More text of the same entry.\n",
        "  More text of the same entry.\n- a new fix\n\n### Security\n\n- escape\n",
    )
    assert merge_entries_counted(new, [Entry("Added", "feature")]) == (new, 0)


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_merge_into_empty_template_headings(newline: str) -> None:
    text = "## [Unreleased]\n\n### Added\n\n### Fixed\n\n## [1.0.0]\n- a\n".replace("\n", newline)
    new, _ = merge_entries_counted(Changelog.parse(text), [Entry("Fixed", "b")])
    assert str(new) == (
        "## [Unreleased]\n\n### Added\n\n### Fixed\n\n- b\n\n## [1.0.0]\n- a\n".replace(
            "\n", newline
        )
    )


def test_merge_into_a_file_without_trailing_newline() -> None:
    new, _ = merge_entries_counted(Changelog.parse("## [Unreleased]"), [Entry("Fixed", "b")])
    assert str(new) == "## [Unreleased]\n\n### Fixed\n\n- b\n"


def test_merge_into_a_file_without_unreleased_and_without_sections() -> None:
    new, _ = merge_entries_counted(Changelog.parse("# Changelog\n"), [Entry("Added", "x")])
    assert str(new) == "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- x\n"


ENTRY_LISTS = st.lists(
    st.builds(
        Entry,
        st.sampled_from(["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"]),
        st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1).filter(
            lambda t: t.strip() == t and t.rstrip(".")
        ),
    ),
    max_size=8,
)


@given(ENTRY_LISTS, ENTRY_LISTS)
def test_merging_is_idempotent_and_keeps_every_line(
    first: list[Entry], second: list[Entry]
) -> None:
    once, _ = merge_entries_counted(Changelog.parse(UNRELEASED), first)
    twice, added = merge_entries_counted(once, first)
    assert (str(twice), added) == (str(once), 0)
    after, _ = merge_entries_counted(once, second)
    lines = after.lines()
    position = 0
    for line in once.lines():  # every earlier line is still there, in order
        position = lines.index(line, position) + 1
    assert after.versions() == ["1.0.0"]


@pytest.mark.parametrize(
    "hidden",
    ["<!--\n### Added\n-->\n", "<!-- ### Added -->\n", "```\n### Added\n```\n"],
    ids=["comment-block", "one-line-comment", "code-block"],
)
def test_a_heading_in_a_comment_or_code_is_not_a_subsection(hidden: str) -> None:
    log = Changelog.parse(f"## [Unreleased]\n\n{hidden}\n## [1.0.0] - 2025-01-01\n")
    new, added = merge_entries_counted(log, [Entry("Added", "x")])
    assert added == 1
    assert str(new) == (
        f"## [Unreleased]\n\n{hidden}\n### Added\n\n- x\n\n## [1.0.0] - 2025-01-01\n"
    )


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Fix the crash.", "fix  the crash", True),
        ("Fix the crash", "Fix the crashes", False),
        ("**cli:** add --json", "**CLI:**   add --json.", True),
    ],
    ids=["case-space-stop", "different-words", "scope-marks"],
)
def test_normalize_entry(first: str, second: str, same: bool) -> None:
    assert (normalize_entry(first) == normalize_entry(second)) is same
