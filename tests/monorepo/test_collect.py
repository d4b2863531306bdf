"""Each monorepo changelog's collected-commits marker, read on a real repository."""

from __future__ import annotations

from releasekit.changelog.collected import CollectionMarker, subject_key
from releasekit.config import Config
from releasekit.git.runner import Git
from releasekit.monorepo.collect import changelog_collectors
from tests.conftest import GitRepo

SECTIONS = Config().changelog_sections


def marked(through: str | None, *subjects: str) -> str:
    marker = CollectionMarker(through, tuple(subject_key(s) for s in subjects))
    return f"# Changelog\n\n## [Unreleased]\n{marker.line(chr(10))}\n- Old.\n"


def test_a_marker_on_an_ancestor_of_head_admits_only_the_later_commits(repo: GitRepo) -> None:
    repo.commit("feat: one")
    through = repo.git("rev-parse", "HEAD").strip()
    repo.commit("fix: two")
    later = repo.git("rev-parse", "HEAD").strip()
    repo.write("a/CHANGELOG.md", marked(through, "feat: one"))
    repo.write("b/CHANGELOG.md", marked(through))
    repo.write("c/CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n")
    config = Config()
    found = changelog_collectors(
        Git(repo.path),
        {k: (repo.path / k / "CHANGELOG.md", SECTIONS, config) for k in ("a", "b", "c", "d")},
    )
    assert found["a"].new == found["b"].new == frozenset({later})
    assert (found["c"].new, found["c"].marker, found["d"].marker) == (None, None, None)
    assert found["a"].head == later
    found["a"].add(through, b"feat: one\n")
    found["a"].add(later, b"fix: two\n")
    assert [e.text for e in found["a"].entries()] == ["two"]
    marker = found["a"].marker_after()
    assert marker is not None
    assert (marker.through, marker.subjects[0]) == (later, subject_key("fix: two"))


def test_a_marker_of_rewritten_commits_skips_their_subjects(repo: GitRepo) -> None:
    repo.commit("feat: one")
    old = repo.git("rev-parse", "HEAD").strip()
    repo.git("commit", "-q", "--amend", "--allow-empty", "-m", "feat: one", "--date", "2030-01-01")
    repo.write("a/CHANGELOG.md", marked(old))
    found = changelog_collectors(
        Git(repo.path), {"a": (repo.path / "a/CHANGELOG.md", SECTIONS, Config())}
    )["a"]
    assert found.new is None
    new = repo.git("rev-parse", "HEAD").strip()
    found.add(new, b"feat: one\n")  # the rewritten commit, recognised by its subject
    found.add("f" * 40, b"fix: brand new\n")
    assert [e.text for e in found.entries()] == ["brand new"]
    assert found.collector.known == 1


def test_nothing_taken_writes_no_marker(repo: GitRepo) -> None:
    found = changelog_collectors(
        Git(repo.path), {"a": (repo.path / "CHANGELOG.md", SECTIONS, Config())}
    )["a"]
    found.add("f" * 40, b"chore: nothing for the changelog\n")
    assert found.marker_after() is None
