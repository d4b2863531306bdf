"""The whole release against real parts: a real build, a fresh venv, a real local index.

A release builds the sdist and the wheel, installs the wheel in a fresh venv, tags, pushes
branch and tag atomically to a bare remote, and uploads to pypiserver on 127.0.0.1. An upload
that fails after the push is not rolled back: the error says how to finish, and running
``releasekit release`` again finishes the same release instead of bumping once more.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import GitRepo, invoke
from tests.pypi_index import PypiServer

SAMPLE = Path(__file__).parent / "data" / "sample_projects" / "hatch_sample"
NAME = "rk-release-e2e"

CHANGELOG = """\
# Changelog

## [Unreleased]

### Added

- The first feature.

## [1.2.3] - 2025-01-01

### Added

- Initial release.
"""


def _pypirc(server: PypiServer, password: str) -> str:
    return (
        "[distutils]\nindex-servers =\n    local\n\n"
        f"[local]\nrepository = {server.url}\nusername = {server.username}\n"
        f"password = {password}\n"
    )


@pytest.fixture
def releasable(repo: GitRepo) -> GitRepo:
    """The hatchling sample as a released project (v1.2.3 pushed) with one feature since."""
    shutil.copytree(SAMPLE, repo.path, dirs_exist_ok=True)
    pyproject = repo.path / "pyproject.toml"
    text = pyproject.read_text().replace('name = "rk-hatch-sample"', f'name = "{NAME}"')
    pyproject.write_text(text + '\n[tool.releasekit]\nrepository = "local"\n')
    repo.write("CHANGELOG.md", CHANGELOG)
    repo.write(".gitignore", "dist/\n")
    repo.commit("chore: initial commit")
    repo.tag("v1.2.3", "Release 1.2.3")
    repo.git("push", "-q", "-u", "origin", "main", "--follow-tags")
    repo.commit("feat: the first feature", {"src/rk_hatch_sample/feature.py": "X = 1\n"})
    return repo


def _remote_tags(repo: GitRepo) -> list[str]:
    return repo.git("--git-dir", str(repo.remote), "tag", "--list").split()


@pytest.mark.slow
def test_release_publishes_and_a_rerun_finishes_a_failed_upload(
    releasable: GitRepo, pypi_server: PypiServer, runner: CliRunner
) -> None:
    pypirc = Path.home() / ".pypirc"
    pypirc.write_text(_pypirc(pypi_server, "wrong-password-7d1e"))

    failed = invoke(runner, releasable.path, "release", "minor", "--date", "2025-02-15")

    assert failed.exit_code == 1, failed.output
    assert "nothing was rolled back" in failed.stderr
    assert "releasekit publish --skip-existing" in failed.stderr
    assert "wrong-password-7d1e" not in failed.output
    # The push happened before the upload, atomically: branch and tag are on the remote.
    assert "v1.3.0" in _remote_tags(releasable)
    assert releasable.git("rev-parse", "HEAD") == releasable.git(
        "--git-dir", str(releasable.remote), "rev-parse", "main"
    )
    assert not list(pypi_server.packages.glob("rk_release_e2e-1.3.0*"))

    pypirc.write_text(_pypirc(pypi_server, pypi_server.password))
    dry = invoke(runner, releasable.path, "release", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.startswith("finish release 1.3.0 (HEAD is tagged v1.3.0)")
    assert "git push" not in dry.stdout  # the tag is already on the remote

    finished = invoke(runner, releasable.path, "release")

    assert finished.exit_code == 0, finished.output
    assert "finished release 1.3.0" in finished.stdout
    assert sorted(p.name for p in pypi_server.packages.glob("rk_release_e2e-1.3.0*")) == [
        "rk_release_e2e-1.3.0-py3-none-any.whl",
        "rk_release_e2e-1.3.0.tar.gz",
    ]
    # No second bump: the same release was finished.
    assert sorted(_remote_tags(releasable)) == ["v1.2.3", "v1.3.0"]
    assert b'version = "1.3.0"' in releasable.read("pyproject.toml")


def test_no_publish_release_of_a_tagged_head_has_nothing_left(
    releasable: GitRepo, runner: CliRunner
) -> None:
    first = invoke(runner, releasable.path, "release", "minor", "--no-publish")
    assert first.exit_code == 0, first.output
    before = releasable.snapshot()

    again = invoke(runner, releasable.path, "release", "--no-publish")

    assert again.exit_code == 0, again.output
    assert again.stdout == "finish release 1.3.0 (HEAD is tagged v1.3.0): nothing left to do\n"
    assert releasable.snapshot() == before


def test_an_explicit_part_on_a_tagged_head_is_a_new_release(
    releasable: GitRepo, runner: CliRunner
) -> None:
    assert invoke(runner, releasable.path, "release", "minor", "--no-publish").exit_code == 0
    releasable.commit("fix: a fix")
    result = invoke(runner, releasable.path, "release", "patch", "--no-publish", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("release 1.3.0 -> 1.3.1")


def test_a_release_that_was_not_pushed_is_finished_by_pushing(
    releasable: GitRepo, runner: CliRunner
) -> None:
    local = invoke(runner, releasable.path, "release", "minor", "--no-push", "--no-publish")
    assert local.exit_code == 0, local.output
    assert "v1.3.0" not in _remote_tags(releasable)

    dry = invoke(runner, releasable.path, "release", "--no-publish", "--dry-run")
    assert dry.stdout.splitlines()[1] == "1. git push --atomic origin main v1.3.0"

    pushed = invoke(runner, releasable.path, "release", "--no-publish")

    assert pushed.exit_code == 0, pushed.output
    assert "v1.3.0" in _remote_tags(releasable)
    assert releasable.git("rev-parse", "HEAD") == releasable.git(
        "--git-dir", str(releasable.remote), "rev-parse", "main"
    )
