"""``releasekit changelog`` and ``releasekit notes`` through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import GitRepo, drop_marker, invoke

CHANGELOG = """\
# Changelog

## [Unreleased]

### Added

- Hand-written entry.

## [1.2.3] - 2025-02-15

### Fixed

- The crash.

## [25.02.15] - 2025-02-15

- CalVer days.
"""


def test_changelog_dry_run_prints_the_section_and_writes_nothing(
    project: GitRepo, runner: CliRunner
) -> None:
    project.commit("docs: changelog", {"CHANGELOG.md": CHANGELOG})
    project.commit("feat(api): new endpoint (#31)")
    project.commit("fix: the other crash")
    before = project.snapshot()
    result = invoke(runner, project.path, "changelog", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "## [Unreleased]\n\n### Added\n\n- Hand-written entry.\n- **api:** new endpoint (#31)\n\n"
        "### Fixed\n\n- the other crash\n"
    )
    assert "3 commit(s) since v1.2.3: 2 new entries" in result.stderr
    assert "dry run" in result.stderr
    assert project.snapshot() == before


def test_changelog_writes_once_and_is_idempotent(project: GitRepo, runner: CliRunner) -> None:
    project.commit("feat: first feature")
    result = invoke(runner, project.path, "changelog")
    assert result.exit_code == 0, result.stderr
    assert "created CHANGELOG.md" in result.stderr
    text = project.read("CHANGELOG.md").decode()
    assert text.startswith("# Changelog\n")
    assert "## [Unreleased]\n<!-- releasekit: collected through " in text
    assert drop_marker(text).endswith("## [Unreleased]\n\n### Added\n\n- first feature\n")
    again = invoke(runner, project.path, "changelog")
    assert again.exit_code == 0
    assert "is up to date" in again.stderr
    assert project.read("CHANGELOG.md").decode() == text


def test_changelog_then_bump_then_notes(project: GitRepo, runner: CliRunner) -> None:
    project.commit("docs: changelog", {"CHANGELOG.md": CHANGELOG})
    project.commit("feat: shiny")
    assert invoke(runner, project.path, "changelog").exit_code == 0
    bump = invoke(runner, project.path, "bump", "minor", "--date", "2025-03-01")
    assert bump.exit_code == 0, bump.stderr
    notes = invoke(runner, project.path, "notes")
    assert notes.exit_code == 0, notes.stderr
    assert notes.stdout == "### Added\n\n- Hand-written entry.\n- shiny\n"
    assert invoke(runner, project.path, "notes", "v1.3.0").stdout == notes.stdout


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("1.2.3", "### Fixed\n\n- The crash.\n"),
        ("v1.2.3", "### Fixed\n\n- The crash.\n"),
        ("25.2.15", "- CalVer days.\n"),
        ("Unreleased", "### Added\n\n- Hand-written entry.\n"),
    ],
    ids=["version", "tag", "pep440-equality", "unreleased"],
)
def test_notes(project: GitRepo, runner: CliRunner, argument: str, expected: str) -> None:
    project.write("CHANGELOG.md", CHANGELOG)
    result = invoke(runner, project.path, "notes", argument)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected


def test_notes_output_file(project: GitRepo, runner: CliRunner, tmp_path: Path) -> None:
    project.write("CHANGELOG.md", CHANGELOG.replace("\n", "\r\n"))
    target = tmp_path / "body.md"
    result = invoke(runner, project.path, "notes", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_bytes() == b"### Fixed\r\n\r\n- The crash.\r\n"


def test_notes_missing_version(project: GitRepo, runner: CliRunner) -> None:
    project.write("CHANGELOG.md", CHANGELOG)
    result = invoke(runner, project.path, "notes", "1.2.4")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: CHANGELOG.md has no section for version 1.2.4; "
        "nearest versions present: 1.2.3, 25.02.15\n"
    )


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"## [Unreleased]\n- caf\xe9\n", 2, "error: CHANGELOG.md: not valid UTF-8 (byte 0xe9"),
        (
            b"## [Unreleased]\n- x\n## [1.2.3]\n- a\n## [1.2.3]\n- b\n",
            1,
            "error: CHANGELOG.md:5: duplicate version heading '## [1.2.3]'",
        ),
        (b"## [Unreleased]\n- x\n## [1.2.x]\n", 1, "error: CHANGELOG.md:3: version heading"),
        (
            b"plain prose\n",
            1,
            "error: cannot promote to 1.2.4: CHANGELOG.md has no '## [Unreleased]' section",
        ),
    ],
    ids=["not-utf8", "duplicate", "unparsable", "not-keep-a-changelog"],
)
def test_bad_changelogs_are_errors_not_tracebacks(
    project: GitRepo, runner: CliRunner, content: bytes, code: int, message: str
) -> None:
    project.commit("feat: something")
    project.write("CHANGELOG.md", content)
    before = project.snapshot()
    bump = invoke(runner, project.path, "bump", "patch")
    assert bump.exit_code == code
    assert message in bump.stderr.splitlines()[0] + "\n" + "\n".join(bump.stderr.splitlines())
    commands: list[tuple[str, ...]] = [("notes", "1.2.4")]
    if content != b"plain prose\n":  # prose gets an [Unreleased] section: see below
        commands += [("changelog",), ("changelog", "--dry-run")]
    for args in commands:
        result = invoke(runner, project.path, *args)
        assert result.exit_code in (1, 2), args
        assert result.stderr.startswith("error: ")
        assert "Traceback" not in result.stderr
    assert project.snapshot() == before


def test_prose_changelog_gets_an_unreleased_section(project: GitRepo, runner: CliRunner) -> None:
    project.commit("feat: something", {"CHANGELOG.md": "plain prose\n"})
    result = invoke(runner, project.path, "changelog")
    assert result.exit_code == 0, result.stderr
    assert drop_marker(project.read("CHANGELOG.md").decode()) == (
        "plain prose\n\n## [Unreleased]\n\n### Added\n\n- something\n"
    )


def test_bump_refuses_an_empty_unreleased(project: GitRepo, runner: CliRunner) -> None:
    project.commit("docs: changelog", {"CHANGELOG.md": "## [Unreleased]\n\n## [1.2.3]\n- a\n"})
    before = project.snapshot()
    result = invoke(runner, project.path, "bump", "patch")
    assert result.exit_code == 1
    assert "releasekit changelog" in result.stderr
    assert "--allow-empty" in result.stderr
    assert project.snapshot() == before
    allowed = invoke(runner, project.path, "bump", "patch", "--allow-empty", "--date", "2025-03-01")
    assert allowed.exit_code == 0, allowed.stderr
    assert b"## [1.2.4] - 2025-03-01\n" in project.read("CHANGELOG.md")


def test_notes_carry_the_link_definitions_they_use(project: GitRepo, runner: CliRunner) -> None:
    project.write(
        "CHANGELOG.md",
        "## [Unreleased]\n\n## [1.2.3] - 2025-02-15\n\n- Fixed [#7] and [the docs][docs].\n\n"
        "[Unreleased]: https://x/compare/v1.2.3...HEAD\n[#7]: https://x/pull/7\n"
        "[docs]: https://x/docs\n[unused]: https://x/unused\n",
    )
    result = invoke(runner, project.path, "notes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "- Fixed [#7] and [the docs][docs].\n\n[#7]: https://x/pull/7\n[docs]: https://x/docs\n"
    )
    plain = invoke(runner, project.path, "notes", "--no-links")
    assert plain.stdout == "- Fixed [#7] and [the docs][docs].\n"


def test_changelog_outside_a_git_repository(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "0.1.0"\n')
    result = invoke(runner, tmp_path, "changelog")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {tmp_path} is not in a git repository")
    assert not (tmp_path / "CHANGELOG.md").exists()


def test_changelog_in_a_repository_without_commits(repo: GitRepo, runner: CliRunner) -> None:
    repo.write("pyproject.toml", '[project]\nname = "x"\nversion = "0.1.0"\n')
    result = invoke(runner, repo.path, "changelog")
    assert result.exit_code == 0, result.stderr
    assert "0 commit(s) in the whole history" in result.stderr
    assert repo.read("CHANGELOG.md").endswith(b"\n## [Unreleased]\n")
