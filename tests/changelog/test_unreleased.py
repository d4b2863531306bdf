"""unreleased_update: the collection state read and written, through the library."""

from __future__ import annotations

from releasekit.changelog.collected import find_marker
from releasekit.changelog.model import Changelog
from releasekit.changelog.unreleased import unreleased_update
from releasekit.files.edits import apply_edits
from releasekit.project import Project
from tests.conftest import GitRepo, Recorder


def _apply(project: GitRepo) -> Changelog:
    update = unreleased_update(Project(project.path))
    assert update.edit is not None
    apply_edits(project.path, [update.edit])
    return update.changelog


def test_the_marker_holds_head_and_the_subjects(project: GitRepo) -> None:
    project.commit("feat: a")
    head = project.commit("fix: b (#3)")
    marker = find_marker(_apply(project))
    assert marker is not None
    assert marker.through == head
    assert len(marker.subjects) == 2


def test_a_reachable_marker_reads_only_the_commits_after_it(project: GitRepo) -> None:
    project.commit("feat: a")
    _apply(project)
    project.git("add", "-A")
    project.git("commit", "-q", "-m", "docs: collect")
    project.commit("fix: b")
    update = unreleased_update(Project(project.path))
    assert update.commits == 2  # "docs: collect" and "fix: b", not "feat: a"
    assert update.since is not None
    assert update.since.endswith("(collected before)")
    assert update.added == 1


def test_after_a_rebase_known_subjects_are_reported(project: GitRepo) -> None:
    project.commit("feat: a")
    _apply(project)
    project.git("stash", "-q", "-u")
    project.git("commit", "-q", "--amend", "--allow-empty", "-m", "feat: a", "--date=2025-03-01")
    project.git("stash", "pop", "-q")
    recorder = Recorder()
    update = unreleased_update(Project(project.path), reporter=recorder)
    assert update.edit is None or update.added == 0
    assert any("collected before" in line for line in recorder.infos)


def test_nothing_new_leaves_the_file_alone(project: GitRepo) -> None:
    project.commit("feat: a")
    _apply(project)
    project.commit("chore: nothing for the changelog")
    assert unreleased_update(Project(project.path)).edit is None
