"""What stops an edit of a changelog, the nearest versions, the links a section needs."""

from __future__ import annotations

import pytest

from releasekit.changelog.model import Changelog
from releasekit.changelog.structure import missing_section, section_problems, used_definitions
from releasekit.version.pep440 import version_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## [Unreleased]\n## [1.0.0]\n", []),
        ("## [1.0]\n## [1.0.0]\n", ["line 2: duplicate version heading '## [1.0.0]'"]),
        ("## [1.x]\n", ["line 1: version heading '## [1.x]' does not hold a valid version"]),
        ("## [1.0.0]\n## [Unreleased]\n", ["line 2: '## [Unreleased]' must come before"]),
        ("## [Unreleased]\n## Unreleased\n", ["line 2: a second '## Unreleased' section"]),
        ("```\n## [1.0]\n```\n## [1.0]\n", []),
        ("<!--\n## [1.0]\n-->\n## [1.0]\n", []),
    ],
    ids=["fine", "duplicate", "invalid", "unreleased-below", "two-unreleased", "code", "comment"],
)
def test_section_problems(text: str, expected: list[str]) -> None:
    found = [str(p) for p in section_problems(Changelog.parse(text).sections)]
    assert len(found) == len(expected)
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start), line


@pytest.mark.parametrize(
    ("wanted", "nearest"),
    [("1.5.0", "1.3.0, 1.4.0, 2.0.0"), ("0.1", "1.0.0, 1.3.0"), ("9", "1.4.0, 2.0.0")],
    ids=["between", "below-all", "above-all"],
)
def test_missing_section_names_the_nearest_versions(wanted: str, nearest: str) -> None:
    log = Changelog.parse("## [2.0.0]\n## [1.4.0]\n## [1.3.0]\n## [1.0.0]\n")
    message = missing_section(log, wanted, version_key(wanted))
    assert message == (
        f"CHANGELOG.md has no section for version {wanted}; nearest versions present: {nearest}"
    )


def test_missing_section_without_any_version() -> None:
    message = missing_section(Changelog.parse("# Changelog\n"), "1.0", version_key("1.0"))
    assert message.startswith("CHANGELOG.md has no version sections, so it has no section")


def test_used_definitions_brings_only_what_the_section_uses_and_lacks() -> None:
    text = (
        "## [1.0.0]\n- Fix [#12] and [#13][].\n\n[#13]: https://x/13\n\n"
        "## [0.9.0]\n- Old [#9].\n\n"
        "[#12]: https://x/12\n[#9]: https://x/9\n[#13]: https://other/13\n"
    )
    log = Changelog.parse(text)
    section = log.section("1.0.0")
    assert used_definitions(log.lines(), section.body, section.notes()) == ["[#12]: https://x/12"]
