"""The artifact steps of a release: an extension project's set is built by the matrix."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.dist.expected import WheelExpectation
from releasekit.dist.steps import dist_steps
from releasekit.dist.wheelset import CompleteSetStep
from releasekit.errors import CheckFailed, RefusedError
from tests.conftest import GitRepo, invoke
from tests.distfiles import make_sdist, make_wheel


def test_a_pure_project_builds_verifies_and_publishes(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "1.0"\n')
    before, after = dist_steps(tmp_path, "1.0")
    assert [type(step).__name__ for step in before + after] == [
        "BuildStep",
        "VerifyStep",
        "PublishStep",
    ]


def test_configured_wheels_are_checked_before_the_push(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "p"\nversion = "1.0"\n\n'
        '[tool.releasekit]\nexpect-wheels = ["cp3*-manylinux_*_x86_64"]\n'
    )
    before, _ = dist_steps(tmp_path, "1.0")
    step = before[-1]
    assert isinstance(step, CompleteSetStep)
    assert step.describe() == (
        f"check that {tmp_path / 'dist'} holds the complete 1.0 set: the sdist and 1 expected "
        "wheel(s)"
    )


def test_an_extension_project_refuses_to_publish_from_this_machine(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "p"\nversion = "1.0"\n\n[tool.cibuildwheel]\nskip = "pp*"\n'
    )
    with pytest.raises(RefusedError, match="built by the release workflow's cibuildwheel matrix"):
        dist_steps(tmp_path, "1.0")
    assert dist_steps(tmp_path, "1.0", publish=False)[1] == ()


def test_release_of_an_extension_project_refuses_before_any_write(
    runner: CliRunner, project: GitRepo
) -> None:
    text = project.read("pyproject.toml").decode() + '\n[tool.cibuildwheel]\nskip = "pp*"\n'
    project.commit("build: wheels with cibuildwheel", {"pyproject.toml": text})
    project.commit("feat: a compiled speed-up")
    snapshot = project.snapshot()
    result = invoke(runner, project.path, "release")
    assert result.exit_code == 1
    assert "error: work has compiled extensions" in result.stderr
    assert "releasekit release --no-publish" in result.stderr
    assert "Traceback" not in result.stderr
    assert project.snapshot() == snapshot


def test_the_complete_set_step(tmp_path: Path) -> None:
    expectation = WheelExpectation.from_globs(["py3-none-any"], "expect-wheels")
    step = CompleteSetStep(tmp_path, "1.0", expectation, "p")
    make_sdist(tmp_path, "p", "1.0")
    with pytest.raises(CheckFailed, match=r"missing 1 of 1 expected wheel\(s\): py3-none-any"):
        step.apply()
    make_wheel(tmp_path, "p", "1.0")
    make_wheel(tmp_path / "old", "p", "0.9")  # another version: not part of the release
    step.apply()
    step.rollback()
    assert not step.irreversible


@pytest.mark.parametrize(
    ("configured", "given", "expected"),
    [(None, None, "auto"), ("pip", None, "pip"), ("pip", "uv", "uv")],
    ids=["default", "configured", "argument-wins"],
)
def test_the_installer_reaches_build_and_verify(
    tmp_path: Path, configured: str | None, given: str | None, expected: str
) -> None:
    text = '[project]\nname = "p"\nversion = "1.0"\n'
    if configured:
        text += f'\n[tool.releasekit]\ninstaller = "{configured}"\n'
    (tmp_path / "pyproject.toml").write_text(text)
    before, _ = dist_steps(tmp_path, "1.0", installer=given)
    assert [getattr(step, "installer", None) for step in before] == [expected, expected]
