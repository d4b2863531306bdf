"""CHANGELOG.md on disk: encoding, remotes, promotion edits, commits into [Unreleased]."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from releasekit.changelog.file import (
    promotion_edit,
    read_changelog,
    release_notes,
    repository_url,
    repository_url_from_remote,
)
from releasekit.changelog.unreleased import unreleased_update
from releasekit.errors import ChangelogError, FileFormatError, ReleasekitError
from releasekit.files.edits import apply_edits
from releasekit.git.runner import Git
from releasekit.project import Project
from tests.conftest import GitRepo, drop_marker

REMOTES = [
    ("git@github.com:octo/tool.git", "https://github.com/octo/tool"),
    ("git@github.com:octo/tool", "https://github.com/octo/tool"),
    ("https://github.com/octo/tool.git", "https://github.com/octo/tool"),
    ("https://x-access-token:ghs_s3cret@github.com/octo/tool.git", "https://github.com/octo/tool"),
    ("https://user@gitlab.com/group/sub/tool.git", "https://gitlab.com/group/sub/tool"),
    ("ssh://git@gitlab.example.com:2222/group/tool.git", "https://gitlab.example.com/group/tool"),
    ("git+ssh://git@github.com/octo/tool.git/", "https://github.com/octo/tool"),
    ("http://git.example.org:8080/team/tool.git", "http://git.example.org:8080/team/tool"),
    ("ssh://git@git.example.org:2222/team/tool", "https://git.example.org/team/tool"),
    ("/srv/git/tool.git", None),
    ("file:///srv/git/tool.git", None),
    ("../tool.git", None),
    ("C:/repos/tool.git", None),
]


@pytest.mark.parametrize(("remote", "url"), REMOTES, ids=[r for r, _ in REMOTES])
def test_repository_url_from_remote(remote: str, url: str | None) -> None:
    assert repository_url_from_remote(remote) == url


def test_repository_url_reads_origin_or_the_first_remote(repo: GitRepo) -> None:
    assert repository_url(Git(repo.path)) is None  # a local bare origin has no web page
    repo.git("remote", "set-url", "origin", "git@github.com:octo/tool.git")
    assert repository_url(Git(repo.path)) == "https://github.com/octo/tool"
    repo.git("remote", "rename", "origin", "upstream")
    assert repository_url(Git(repo.path)) == "https://github.com/octo/tool"
    repo.git("remote", "remove", "upstream")
    assert repository_url(Git(repo.path)) is None


def test_non_utf8_changelog_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "CHANGELOG.md"
    path.write_bytes(b"## [Unreleased]\n- caf\xe9\n")
    with pytest.raises(FileFormatError, match=r"CHANGELOG\.md: not valid UTF-8 \(byte 0xe9"):
        read_changelog(path, display="CHANGELOG.md")


CHANGELOG = (
    "# Changelog\r\n\r\n## [Unreleased]\r\n\r\n### Added\r\n\r\n- Caf\u00e9 mode.\r\n\r\n"
    "## [1.2.3] - 2025-01-01\r\n\r\n- First.\r\n"
)


def test_promotion_edit_keeps_bom_crlf_and_uses_the_remote(project: GitRepo) -> None:
    project.git("remote", "set-url", "origin", "git@github.com:octo/tool.git")
    project.write("CHANGELOG.md", b"\xef\xbb\xbf" + CHANGELOG.encode())
    edit = promotion_edit(Project(project.path), "1.3.0", dt.date(2025, 3, 1))
    assert edit is not None
    assert edit.before == project.read("CHANGELOG.md")
    assert edit.after.startswith(b"\xef\xbb\xbf# Changelog\r\n")
    text = edit.after[3:].decode()
    assert "\n" not in text.replace("\r\n", "")  # every line still CRLF
    assert "## [Unreleased]\r\n\r\n## [1.3.0] - 2025-03-01\r\n" in text
    assert text.endswith(
        "- First.\r\n\r\n[Unreleased]: https://github.com/octo/tool/compare/v1.3.0...HEAD\r\n"
        "[1.3.0]: https://github.com/octo/tool/compare/v1.2.3...v1.3.0\r\n"
    )


def test_promotion_edit_without_changelog_is_none(project: GitRepo) -> None:
    assert promotion_edit(Project(project.path), "1.3.0", dt.date(2025, 3, 1)) is None


def test_promotion_edit_refuses_an_empty_unreleased(project: GitRepo) -> None:
    project.write("CHANGELOG.md", "## [Unreleased]\n\n## [1.2.3] - 2025-01-01\n- a\n")
    with pytest.raises(ChangelogError, match=r"CHANGELOG\.md \(line 1\) has no entries"):
        promotion_edit(Project(project.path), "1.3.0", dt.date(2025, 3, 1))
    edit = promotion_edit(Project(project.path), "1.3.0", dt.date(2025, 3, 1), allow_empty=True)
    assert edit is not None
    assert b"## [1.3.0] - 2025-03-01\n" in edit.after


def _commits(repo: GitRepo, *messages: str) -> None:
    for message in messages:
        repo.commit(message)


def test_unreleased_update_collects_only_commits_since_the_last_tag(project: GitRepo) -> None:
    _commits(project, "feat: before the tag")
    project.tag("v1.2.4")
    _commits(
        project,
        "feat(cli): add --json (#12)",
        "fix: crash\n\nChangelog: skip",
        "docs: readme",
        "Merge branch 'topic'",
        "fix!: new error codes",
    )
    update = unreleased_update(Project(project.path))
    assert update.created
    assert update.since == "v1.2.4"
    assert (update.commits, update.added, update.skipped, update.not_conventional) == (5, 2, 2, 1)
    assert update.section == (
        "## [Unreleased]\n\n### Added\n\n- **cli:** add --json (#12)\n\n"
        "### Fixed\n\n- **Breaking:** new error codes\n"
    )
    assert "before the tag" not in update.section
    assert update.edit is not None
    assert update.edit.before == b""
    apply_edits(project.path, [update.edit])
    again = unreleased_update(Project(project.path))
    assert again.edit is None
    assert again.added == 0
    assert not again.created


def test_unreleased_update_without_tags_reads_the_whole_history(repo: GitRepo) -> None:
    repo.commit("feat: first", {"pyproject.toml": '[project]\nname = "p"\nversion = "0.1.0"\n'})
    update = unreleased_update(Project(repo.path))
    assert update.since is None
    assert "- first\n" in update.section


def test_unreleased_update_keeps_the_file_encoding(project: GitRepo) -> None:
    project.write("CHANGELOG.md", b"\xef\xbb\xbf" + CHANGELOG.encode())
    _commits(project, "fix: a bug")
    update = unreleased_update(Project(project.path))
    assert update.edit is not None
    assert b"<!-- releasekit: collected through " in update.edit.after
    assert (
        drop_marker(update.edit.after.decode()).encode()
        == b"\xef\xbb\xbf"
        + CHANGELOG.replace(
            "- Caf\u00e9 mode.\r\n\r\n", "- Caf\u00e9 mode.\r\n\r\n### Fixed\r\n\r\n- a bug\r\n\r\n"
        ).encode()
    )


@pytest.mark.parametrize(
    ("wanted", "start"),
    [("1.2.3", "- First."), ("v1.2.3", "- First."), ("Unreleased", "### Added")],
    ids=["version", "tag", "unreleased"],
)
def test_release_notes(project: GitRepo, wanted: str, start: str) -> None:
    project.write("CHANGELOG.md", CHANGELOG)
    assert release_notes(Project(project.path), wanted).startswith(start)


def test_release_notes_with_a_custom_tag_format(project: GitRepo) -> None:
    project.write(
        "pyproject.toml",
        project.read("pyproject.toml").decode()
        + '\n[tool.releasekit]\ntag-format = "rel/{version}"\n',
    )
    project.write("CHANGELOG.md", CHANGELOG)
    assert release_notes(Project(project.path), "rel/1.2.3") == "- First."
    with pytest.raises(
        ChangelogError, match=r"no section for version 1\.2\.4; nearest versions present: 1\.2\.3"
    ):
        release_notes(Project(project.path), "rel/1.2.4")


def test_release_notes_without_changelog(project: GitRepo) -> None:
    with pytest.raises(ChangelogError, match=r"CHANGELOG\.md: no such file.*releasekit changelog"):
        release_notes(Project(project.path), "1.2.3")


def test_bump_promotes_the_changelog_in_the_same_transaction(project: GitRepo) -> None:
    project.git("remote", "set-url", "origin", "https://github.com/octo/tool.git")
    project.commit("docs: changelog", {"CHANGELOG.md": CHANGELOG.replace("\r\n", "\n")})
    result = Project(project.path).bump("minor", dt.date(2025, 3, 1))
    assert result.new == "1.3.0"
    text = project.read("CHANGELOG.md").decode()
    assert "## [Unreleased]\n\n## [1.3.0] - 2025-03-01\n\n### Added" in text
    assert 'version = "1.3.0"' in project.read("pyproject.toml").decode()


def test_bump_with_an_empty_unreleased_changes_nothing(project: GitRepo) -> None:
    project.commit("docs: changelog", {"CHANGELOG.md": "## [Unreleased]\n\n## [1.2.3]\n- a\n"})
    before = project.snapshot()
    with pytest.raises(ReleasekitError, match=r"or pass allow_empty_changelog=True$") as info:
        Project(project.path).bump("minor", dt.date(2025, 3, 1))
    assert info.value.lines(cli=True)[-1].endswith("or pass --allow-empty")
    assert project.snapshot() == before


def test_changelog_command_as_a_real_subprocess(project: GitRepo) -> None:
    _commits(project, "feat: shipped")
    result = subprocess.run(
        ["releasekit", "--project", str(project.path), "changelog", "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "## [Unreleased]\n\n### Added\n\n- shipped\n"
    assert not (project.path / "CHANGELOG.md").exists()
