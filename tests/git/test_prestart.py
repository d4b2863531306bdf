"""Tests for releasekit.git.prestart: the early ``git log`` is claimed only when it is the one
the walk needs, and never changes an answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.changelog.unreleased import collect_since_last_release
from releasekit.commits.defaults import DEFAULT_CHANGELOG_SECTIONS
from releasekit.git import prestart
from releasekit.git.log import latest_release_bump, log_args
from releasekit.git.runner import Git
from tests.conftest import GitRepo


@pytest.fixture(autouse=True)
def nothing_left_started() -> object:
    yield
    assert prestart._started == {}


def test_started_log_is_claimed_by_the_walk(project: GitRepo) -> None:
    project.commit("feat: a")
    project.commit("fix: b")
    expected = latest_release_bump(Git(project.path), "v{version}")
    prestart.start_release_log(project.path / "src")  # any directory inside the project
    started = prestart._started[project.path.resolve()]
    assert latest_release_bump(Git(project.path), "v{version}") == expected
    assert started.returncode == 0  # read to the end by the walk
    assert expected.summary.count == 2


def test_configured_tag_format_is_followed(repo: GitRepo) -> None:
    repo.commit(
        "chore: initial",
        {
            "pyproject.toml": '[project]\nname = "x"\nversion = "1.0.0"\n'
            '[tool.releasekit]\ntag-format = "rel-{version}"\n'
        },
    )
    repo.tag("rel-1.0.0")
    repo.tag("v9.0.0")  # not a release under the configured format
    repo.commit("feat: c")
    prestart.start_release_log(repo.path)
    started = prestart._started[repo.path.resolve()]
    collector, since = collect_since_last_release(
        Git(repo.path), "rel-{version}", DEFAULT_CHANGELOG_SECTIONS
    )
    assert (since, collector.seen, started.returncode) == ("rel-1.0.0", 1, 0)


def test_a_log_for_another_range_is_stopped_not_read(project: GitRepo) -> None:
    project.commit("feat: a")
    git = Git(project.path)
    wrong = git.spawn(*log_args(None))
    prestart._started[project.path.resolve()] = wrong
    found = latest_release_bump(git, "v{version}")
    assert (found.tag and found.tag.name, found.summary.count) == ("v1.2.3", 1)
    assert wrong.returncode is not None
    assert wrong.stdout is not None
    assert wrong.stdout.closed


@pytest.mark.parametrize(
    "where",
    ["outside", "not-a-repository", "bad-pyproject"],
    ids=["no-project", "no-git", "bad-toml"],
)
def test_nothing_starts_where_the_command_will_fail(tmp_path: Path, where: str) -> None:
    if where != "outside":
        (tmp_path / "pyproject.toml").write_text(
            "[tool.releasekit\n" if where == "bad-pyproject" else "[project]\n"
        )
    prestart.start_release_log(tmp_path)
    assert prestart._started == {}


def test_unclaimed_logs_are_reaped_at_exit(project: GitRepo) -> None:
    prestart.start_release_log(project.path)
    started = prestart._started[project.path.resolve()]
    prestart._discard_all()
    assert started.returncode is not None
