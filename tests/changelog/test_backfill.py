"""Release sections written from history: the pure part of init's backfill and --rebuild."""

from __future__ import annotations

import pytest

from releasekit.changelog.backfill import ReleaseHistory, backfilled, rebuilt, section_body
from releasekit.changelog.blocks import Entry
from releasekit.changelog.model import Changelog
from releasekit.changelog.style import FileStyle

RELEASES = [
    ReleaseHistory("1.1.0", "v1.1.0", "2025-02-01", (Entry("Fixed", "b"), Entry("Added", "a")), 1),
    ReleaseHistory("1.0.0", "v1.0.0", "2025-01-01", (), 3),
]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (FileStyle(), "\n### Added\n\n- a\n\n### Fixed\n\n- b\n\n1 other commit is not listed.\n"),
        (
            FileStyle("*", blank_after_heading=False, blank_between=False),
            "### Added\n* a\n### Fixed\n* b\n1 other commit is not listed.\n",
        ),
    ],
    ids=["keep-a-changelog", "compact"],
)
def test_section_body_in_keep_a_changelog_order(style: FileStyle, expected: str) -> None:
    assert "".join(section_body(RELEASES[0], style, "\n")) == expected


def test_backfilled_with_links() -> None:
    log = backfilled(Changelog.new(), RELEASES, repository="https://github.com/o/r")
    assert log.versions() == ["1.1.0", "1.0.0"]
    assert log.notes("1.0.0") == "3 other commits are not listed."
    assert [line.strip() for line in log.links if line.strip()] == [
        "[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD",
        "[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0",
        "[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0",
    ]
    # Promotion continues the same links.
    promoted = log.promote("1.2.0", "2025-03-01", allow_empty=True)
    assert "[1.2.0]: https://github.com/o/r/compare/v1.1.0...v1.2.0\n" in promoted.links


TEXT = (
    "# Changelog\n\n## [Unreleased]\n\n- wip\n\n"
    "## [1.1.0](https://x/compare/v1.0.0...v1.1.0) - 2025-02-01 [YANKED]\n\n- edited by hand\n\n"
    "## [1.0.0] - 2025-01-01\n\n- first\n"
)


def test_rebuilt_keeps_headings_and_every_other_section() -> None:
    log = Changelog.parse(TEXT)
    new = rebuilt(log, RELEASES[:1])
    assert str(new) == TEXT.replace(
        "- edited by hand\n",
        "### Added\n\n- a\n\n### Fixed\n\n- b\n\n1 other commit is not listed.\n",
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_rebuilt_last_section_without_a_final_newline(newline: str) -> None:
    text = TEXT.rstrip("\n").replace("\n", newline)
    new = rebuilt(Changelog.parse(text), [RELEASES[1]])
    assert str(new) == text.replace("- first", "3 other commits are not listed.")


def test_rebuilt_inserts_a_missing_section_in_version_order() -> None:
    text = TEXT.replace("## [1.1.0]", "## [1.2.0]")
    new = rebuilt(Changelog.parse(text), RELEASES[:1])
    assert new.versions() == ["1.2.0", "1.1.0", "1.0.0"]
    assert (
        str(new).replace(
            "## [1.1.0] - 2025-02-01\n\n### Added\n\n- a\n\n### Fixed\n\n- b\n\n"
            "1 other commit is not listed.\n\n",
            "",
        )
        == text
    )


def test_rebuilt_appends_the_oldest_release_before_the_links() -> None:
    text = "## [Unreleased]\n\n## [2.0.0] - 2025-03-01\n\n- x\n\n[2.0.0]: https://x\n"
    new = rebuilt(Changelog.parse(text), [RELEASES[1]])
    assert str(new) == (
        "## [Unreleased]\n\n## [2.0.0] - 2025-03-01\n\n- x\n\n"
        "## [1.0.0] - 2025-01-01\n\n3 other commits are not listed.\n\n[2.0.0]: https://x\n"
    )
