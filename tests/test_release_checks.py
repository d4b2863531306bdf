"""A release checks everything its real run depends on before its first write.

Each case runs the CLI on a real git repository with a bare remote (and, where an upload is
involved, a real pypiserver on 127.0.0.1): the upload credentials, the push, the package
metadata and the tag format are checked before anything is written, ``--dry-run`` fails
exactly when the real run would, and ``--no-publish`` still builds and installs the wheel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import GitRepo, invoke
from tests.pypi_index import PypiServer

SAMPLE = Path(__file__).parent / "data" / "sample_projects" / "hatch_sample"
CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2025-01-01\n\n- first\n"
README_FIX = 'add readme = "README.md" to [project]'
OFFLINE = ("--no-publish", "--no-verify")


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's keyring must not answer for the upload credentials."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


@pytest.fixture
def ready(project: GitRepo) -> GitRepo:
    """The sample project (no readme) with a changelog and a fix since v1.2.3, pushed."""
    project.commit("docs: changelog", {"CHANGELOG.md": CHANGELOG})
    project.commit("fix: a bug")
    project.git("push", "-q", "origin", "main")
    return project


def _hatch(repo: GitRepo, name: str, init: str | None = None) -> GitRepo:
    """The hatchling sample as ``name`` 1.2.3, pushed and tagged, with a feature since."""
    shutil.copytree(SAMPLE, repo.path, dirs_exist_ok=True)
    pyproject = repo.path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"rk-hatch-sample"', f'"{name}"'))
    repo.write("CHANGELOG.md", CHANGELOG)
    repo.write(".gitignore", "dist/\n")
    repo.commit("chore: initial commit")
    repo.tag("v1.2.3", "Release 1.2.3")
    repo.git("push", "-q", "-u", "origin", "main", "--follow-tags")
    files = {"src/rk_hatch_sample/feature.py": "X = 1\n"}
    if init is not None:
        files["src/rk_hatch_sample/__init__.py"] = init
    repo.commit("feat: the first feature", files)
    repo.git("push", "-q", "origin", "main")
    return repo


def _git_state(repo: GitRepo) -> tuple[str, str, str, str]:
    """What a refused release must leave as it was: refs, index, status, and the remote."""
    return (
        repo.git("for-each-ref", "--format=%(refname) %(objectname)"),
        repo.git("ls-files", "--stage"),
        repo.git("status", "--porcelain"),
        repo.remote_refs(),
    )


def _refused_twice(
    runner: CliRunner, repo: GitRepo, *args: str, exit_code: int = 1
) -> tuple[str, str]:
    """Run ``args`` with ``--dry-run`` and for real: both fail alike and change nothing."""
    before, remote_before = repo.snapshot(), repo.remote_refs()
    dry = invoke(runner, repo.path, *args, "--dry-run")
    real = invoke(runner, repo.path, *args)
    assert (dry.exit_code, real.exit_code) == (exit_code, exit_code), real.output
    assert "Traceback" not in dry.output + real.output
    assert repo.snapshot() == before
    assert repo.remote_refs() == remote_before
    return dry.stderr, real.stderr


def test_no_credentials_refuse_before_any_write_and_in_the_dry_run(
    ready: GitRepo, pypi_server: PypiServer, runner: CliRunner
) -> None:
    dry, real = _refused_twice(runner, ready, "release", "--repository-url", pypi_server.url)
    for said in (dry, real):
        assert f"error: no credentials for {pypi_server.url}" in said
        assert README_FIX in said  # the readme is only a warning, said on the way


def test_a_push_the_remote_would_refuse_is_refused_before_any_write(
    ready: GitRepo, runner: CliRunner
) -> None:
    # A remote that lets us read but not write, as a read-only deploy key would.
    refuse = ready.path.parent / "refuse-receive-pack"
    refuse.write_text("#!/bin/sh\necho 'ERROR: Permission to push denied' >&2\nexit 128\n")
    refuse.chmod(0o755)
    ready.git("config", "remote.origin.receivepack", str(refuse))
    dry, real = _refused_twice(runner, ready, "release", *OFFLINE)
    for said in (dry, real):
        assert "the remote 'origin' would refuse the push (git push --dry-run --atomic)" in said
        assert "Permission to push denied" in said


def test_metadata_errors_block_before_any_write_and_in_the_dry_run(
    ready: GitRepo, runner: CliRunner
) -> None:
    text = (
        ready.read("pyproject.toml")
        .decode()
        .replace(
            'description = "A sample project"',
            'description = "A sample project"\nreadme = "GONE.md"',
        )
    )
    ready.commit("chore: a readme that is not there", {"pyproject.toml": text})
    ready.git("push", "-q", "origin", "main")
    dry, real = _refused_twice(runner, ready, "release", "--no-publish")
    for said in (dry, real):
        assert "readme = 'GONE.md' cannot be read" in said
        assert said.rstrip().endswith("nothing was changed")


def test_a_missing_readme_is_a_warning_and_the_release_goes_on(
    ready: GitRepo, runner: CliRunner
) -> None:
    result = invoke(runner, ready.path, "release", "--no-publish", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "warning: pyproject.toml: [project] has no readme, so the project page" in (
        result.stderr
    )
    assert README_FIX in result.stderr
    assert "4. build sdist and wheel of 1.2.4" in result.stdout


@pytest.mark.parametrize("tag_format", ["v {version}", "rel..{version}"], ids=["space", "dots"])
def test_a_bad_tag_format_is_refused_before_any_write(
    ready: GitRepo, runner: CliRunner, tag_format: str
) -> None:
    text = ready.read("pyproject.toml").decode()
    text += f'\n[tool.releasekit]\ntag-format = "{tag_format}"\n'
    ready.commit("chore: a tag format", {"pyproject.toml": text})
    ready.git("push", "-q", "origin", "main")
    # A configuration error: exit 2, as every other bad key.
    dry, real = _refused_twice(runner, ready, "release", "patch", *OFFLINE, exit_code=2)
    for said in (dry, real):
        assert f"tag-format = {tag_format!r}" in said
        assert "git check-ref-format" in said


def test_bump_push_refuses_a_tag_the_remote_already_has(
    project: GitRepo, runner: CliRunner
) -> None:
    project.tag("v1.2.4", "made elsewhere")
    project.git("push", "-q", "origin", "v1.2.4")
    project.git("tag", "-d", "v1.2.4")
    before, remote_before = project.snapshot(), project.remote_refs()
    result = invoke(runner, project.path, "bump", "patch", "--push")
    assert result.exit_code == 1, result.output
    assert "tag v1.2.4 already exists on 'origin'" in result.stderr
    assert project.snapshot() == before
    assert project.remote_refs() == remote_before


BROKEN = '"""A package whose import fails."""\n\nraise ImportError("broken on purpose")\n'


@pytest.mark.slow
def test_no_publish_still_installs_the_wheel_and_a_broken_import_is_never_tagged(
    repo: GitRepo, runner: CliRunner
) -> None:
    broken = _hatch(repo, "rk-broken-import", init=BROKEN)
    before = _git_state(broken)
    result = invoke(runner, broken.path, "release", "minor", "--no-publish")
    assert result.exit_code == 1, result.output
    assert "broken on purpose" in result.stderr
    assert "rolled back" in result.stderr
    assert _git_state(broken) == before  # no commit, no tag, nothing pushed
    assert broken.git("tag", "--list", "v1.3.0") == ""


def test_no_verify_skips_the_build_and_the_install(repo: GitRepo, runner: CliRunner) -> None:
    broken = _hatch(repo, "rk-broken-unverified", init=BROKEN)
    dry = invoke(runner, broken.path, "release", "minor", *OFFLINE, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "build sdist" not in dry.stdout
    assert "fresh venv" not in dry.stdout
    result = invoke(runner, broken.path, "release", "minor", *OFFLINE)
    assert result.exit_code == 0, result.output
    assert "refs/tags/v1.3.0" in broken.remote_refs()
    assert not (broken.path / "dist").exists()


@pytest.mark.slow
def test_repository_url_uploads_there_without_editing_pyproject(
    repo: GitRepo, pypi_server: PypiServer, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _hatch(repo, "rk-repository-url-e2e")
    monkeypatch.setenv("TWINE_USERNAME", pypi_server.username)
    monkeypatch.setenv("TWINE_PASSWORD", pypi_server.password)
    result = invoke(runner, project.path, "release", "minor", "--repository-url", pypi_server.url)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in pypi_server.packages.glob("rk_repository_url_e2e-1.3.0*")) == [
        "rk_repository_url_e2e-1.3.0-py3-none-any.whl",
        "rk_repository_url_e2e-1.3.0.tar.gz",
    ]
    assert b"127.0.0.1" not in project.read("pyproject.toml")
    assert pypi_server.password not in result.output


@pytest.fixture
def busy(workspace: GitRepo) -> GitRepo:
    """The uv workspace with a fix in ``b`` since its tag, pushed."""
    workspace.commit("fix(b): b bug", {"packages/b/src/b/bug.py": "X = 1\n"})
    workspace.git("push", "-q", "origin", "main")
    return workspace


def test_release_all_without_credentials_is_refused_before_any_write(
    busy: GitRepo, pypi_server: PypiServer, runner: CliRunner
) -> None:
    # Both packages go to a ~/.pypirc index that has a user but no password.
    pypirc = f"[distutils]\nindex-servers = local\n\n[local]\nrepository = {pypi_server.url}\n"
    (Path.home() / ".pypirc").write_text(pypirc + "username = releaser\n")
    for member in ("a", "b"):
        path = f"packages/{member}/pyproject.toml"
        text = busy.read(path).decode() + '\n[tool.releasekit]\nrepository = "local"\n'
        busy.write(path, text)
    busy.commit("fix(a): upload to the local index")
    busy.git("push", "-q", "origin", "main")
    dry, real = _refused_twice(runner, busy, "release", "--all")
    for said in (dry, real):
        assert f"error: no credentials for {pypi_server.url}" in said


def test_release_all_checks_each_package_s_metadata(busy: GitRepo, runner: CliRunner) -> None:
    text = busy.read("packages/b/pyproject.toml").decode().replace('"README.md"', '"GONE.md"')
    busy.commit("fix(b): a readme that is not there", {"packages/b/pyproject.toml": text})
    busy.git("push", "-q", "origin", "main")
    dry, real = _refused_twice(runner, busy, "release", "--all", "--no-publish")
    for said in (dry, real):
        assert "readme = 'GONE.md' cannot be read" in said


def test_release_all_checks_the_push_with_every_tag(busy: GitRepo, runner: CliRunner) -> None:
    refuse = busy.path.parent / "refuse-receive-pack"
    refuse.write_text("#!/bin/sh\necho 'ERROR: read-only remote' >&2\nexit 128\n")
    refuse.chmod(0o755)
    busy.git("config", "remote.origin.receivepack", str(refuse))
    dry, real = _refused_twice(runner, busy, "release", "--all", *OFFLINE)
    for said in (dry, real):
        assert "would refuse the push (git push --dry-run --atomic)" in said
        assert "read-only remote" in said
