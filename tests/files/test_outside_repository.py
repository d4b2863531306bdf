"""releasekit never writes outside the repository: links and settings that leave it are refused.

Each case runs the real CLI on a real repository with a file outside it that must stay
untouched; the error names the setting (or the file) and the repository is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import PYPROJECT, GitRepo, invoke

PATTERN = "'release = \"{version}\"'"


def _link_pyproject(project: GitRepo, outside: Path) -> None:
    outside.write_bytes(project.read("pyproject.toml"))
    (project.path / "pyproject.toml").unlink()
    (project.path / "pyproject.toml").symlink_to(outside)


def _link_changelog(project: GitRepo, outside: Path) -> None:
    outside.write_bytes(b"# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n- a fix\n")
    (project.path / "CHANGELOG.md").symlink_to(outside)


def _changelog_setting(project: GitRepo, outside: Path) -> None:
    outside.write_bytes(b"# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n- a fix\n")
    project.write(
        "pyproject.toml",
        PYPROJECT.format(version="1.2.3")
        + f'\n[tool.releasekit]\nchangelog = "../{outside.name}"\n',
    )


def _absolute_files_path(project: GitRepo, outside: Path) -> None:
    outside.write_bytes(b'release = "1.2.3"\n')
    project.write(
        "pyproject.toml",
        PYPROJECT.format(version="1.2.3")
        + f"\n[tool.releasekit]\nfiles = [{{ path = '{outside}', pattern = {PATTERN} }}]\n",
    )


def _dotdot_files_path(project: GitRepo, outside: Path) -> None:
    outside.write_bytes(b'release = "1.2.3"\n')
    project.write(
        "pyproject.toml",
        PYPROJECT.format(version="1.2.3")
        + f"\n[tool.releasekit]\nfiles = [{{ path = '../{outside.name}', pattern = {PATTERN} }}]\n",
    )


def _linked_version_module(project: GitRepo, outside: Path) -> None:
    outside.write_bytes(b'__version__ = "1.2.3"\n')
    (project.path / "src/sample_pkg/__init__.py").unlink()
    (project.path / "src/sample_pkg/__init__.py").symlink_to(outside)


CASES: dict[str, tuple[Callable[[GitRepo, Path], None], str]] = {
    "symlinked-pyproject": (_link_pyproject, "pyproject.toml"),
    "symlinked-changelog": (_link_changelog, "changelog"),
    "changelog-setting-with-dotdot": (_changelog_setting, "changelog"),
    "absolute-files-path": (_absolute_files_path, "files[0].path"),
    "dotdot-files-path": (_dotdot_files_path, "files[0].path"),
    "symlinked-version-module": (_linked_version_module, "src/sample_pkg/__init__.py"),
}


@pytest.mark.parametrize(("arrange", "named"), CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize(
    "command",
    [("bump", "patch"), ("bump", "patch", "--commit", "--tag"), ("changelog",), ("check",)],
    ids=["bump", "bump-commit-tag", "changelog", "check"],
)
def test_a_file_outside_the_repository_is_refused_naming_the_setting(
    project: GitRepo,
    runner: CliRunner,
    arrange: Callable[[GitRepo, Path], None],
    named: str,
    command: tuple[str, ...],
) -> None:
    outside = project.path.parent / "outside-the-repository.txt"
    arrange(project, outside)
    project.git("add", "-A")
    project.git("commit", "-q", "-m", "chore: arrange")
    kept, before = outside.read_bytes(), project.snapshot()

    result = invoke(runner, project.path, *command)

    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert named in result.stderr
    assert outside.read_bytes() == kept
    assert project.snapshot() == before


def test_a_link_inside_the_repository_is_committed_as_the_file_it_points_to(
    project: GitRepo, runner: CliRunner
) -> None:
    """A pyproject.toml linked to a file inside the repository: the commit holds the bump."""
    project.path.joinpath("packaging").mkdir()
    (project.path / "pyproject.toml").rename(project.path / "packaging/pyproject.toml")
    (project.path / "pyproject.toml").symlink_to("packaging/pyproject.toml")
    project.commit("chore: pyproject.toml lives in packaging/")

    result = invoke(runner, project.path, "bump", "patch", "--commit", "--tag")

    assert result.exit_code == 0, result.output
    assert project.git("status", "--porcelain") == ""
    committed = project.git("show", "HEAD:packaging/pyproject.toml")
    assert 'version = "1.2.4"' in committed
    assert (project.path / "pyproject.toml").is_symlink()
