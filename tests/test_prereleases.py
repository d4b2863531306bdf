"""Candidates end to end: pre, final, post and dev on a real repository, channels, the last
release, --set in a SemVer project and VCS-versioned projects."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from releasekit.errors import InvalidVersion, UsageError, VersionNotIncreasing
from releasekit.project import Project
from tests.conftest import GitRepo, invoke


def set_version(repo: GitRepo, version: str, *, tag: bool = True) -> None:
    """Write ``version`` to both files of the sample project, commit it, and tag it."""
    old = Project(repo.path).version
    for path in ("pyproject.toml", "src/sample_pkg/__init__.py"):
        text = repo.read(path).decode()
        repo.write(path, text.replace(f'"{old}"', f'"{version}"'))
    repo.commit(f"chore(release): {version}")
    if tag:
        repo.tag(f"v{version}", f"Release {version}")


def configure(repo: GitRepo, table: str) -> None:
    text = repo.read("pyproject.toml").decode()
    repo.write("pyproject.toml", text + "\n[tool.releasekit]\n" + table)
    repo.commit("chore: configure releasekit")


def test_pre_from_a_final_is_the_candidate_of_what_the_commits_call_for(project: GitRepo) -> None:
    assert Project(project.path).next_version("pre") == "1.2.4rc1"  # no conventional commit
    project.commit("feat: a feature")
    assert Project(project.path).next_version("pre") == "1.3.0rc1"
    assert Project(project.path).next_version("pre", label="b") == "1.3.0b1"
    assert Project(project.path).next_version("dev") == "1.3.0.dev0"
    project.commit("feat!: a breaking change")
    assert Project(project.path).next_version("pre", label="a") == "2.0.0a1"


def test_pre_label_and_pre_style_come_from_the_configuration(project: GitRepo) -> None:
    configure(project, 'pre-label = "beta"\npre-style = "semver"\n')
    project.commit("feat: a feature")
    assert Project(project.path).next_version("pre") == "1.3.0-beta.1"


def test_auto_on_a_candidate_counts_from_the_last_final(project: GitRepo) -> None:
    project.commit("feat: a feature")
    set_version(project, "1.3.0rc1")
    # Right after the candidate, the release the cycle leads to.
    assert Project(project.path).next_version() == "1.3.0"
    project.commit("fix: a fix")
    assert Project(project.path).next_version() == "1.3.0"
    assert Project(project.path).next_version("pre") == "1.3.0rc2"
    assert Project(project.path).next_version("final") == "1.3.0"
    project.commit("feat!: a breaking change")
    assert Project(project.path).next_version() == "2.0.0"
    assert Project(project.path).next_version("pre") == "2.0.0rc1"


def test_a_channel_branch_releases_candidates_with_its_label(project: GitRepo) -> None:
    configure(project, '[tool.releasekit.channels]\nbeta = "b"\n"release/*" = "rc"\n')
    project.commit("feat: a feature")
    assert Project(project.path).next_version() == "1.3.0"  # main makes finals
    project.git("checkout", "-q", "-b", "release/1.3")
    assert Project(project.path).next_version() == "1.3.0rc1"
    set_version(project, "1.3.0rc1")
    # Nothing new since the candidate: nothing to release.
    assert Project(project.path).next_version() == "1.3.0rc1"
    project.commit("fix: a fix")
    assert Project(project.path).next_version() == "1.3.0rc2"
    project.git("checkout", "-q", "-b", "beta")
    with pytest.raises(VersionNotIncreasing, match="use the label 'rc'"):
        Project(project.path).next_version()  # a beta after the rc of the same release
    project.commit("feat!: a breaking change")
    assert Project(project.path).next_version() == "2.0.0b1"


def test_final_post_and_dev(project: GitRepo) -> None:
    set_version(project, "1.3.0rc2")
    assert Project(project.path).next_version("final") == "1.3.0"
    with pytest.raises(UsageError, match="it is a candidate"):
        Project(project.path).next_version("post")
    set_version(project, "1.3.0")
    assert Project(project.path).next_version("post") == "1.3.0.post1"
    assert Project(project.path).next_version("dev") == "1.3.1.dev0"
    with pytest.raises(UsageError, match="already a final release"):
        Project(project.path).next_version("final")


def test_the_last_release_is_the_tag_of_the_version_in_the_files(project: GitRepo) -> None:
    project.git("tag", "v1.0.0.beta0", "HEAD")  # an old beta, higher than 0.x releases
    set_version(project, "0.28.0")
    project.commit("fix: one")
    tag = Project(project.path).last_release_tag()
    assert tag is not None
    assert tag.name == "v0.28.0"


def test_set_a_two_number_version_in_a_semver_project_is_refused(project: GitRepo) -> None:
    before = project.snapshot()
    with pytest.raises(InvalidVersion) as info:
        Project(project.path).bump(set_version="2.0")
    message = str(info.value)
    assert "'2.0'" in message
    assert "use 2.0.0" in message
    assert 'scheme = "pep440"' in message
    assert project.snapshot() == before
    with pytest.raises(InvalidVersion, match="local version label"):
        Project(project.path).bump(set_version="2.0.0+abc")
    assert Project(project.path).bump(set_version="2.0.0").new == "2.0.0"


def test_a_pep440_project_takes_any_number_of_release_numbers(project: GitRepo) -> None:
    configure(project, 'scheme = "pep440"\n')
    assert Project(project.path).bump(set_version="2.0").new == "2.0"
    assert Project(project.path).next_version("minor") == "2.1"
    assert Project(project.path).next_version("major") == "3.0"


VCS_PYPROJECT = """\
[build-system]
requires = ["hatchling", "hatch-vcs"]
build-backend = "hatchling.build"

[project]
name = "vcs-pkg"
dynamic = ["version"]

[tool.hatch.version]
source = "vcs"
"""


def test_a_vcs_project_reports_the_version_its_plugin_would(repo: GitRepo) -> None:
    repo.commit("chore: init", {"pyproject.toml": VCS_PYPROJECT})
    repo.tag("9.1.0")
    assert Project(repo.path).version == "9.1.0"
    repo.commit("fix: one")
    assert Project(repo.path).version == "9.1.1.dev1"
    repo.tag("9.2.0.dev0")  # the start of a cycle, as setuptools-scm projects tag it
    repo.commit("feat: two")
    repo.commit("fix: three")
    project = Project(repo.path)
    assert project.version == "9.2.0.dev2"
    assert project.next_version("final") == "9.2.0"
    assert project.next_version() == "9.2.0"  # a feat since 9.1.0: the cycle's release
    last = project.last_release_tag()
    assert last is not None
    assert last.name == "9.1.0"


def test_cli_pre_with_a_label(project: GitRepo) -> None:
    project.commit("feat: a feature")
    runner = CliRunner()
    result = invoke(runner, project.path, "next", "pre", "--label", "b")
    assert (result.exit_code, result.stdout) == (0, "1.3.0b1\n")
    result = invoke(runner, project.path, "next", "minor", "--label", "b")
    assert result.exit_code == 2
    assert "--label b goes with the part pre" in result.stderr
    for part, expected in [("final", 2), ("post", 0), ("dev", 0)]:
        assert invoke(runner, project.path, "next", part).exit_code == expected


def test_cli_bump_and_release_a_candidate_then_the_final(project: GitRepo) -> None:
    project.commit("feat: a feature")
    runner = CliRunner()
    result = invoke(runner, project.path, "bump", "pre", "--label", "b", "--allow-empty")
    assert result.exit_code == 0, result.stderr
    assert Project(project.path).version == "1.3.0b1"
    assert b'__version__ = "1.3.0b1"' in project.read("src/sample_pkg/__init__.py")
    project.commit("chore(release): 1.3.0b1")
    project.tag("v1.3.0b1", "Release 1.3.0b1")
    result = invoke(runner, project.path, "release", "--no-publish", "--no-push", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "1.3.0" in result.stdout
    result = invoke(
        runner, project.path, "release", "pre", "--label", "rc", "--no-publish", "--dry-run"
    )
    assert result.exit_code == 0, result.stderr
    assert "1.3.0rc1" in result.stdout
    result = invoke(runner, project.path, "bump", "--set", "2.0")
    assert result.exit_code == 2
    assert 'use 2.0.0, or set scheme = "pep440"' in result.stderr.replace("\n", " ")


def test_post_release_dev_commits_the_next_development_release(project: GitRepo) -> None:
    configure(project, "post-release-dev = true\n")
    project.commit("feat: a feature")
    project.write("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n- A feature.\n")
    project.commit("docs: changelog")
    runner = CliRunner()
    result = invoke(runner, project.path, "release", "--no-publish", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "write 1.3.1.dev0 (back to development)" in result.stdout
    result = invoke(runner, project.path, "release", "--no-publish")
    assert result.exit_code == 0, result.stderr
    log = project.git("log", "--format=%s", "-3").splitlines()
    assert log[:2] == ["chore: back to development: 1.3.1.dev0", "chore(release): 1.3.0"]
    assert project.git("show", "v1.3.0:pyproject.toml").count('version = "1.3.0"') == 1
    assert Project(project.path).version == "1.3.1.dev0"
    assert project.git("rev-parse", "origin/main") == project.git("rev-parse", "HEAD")
    assert invoke(runner, project.path, "check").exit_code == 0  # a dev main needs no section


def test_fold_prereleases_through_a_release(project: GitRepo) -> None:
    project.write("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Dark mode.\n")
    project.commit("feat: dark mode")
    runner = CliRunner()
    assert invoke(runner, project.path, "release", "pre", "--no-publish").exit_code == 0
    project.write(
        "CHANGELOG.md",
        project.read("CHANGELOG.md")
        .decode()
        .replace("## [Unreleased]\n", "## [Unreleased]\n\n### Fixed\n\n- A crash.\n", 1),
    )
    project.commit("fix: a crash")
    assert invoke(runner, project.path, "release", "--no-publish").exit_code == 0
    assert Project(project.path).version == "1.3.0"
    notes = invoke(runner, project.path, "notes", "1.3.0").stdout
    assert "- Dark mode." in notes
    assert "- A crash." in notes
    assert "1.3.0rc1" not in project.read("CHANGELOG.md").decode()


@pytest.mark.parametrize("spelling", ["1.3.0rc1", "1.3.0-rc.1"])
def test_check_tag_accepts_a_candidate(project: GitRepo, spelling: str) -> None:
    project.write("CHANGELOG.md", f"## [Unreleased]\n\n## [{spelling}] - 2025-03-01\n\n- a\n")
    set_version(project, spelling)
    runner = CliRunner()
    result = invoke(runner, project.path, "check", "--tag", f"v{spelling}")
    assert result.exit_code == 0, result.stderr
    other = "1.3.0-rc.1" if spelling == "1.3.0rc1" else "1.3.0rc1"
    project.tag(f"v{other}x", "not a release")  # not a version: never a release tag
    assert invoke(runner, project.path, "check", "--tag", f"v{spelling}").exit_code == 0
