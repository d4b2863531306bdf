"""Changelog blocks: which ``## `` lines are version headings and what they say."""

from __future__ import annotations

import pytest

from releasekit.changelog.blocks import Section, split_lines, version_identity
from releasekit.changelog.model import Changelog
from releasekit.errors import ChangelogError


def test_split_lines_keeps_every_ending() -> None:
    assert split_lines("a\r\nb\rc\n\nd") == ["a\r\n", "b\r", "c\n", "\n", "d"]
    assert split_lines("") == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("25.02.15", "25.2.15", True),
        ("1.0.0-rc.1", "1.0.0rc1", True),
        ("1.0.0", "1.0.1", False),
        ("1.0.0-alpha.beta", "1.0.0-alpha.beta+b.1", True),
    ],
    ids=["calver", "semver-pep440", "different", "semver-only"],
)
def test_version_identity(a: str, b: str, same: bool) -> None:
    assert (version_identity(a) == version_identity(b)) is same


@pytest.mark.parametrize(
    ("body", "empty"),
    [
        ((), True),
        (("\n", "### Added\n", "\n"), True),
        (("<!-- todo -->\n",), True),
        (("<!--\n", "- hidden\n", "-->\n"), True),
        (("- a\n",), False),
        (("text\n",), False),
    ],
    ids=["nothing", "template-headings", "comment", "multi-line-comment", "entry", "prose"],
)
def test_is_empty(body: tuple[str, ...], empty: bool) -> None:
    section = Section.from_lines("## [Unreleased]\n", body, 1)
    assert section is not None
    assert section.is_empty is empty


HEADINGS = [
    ("## [Unreleased]", "unreleased", "Unreleased", None, None, False, None),
    ("## Unreleased", "unreleased", "Unreleased", None, None, False, None),
    ("## [unreleased]", "unreleased", "unreleased", None, None, False, None),
    ("## [1.2.3] - 2025-02-15", "release", "1.2.3", "1.2.3", "2025-02-15", False, None),
    ("## 1.2.3 - 2025-02-15", "release", "1.2.3", "1.2.3", "2025-02-15", False, None),
    ("## [25.02.15] - 2025-02-15", "release", "25.02.15", "25.02.15", "2025-02-15", False, None),
    ("## [1.0.0rc1]", "release", "1.0.0rc1", "1.0.0rc1", None, False, None),
    (
        "## [1.0.0-beta.2] - 2025-01-01",
        "release",
        "1.0.0-beta.2",
        "1.0.0-beta.2",
        "2025-01-01",
        False,
        None,
    ),
    ("## [1.2.3] - 2025-02-15 [YANKED]", "release", "1.2.3", "1.2.3", "2025-02-15", True, None),
    ("## v1.2.3 (2025-02-15)", "release", "v1.2.3", "1.2.3", "2025-02-15", False, None),
    ("## [v2.0.0] - 2025-02-15", "release", "v2.0.0", "2.0.0", "2025-02-15", False, None),
    (
        "## [26.1.0](https://github.com/o/r/compare/25.5.0...26.1.0) - 2026-06-06",
        "release",
        "26.1.0",
        "26.1.0",
        "2026-06-06",
        False,
        "https://github.com/o/r/compare/25.5.0...26.1.0",
    ),
    ("   ## [1.0.0]", "release", "1.0.0", "1.0.0", None, False, None),
]


@pytest.mark.parametrize(
    ("heading", "kind", "label", "version", "date", "yanked", "url"),
    HEADINGS,
    ids=[h[0] for h in HEADINGS],
)
def test_headings(
    heading: str,
    kind: str,
    label: str,
    version: str | None,
    date: str | None,
    yanked: bool,
    url: str | None,
) -> None:
    (section,) = Changelog.parse(f"{heading}\n\nbody\n").sections
    assert (
        section.kind,
        section.label,
        section.version,
        section.date,
        section.yanked,
        section.url,
    ) == (kind, label, version, date, yanked, url)
    assert section.body == ("\n", "body\n")


NOT_HEADINGS = {
    "fenced code": "## [1.0.0]\n```markdown\n## [0.9.0] - 2020-01-01\n```\n",
    "tilde fence": "## [1.0.0]\n~~~~\n## [0.9.0]\n~~~~\n",
    "html comment": "## [1.0.0]\n<!--\n## [0.9.0]\n-->\n",
    "level three": "## [1.0.0]\n### [0.9.0]\n",
    "indented code": "## [1.0.0]\n    ## [0.9.0]\n",
    "prose heading": "## [1.0.0]\n## Highlights\n",
    "no space": "## [1.0.0]\n##[0.9.0]\n",
}


@pytest.mark.parametrize("text", NOT_HEADINGS.values(), ids=NOT_HEADINGS.keys())
def test_lines_that_are_not_version_headings_stay_in_the_body(text: str) -> None:
    log = Changelog.parse(text)
    assert log.versions() == ["1.0.0"]
    assert str(log) == text


def test_comment_markers_inside_a_sentence_hide_nothing() -> None:
    log = Changelog.parse("## [2.0.0]\n- Support `<!--` in templates.\n## [1.0.0]\n")
    assert log.versions() == ["2.0.0", "1.0.0"]


def test_inline_triple_backticks_do_not_open_a_fence() -> None:
    log = Changelog.parse("## [2.0.0]\n```TRUNCATE``` in a line\n## [1.0.0]\n")
    assert log.versions() == ["2.0.0", "1.0.0"]


def test_semver_versions_without_a_pep440_form_are_versions() -> None:
    log = Changelog.parse("## [Unreleased]\n- a\n## [1.0.0-alpha.beta]\n- b\n")
    assert log.problems() == []
    assert log.notes("1.0.0-alpha.beta+build.5") == "- b"
    with pytest.raises(ChangelogError, match="already has a section"):
        log.promote("1.0.0-alpha.beta", "2025-01-01")
