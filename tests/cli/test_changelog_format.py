"""``entry-format``, linked pull requests and breaking-change text, through the CLI."""

from __future__ import annotations

from click.testing import CliRunner

from tests.conftest import GitRepo, drop_marker, invoke


def _configure(project: GitRepo, settings: str) -> None:
    pyproject = project.read("pyproject.toml").decode()
    project.commit(
        "chore: configure", {"pyproject.toml": pyproject + f"\n[tool.releasekit]\n{settings}\n"}
    )


def test_entry_format_with_author_hash_and_linked_pull_request(
    runner: CliRunner, project: GitRepo
) -> None:
    _configure(project, 'entry-format = "{description} ({pr}) by {author} ({hash})"')
    project.git("remote", "set-url", "origin", "git@github.com:octo/tool.git")
    project.git(
        "-c",
        "user.name=Ada Lovelace",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "feat(cli): add --shout (#12)",
    )
    shout = project.git("rev-parse", "--short=7", "HEAD").strip()
    project.commit("fix: no crash on empty input")
    fix = project.git("rev-parse", "--short=7", "HEAD").strip()
    result = invoke(runner, project.path, "changelog")
    assert result.exit_code == 0, result.stderr
    text = drop_marker(project.read("CHANGELOG.md").decode())
    assert (
        f"- add --shout ([#12](https://github.com/octo/tool/pull/12)) by Ada Lovelace ({shout})\n"
        in text
    )
    assert f"- no crash on empty input by Release Tester ({fix})\n" in text


def test_pull_requests_link_to_the_forge_the_changelog_already_uses(
    runner: CliRunner, project: GitRepo
) -> None:
    project.commit(
        "feat: add --shout (!7)",
        {
            "CHANGELOG.md": "## [Unreleased]\n\n## [1.2.3] - 2025-01-01\n\n- a\n\n"
            "[Unreleased]: https://gitlab.com/g/tool/-/compare/v1.2.3...HEAD\n"
            "[1.2.3]: https://gitlab.com/g/tool/-/compare/v1.2.2...v1.2.3\n"
        },
    )
    result = invoke(runner, project.path, "changelog")
    assert result.exit_code == 0, result.stderr
    assert "- add --shout ([!7](https://gitlab.com/g/tool/-/merge_requests/7))\n" in (
        project.read("CHANGELOG.md").decode()
    )


def test_without_a_known_forge_references_stay_as_written(
    runner: CliRunner, project: GitRepo
) -> None:
    project.commit("feat: add --shout (#12)")
    assert invoke(runner, project.path, "changelog").exit_code == 0
    assert "- add --shout (#12)\n" in project.read("CHANGELOG.md").decode()


def test_breaking_footer_and_body_text(runner: CliRunner, project: GitRepo) -> None:
    _configure(project, "changelog-breaking-body = true")
    project.commit("feat: parse dates\n\nBREAKING CHANGE: dates are now UTC")
    project.commit("refactor!: new config layout\n\nThe [tool.x] keys moved to [tool.y].")
    result = invoke(runner, project.path, "changelog")
    assert result.exit_code == 0, result.stderr
    text = project.read("CHANGELOG.md").decode()
    assert "- **Breaking:** parse dates: dates are now UTC\n" in text
    assert "- **Breaking:** new config layout: The [tool.x] keys moved to [tool.y].\n" in text


def test_a_bad_entry_format_is_a_configuration_error(runner: CliRunner, project: GitRepo) -> None:
    _configure(project, 'entry-format = "{summary}"')
    before = project.snapshot()
    result = invoke(runner, project.path, "changelog")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: [tool.releasekit] entry-format = '{summary}'")
    assert "unknown placeholder {summary}" in result.stderr
    assert project.snapshot() == before
