"""``releasekit changelog`` as a plan, on real repositories: what it collects and what it says."""

from __future__ import annotations

import pytest

from releasekit.changelog.collect import plan_changelog
from releasekit.files.edits import WriteFilesStep
from releasekit.project import Project
from tests.conftest import GitRepo

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2025-01-01\n\n- First.\n"


def test_the_commits_since_the_tag_become_one_write_step(project: GitRepo) -> None:
    project.commit("docs: add a changelog", {"CHANGELOG.md": CHANGELOG})
    project.commit("feat: a --json option", {"a.py": "a = 1\n"})
    project.commit("fix(cli): exit 2 on bad input", {"b.py": "b = 1\n"})
    project.commit("not conventional at all", {"c.py": "c = 1\n"})
    before = project.snapshot()
    plan = plan_changelog(Project(project.path))
    assert project.snapshot() == before  # planning writes nothing
    summary = (
        "4 commit(s) since v1.2.3: 2 new entries, 1 left out by type or 'Changelog: skip', "
        "1 not conventional"
    )
    assert plan.facts == {
        "command": "changelog",
        "changelog": "CHANGELOG.md",
        "section": plan.facts["section"],
        "summary": summary,
        "since": "v1.2.3",
        "commits": 4,
        "added": 2,
        "skipped": 1,
        "not_conventional": 1,
        "created": False,
    }
    assert "- a --json option" in plan.facts["section"]
    assert "- **cli:** exit 2 on bad input" in plan.facts["section"]
    (step,) = plan.steps
    assert isinstance(step, WriteFilesStep)
    assert step.describe().splitlines()[0] == f"update CHANGELOG.md ({summary})"
    plan.apply()
    text = (project.path / "CHANGELOG.md").read_text()
    assert text.index("### Added") < text.index("## [1.2.3]")
    again = plan_changelog(Project(project.path))
    assert again.steps == []
    assert again.facts["added"] == 0


def test_without_a_changelog_one_is_created(project: GitRepo) -> None:
    project.commit("feat: first feature", {"a.py": "a = 1\n"})
    plan = plan_changelog(Project(project.path))
    assert plan.facts["created"] is True
    (step,) = plan.steps
    assert step.describe().startswith("create CHANGELOG.md (1 commit(s) since v1.2.3: 1 new entry,")
    plan.apply()
    assert (project.path / "CHANGELOG.md").read_text().startswith("# Changelog")


@pytest.mark.parametrize(
    ("messages", "added", "entry"),
    [
        (["feat: one"], 1, "1 new entry,"),
        (["feat: one", "perf: two"], 2, "2 new entries,"),
        (["chore: nothing"], 0, "0 new entries,"),
    ],
    ids=["one-entry", "two-entries", "none"],
)
def test_the_summary_counts_in_words(
    project: GitRepo, messages: list[str], added: int, entry: str
) -> None:
    project.commit("docs: add a changelog", {"CHANGELOG.md": CHANGELOG})
    for index, message in enumerate(messages):
        project.commit(message, {f"f{index}.py": "x = 1\n"})
    plan = plan_changelog(Project(project.path))
    assert plan.facts["added"] == added
    assert entry in plan.facts["summary"]


def test_a_history_without_a_release_tag_is_read_whole(repo: GitRepo) -> None:
    repo.commit(
        "feat: start",
        {"pyproject.toml": '[project]\nname = "p"\nversion = "0.1.0"\n'},
    )
    plan = plan_changelog(Project(repo.path))
    assert plan.facts["since"] is None
    assert plan.facts["summary"].startswith("1 commit(s) in the whole history: 1 new entry,")
