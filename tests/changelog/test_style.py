"""New text follows the file's style: bullets, blank lines after headings, between sections."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.changelog.blocks import Entry
from releasekit.changelog.merge import merge_entries
from releasekit.changelog.model import Changelog
from releasekit.changelog.style import FileStyle

ENTRIES = [Entry("Added", "new"), Entry("Fixed", "bug")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "## [Unreleased]\n\n## [1.0.0]\n\n### Added\n\n- a\n",
            "## [Unreleased]\n\n### Added\n\n- new\n\n### Fixed\n\n- bug\n\n"
            "## [1.0.0]\n\n### Added\n\n- a\n",
        ),
        (
            "## [Unreleased]\n## [1.0.0]\n### Added\n* a\n### Fixed\n* b\n",
            "## [Unreleased]\n### Added\n* new\n### Fixed\n* bug\n"
            "## [1.0.0]\n### Added\n* a\n### Fixed\n* b\n",
        ),
        (
            "## [Unreleased]\n\n## [1.0.0]\n### Added\n+ a\n\n### Fixed\n+ b\n\n## [0.9.0]\n+ c\n",
            "## [Unreleased]\n### Added\n+ new\n\n### Fixed\n+ bug\n\n"
            "## [1.0.0]\n### Added\n+ a\n\n### Fixed\n+ b\n\n## [0.9.0]\n+ c\n",
        ),
        (
            "## [Unreleased]\r\n## [1.0.0]\r\n### Added\r\n* a\r\n",
            "## [Unreleased]\r\n### Added\r\n* new\r\n### Fixed\r\n* bug\r\n"
            "## [1.0.0]\r\n### Added\r\n* a\r\n",
        ),
    ],
    ids=["keep-a-changelog", "compact-stars", "plus-blank-between-only", "compact-crlf"],
)
def test_new_entries_follow_the_released_sections(text: str, expected: str) -> None:
    assert str(merge_entries(Changelog.parse(text), ENTRIES)) == expected


def test_a_file_with_nothing_to_learn_from_gets_keep_a_changelog() -> None:
    assert FileStyle.of(Changelog.parse("# Changelog\n")) == FileStyle()


def test_bullets_in_code_blocks_are_not_the_style() -> None:
    text = "## [1.0.0]\n\n### Added\n\n```\n* not a bullet\n```\n- a\n"
    assert FileStyle.of(Changelog.parse(text)).bullet == "-"


def test_promotion_keeps_a_compact_file_compact() -> None:
    text = "## [Unreleased]\n### Added\n* new\n## [1.0.0] - 2025-01-01\n### Added\n* a\n"
    promoted = Changelog.parse(text).promote("1.1.0", "2025-02-01")
    assert str(promoted) == (
        "## [Unreleased]\n## [1.1.0] - 2025-02-01\n### Added\n* new\n"
        "## [1.0.0] - 2025-01-01\n### Added\n* a\n"
    )


DATA = Path(__file__).parents[1] / "data" / "changelogs"


@pytest.mark.parametrize(
    ("name", "bullet", "blank_after"),
    [
        ("argon2-cffi.md", "-", True),
        ("keep-a-changelog.md", "-", True),
        ("keepachangelog.md", "-", False),
        ("sqlfluff.md", "*", True),
        ("structlog.md", "-", True),
    ],
)
def test_real_changelogs_get_entries_in_their_own_style(
    name: str, bullet: str, blank_after: bool
) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    log = Changelog.parse(text)
    assert FileStyle.of(log) == FileStyle(bullet, blank_after, True)
    new = merge_entries(log, [Entry("Deprecated", "the --old flag")])
    added = [line for line in str(new).splitlines() if line not in text.splitlines()]
    assert f"{bullet} the --old flag" in added
    heading = str(new).splitlines().index("### Deprecated")
    assert (str(new).splitlines()[heading + 1] == "") is blank_after
