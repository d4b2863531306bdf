"""The whole release against real parts: a real build, a fresh venv, a real local index.

A release builds the sdist and the wheel, installs the wheel in a fresh venv, tags, pushes
branch and tag atomically to a bare remote, and uploads to pypiserver on 127.0.0.1. An upload
that fails after the push is not rolled back: the error says how to finish, and running
``releasekit release`` again finishes the same release instead of bumping once more.
"""

from __future__ import annotations

import shutil
import tarfile
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
def test_rejected_credentials_refuse_before_any_write_then_the_release_publishes(
    releasable: GitRepo, pypi_server: PypiServer, runner: CliRunner
) -> None:
    pypirc = Path.home() / ".pypirc"
    pypirc.write_text(_pypirc(pypi_server, "wrong-password-7d1e"))
    before = releasable.snapshot()
    remote_before = releasable.remote_refs()

    dry = invoke(runner, releasable.path, "release", "minor", "--dry-run")
    refused = invoke(runner, releasable.path, "release", "minor", "--date", "2025-02-15")

    # The dry run fails exactly as the real run does, and the real run writes nothing: no
    # tag on the remote with an empty index, as when the upload came after the push.
    assert dry.exit_code == refused.exit_code == 1, refused.output
    assert "rejected the upload credentials" in refused.stderr
    assert "rejected the upload credentials" in dry.stderr
    assert "wrong-password-7d1e" not in refused.output + dry.output
    assert releasable.snapshot() == before
    assert releasable.remote_refs() == remote_before

    pypirc.write_text(_pypirc(pypi_server, pypi_server.password))
    released = invoke(runner, releasable.path, "release", "minor", "--date", "2025-02-15")

    assert released.exit_code == 0, released.output
    assert "v1.3.0" in _remote_tags(releasable)
    assert sorted(p.name for p in pypi_server.packages.glob("rk_release_e2e-1.3.0*")) == [
        "rk_release_e2e-1.3.0-py3-none-any.whl",
        "rk_release_e2e-1.3.0.tar.gz",
    ]
    # The build ran while the write could still be undone: what it keeps for that (the
    # originals of the written files) is not in the sdist.
    with tarfile.open(pypi_server.packages / "rk_release_e2e-1.3.0.tar.gz") as sdist:
        members = [Path(name).name for name in sdist.getnames()]
    assert "pyproject.toml" in members
    assert "CHANGELOG.md" in members
    assert not [name for name in members if "releasekit" in name]
    assert b'version = "1.3.0"' in releasable.read("pyproject.toml")


def test_no_publish_release_of_a_tagged_head_has_nothing_left(
    releasable: GitRepo, runner: CliRunner
) -> None:
    first = invoke(runner, releasable.path, "release", "minor", "--no-publish", "--no-verify")
    assert first.exit_code == 0, first.output
    before = releasable.snapshot()

    again = invoke(runner, releasable.path, "release", "--no-publish", "--no-verify")

    assert again.exit_code == 0, again.output
    assert again.stdout == "finish release 1.3.0 (HEAD is tagged v1.3.0): nothing left to do\n"
    assert releasable.snapshot() == before


def test_an_explicit_part_on_a_tagged_head_is_a_new_release(
    releasable: GitRepo, runner: CliRunner
) -> None:
    assert (
        invoke(runner, releasable.path, "release", "minor", "--no-publish", "--no-verify").exit_code
        == 0
    )
    releasable.commit("fix: a fix")
    result = invoke(
        runner, releasable.path, "release", "patch", "--no-publish", "--no-verify", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("release 1.3.0 -> 1.3.1")


def test_a_release_that_was_not_pushed_is_finished_by_pushing(
    releasable: GitRepo, runner: CliRunner
) -> None:
    local = invoke(
        runner, releasable.path, "release", "minor", "--no-push", "--no-publish", "--no-verify"
    )
    assert local.exit_code == 0, local.output
    assert "v1.3.0" not in _remote_tags(releasable)

    dry = invoke(runner, releasable.path, "release", "--no-publish", "--no-verify", "--dry-run")
    assert (
        dry.stdout.splitlines()[1]
        == "1. git push --atomic -- origin refs/heads/main:refs/heads/main "
        "refs/tags/v1.3.0:refs/tags/v1.3.0"
    )

    pushed = invoke(runner, releasable.path, "release", "--no-publish", "--no-verify")

    assert pushed.exit_code == 0, pushed.output
    assert "v1.3.0" in _remote_tags(releasable)
    assert releasable.git("rev-parse", "HEAD") == releasable.git(
        "--git-dir", str(releasable.remote), "rev-parse", "main"
    )
