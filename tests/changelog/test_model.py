"""The Keep a Changelog model: lossless parsing, headings, promote, notes, problems."""

from __future__ import annotations

import contextlib
import difflib
import re
from pathlib import Path

import keepachangelog
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.changelog.model import Changelog, Entry, split_lines
from releasekit.changelog.style import FileStyle
from releasekit.errors import ChangelogError, ReleasekitError

DATA = Path(__file__).parents[1] / "data" / "changelogs"
REAL = sorted(p for p in DATA.glob("*.md") if p.name != "README.md")

BASIC = """\
# Changelog

All notable changes to this project will be documented in this file.

## [Unreleased]

### Added

- Dark mode.

## [1.2.3] - 2025-02-15

### Fixed

- A crash.

## [1.2.2] - 2025-01-01

- First.

[Unreleased]: https://github.com/o/r/compare/v1.2.3...HEAD
[1.2.3]: https://github.com/o/r/compare/v1.2.2...v1.2.3
[1.2.2]: https://github.com/o/r/releases/tag/v1.2.2
"""


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed from ``before`` and added in ``after`` (line endings kept)."""
    removed, added = [], []
    for line in difflib.ndiff(split_lines(before), split_lines(after)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


# -- lossless ------------------------------------------------------------------------------

MARKDOWN_BITS = st.sampled_from(
    [
        "## ",
        "### ",
        "[Unreleased]",
        "[1.2.3]",
        "1.0.0rc1",
        "25.02.15",
        " - 2025-02-15",
        " [YANKED]",
        "(https://x/compare/v1...v2)",
        "[1.2.3]: https://x/compare/v1.2.2...v1.2.3",
        "```",
        "~~~",
        "<!--",
        "-->",
        "- ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        "v",
    ]
)
MARKDOWNISH = st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=5)), max_size=40).map("".join)


@given(st.one_of(st.text(), MARKDOWNISH))
@settings(max_examples=400)
def test_any_text_round_trips_and_never_raises_a_foreign_error(text: str) -> None:
    log = Changelog.parse(text)
    assert str(log) == text
    assert "".join(log.lines()) == text
    log.problems()
    for action in (lambda: log.notes("1.2.3"), lambda: log.promote("9.0.0", "2025-02-15")):
        with contextlib.suppress(ReleasekitError):
            action()


@given(MARKDOWNISH)
def test_promote_only_adds_lines_or_changes_the_unreleased_and_link_lines(text: str) -> None:
    log = Changelog.parse(text)
    try:
        new = log.promote("9.0.0", "2030-01-01", allow_empty=True)
    except ChangelogError:
        return
    removed, added = changed_lines(text, str(new))
    for line in removed:
        # Only the [Unreleased] heading, its link and a last line that gains an ending change.
        assert "nreleased" in line or not line.endswith(("\n", "\r")), line
    assert any("9.0.0" in line for line in added)


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_real_changelogs_round_trip(path: Path, newline: str) -> None:
    text = path.read_text(encoding="utf-8").replace("\n", newline)
    assert str(Changelog.parse(text)) == text
    assert str(Changelog.parse(text.rstrip())) == text.rstrip()


# -- headings ------------------------------------------------------------------------------


def test_parts() -> None:
    log = Changelog.parse(BASIC)
    assert log.preamble[0] == "# Changelog\n"
    assert [s.line for s in log.sections] == [5, 11, 17]
    assert log.links[0].startswith("[Unreleased]:")
    assert log.sections[-1].body == ("\n", "- First.\n", "\n")
    assert log.newline == "\n"
    assert Changelog.parse(BASIC.replace("\n", "\r\n")).newline == "\r\n"


# -- notes ---------------------------------------------------------------------------------


def test_notes_exactly_as_written() -> None:
    text = "## [1.0.0] - 2025-01-01\r\n\r\n- a\r\n  - nested\r\n\r\n```\r\ncode\r\n```\r\n\r\n"
    assert Changelog.parse(text).notes("1.0.0") == "- a\r\n  - nested\r\n\r\n```\r\ncode\r\n```"


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        ("25.2.15", "25.02.15"),
        ("25.02.15", "25.02.15"),
        ("v25.2.15", "25.02.15"),
        ("1.0.0-rc.1", "1.0.0rc1"),
        ("Unreleased", "Unreleased"),
        ("unreleased", "Unreleased"),
    ],
    ids=["calver-zero-padding", "same", "v-prefix", "semver-to-pep440", "unreleased", "case"],
)
def test_notes_match_by_pep440_equality(wanted: str, found: str) -> None:
    text = "## [Unreleased]\n- u\n## [25.02.15] - 2025-02-15\n- c\n## [1.0.0rc1]\n- r\n"
    sections = {"25.02.15": "- c", "1.0.0rc1": "- r", "Unreleased": "- u"}
    assert Changelog.parse(text).notes(wanted) == sections[found]


def test_missing_version_lists_the_nearest() -> None:
    log = Changelog.parse("".join(f"## [1.{n}.0]\n- x\n" for n in range(9, 0, -1)))
    with pytest.raises(
        ChangelogError,
        match=r"no section for version 1\.4\.5; nearest versions "
        r"present: 1\.3\.0, 1\.4\.0, 1\.5\.0, 1\.6\.0",
    ):
        log.notes("1.4.5")


def test_notes_without_any_version_says_what_was_expected() -> None:
    with pytest.raises(ChangelogError, match=r"no version sections.*## \[1\.2\.3\] - 2025-02-15"):
        Changelog.parse("# Just prose\n\nNothing here.\n").notes("1.0.0")


# -- problems ------------------------------------------------------------------------------

PROBLEMS = {
    "duplicate": (
        "## [Unreleased]\n## [1.0.0]\n- a\n## [1.0]\n- b\n",
        r"CHANGELOG\.md:4: duplicate version heading '## \[1\.0\]'.*line 2",
    ),
    "unparsable": (
        "## [Unreleased]\n## [1.x.0] - 2025-01-01\n",
        r"CHANGELOG\.md:2: version heading '## \[1\.x\.0\] - 2025-01-01' does not hold",
    ),
    "unreleased below": (
        "## [1.0.0]\n- a\n## [Unreleased]\n- b\n",
        r"CHANGELOG\.md:3: '## \[Unreleased\]' must come before .*line 1",
    ),
    "two unreleased": (
        "## [Unreleased]\n- a\n## Unreleased\n- b\n",
        r"CHANGELOG\.md:3: a second '## Unreleased' section \(the first is at line 1\)",
    ),
}


@pytest.mark.parametrize(("text", "message"), PROBLEMS.values(), ids=PROBLEMS.keys())
def test_structural_problems_are_named_with_their_line(text: str, message: str) -> None:
    log = Changelog.parse(text)
    with pytest.raises(ChangelogError, match=message):
        log.promote("2.0.0", "2025-02-15")
    assert str(log) == text


def test_not_keep_a_changelog_at_all() -> None:
    with pytest.raises(ChangelogError, match=r"no '## \[Unreleased\]' section.*expected"):
        Changelog.parse("Release notes\n=============\n\n* stuff\n").promote("1.0.0", "2025-01-01")


def test_empty_unreleased_is_refused_unless_allowed() -> None:
    text = "## [Unreleased]\n\n### Added\n\n<!-- nothing yet -->\n\n## [1.0.0] - 2025-01-01\n- a\n"
    log = Changelog.parse(text)
    with pytest.raises(
        ChangelogError, match=r"no entries.*'releasekit changelog'.*allow_empty="
    ) as info:
        log.promote("1.1.0", "2025-02-01")
    assert "--" not in info.value.message
    assert info.value.lines(cli=True)[0].endswith("or pass --allow-empty")
    assert "## [1.1.0] - 2025-02-01\n" in str(log.promote("1.1.0", "2025-02-01", allow_empty=True))


def test_existing_version_is_refused() -> None:
    with pytest.raises(ChangelogError, match=r"CHANGELOG\.md:11 already has a section for it"):
        Changelog.parse(BASIC).promote("1.2.3", "2025-03-01")


# -- promote -------------------------------------------------------------------------------


def test_promote_date_object() -> None:
    import datetime

    new = Changelog.parse(BASIC).promote("1.3.0", datetime.date(2025, 3, 1))
    assert new.sections[1].date == "2025-03-01"
    assert new.versions()[:2] == ["1.3.0", "1.2.3"]
    assert new.unreleased is not None
    assert new.unreleased.is_empty


# -- entries -------------------------------------------------------------------------------


def test_with_entries_creates_unreleased_when_missing() -> None:
    text = "# Changelog\n\n## [1.0.0] - 2025-01-01\n- a\n"
    new = Changelog.parse(text).with_entries([Entry("Fixed", "b")])
    assert (
        str(new)
        # The file puts no blank line after its headings: neither do the new ones.
        == "# Changelog\n\n## [Unreleased]\n### Fixed\n- b\n\n## [1.0.0] - 2025-01-01\n- a\n"
    )


def test_new_changelog() -> None:
    log = Changelog.new(scheme="calver", newline="\r\n")
    assert log.unreleased is not None
    assert log.newline == "\r\n"
    assert "Calendar Versioning" in str(log)
    assert "Semantic Versioning" in str(Changelog.new())


# -- real-world changelogs -----------------------------------------------------------------


def _kac_versions(path: Path) -> list[str]:
    data = keepachangelog.to_dict(str(path), show_unreleased=False)
    return [v for v in data if re.fullmatch(r"\d+(\.\d+)+(\.?[a-z]+\d*)?", v)]


@pytest.mark.parametrize(
    ("name", "count", "first", "last"),
    [
        ("keep-a-changelog", 14, "1.1.1", "0.0.1"),
        ("keepachangelog", 15, "2.0.0", "0.0.1"),
        ("structlog", 43, "26.1.0", "0.1.0"),
        ("argon2-cffi", 18, "25.1.0", "15.0.0b5"),
        ("sqlfluff", 18, "4.5.0", "3.4.1"),
    ],
    ids=lambda v: str(v),
)
def test_real_changelog_versions(name: str, count: int, first: str, last: str) -> None:
    log = Changelog.parse((DATA / f"{name}.md").read_text(encoding="utf-8"), source=name)
    versions = log.versions()
    assert (len(versions), versions[0], versions[-1]) == (count, first, last)
    assert log.problems() == []


@pytest.mark.parametrize("name", ["keep-a-changelog", "keepachangelog", "sqlfluff"])
def test_real_semver_changelogs_agree_with_keepachangelog(name: str) -> None:
    path = DATA / f"{name}.md"
    log = Changelog.parse(path.read_text(encoding="utf-8"))
    assert log.versions() == _kac_versions(path)
    data = keepachangelog.to_dict(str(path), show_unreleased=False)
    for version in log.versions()[:6]:
        notes = log.notes(version)
        for change_type, items in data[version].items():
            if change_type == "metadata":
                continue
            for item in items:
                assert item.split("\n")[0].strip() in notes, (version, item)


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_real_changelogs_promote_changes_only_the_lines_involved(path: Path, newline: str) -> None:
    text = path.read_text(encoding="utf-8").replace("\n", newline)
    log = Changelog.parse(text)
    if log.unreleased is None or log.unreleased.is_empty:
        log = log.with_entries([Entry("Added", "Something new.")])
    before = str(log)
    newest = log.versions()[0]
    new = log.promote("99.0.0", "2030-01-02")
    removed, added = changed_lines(before, str(new))
    assert all("nreleased" in line for line in removed), removed
    assert len(added) <= 4 + len(removed)
    assert new.versions() == ["99.0.0", *log.versions()]
    assert new.notes("99.0.0") == log.notes("Unreleased")
    for version in log.versions()[:5]:
        assert new.notes(version) == log.notes(version)
    heading = new.sections[1].heading
    assert heading.endswith(newline)
    assert "2030-01-02" in heading
    if log.sections[1].url is not None:  # inline heading links continue
        assert "...99.0.0)" in heading
        assert f"compare/{newest}..." in heading


@pytest.mark.parametrize(
    ("name", "version", "start", "end"),
    [
        ("keep-a-changelog", "1.1.0", "### Added\n\n- Danish", "- Indonesian translation (#336)."),
        ("structlog", "25.1.0", "### Added", None),
        ("sqlfluff", "4.5.0", "## Highlights", None),
        ("keepachangelog", "2.0.0.dev5", "### Changed\n- `keepachangelog show`", None),
    ],
    ids=["kac-1.1.0", "structlog-calver", "sqlfluff-prose", "pep440-dev"],
)
def test_real_changelog_notes(name: str, version: str, start: str, end: str | None) -> None:
    text = (DATA / f"{name}.md").read_text(encoding="utf-8")
    notes = Changelog.parse(text).notes(version)
    assert notes.startswith(start)
    if end is not None:
        assert notes.endswith(end)
    assert notes in text
    assert "\n## [" not in notes


@pytest.mark.parametrize(
    "module",
    [
        "releasekit.changelog.model",
        "releasekit.changelog.blocks",
        "releasekit.changelog.promote",
        "releasekit.changelog.entries",
        "releasekit.changelog.file",
    ],
)
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(
        importlib.import_module(module), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 0
    assert result.failed == 0


BODY_LINE = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=20
).filter(lambda line: not line.lstrip(" ").startswith(("#", "[", "```", "~~~", "<!--")))
BODY = st.lists(BODY_LINE, max_size=5)


def _expected_notes(body: list[str], newline: str) -> str:
    lines = list(body)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return newline.join(lines)


@given(
    bodies=st.lists(BODY, min_size=1, max_size=5),
    unreleased=BODY,
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    calver=st.booleans(),
)
def test_generated_changelogs(
    bodies: list[list[str]], unreleased: list[str], newline: str, calver: bool
) -> None:
    versions = [
        f"25.{12 - n:02d}.01" if calver else f"1.{len(bodies) - n}.0" for n in range(len(bodies))
    ]
    parts = ["# Changelog", "", "## [Unreleased]", *unreleased]
    for version, body in zip(versions, bodies, strict=True):
        parts += [f"## [{version}] - 2025-01-01", *body]
    text = newline.join(parts) + newline
    log = Changelog.parse(text)
    assert str(log) == text
    assert log.versions() == versions
    for version, body in zip(versions, bodies, strict=True):
        assert log.notes(version) == _expected_notes(body, newline)
    new_version = "26.01.01" if calver else "9.0.0"
    if not "".join(unreleased).strip():
        with pytest.raises(ChangelogError, match="has no entries"):
            log.promote(new_version, "2026-01-01")
        return
    promoted = log.promote(new_version, "2026-01-01")
    assert promoted.versions() == [new_version, *versions]
    assert promoted.notes(new_version) == log.notes("Unreleased")
    removed, added = changed_lines(text, str(promoted))
    assert removed == []
    # (which of two equal blank lines counts as the new one is the diff's choice)
    # A blank line between the sections when the file puts one there.
    gap = [newline] if FileStyle.of(log).blank_between else []
    assert sorted(added) == sorted([*gap, f"## [{new_version}] - 2026-01-01{newline}"])
