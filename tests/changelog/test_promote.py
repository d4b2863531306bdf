"""Promotion: [Unreleased] becomes a release; headings and compare links follow the file."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.changelog.model import Changelog, RepositoryLinks
from tests.changelog.test_model import BASIC, changed_lines


def test_promote_reference_links() -> None:
    new = str(Changelog.parse(BASIC).promote("1.3.0", "2025-03-01"))
    removed, added = changed_lines(BASIC, new)
    assert removed == ["[Unreleased]: https://github.com/o/r/compare/v1.2.3...HEAD\n"]
    assert added == [
        "\n",
        "## [1.3.0] - 2025-03-01\n",
        "[Unreleased]: https://github.com/o/r/compare/v1.3.0...HEAD\n",
        "[1.3.0]: https://github.com/o/r/compare/v1.2.3...v1.3.0\n",
    ]
    assert new.index("## [Unreleased]") < new.index("## [1.3.0]") < new.index("- Dark mode.")


PROMOTIONS = {
    "inline links, calver": (
        "## [Unreleased](https://github.com/o/r/compare/25.02.15...HEAD)\n- a\n"
        "## [25.02.15](https://github.com/o/r/compare/25.01.02...25.02.15) - 2025-02-15\n- b\n",
        "25.03.01",
        [
            "## [Unreleased](https://github.com/o/r/compare/25.03.01...HEAD)\n",
            "## [25.03.01](https://github.com/o/r/compare/25.02.15...25.03.01) - 2025-03-01\n",
        ],
    ),
    "gitlab, lowercase label": (
        "## [Unreleased]\n- a\n## [1.0.0] - 2025-01-01\n- b\n\n"
        "[unreleased]: https://gitlab.com/g/r/-/compare/release-1.0.0...main\n",
        "1.1.0",
        [
            "[unreleased]: https://gitlab.com/g/r/-/compare/release-1.1.0...main\n",
            "[1.1.0]: https://gitlab.com/g/r/-/compare/release-1.0.0...release-1.1.0\n",
        ],
    ),
    "no brackets, v prefix, parenthesised date": (
        "## Unreleased\n- a\n## v1.0.0 (2025-01-01)\n- b\n",
        "1.1.0",
        ["## v1.1.0 (2025-03-01)\n"],
    ),
    "versions linked, unreleased not": (
        "## [Unreleased]\n- a\n## [1.0.0] - 2025-01-01\n- b\n\n"
        "[1.0.0]: https://github.com/o/r/compare/v0.9.0...v1.0.0\n",
        "1.1.0",
        ["[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0\n"],
    ),
    "yanked previous": (
        "## [Unreleased]\n- a\n## [1.0.0] - 2025-01-01 [YANKED]\n- b\n",
        "1.0.1",
        ["## [1.0.1] - 2025-03-01\n"],
    ),
    "first release": (
        "# Changelog\n\n## [Unreleased]\n\n- a\n",
        "0.1.0",
        ["## [0.1.0] - 2025-03-01\n"],
    ),
}


@pytest.mark.parametrize(
    ("text", "version", "expected"), PROMOTIONS.values(), ids=PROMOTIONS.keys()
)
def test_promote_follows_the_file_style(text: str, version: str, expected: list[str]) -> None:
    new = str(Changelog.parse(text).promote(version, "2025-03-01"))
    _, added = changed_lines(text, new)
    assert [line for line in added if line.strip()][-len(expected) :] == expected or set(
        expected
    ) <= set(added)
    assert not any("None" in line or "/compare/..." in line for line in added)


def test_promote_without_links_adds_them_only_with_a_repository_and_brackets() -> None:
    text = "## [Unreleased]\n- a\n## [1.0.0] - 2025-01-01\n- b"
    plain = str(Changelog.parse(text).promote("1.1.0", "2025-03-01"))
    assert "compare" not in plain
    linked = str(
        Changelog.parse(text).promote(
            "1.1.0", "2025-03-01", repository="https://github.com/o/r", tag_format="v{version}"
        )
    )
    assert linked.endswith(
        "- b\n\n[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD\n"
        "[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0\n"
    )
    unbracketed = text.replace("[Unreleased]", "Unreleased").replace("[1.0.0]", "1.0.0")
    assert "compare" not in str(
        Changelog.parse(unbracketed).promote("1.1.0", "2025-03-01", repository="https://x.org/o/r")
    )


def test_first_promotion_compares_with_the_previous_tag() -> None:
    new = Changelog.parse("## [Unreleased]\n- a\n").promote(
        "1.3.0", "2025-03-01", repository="https://github.com/o/r", previous_tag="v1.2.3"
    )
    assert "[1.3.0]: https://github.com/o/r/compare/v1.2.3...v1.3.0\n" in str(new)
    alone = Changelog.parse("## [Unreleased]\n- a\n").promote(
        "1.0.0", "2025-03-01", repository="https://gitlab.example.com/o/r"
    )
    assert "[1.0.0]: https://gitlab.example.com/o/r/-/tags/v1.0.0\n" in str(alone)


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_new_lines_follow_the_dominant_line_ending(newline: str) -> None:
    text = BASIC.replace("\n", newline)
    new = str(Changelog.parse(text).promote("1.3.0", "2025-03-01"))
    assert "\n" not in new.replace("\r\n", "") if newline == "\r\n" else "\n" not in new
    assert new.count(newline) == text.count(newline) + 3


def test_no_trailing_newline_is_kept() -> None:
    text = "## [Unreleased]\n- a\n## [1.0.0] - 2025-01-01\n- b"
    assert str(Changelog.parse(text).promote("1.1.0", "2025-03-01")).endswith("\n- b")
    only = str(Changelog.parse("## [Unreleased]\n- a").promote("1.1.0", "2025-03-01"))
    assert only == "## [Unreleased]\n\n## [1.1.0] - 2025-03-01\n- a"


def test_repository_links() -> None:
    assert RepositoryLinks("https://github.com/o/r/").compare("a", "b") == (
        "https://github.com/o/r/compare/a...b"
    )
    assert RepositoryLinks("https://gitlab.com/o/r").tag("v1") == "https://gitlab.com/o/r/-/tags/v1"


@given(
    count=st.integers(min_value=1, max_value=4),
    style=st.sampled_from(["reference", "inline", "none"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    tag_prefix=st.sampled_from(["v", "", "release-"]),
    host=st.sampled_from(["https://github.com/o/r", "https://gitlab.com/g/r/-"]),
)
def test_generated_links_continue_in_the_file_style(
    count: int, style: str, newline: str, tag_prefix: str, host: str
) -> None:
    versions = [f"1.{n}.0" for n in range(count, 0, -1)]
    compare = f"{host}/compare/"
    tags = [f"{tag_prefix}{v}" for v in versions]
    parts = ["# Changelog", ""]
    if style == "inline":
        parts.append(f"## [Unreleased]({compare}{tags[0]}...HEAD)")
    else:
        parts.append("## [Unreleased]")
    parts += ["", "- new", ""]
    for index, version in enumerate(versions):
        older = tags[index + 1] if index + 1 < len(tags) else "v0.0.1"
        link = f"({compare}{older}...{tags[index]})" if style == "inline" else ""
        parts += [f"## [{version}]{link} - 2025-01-0{index + 1}", "", f"- change {version}", ""]
    if style == "reference":
        parts.append(f"[Unreleased]: {compare}{tags[0]}...HEAD")
        for index, version in enumerate(versions):
            older = tags[index + 1] if index + 1 < len(tags) else "v0.0.1"
            parts.append(f"[{version}]: {compare}{older}...{tags[index]}")
    text = newline.join(parts) + newline
    new = Changelog.parse(text).promote("2.0.0", "2026-01-01")
    new_text = str(new)
    assert new.problems() == []
    assert new.versions() == ["2.0.0", *versions]
    new_tag = f"{tag_prefix}2.0.0"
    if style == "none":
        assert "2.0.0...HEAD" not in new_text
        assert new_text.count("compare") == 0
    else:
        assert f"{compare}{new_tag}...HEAD" in new_text
        assert f"{compare}{tags[0]}...{new_tag}" in new_text
        assert f"{compare}{tags[0]}...HEAD" not in new_text
    removed, _ = changed_lines(text, new_text)
    assert all("nreleased" in line for line in removed)
