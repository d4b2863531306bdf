"""Publishing a whole release set to a real pypiserver: wheels first, a failure part-way, resume.

The failure is real too: a proxy from the standard library sits in front of pypiserver and
answers the N-th upload with 503, as an index outage would (tests/pypi_index.FailingProxy).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.dist.order import PublishIncomplete
from releasekit.dist.publish import PublishTarget, publish
from tests.conftest import GitRepo, invoke
from tests.distfiles import make_wheel, make_wheel_set, sha256, wheel_tag
from tests.pypi_index import FailingProxy, PypiServer

IDENTIFIERS = (
    "cp312-manylinux_x86_64",
    "cp312-macosx_arm64",
    "cp312-win_amd64",
    "cp313-manylinux_x86_64",
    "cp313-win_amd64",
)


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The keyring of the machine running the tests must never answer."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.delenv("CI", raising=False)


def creds(server: PypiServer) -> dict[str, str]:
    return {"TWINE_USERNAME": server.username, "TWINE_PASSWORD": server.password}


def on_index(server: PypiServer, name: str) -> dict[str, str]:
    """The files of ``name`` pypiserver stored, with their sha256."""
    prefix = name.replace("-", "_")
    return {p.name: sha256(p) for p in server.packages.glob(f"{prefix}-*")}


@pytest.mark.slow
def test_the_wheels_go_up_before_the_sdist(pypi_server: PypiServer, tmp_path: Path) -> None:
    files = make_wheel_set(tmp_path, IDENTIFIERS, "rk-order", "1.0.0")
    failing = FailingProxy(pypi_server.url, fail_upload=6)  # the last upload fails
    with failing as proxy, pytest.raises(PublishIncomplete) as info:
        publish(
            files,
            PublishTarget(repository_url=proxy.url),
            environ=creds(pypi_server),
            retries=0,
        )
    assert info.value.missing == ("rk_order-1.0.0.tar.gz",)
    assert len(info.value.present) == 5
    assert sorted(on_index(pypi_server, "rk-order")) == sorted(info.value.present)


@pytest.mark.slow
def test_a_failure_part_way_says_what_is_on_the_index_and_the_resume_finishes(
    pypi_server: PypiServer, tmp_path: Path
) -> None:
    files = make_wheel_set(tmp_path, IDENTIFIERS, "rk-resume", "2.0.0")
    wheels = sorted(p.name for p in files if p.suffix == ".whl")
    with FailingProxy(pypi_server.url, fail_upload=3) as proxy:
        target = PublishTarget(repository_url=proxy.url)
        with pytest.raises(PublishIncomplete) as info:
            publish(files, target, environ=creds(pypi_server), retries=0)
        error = info.value
        # Read back from the index (by sha256), not guessed: the first two wheels are there.
        assert error.present == tuple(wheels[:2])
        assert error.missing == (*wheels[2:], "rk_resume-2.0.0.tar.gz")
        assert on_index(pypi_server, "rk-resume") == {
            p.name: sha256(p) for p in files if p.name in wheels[:2]
        }
        lines = error.lines()
        assert lines[0].startswith(f"{proxy.url} refused {wheels[2]}: HTTP 503 Service Unavailable")
        assert lines[-3] == (
            f"publishing stopped part-way: {proxy.url}simple/ now holds 2 of 6 file(s) of this "
            f"release (same sha256): {wheels[0]}, {wheels[1]}"
        )
        assert lines[-2] == f"not on the index: {', '.join(error.missing)}"
        assert "releasekit publish --skip-existing" in lines[-1]
        assert pypi_server.password not in str(error)

        result = publish(files, target, environ=creds(pypi_server), retries=0, skip_existing=True)
    assert [a.filename for a in result.skipped] == wheels[:2]
    assert [a.filename for a in result.uploaded] == [*wheels[2:], "rk_resume-2.0.0.tar.gz"]
    assert on_index(pypi_server, "rk-resume") == {p.name: sha256(p) for p in files}


@pytest.fixture
def release_project(project: GitRepo) -> GitRepo:
    """The sample project renamed (the index is shared) and expecting the five wheels."""
    text = project.read("pyproject.toml").decode().replace("sample-pkg", "rk-cli-set")
    globs = (
        '"cp312-manylinux_*_x86_64", "cp312-macosx_*_arm64", "cp312-win_amd64", '
        '"cp313-manylinux_*_x86_64", "cp313-win_amd64"'
    )
    project.write("pyproject.toml", text + f"\n[tool.releasekit]\nexpect-wheels = [{globs}]\n")
    return project


def test_cli_publish_rechecks_the_set_then_resumes_after_a_failure(
    runner: CliRunner,
    release_project: GitRepo,
    pypi_server: PypiServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key, value in creds(pypi_server).items():
        monkeypatch.setenv(key, value)
    dist = release_project.path / "dist"
    files = make_wheel_set(dist, IDENTIFIERS[1:], "rk-cli-set", "1.2.3")
    refused = invoke(runner, release_project.path, "publish", "--repository-url", pypi_server.url)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "error: missing 1 of 5 expected wheel(s): cp312-manylinux_*_x86_64 (expected by "
        "expect-wheels in [tool.releasekit])",
        "error: a build job failed or its artifact was not downloaded: re-run it, or narrow the "
        "expectation (`expect-wheels` in [tool.releasekit], [tool.cibuildwheel] skip)",
        f"error: nothing was uploaded: {dist} is not the whole release",
    ]
    assert on_index(pypi_server, "rk-cli-set") == {}

    files.append(make_wheel(dist, "rk-cli-set", "1.2.3", tag=wheel_tag(IDENTIFIERS[0])))
    with FailingProxy(pypi_server.url, fail_upload=2) as proxy:
        stopped = invoke(
            runner, release_project.path, "publish", "--repository-url", proxy.url, "--retries", "0"
        )
        assert stopped.exit_code == 1
        errors = [line for line in stopped.stderr.splitlines() if line.startswith("error: ")]
        assert "HTTP 503 Service Unavailable" in errors[0]
        assert errors[-3].startswith(
            f"error: publishing stopped part-way: {proxy.url}simple/ now holds 1 of 6"
        )
        assert errors[-1].startswith("error: finish with `releasekit publish --skip-existing`")
        assert len(on_index(pypi_server, "rk-cli-set")) == 1

        resumed = invoke(
            runner,
            release_project.path,
            "publish",
            "--repository-url",
            proxy.url,
            "--skip-existing",
        )
    assert resumed.exit_code == 0, resumed.stderr
    lines = resumed.stdout.splitlines()
    assert len([line for line in lines if line.startswith("skipped ")]) == 1
    uploaded = [line.split()[1] for line in lines if line.startswith("uploaded ")]
    assert uploaded[-1] == "rk_cli_set-1.2.3.tar.gz"  # the sdist goes last
    assert on_index(pypi_server, "rk-cli-set") == {p.name: sha256(p) for p in files}
