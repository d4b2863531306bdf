"""The monorepo commands through the CLI: --package, --all, tags that name their package."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import GitRepo, invoke, workspace_files

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [{version}] - 2025-01-01\n\n- First.\n"


@pytest.fixture
def busy(workspace: GitRepo) -> GitRepo:
    """The workspace with changelogs, then a fix in b and a feat in a."""
    workspace.write("packages/a/CHANGELOG.md", CHANGELOG.format(version="1.0.0"))
    workspace.write("packages/b/CHANGELOG.md", CHANGELOG.format(version="2.0.0"))
    workspace.commit("docs: changelogs")
    workspace.git("tag", "-f", "-a", "a-v1.0.0", "-m", "a")
    workspace.git("tag", "-f", "-a", "b-v2.0.0", "-m", "b")
    workspace.git("push", "-q", "-f", "origin", "main", "--tags")
    workspace.commit("fix(b): b bug", {"packages/b/src/b/bug.py": "X = 1\n"})
    workspace.commit("feat(a): a thing", {"packages/a/src/a/thing.py": "X = 1\n"})
    return workspace


def test_next_all_table(busy: GitRepo, runner: CliRunner) -> None:
    result = invoke(runner, busy.path, "next", "--all")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "name  path        current  next   tag       next_tag  commits  bump",
        "a     packages/a  1.0.0    1.1.0  a-v1.0.0  a-v1.1.0  1        minor",
        "b     packages/b  2.0.0    2.0.1  b-v2.0.0  b-v2.0.1  1        patch",
    ]


def test_next_all_json(busy: GitRepo, runner: CliRunner) -> None:
    result = invoke(runner, busy.path, "next", "--all", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["versioning"] == "independent"
    assert [
        {
            k: row[k]
            for k in ("name", "path", "current", "next", "tag", "next_tag", "commits", "bump")
        }
        for row in data["packages"]
    ] == [
        {
            "name": "a",
            "path": "packages/a",
            "current": "1.0.0",
            "next": "1.1.0",
            "tag": "a-v1.0.0",
            "next_tag": "a-v1.1.0",
            "commits": 1,
            "bump": "minor",
        },
        {
            "name": "b",
            "path": "packages/b",
            "current": "2.0.0",
            "next": "2.0.1",
            "tag": "b-v2.0.0",
            "next_tag": "b-v2.0.1",
            "commits": 1,
            "bump": "patch",
        },
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--package", "b", "next"), "2.0.1"),
        (("--package", "A", "next"), "1.1.0"),
        (("--package", "b", "version"), "2.0.0"),
        (("--package", "a", "next", "major"), "2.0.0"),
    ],
    ids=["package-b", "any-spelling", "version", "explicit-part"],
)
def test_package_option(
    busy: GitRepo, runner: CliRunner, args: tuple[str, ...], expected: str
) -> None:
    result = invoke(runner, busy.path, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == expected


def test_project_of_a_member_reads_only_its_commits_and_tags(
    busy: GitRepo, runner: CliRunner
) -> None:
    result = invoke(runner, busy.path / "packages" / "b", "next", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["tag"], data["next"], data["next_tag"], data["commits"]) == (
        "b-v2.0.0",
        "2.0.1",
        "b-v2.0.1",
        1,
    )


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (("--package", "c", "next"), "error: --package c: no such package", 2),
        (("--package", "a", "--package", "b", "version"), "only release takes several", 2),
        (("next", "--all", "minor"), "next --all takes no PART", 2),
    ],
    ids=["unknown-package", "several-packages-for-one", "part-with-all"],
)
def test_usage_errors(
    busy: GitRepo, runner: CliRunner, args: tuple[str, ...], message: str, code: int
) -> None:
    result = invoke(runner, busy.path, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_all_outside_a_monorepo(project: GitRepo, runner: CliRunner) -> None:
    result = invoke(runner, project.path, "next", "--all")
    assert result.exit_code == 2
    assert "error: --all: " in result.stderr
    assert "is in no monorepo" in result.stderr


def test_check_tag_finds_the_package(busy: GitRepo, runner: CliRunner) -> None:
    busy.git("checkout", "-q", "b-v2.0.0")
    result = invoke(runner, busy.path, "check", "--tag", "b-v2.0.0")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "ok: 2.0.0 everywhere (1 location(s))"
    wrong = invoke(runner, busy.path, "check", "--tag", "a-v1.0.0")
    assert wrong.exit_code == 0, wrong.output  # a is 1.0.0 at that commit too


def test_check_all(busy: GitRepo, runner: CliRunner) -> None:
    result = invoke(runner, busy.path, "check", "--all")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["ok: a 1.0.0", "ok: b 2.0.0"]
    busy.write("packages/b/src/b/__init__.py", '__version__ = "9.9.9"\n')
    failed = invoke(runner, busy.path, "check", "--all", "--json")
    assert failed.exit_code == 1
    data = json.loads(failed.stdout)
    assert [(p["name"], p["ok"]) for p in data["packages"]] == [("a", True), ("b", False)]


def test_notes_of_a_package_tag(busy: GitRepo, runner: CliRunner) -> None:
    result = invoke(runner, busy.path, "notes", "b-v2.0.0")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "- First."


def test_changelog_all_routes_each_commit_to_its_package(busy: GitRepo, runner: CliRunner) -> None:
    result = invoke(runner, busy.path, "changelog", "--all")
    assert result.exit_code == 0, result.output
    a_log = busy.read("packages/a/CHANGELOG.md").decode()
    b_log = busy.read("packages/b/CHANGELOG.md").decode()
    assert "### Added\n\n- **a:** a thing\n" in a_log
    assert "b bug" not in a_log
    assert "### Fixed\n\n- **b:** b bug\n" in b_log
    assert "a thing" not in b_log


def test_changelog_of_one_member(busy: GitRepo, runner: CliRunner) -> None:
    result = invoke(runner, busy.path, "--package", "b", "changelog", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "- **b:** b bug" in result.stdout
    assert "a thing" not in result.stdout


def test_release_all(busy: GitRepo, runner: CliRunner) -> None:
    dry = invoke(runner, busy.path, "release", "--all", "--dry-run", "--no-publish", "--no-verify")
    assert dry.exit_code == 0, dry.output
    assert (
        "git push --atomic -- origin refs/heads/main:refs/heads/main "
        "refs/tags/a-v1.1.0:refs/tags/a-v1.1.0 refs/tags/b-v2.0.1:refs/tags/b-v2.0.1"
    ) in dry.stdout
    result = invoke(runner, busy.path, "release", "--all", "--no-publish", "--no-verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "released a 1.1.0, b 2.0.1 (tags a-v1.1.0 b-v2.0.1), pushed to origin"
    )
    remote = busy.git("--git-dir", str(busy.remote), "tag", "--list").split()
    assert sorted(remote) == ["a-v1.0.0", "a-v1.1.0", "b-v2.0.0", "b-v2.0.1"]
    b_file = busy.read("packages/b/pyproject.toml")  # its version and its pin, one edit
    assert b'version = "2.0.1"' in b_file
    assert b'dependencies = ["a==1.1.0"]' in b_file
    assert b'version = "1.1.0"' in busy.read("packages/a/pyproject.toml")


def test_release_of_one_package_with_a_part(busy: GitRepo, runner: CliRunner) -> None:
    result = invoke(
        runner, busy.path, "--package", "b", "release", "minor", "--no-publish", "--no-verify"
    )
    assert result.exit_code == 0, result.output
    assert "released b 2.1.0 (tags b-v2.1.0)" in result.stdout
    assert busy.git("tag", "--list", "a-v1.1.0") == ""


def test_vcs_member_version(repo: GitRepo, runner: CliRunner) -> None:
    repo.commit(
        "chore: initial commit",
        workspace_files({"a": ("packages/a", None, ()), "b": ("packages/b", "0.1.0", ())}),
    )
    repo.tag("a-v3.1.4", "a")
    repo.tag("b-v0.1.0", "b")
    result = invoke(runner, repo.path, "--package", "a", "version")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "3.1.4"


def test_package_given_by_one_of_its_tags(busy: GitRepo, runner: CliRunner) -> None:
    """What the release workflow does: releasekit --package "$GITHUB_REF_NAME" build."""
    result = invoke(runner, busy.path, "--package", "b-v2.0.0", "version")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2.0.0"


def test_init_in_a_monorepo(busy: GitRepo, runner: CliRunner) -> None:
    result = invoke(runner, busy.path, "init")
    assert result.exit_code == 0, result.output
    workflow = busy.read(".github/workflows/release.yml").decode()
    assert "    tags:\n      - 'a-v*'\n      - 'b-v*'\n" in workflow
    assert 'releasekit --package "$GITHUB_REF_NAME" build' in workflow
    assert b"tag-format" not in busy.read("pyproject.toml")


def test_root_changelog_gets_the_commits_that_touch_no_package(
    busy: GitRepo, runner: CliRunner
) -> None:
    busy.write("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n")
    busy.commit("chore: a root changelog")
    busy.commit("fix(ci): the root workflow", {".github/ci.yml": "x: 1\n"})
    result = invoke(runner, busy.path, "changelog", "--all")
    assert result.exit_code == 0, result.output
    root_log = busy.read("CHANGELOG.md").decode()
    assert "- **ci:** the root workflow" in root_log
    assert "a thing" not in root_log
    assert "the root workflow" not in busy.read("packages/a/CHANGELOG.md").decode()
