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
