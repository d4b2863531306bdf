"""Adopting a project with releases: ``init`` writes a section per release tag, and
``changelog --rebuild [--since TAG]`` regenerates sections and leaves every other one as it was.

The repository is rebuilt from a real tag history (tests/data/histories/commitizen.txt:
eight commitizen releases, their dates and their commits' subjects).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.changelog.model import Changelog
from tests.conftest import GitRepo, invoke

DATA = Path(__file__).resolve().parents[1] / "data" / "histories" / "commitizen.txt"


def _history() -> list[tuple[str, str, list[str]]]:
    """(tag, date, subjects oldest first), oldest release first."""
    releases: list[tuple[str, str, list[str]]] = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        if line.startswith("tag "):
            _, tag, date = line.split()
            releases.append((tag, date, []))
        else:
            releases[-1][2].append(line)
    return releases


HISTORY = _history()
LATEST = HISTORY[-1][0]


@pytest.fixture
def tagged(repo: GitRepo) -> GitRepo:
    """A project whose history is commitizen's last eight releases, each tagged on its date."""
    version = LATEST.removeprefix("v")
    repo.commit(
        "chore: initial commit",
        {
            "pyproject.toml": f'[project]\nname = "tool"\nversion = "{version}"\n',
            "src/tool/__init__.py": f'__version__ = "{version}"\n',
        },
    )
    for tag, date, subjects in HISTORY:
        env = {**os.environ, "GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00"}
        for subject in subjects:
            git_env(repo.path, env, "commit", "-q", "--allow-empty", "-m", subject)
        git_env(repo.path, env, "tag", "-a", tag, "-m", f"Release {tag}")
    # Compare links need the repository's web address (nothing is pushed).
    repo.git("remote", "set-url", "origin", "https://github.com/commitizen-tools/commitizen.git")
    return repo


def git_env(cwd: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_init_writes_a_section_per_release_tag_and_check_passes(
    runner: CliRunner, tagged: GitRepo
) -> None:
    result = invoke(runner, tagged.path, "init", "--no-workflow")
    assert result.exit_code == 0, result.stderr
    assert "8 release section(s) from the tags v4.15.1 … v4.17.0" in result.output
    log = Changelog.parse(tagged.read("CHANGELOG.md").decode())
    assert log.unreleased is not None
    assert log.unreleased.is_empty
    assert [(s.version, s.date) for s in log.releases] == [
        (tag.removeprefix("v"), date) for tag, date, _ in reversed(HISTORY)
    ]
    # v4.16.0: one feat (under Added), the docs, ci, test and bump commits counted.
    _, _, subjects = next(h for h in HISTORY if h[0] == "v4.16.0")
    assert log.notes("4.16.0") == (
        "### Added\n\n- **hooks:** support interactive hooks scripts\n\n"
        f"{len(subjects) - 1} other commits are not listed."
    )
    # fix(security) goes under Security.
    assert log.notes("4.15.1").startswith(
        "### Security\n\n- prevent command injection via shell=True (CWE-78) (#1941)\n"
    )
    assert log.links[-1] == (
        "[4.15.1]: https://github.com/commitizen-tools/commitizen/releases/tag/v4.15.1\n"
    )
    assert (
        "[4.17.0]: https://github.com/commitizen-tools/commitizen/compare/v4.16.5...v4.17.0\n"
        in (log.links)
    )
    # HEAD is the latest release's commit: the tag agrees with the files and the changelog.
    check = invoke(runner, tagged.path, "check", "--tag", LATEST)
    assert check.exit_code == 0, check.output


def test_init_without_tags_writes_an_empty_changelog(runner: CliRunner, repo: GitRepo) -> None:
    repo.commit("feat: x", {"pyproject.toml": '[project]\nname = "t"\nversion = "0.1.0"\n'})
    result = invoke(runner, repo.path, "init", "--no-workflow")
    assert result.exit_code == 0, result.stderr
    assert "create CHANGELOG.md (Keep a Changelog, empty [Unreleased])" in result.output
    assert Changelog.parse(repo.read("CHANGELOG.md").decode()).releases == []


def _sections(text: str) -> dict[str, str]:
    return {s.label: str(s) for s in Changelog.parse(text).sections}


@pytest.mark.parametrize(
    ("since", "rebuilt"),
    [
        ("v4.16.0", {"4.16.1", "4.16.2", "4.16.3", "4.16.4", "4.16.5", "4.17.0"}),
        (None, {tag.removeprefix("v") for tag, _, _ in HISTORY}),
    ],
    ids=["since", "all"],
)
def test_rebuild_leaves_every_other_section_byte_identical(
    runner: CliRunner, tagged: GitRepo, since: str | None, rebuilt: set[str]
) -> None:
    assert invoke(runner, tagged.path, "init", "--no-workflow").exit_code == 0
    original = tagged.read("CHANGELOG.md").decode()
    # Hand edits everywhere: the preamble, [Unreleased], and every release section.
    edited = original.replace("All notable changes", "Every notable change")
    edited = edited.replace("## [Unreleased]\n", "## [Unreleased]\n\n- Hand-written.\n")
    edited = edited.replace(" other commits are not listed.", " more commits.")
    edited = edited.replace("- **hooks:** support", "- Support")
    tagged.commit("docs: edit the changelog", {"CHANGELOG.md": edited})

    result = invoke(
        runner, tagged.path, "changelog", "--rebuild", *(["--since", since] if since else [])
    )
    assert result.exit_code == 0, result.stderr
    assert f"rebuilt {len(rebuilt)} release section(s) of CHANGELOG.md" in result.stderr
    after = tagged.read("CHANGELOG.md").decode()
    before_sections, after_sections = _sections(edited), _sections(after)
    originals = _sections(original)
    assert list(after_sections) == list(before_sections)
    for label, text in after_sections.items():
        if label in rebuilt:
            assert text == originals[label], label  # regenerated from the commits
        else:
            assert text == before_sections[label], label  # byte-identical
    assert after.startswith("# Changelog\n\nEvery notable change")
    assert after[after.index("\n[Unreleased]: ") :] == edited[edited.index("\n[Unreleased]: ") :]


def test_rebuild_adds_a_missing_section_in_version_order(
    runner: CliRunner, tagged: GitRepo
) -> None:
    assert invoke(runner, tagged.path, "init", "--no-workflow").exit_code == 0
    full = tagged.read("CHANGELOG.md").decode()
    log = Changelog.parse(full)
    missing = next(s for s in log.releases if s.version == "4.16.2")
    without = full.replace(str(missing), "")
    tagged.commit("docs: lose a section", {"CHANGELOG.md": without})
    result = invoke(runner, tagged.path, "changelog", "--rebuild", "--since", "v4.16.0")
    assert result.exit_code == 0, result.stderr
    assert tagged.read("CHANGELOG.md").decode() == full


def test_rebuild_dry_run_shows_the_diff_and_writes_nothing(
    runner: CliRunner, tagged: GitRepo
) -> None:
    assert invoke(runner, tagged.path, "init", "--no-workflow").exit_code == 0
    text = tagged.read("CHANGELOG.md").decode().replace("- **hooks:** support", "- Support")
    tagged.commit("docs: edit", {"CHANGELOG.md": text})
    before = tagged.snapshot()
    result = invoke(runner, tagged.path, "changelog", "--rebuild", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "-- Support interactive hooks scripts\n+- **hooks:** support interactive hooks" in (
        result.stdout
    )
    assert tagged.snapshot() == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--rebuild", "--since", "v9.9.9"], 1, "--since v9.9.9: not a release tag"),
        (["--since", "v4.16.0"], 2, "--since TAG goes with --rebuild"),
    ],
    ids=["unknown-tag", "since-without-rebuild"],
)
def test_rebuild_refusals(
    runner: CliRunner, tagged: GitRepo, args: list[str], code: int, message: str
) -> None:
    assert invoke(runner, tagged.path, "init", "--no-workflow").exit_code == 0
    tagged.git("add", "-A")
    tagged.git("commit", "-q", "-m", "chore: adopt")
    before = tagged.snapshot()
    result = invoke(runner, tagged.path, "changelog", *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert tagged.snapshot() == before
