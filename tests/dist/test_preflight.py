"""Tests for releasekit.dist.preflight: what the build and the upload need, checked first."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.dist.preflight import check_release_artifacts
from releasekit.errors import PublishError, RefusedError
from tests.conftest import Recorder
from tests.pypi_index import PASSWORD, PypiServer

README_FIX = 'add readme = "README.md" to [project]'


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's keyring must not answer."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


def _check(
    root: Path,
    project: dict[str, object],
    *,
    publish: bool = False,
    url: str | None = None,
    environ: dict[str, str] | None = None,
) -> Recorder:
    recorder = Recorder()
    check_release_artifacts(
        root,
        {"project": project},
        build=True,
        publish=publish,
        repository="pypi",
        repository_url=url,
        reporter=recorder,
        environ=environ or {},
    )
    return recorder


def test_a_missing_readme_is_a_warning_that_names_the_fix(tmp_path: Path) -> None:
    recorder = _check(tmp_path, {"name": "demo", "version": "1.0"})
    (warning,) = recorder.warnings
    assert README_FIX in warning


def test_a_readme_that_cannot_be_read_blocks_and_says_nothing_changed(tmp_path: Path) -> None:
    with pytest.raises(RefusedError) as caught:
        _check(tmp_path, {"name": "demo", "readme": "README.md"})
    assert caught.value.exit_code == 1
    message = str(caught.value)
    assert "readme = 'README.md' cannot be read" in message
    assert message.endswith("nothing was changed")


def test_nothing_to_build_checks_no_metadata(tmp_path: Path) -> None:
    recorder = Recorder()
    check_release_artifacts(
        tmp_path,
        {"project": {"name": "-bad-"}},
        build=False,
        publish=False,
        repository="pypi",
        repository_url=None,
        reporter=recorder,
        environ={},
    )
    assert recorder.lines == []


CREDENTIALS = {
    "missing": ({}, "no credentials for"),
    "rejected": (
        {"TWINE_USERNAME": "releaser", "TWINE_PASSWORD": "wrong-1d4f"},
        "rejected the upload credentials",
    ),
}


@pytest.mark.parametrize(("environ", "said"), CREDENTIALS.values(), ids=CREDENTIALS.keys())
def test_missing_or_rejected_credentials_refuse_with_exit_1(
    tmp_path: Path, pypi_server: PypiServer, environ: dict[str, str], said: str
) -> None:
    (tmp_path / "README.md").write_text("# demo\n")
    project: dict[str, object] = {"name": "demo", "readme": "README.md"}
    with pytest.raises(PublishError) as caught:
        _check(tmp_path, project, publish=True, url=pypi_server.url, environ=environ)
    assert caught.value.exit_code == 1
    assert said in str(caught.value)
    assert "wrong-1d4f" not in str(caught.value)


def test_accepted_credentials_pass_and_upload_nothing(
    tmp_path: Path, pypi_server: PypiServer
) -> None:
    (tmp_path / "README.md").write_text("# demo\n")
    before = sorted(pypi_server.packages.iterdir())
    recorder = _check(
        tmp_path,
        {"name": "demo", "readme": "README.md"},
        publish=True,
        url=pypi_server.url,
        environ={"TWINE_USERNAME": "releaser", "TWINE_PASSWORD": PASSWORD},
    )
    assert recorder.lines == []
    assert sorted(pypi_server.packages.iterdir()) == before
