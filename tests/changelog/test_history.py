"""The release history read from a real repository's tags (dates, ranges, counts)."""

from __future__ import annotations

import os
import subprocess

import pytest

from releasekit.changelog.blocks import Entry
from releasekit.changelog.history import read_release_history
from releasekit.commits.defaults import DEFAULT_CHANGELOG_SECTIONS
from releasekit.errors import ChangelogError
from releasekit.git.runner import Git
from tests.conftest import GitRepo


@pytest.fixture
def history(repo: GitRepo) -> GitRepo:
    for date, messages, tag in [
        ("2025-01-01", ["chore: init", "feat: a"], "v1.0.0"),
        ("2025-02-01", ["fix: b", "Merge branch x", "docs: c"], "v1.1.0"),
        ("2025-03-01", ["feat!: d\n\nBREAKING CHANGE: e"], None),
    ]:
        env = {**os.environ, "GIT_COMMITTER_DATE": f"{date}T10:00:00+00:00"}
        for message in messages:
            subprocess.run(
                ["git", "commit", "-q", "--allow-empty", "-m", message],
                cwd=repo.path,
                env=env,
                check=True,
            )
        if tag == "v1.0.0":  # a lightweight tag: dated by its commit
            repo.git("tag", tag)
        elif tag:
            subprocess.run(["git", "tag", "-a", tag, "-m", tag], cwd=repo.path, env=env, check=True)
    return repo


def test_each_release_holds_its_own_commits(history: GitRepo) -> None:
    releases = read_release_history(Git(history.path), "v{version}", DEFAULT_CHANGELOG_SECTIONS)
    assert [(r.version, r.tag, r.date, r.entries, r.others) for r in releases] == [
        ("1.1.0", "v1.1.0", "2025-02-01", (Entry("Fixed", "b"),), 2),
        ("1.0.0", "v1.0.0", "2025-01-01", (Entry("Added", "a"),), 1),
    ]


def test_since_keeps_the_later_releases(history: GitRepo) -> None:
    git = Git(history.path)
    releases = read_release_history(git, "v{version}", DEFAULT_CHANGELOG_SECTIONS, since="v1.0.0")
    assert [r.version for r in releases] == ["1.1.0"]
    with pytest.raises(
        ChangelogError, match=r"--since v0\.1: not a release tag .* v1\.1\.0, v1\.0\.0"
    ):
        read_release_history(git, "v{version}", DEFAULT_CHANGELOG_SECTIONS, since="v0.1")


def test_no_tags_no_history(repo: GitRepo) -> None:
    repo.commit("feat: x")
    assert read_release_history(Git(repo.path), "v{version}", DEFAULT_CHANGELOG_SECTIONS) == []
