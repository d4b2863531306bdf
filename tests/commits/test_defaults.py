"""The default tables: which commit types bump what, and which changelog section they fill."""

from __future__ import annotations

import typing

import pytest

from releasekit.changelog.entries import entry_for
from releasekit.commits.conventional import infer_bump, parse_commit
from releasekit.commits.defaults import (
    DEFAULT_BUMP_MAP,
    DEFAULT_CHANGELOG_SECTIONS,
    KEEP_A_CHANGELOG_TYPES,
    BumpLevel,
)
from releasekit.config import Config


def test_keep_a_changelog_types_are_the_six_of_the_specification_in_its_order() -> None:
    assert KEEP_A_CHANGELOG_TYPES == (
        "Added",
        "Changed",
        "Deprecated",
        "Removed",
        "Fixed",
        "Security",
    )


def test_every_default_section_is_a_keep_a_changelog_type() -> None:
    assert set(DEFAULT_CHANGELOG_SECTIONS.values()) <= set(KEEP_A_CHANGELOG_TYPES)


def test_every_default_level_is_a_bump_level() -> None:
    assert set(DEFAULT_BUMP_MAP.values()) <= set(typing.get_args(BumpLevel))
    assert typing.get_args(BumpLevel) == ("major", "minor", "patch", "none")


@pytest.mark.parametrize(
    "table", [DEFAULT_BUMP_MAP, DEFAULT_CHANGELOG_SECTIONS], ids=["bump-map", "sections"]
)
def test_the_shared_tables_cannot_be_changed_by_one_user_for_all(table: object) -> None:
    # One copy serves config, the commit parser and the changelog: a write would leak.
    with pytest.raises(TypeError):
        table["chore"] = "patch"  # type: ignore[index]
    with pytest.raises(TypeError):
        del table["feat"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("message", "bump", "section"),
    [
        ("feat: add a flag", "minor", "Added"),
        ("fix(cli): exit 2 on bad input", "patch", "Fixed"),
        ("perf: read tags once", "patch", "Changed"),
        ('revert: "feat: add a flag"', None, "Removed"),
        ("docs: explain CalVer", None, None),
        ("chore: bump deps", None, None),
        ("refactor!: drop Python 3.9", "major", "Changed"),
        ("FEAT: shout", "minor", "Added"),
    ],
    ids=["feat", "fix", "perf", "revert", "docs", "chore", "breaking-refactor", "upper-case"],
)
def test_what_each_commit_type_does_by_default(
    message: str, bump: str | None, section: str | None
) -> None:
    commit = parse_commit(message)
    assert commit is not None
    assert infer_bump([commit], DEFAULT_BUMP_MAP) == bump
    entry = entry_for(commit, DEFAULT_CHANGELOG_SECTIONS)
    assert (entry.type if entry is not None else None) == section


def test_a_config_without_tables_uses_the_defaults() -> None:
    config = Config()
    assert dict(config.bump_map) == dict(DEFAULT_BUMP_MAP)
    assert dict(config.changelog_sections) == dict(DEFAULT_CHANGELOG_SECTIONS)
