"""Each package's changelog from the one walk: merged entries, promotion, the root's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from releasekit.changelog.blocks import Entry
from releasekit.changelog.entries import EntryCollector
from releasekit.git.runner import Git
from releasekit.monorepo.changelog import changelog_edit, plan_workspace_changelog
from tests.conftest import GitRepo

LOG = "# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2025-01-01\n\n- First.\n"


def collector(*messages: bytes) -> EntryCollector:
    found = EntryCollector()
    for message in messages:
        found.add_message(message)
    return found


def test_entries_and_extra_entries_then_promotion(tmp_path: Path) -> None:
    path = tmp_path / "CHANGELOG.md"
    path.write_text(LOG)
    change = changelog_edit(
        path,
        "CHANGELOG.md",
        collector(b"feat(a): a thing\n", b"chore: nothing\n"),
        scheme="semver",
        git=Git(tmp_path),
        tag_format="a-v{version}",
        release=("1.1.0", dt.date(2025, 2, 15)),
        extra=[Entry("Changed", "**deps:** core 2.0.0")],
    )
    assert change.added == 2
    assert change.edit is not None
    text = change.edit.after.decode()
    assert text.startswith(
        "# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2025-02-15\n\n### Added\n\n"
        "- **a:** a thing\n\n### Changed\n\n- **deps:** core 2.0.0\n\n## [1.0.0]"
    )
    assert change.edit.before == LOG.encode()


def test_a_missing_changelog_is_created_and_nothing_new_is_no_edit(tmp_path: Path) -> None:
    path = tmp_path / "CHANGELOG.md"
    created = changelog_edit(
        path,
        "CHANGELOG.md",
        collector(b"fix: x\n"),
        scheme="semver",
        git=Git(tmp_path),
        tag_format="v{version}",
    )
    assert created.edit is not None
    assert created.edit.before == b""
    assert "- x" in created.edit.after.decode()
    path.write_bytes(created.edit.after)
    again = changelog_edit(
        path,
        "CHANGELOG.md",
        collector(b"fix: x\n"),
        scheme="semver",
        git=Git(tmp_path),
        tag_format="v{version}",
    )
    assert (again.edit, again.added) == (None, 0)


def test_plan_workspace_changelog(workspace: GitRepo) -> None:
    workspace.write("packages/a/CHANGELOG.md", LOG)
    workspace.write("packages/b/CHANGELOG.md", LOG)
    workspace.write("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n")
    workspace.commit("docs: changelogs")
    workspace.git("tag", "-f", "a-v1.0.0")
    workspace.git("tag", "-f", "b-v2.0.0")
    workspace.commit("feat(a): a thing", {"packages/a/x.py": "1\n"})
    workspace.commit("fix(ci): the root workflow", {".github/ci.yml": "x: 1\n"})
    plan = plan_workspace_changelog(workspace.path)
    assert set(plan.facts["sections"]) == {
        "packages/a/CHANGELOG.md",
        "packages/b/CHANGELOG.md",
        "CHANGELOG.md",
    }
    assert "- **a:** a thing" in plan.facts["sections"]["packages/a/CHANGELOG.md"]
    assert "- **ci:** the root workflow" in plan.facts["sections"]["CHANGELOG.md"]
    assert sorted(path.relative_to(workspace.path).as_posix() for path in plan.files) == [
        "CHANGELOG.md",
        "packages/a/CHANGELOG.md",
    ]
    only_b = plan_workspace_changelog(workspace.path, only=["b"])
    assert list(only_b.facts["sections"]) == ["packages/b/CHANGELOG.md"]
    assert only_b.steps == []


def _apply(root: Path) -> None:
    plan_workspace_changelog(root).apply()


def test_changelog_all_collects_each_commit_once_and_keeps_hand_edits(
    workspace: GitRepo,
) -> None:
    """The collected-commits marker of the single-package command, in every changelog."""
    workspace.write("packages/a/CHANGELOG.md", LOG)
    workspace.write("packages/b/CHANGELOG.md", LOG)
    workspace.write("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n")
    workspace.commit("docs: changelogs")
    workspace.commit("feat(a): add the --shout option", {"packages/a/x.py": "1\n"})
    workspace.commit("fix(b): b bug", {"packages/b/x.py": "1\n"})
    workspace.commit("fix(ci): the root workflow", {".github/ci.yml": "x: 1\n"})

    _apply(workspace.path)
    first = {
        name: workspace.read(name).decode()
        for name in ("packages/a/CHANGELOG.md", "packages/b/CHANGELOG.md", "CHANGELOG.md")
    }
    head = workspace.git("rev-parse", "HEAD").strip()
    for text in first.values():
        assert f"<!-- releasekit: collected through {head} subjects " in text
    assert first["packages/a/CHANGELOG.md"].count("add the --shout option") == 1
    again = plan_workspace_changelog(workspace.path)
    assert again.steps == []  # run twice: nothing collected twice
    assert "0 new entries" in again.facts["summary"]
    assert "collected through" not in again.facts["sections"]["packages/a/CHANGELOG.md"]

    a_log = workspace.path / "packages/a/CHANGELOG.md"
    a_log.write_text(
        first["packages/a/CHANGELOG.md"].replace(
            "- **a:** add the --shout option", "- Add the `--shout` option to make output LOUD."
        )
    )
    root_log = workspace.path / "CHANGELOG.md"
    root_log.write_text(first["CHANGELOG.md"].replace("- **ci:** the root workflow\n", ""))
    workspace.commit("docs: reword the changelogs")
    workspace.commit("feat(a): a second option", {"packages/a/y.py": "1\n"})

    _apply(workspace.path)

    a_text = a_log.read_text()
    assert "- Add the `--shout` option to make output LOUD." in a_text
    assert "add the --shout option" not in a_text  # the edit is kept, not collected again
    assert a_text.count("a second option") == 1
    assert workspace.read("packages/b/CHANGELOG.md").decode() == first["packages/b/CHANGELOG.md"]
    assert "the root workflow" not in root_log.read_text()  # a deleted entry stays deleted
    assert plan_workspace_changelog(workspace.path).steps == []


def test_changelog_all_after_a_rebase_matches_the_collected_subjects(workspace: GitRepo) -> None:
    workspace.write("packages/a/CHANGELOG.md", LOG)
    workspace.commit("docs: changelogs")
    workspace.commit("feat(a): a thing", {"packages/a/x.py": "1\n"})
    _apply(workspace.path)
    workspace.commit("docs: collected")
    a_log = workspace.path / "packages/a/CHANGELOG.md"
    a_log.write_text(a_log.read_text().replace("- **a:** a thing", "- A thing, reworded."))
    workspace.git("commit", "-q", "-a", "--amend", "--no-edit")
    marked = workspace.git("rev-parse", "HEAD~1").strip()
    # Rewrite the collected commits (as a rebase does): same subjects, other shas.
    rewrite = "GIT_COMMITTER_DATE=2030-01-01T00:00:00 git commit -q --amend --no-edit"
    workspace.git("rebase", "-q", "--exec", rewrite, "HEAD~3")
    assert not Git(workspace.path).ok("merge-base", "--is-ancestor", marked, "HEAD")
    workspace.commit("fix(a): a fix", {"packages/a/z.py": "1\n"})

    _apply(workspace.path)

    text = a_log.read_text()
    assert "- A thing, reworded." in text
    assert "a thing" not in text.replace("A thing, reworded", "")
    assert text.count("a fix") == 1


def test_release_all_after_changelog_all_adds_no_duplicate(workspace: GitRepo) -> None:
    from releasekit.monorepo.release import MonorepoReleaseOptions, plan_monorepo_release

    workspace.write("packages/a/CHANGELOG.md", LOG)
    workspace.commit("docs: changelogs")
    workspace.git("push", "-q", "origin", "main")
    workspace.commit("feat(a): add the --shout option", {"packages/a/x.py": "1\n"})
    _apply(workspace.path)
    a_log = workspace.path / "packages/a/CHANGELOG.md"
    a_log.write_text(a_log.read_text().replace("- **a:** add the --shout option", "- Shout."))
    workspace.commit("docs: reword")

    plan_monorepo_release(
        workspace.path, MonorepoReleaseOptions(publish=False, verify=False)
    ).apply()

    text = a_log.read_text()
    assert "## [1.1.0] - " in text
    assert "- Shout." in text
    assert "--shout" not in text
    assert "releasekit: collected" not in text  # promotion drops the marker with the section
