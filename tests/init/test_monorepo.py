"""The release workflow of a monorepo with a compiled package and a pure one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from releasekit.init.monorepo import (
    MonorepoPackage,
    monorepo_packages,
    render_compiled_monorepo_workflow,
    select_script,
)
from releasekit.init.scaffold import WORKFLOW_PATH, plan_init
from releasekit.init.workflow import DEFAULT_PYTHONS, WorkflowSettings
from tests.conftest import GitRepo, workspace_files
from tests.distfiles import SAMPLES
from tests.init.test_workflows import actionlint, jobs, permissions, zizmor_findings

MIXED_JOBS = ["check", "build", "sdist", "wheels", "gather", "verify", "publish", "github-release"]


@pytest.fixture
def mixed(repo: GitRepo) -> GitRepo:
    """A uv workspace: the C extension sample in packages/fast, a pure ``slow`` beside it."""
    files = workspace_files({"slow": ("packages/slow", "0.3.0", ())})
    repo.commit("chore: the pure package", files)
    shutil.copytree(SAMPLES / "ext_sample", repo.path / "packages" / "fast")
    repo.commit("chore: the compiled package")
    repo.tag("slow@0.3.0", "Release slow 0.3.0")
    return repo


def run_select(workflow: str, tag: str, tmp_path: Path) -> tuple[int, dict[str, str]]:
    """Run the check job's selection step with bash, as the runner would."""
    line = re.search(r"^        run: ('case .*)$", jobs(workflow)["check"], re.MULTILINE)
    assert line, "the check job selects the package"
    script = line[1][1:-1].replace("''", "'")  # a YAML single-quoted scalar
    output = tmp_path / f"output-{tag.replace('/', '_')}"
    output.write_text("")
    result = subprocess.run(
        ["bash", "-c", script],
        env={"PATH": os.environ["PATH"], "GITHUB_REF_NAME": tag, "GITHUB_OUTPUT": str(output)},
        capture_output=True,
        text=True,
        check=False,
    )
    pairs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return result.returncode, pairs


def test_init_builds_the_compiled_package_on_the_matrix_and_the_pure_one_once(
    mixed: GitRepo, tmp_path: Path
) -> None:
    plan = plan_init(mixed.path)
    assert "wheels on a cibuildwheel matrix" in plan.describe()
    plan.apply()
    workflow = mixed.path / WORKFLOW_PATH
    text = workflow.read_text()

    result = actionlint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    assert zizmor_findings(workflow) == []
    assert "      - 'rk-ext-sample-v*'\n      - 'slow@*'\n" in text
    found = jobs(text)
    assert list(found) == MIXED_JOBS
    assert "if: needs.check.outputs.compiled != 'true'" in found["build"]
    for job in ("sdist", "wheels"):
        assert "if: needs.check.outputs.compiled == 'true'" in found[job]
    assert "package-dir: ${{ needs.check.outputs.package-dir }}" in found["wheels"]
    assert "uses: pypa/cibuildwheel@" in found["wheels"]
    assert "needs: [build, sdist, wheels]" in found["gather"]
    assert "if: ${{ !cancelled() && !failure() }}" in found["gather"]
    assert (
        'releasekit --package "$GITHUB_REF_NAME" check --dist "$GITHUB_WORKSPACE/dist"'
        in (found["gather"])
    )
    assert all(permissions(block) for block in found.values())

    assert run_select(text, "rk-ext-sample-v1.3.0", tmp_path) == (
        0,
        {"package-dir": "packages/fast", "compiled": "true"},
    )
    assert run_select(text, "slow@0.4.0rc1", tmp_path) == (
        0,
        {"package-dir": "packages/slow", "compiled": "false"},
    )
    assert run_select(text, "other-v1.0", tmp_path)[0] == 1


def test_a_pure_monorepo_keeps_the_ordinary_workflow(workspace: GitRepo) -> None:
    plan_init(workspace.path).apply()
    text = (workspace.path / WORKFLOW_PATH).read_text()
    assert "cibuildwheel" not in text
    assert [p.compiled for p in monorepo_packages(workspace.path)] == [False, False]


ODD = [
    MonorepoPackage("core-v", "", "packages/core", True),
    MonorepoPackage("core-lib-v", "", "packages/core lib", False),
    MonorepoPackage("it's-", "-final", "it's", False),
    MonorepoPackage("", "", ".", False),
]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("core-v1.0", ("packages/core", "true")),
        ("core-lib-v1.0", ("packages/core lib", "false")),
        ("it's-2.0-final", ("it's", "false")),
        ("3.1.4", (".", "false")),
    ],
    ids=["prefix", "longest-prefix-first", "quotes-and-suffix", "bare-version"],
)
def test_the_selection_quotes_every_pattern_and_directory(
    tag: str, expected: tuple[str, str], tmp_path: Path
) -> None:
    text = render_compiled_monorepo_workflow(WorkflowSettings("x", ("3.13",), "x"), ODD)
    code, outputs = run_select(text, tag, tmp_path)
    assert (code, outputs["package-dir"], outputs["compiled"]) == (0, *expected)


@pytest.mark.parametrize("uv", [False, True], ids=["pip", "uv"])
def test_the_rendered_workflow_passes_both_linters(uv: bool, tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    settings = WorkflowSettings("x", DEFAULT_PYTHONS, "x", "releasekit==26.12.1", uv=uv)
    (workflows / "release.yml").write_text(render_compiled_monorepo_workflow(settings, ODD))
    result = actionlint(workflows / "release.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert zizmor_findings(workflows / "release.yml") == []
    assert select_script(ODD).startswith("'case ")


LOCKSTEP = (
    '[tool.uv.workspace]\nmembers = ["packages/*"]\n\n[tool.releasekit]\nversioning = "lockstep"\n'
)


@pytest.fixture
def lockstep(repo: GitRepo) -> GitRepo:
    """``rk-lock-a`` and ``rk-lock-b`` (pinning ``rk-lock-a==1.5.0``) at 1.5.0, tagged v1.5.0."""
    members = {
        "rk-lock-a": ("packages/a", "1.5.0", ()),
        "rk-lock-b": ("packages/b", "1.5.0", ("rk-lock-a==1.5.0",)),
    }
    repo.commit("chore: release 1.5.0", workspace_files(members, root=LOCKSTEP))
    repo.tag("v1.5.0", "Release 1.5.0")
    return repo


def steps_run(block: str) -> list[str]:
    return re.findall(r"^        run: (.*)$", block, re.MULTILINE)


def test_a_lockstep_workflow_builds_verifies_and_publishes_every_package(
    lockstep: GitRepo,
) -> None:
    plan_init(lockstep.path).apply()
    workflow = lockstep.path / WORKFLOW_PATH
    text = workflow.read_text()
    result = actionlint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    assert zizmor_findings(workflow) == []
    assert "    tags:\n      - 'v*'\n\n" in text
    found = jobs(text)
    assert steps_run(found["check"])[-1] == 'releasekit check --tag "$GITHUB_REF_NAME"'
    assert steps_run(found["build"])[1:] == [
        'releasekit --project packages/a build --outdir "$GITHUB_WORKSPACE/dist/rk-lock-a"',
        'releasekit --project packages/b build --outdir "$GITHUB_WORKSPACE/dist/rk-lock-b"',
    ]
    assert "name: dist-rk-lock-a\n" in found["build"]
    assert "name: dist-rk-lock-b\n" in found["build"]
    links = (
        '--find-links "$GITHUB_WORKSPACE/dist/dist-rk-lock-a" '
        '--find-links "$GITHUB_WORKSPACE/dist/dist-rk-lock-b"'
    )
    assert steps_run(found["verify"])[1:] == [
        'releasekit --project packages/a verify --dist "$GITHUB_WORKSPACE/dist/dist-rk-lock-a" '
        + links,
        'releasekit --project packages/b verify --dist "$GITHUB_WORKSPACE/dist/dist-rk-lock-b" '
        + links,
    ]
    assert "merge-multiple" not in found["verify"]
    for job in ("publish", "github-release"):
        assert (
            "pattern: dist-*\n          path: dist/\n          merge-multiple: true" in found[job]
        )
    assert "--package" not in text  # the tag picks no single package


@pytest.mark.slow
def test_the_lockstep_build_and_verify_steps_work_as_written(
    lockstep: GitRepo, tmp_path: Path
) -> None:
    """The build and verify commands of the workflow, run here as the runner would."""
    plan_init(lockstep.path).apply()
    found = jobs((lockstep.path / WORKFLOW_PATH).read_text())
    env = {**os.environ, "GITHUB_WORKSPACE": str(lockstep.path), "GITHUB_REF_NAME": "v1.5.0"}
    for script in steps_run(found["build"])[1:]:
        done = subprocess.run(
            ["bash", "-c", script], cwd=lockstep.path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
    for name in ("rk-lock-a", "rk-lock-b"):  # what download-artifact makes of dist-<name>
        (lockstep.path / "dist" / name).rename(lockstep.path / "dist" / f"dist-{name}")
    # b's pin on the new a resolves to the wheel just built, not to an index.
    for script in steps_run(found["verify"])[1:]:
        done = subprocess.run(
            ["bash", "-c", script + " --no-index"],
            cwd=lockstep.path,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_a_lockstep_monorepo_with_a_compiled_package_is_refused(repo: GitRepo) -> None:
    from releasekit.errors import RefusedError

    files = workspace_files({"slow": ("packages/slow", "1.5.0", ())}, root=LOCKSTEP)
    repo.commit("chore: the pure package", files)
    shutil.copytree(SAMPLES / "ext_sample", repo.path / "packages" / "fast")
    text = (repo.path / "packages/fast/pyproject.toml").read_text()
    (repo.path / "packages/fast/pyproject.toml").write_text(text.replace("1.2.3", "1.5.0"))
    repo.commit("chore: the compiled package")
    with pytest.raises(RefusedError, match=r"lockstep monorepo with compiled packages \(rk-ext"):
        plan_init(repo.path)
    assert plan_init(repo.path, workflow=False).steps  # the rest of init still works
