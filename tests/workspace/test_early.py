"""Tests for releasekit.workspace.early: ``next --all``'s walk started before the CLI loads is
the one the command reads, and the answer is the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.git import prestart
from releasekit.monorepo.status import workspace_status
from releasekit.workspace.early import start_history_log
from tests.conftest import GitRepo


@pytest.fixture(autouse=True)
def nothing_left_started() -> object:
    yield
    assert prestart._started == {}


def test_the_early_walk_is_claimed_and_answers_the_same(workspace: GitRepo) -> None:
    workspace.commit("feat: b learns", {"packages/b/src/b/t.py": "x = 1\n"})
    workspace.commit("fix: a", {"packages/a/src/a/u.py": "x = 2\n"})
    expected = workspace_status(workspace.path).as_dict()
    start_history_log(workspace.path / "packages" / "a", every_package=True)
    started = prestart._started[workspace.path.resolve()]
    assert workspace_status(workspace.path).as_dict() == expected
    assert started.returncode == 0  # read to the end by the walk


def test_a_tag_on_another_branch_still_gives_the_reachable_release(workspace: GitRepo) -> None:
    workspace.git("checkout", "-q", "-b", "maint")
    workspace.commit("feat: a on maint", {"packages/a/src/a/m.py": "x = 1\n"})
    workspace.tag("a-v9.0.0", "a 9")
    workspace.git("checkout", "-q", "main")
    workspace.commit("fix: a on main", {"packages/a/src/a/n.py": "x = 2\n"})
    start_history_log(workspace.path, every_package=True)
    (row, _) = workspace_status(workspace.path).packages
    assert (row.tag, row.next) == ("a-v1.0.0", "1.0.1")


def test_outside_a_monorepo_nothing_starts(project: GitRepo, tmp_path: Path) -> None:
    start_history_log(tmp_path, every_package=True)
    start_history_log(project.path, every_package=True)
    assert prestart._started == {}


def test_a_single_project_gets_its_own_early_log(project: GitRepo) -> None:
    project.commit("feat: a")
    start_history_log(project.path)
    assert project.path.resolve() in prestart._started
    prestart._discard_all()
