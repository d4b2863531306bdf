"""``releasekit build``, ``verify``, ``publish`` and ``check --dist`` through the CLI."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from releasekit.cli import cli
from tests.conftest import GitRepo, invoke
from tests.distfiles import make_sdist, make_wheel, sample_project
from tests.pypi_index import TOKEN, PypiServer

SHA_LINE = re.compile(r"^(\S+)  [\d.]+ (B|KiB|MiB)  sha256:[0-9a-f]{64}$")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """The hatchling sample built once through ``releasekit build``."""
    root = sample_project(tmp_path_factory.mktemp("cli") / "project", "hatch_sample")
    (root / "dist").mkdir()
    (root / "dist" / "old.whl").write_bytes(b"stale")
    result = CliRunner().invoke(
        cli,
        ["--project", str(root), "build"],
        catch_exceptions=False,
    )
    return root, result


@pytest.fixture
def project_copy(built: tuple[Path, Result], tmp_path: Path) -> Path:
    """A private copy of the built project (tests that change it must not share it)."""
    return Path(shutil.copytree(built[0], tmp_path / "project"))


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.delenv("CI", raising=False)


@pytest.mark.slow
def test_build_prints_each_artifact_with_size_and_sha256(built: tuple[Path, Result]) -> None:
    root, result = built
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    matches = [SHA_LINE.match(line) for line in lines]
    assert [m[1] for m in matches if m] == [
        "rk_hatch_sample-1.2.3.tar.gz",
        "rk_hatch_sample-1.2.3-py3-none-any.whl",
    ]
    assert "removed dist" in result.stderr
    assert not (root / "dist" / "old.whl").exists()


@pytest.mark.slow
def test_check_dist_agrees_then_finds_a_stale_artifact(
    runner: CliRunner, project_copy: Path
) -> None:
    ok = invoke(runner, project_copy, "check", "--dist", "dist")
    assert ok.exit_code == 0, ok.stderr
    make_wheel(project_copy / "dist", "rk-hatch-sample", "1.2.2")
    stale = invoke(runner, project_copy, "check", "--dist", "dist")
    assert stale.exit_code == 1
    assert "dist/rk_hatch_sample-1.2.2-py3-none-any.whl" in stale.stderr
    assert "a stale file of the older version 1.2.2 (the filename): the release is 1.2.3" in (
        stale.stderr
    )
    empty = invoke(runner, project_copy, "check", "--dist", "nowhere")
    assert empty.exit_code == 1
    assert "does not exist" in empty.stderr


@pytest.mark.slow
def test_verify_installs_the_built_wheel(runner: CliRunner, project_copy: Path) -> None:
    result = invoke(runner, project_copy, "verify", "--no-index")
    assert result.exit_code == 0, result.stderr
    assert "imported rk_hatch_sample 1.2.3" in result.stdout


def test_verify_missing_interpreter_exits_2(runner: CliRunner, project: GitRepo) -> None:
    root = project.path
    make_wheel(root / "dist", "sample-pkg", "1.2.3")
    result = invoke(runner, root, "verify", "--python", "python2.99-missing")
    assert result.exit_code == 2
    assert "error: interpreter 'python2.99-missing' not found" in result.stderr


def test_build_only_flags_exclude_each_other(runner: CliRunner, tmp_path: Path) -> None:
    root = sample_project(tmp_path / "p", "hatch_sample")
    result = invoke(runner, root, "build", "--sdist-only", "--wheel-only")
    assert result.exit_code == 2
    assert "error: --sdist-only and --wheel-only exclude each other" in result.stderr


def test_backend_output_comes_before_the_error_line(runner: CliRunner, tmp_path: Path) -> None:
    root = sample_project(tmp_path / "p", "broken_backend")
    result = invoke(runner, root, "build", "--no-isolation")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    said = lines.index("BACKEND SAYS: cannot find the frobnicator in src/")
    first_error = next(i for i, line in enumerate(lines) if line.startswith("error:"))
    assert said < first_error
    assert "building the sdist of" in lines[first_error]
    assert "Traceback" not in result.stderr


def test_publish_dry_run_lists_what_goes_where(runner: CliRunner, tmp_path: Path) -> None:
    files = [make_sdist(tmp_path, "rk-cli-dry"), make_wheel(tmp_path, "rk-cli-dry")]
    result = runner.invoke(
        cli,
        ["publish", "--repository", "testpypi", "--dry-run", *map(str, files)],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "would upload to https://test.pypi.org/legacy/:"
    assert all(f.name in result.stdout for f in files)


@pytest.mark.slow
def test_publish_never_shows_the_token(
    runner: CliRunner,
    pypi_server: PypiServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    files = [str(make_sdist(tmp_path, "rk-cli-pub")), str(make_wheel(tmp_path, "rk-cli-pub"))]
    url = ["--repository-url", pypi_server.url]
    monkeypatch.setenv("PYPI_API_TOKEN", TOKEN)
    first = runner.invoke(cli, ["-vv", "publish", *url, *files])
    again = runner.invoke(cli, ["-vv", "publish", "--skip-existing", *url, *files])
    monkeypatch.setenv("PYPI_API_TOKEN", "pypi-wrong-token-0000-secret")
    wrong = runner.invoke(cli, ["-vv", "publish", *url, *files])
    assert first.exit_code == 0, first.stderr
    assert "uploaded rk_cli_pub-1.0.0.tar.gz" in first.stdout
    assert again.exit_code == 0, again.stderr
    assert again.stdout.count("skipped") == 2
    assert wrong.exit_code == 1
    assert "rejected the credentials" in wrong.stderr
    outputs = [r.stdout + r.stderr for r in (first, again, wrong)] + [caplog.text]
    for output in outputs:
        assert TOKEN not in output
        assert "pypi-wrong-token-0000-secret" not in output


def test_publish_without_credentials_in_ci_exits_2(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    wheel = make_wheel(tmp_path, "rk-cli-nocreds")
    result = runner.invoke(cli, ["publish", "--repository-url", "http://127.0.0.1:9/", str(wheel)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no credentials for http://127.0.0.1:9/")
    assert "error:   - a PyPI API token in PYPI_API_TOKEN" in result.stderr


def test_installed_command_starts_without_build_or_twine(tmp_path: Path) -> None:
    code = (
        "import sys, releasekit.cli.dist;"
        "heavy = {'build', 'twine', 'requests', 'packaging.utils'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert imported.stdout.strip() == "[]", imported.stderr
    wheel = make_wheel(tmp_path, "rk-subprocess")
    command = Path(sys.executable).with_name("releasekit")
    result = subprocess.run(
        [str(command), "publish", "--repository", "testpypi", "--dry-run", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert f"  {wheel.name}  " in result.stdout


@pytest.mark.slow
def test_publish_defaults_to_the_project_artifacts_and_repository(
    runner: CliRunner, project_copy: Path
) -> None:
    make_wheel(project_copy / "dist", "rk-hatch-sample", "0.9.0")  # another version: left out
    result = invoke(runner, project_copy, "publish", "--dry-run")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "would upload to https://upload.pypi.org/legacy/:"
    # The wheels go up first, then the sdist.
    assert [line.split()[0] for line in lines[1:]] == [
        "rk_hatch_sample-1.2.3-py3-none-any.whl",
        "rk_hatch_sample-1.2.3.tar.gz",
    ]
