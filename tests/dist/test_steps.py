"""The artifact steps of a release: an extension project's set is built by the matrix."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.dist.expected import WheelExpectation
from releasekit.dist.publish import PublishTarget
from releasekit.dist.steps import PublishStep, dist_steps, plan_publish
from releasekit.dist.wheelset import CompleteSetStep
from releasekit.errors import BuildError, CheckFailed, PublishError, RefusedError
from releasekit.plan import Step
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


def test_the_plan_lists_files_and_target_without_network(tmp_path: Path) -> None:
    # A wheel and an sdist, in the order a release uploads them (the wheel first).
    files = [make_wheel(tmp_path, "rk-dry", "1.0.0"), make_sdist(tmp_path, "rk-dry", "1.0.0")]
    url = "https://user:hunter2hunter2@example.invalid/legacy/"
    plan = plan_publish(files, PublishTarget(repository_url=url), environ={})
    assert plan.facts["url"] == "https://example.invalid/legacy/"  # the credentials are hidden
    assert plan.facts["files"] == [path.name for path in files]
    assert [line.split()[0] for line in plan.facts["artifacts"]] == plan.facts["files"]
    (step,) = plan.steps
    assert step.irreversible
    assert step.describe() == "upload 2 file(s) to https://user:****@example.invalid/legacy/"
    assert "hunter2" not in plan.describe()


def test_nothing_to_publish_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="nothing to publish") as info:
        plan_publish([], PublishTarget("testpypi"))
    assert info.value.exit_code == 2


def test_dist_steps_for_the_release_plan(tmp_path: Path) -> None:
    before, after = dist_steps(tmp_path, "1.2.3", interpreters=["python3.12"], publish=True)
    assert [type(s).__name__ for s in before + after] == ["BuildStep", "VerifyStep", "PublishStep"]
    assert all(isinstance(s, Step) for s in before + after)
    assert [s.irreversible for s in before + after] == [False, False, True]
    assert getattr(after[0], "finish_command", "").startswith("releasekit publish")
    assert dist_steps(tmp_path, "1.2.3", publish=False)[1] == ()


@pytest.mark.parametrize(
    ("options", "describes"),
    [
        (
            {},
            [
                "build sdist and wheel of 1.2.3 into {root}/dist",
                "install the 1.2.3 wheel from {root}/dist in a fresh venv (this Python) and "
                "import it",
                "publish the 1.2.3 artifacts in {root}/dist to pypi",
            ],
        ),
        (
            {"verify": False, "publish": False},
            ["build sdist and wheel of 1.2.3 into {root}/dist"],
        ),
        (
            {"repository_url": "https://u:secret@h.example/legacy/", "verify": False},
            [
                "build sdist and wheel of 1.2.3 into {root}/dist",
                "publish the 1.2.3 artifacts in {root}/dist to https://u:****@h.example/legacy/",
            ],
        ),
        (
            {"repository": "testpypi", "verify": False, "outdir": "OUT"},
            [
                "build sdist and wheel of 1.2.3 into OUT",
                "publish the 1.2.3 artifacts in OUT to testpypi",
            ],
        ),
    ],
    ids=["everything", "build-only", "url-masked", "outdir-and-repository"],
)
def test_each_option_shapes_the_steps(
    tmp_path: Path, options: dict[str, object], describes: list[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "1.2.3"\n')
    if options.get("outdir") == "OUT":
        options = {**options, "outdir": tmp_path / "out"}
        describes = [d.replace("OUT", str(tmp_path / "out")) for d in describes]
    before, after = dist_steps(tmp_path, "1.2.3", **options)  # type: ignore[arg-type]
    assert [step.describe() for step in before + after] == [
        d.format(root=tmp_path) for d in describes
    ]


def test_a_publish_step_finds_its_files_at_apply_time(tmp_path: Path) -> None:
    step = PublishStep(tmp_path / "dist", "1.0.0", PublishTarget("testpypi"))
    assert step.describe() == f"publish the 1.0.0 artifacts in {tmp_path / 'dist'} to testpypi"
    with pytest.raises(BuildError, match="does not exist"):
        step.files()
    wheel = make_wheel(tmp_path / "dist", "rk-late", "1.0.0")
    sdist = make_sdist(tmp_path / "dist", "rk-late", "1.0.0")
    make_wheel(tmp_path / "dist", "rk-late", "0.9.0")
    assert step.files() == [sdist, wheel]
    assert PublishStep(tmp_path, None, dists=(wheel,)).files() == [wheel]
    step.rollback()  # an upload cannot be undone: nothing happens
    assert step.result is None
