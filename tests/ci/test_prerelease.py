"""A pre-release tag becomes a GitHub pre-release: ``check --tag`` writes ``prerelease`` to
``$GITHUB_OUTPUT``, and the release step of every workflow releasekit writes (and of its
own release.yml) passes it to ``gh release create --prerelease``.

The chain runs for real: ``releasekit check`` in a git repository with the tag, the runner's
reading of the output file, then the workflow's own release script run by bash with a
stand-in ``gh`` that records its arguments.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.cli import cli
from releasekit.init.monorepo import MonorepoPackage, render_compiled_monorepo_workflow
from releasekit.init.workflow import WorkflowSettings, render_monorepo_workflow
from releasekit.init.workflow import render_release_workflow as render
from tests.ci.github_runner import read_output_file
from tests.conftest import GitRepo, workspace_files
from tests.init.test_workflows import RELEASE, jobs

VERSIONS = [
    ("pep440-alpha", "1.3.0a1", "true"),
    ("pep440-beta", "1.3.0b2", "true"),
    ("pep440-rc", "1.3.0rc1", "true"),
    ("pep440-dev", "1.3.1.dev0", "true"),
    ("pep440-post-dev", "1.3.0.post1.dev2", "true"),
    ("semver-rc", "1.3.0-rc.1", "true"),
    ("semver-alpha", "2.0.0-alpha.1", "true"),
    ("semver-beta", "2.0.0-beta.2", "true"),
    ("calver-rc", "25.02.15rc1", "true"),
    ("final", "1.3.0", "false"),
    ("post", "1.3.0.post1", "false"),
    ("semver-build", "1.3.0+build.5", "false"),
    ("calver", "25.02.15", "false"),
]
SETTINGS = WorkflowSettings("v*", ("3.13",), "demo")
WORKFLOWS = {
    "own": RELEASE.read_text(),
    "init": render(SETTINGS),
    "init-extension": render(WorkflowSettings("v*", ("3.13",), "demo", extension=True)),
    "init-monorepo": render_monorepo_workflow(SETTINGS, ["a-v*", "b-v*"]),
    "init-monorepo-compiled": render_compiled_monorepo_workflow(
        SETTINGS, [MonorepoPackage("a-v", "", "a", True), MonorepoPackage("b-v", "", "b", False)]
    ),
}


def check_outputs(root: Path, tag: str, tmp_path: Path, *options: str) -> dict[str, str]:
    """Run ``releasekit check --tag TAG`` as the check job does; return its outputs."""
    output = tmp_path / "github-output"
    output.write_text("")
    result = CliRunner().invoke(
        cli,
        ["--project", str(root), *options, "check", "--tag", tag],
        env={"GITHUB_OUTPUT": str(output), "GITHUB_ACTIONS": "true"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return read_output_file(output)


def release_flag(workflow: str, prerelease: str, tag: str, tmp_path: Path) -> str:
    """The ``--prerelease`` argument the workflow's release step gives ``gh``."""
    found = jobs(workflow)
    step = found["github-release"].split("- name: Create the release", 1)[1]
    script = re.search(r"^        run: (.*)$", step, flags=re.MULTILINE)
    assert script
    # The step reads the check job's output, which the check step wrote.
    assert "PRERELEASE: ${{ needs.check.outputs.prerelease }}" in step
    assert "prerelease: ${{ steps.check.outputs.prerelease }}" in found["check"]
    assert "        id: check" in found["check"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    (bin_dir / "gh").write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$GH_ARGS"\n')
    (bin_dir / "gh").chmod(0o755)
    (tmp_path / "dist").mkdir(exist_ok=True)
    subprocess.run(
        ["bash", "-c", script[1]],
        cwd=tmp_path,
        check=True,
        env={
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "GH_ARGS": str(tmp_path / "args"),
            "GITHUB_REF_NAME": tag,
            "PRERELEASE": prerelease,
        },
    )
    words = (tmp_path / "args").read_text().splitlines()
    return next(word for word in words if word.startswith("--prerelease"))


@pytest.mark.parametrize(
    ("version", "expected"), [v[1:] for v in VERSIONS], ids=[v[0] for v in VERSIONS]
)
def test_check_marks_a_pre_release_tag_and_every_workflow_passes_it_on(
    repo: GitRepo, tmp_path: Path, version: str, expected: str
) -> None:
    repo.commit(
        "chore: release",
        {"pyproject.toml": f'[project]\nname = "demo"\nversion = "{version}"\n'},
    )
    repo.tag(f"v{version}", f"Release {version}")

    outputs = check_outputs(repo.path, f"v{version}", tmp_path)

    assert (outputs["tag"], outputs["prerelease"]) == (f"v{version}", expected)
    for name, workflow in WORKFLOWS.items():
        flag = release_flag(workflow, outputs["prerelease"], f"v{version}", tmp_path / name)
        assert flag == f"--prerelease={expected}", name


@pytest.mark.parametrize(
    ("lockstep", "tag", "expected"),
    [
        (False, "b-v2.1.0rc1", "true"),
        (False, "b-v2.1.0", "false"),
        (True, "v2.1.0-beta.1", "true"),
        (True, "v2.1.0", "false"),
    ],
    ids=["package-rc", "package-final", "lockstep-semver-beta", "lockstep-final"],
)
def test_a_monorepo_packages_pre_release_tag(
    repo: GitRepo, tmp_path: Path, lockstep: bool, tag: str, expected: str
) -> None:
    version = tag.rsplit("v", 1)[1]
    root = '[tool.uv.workspace]\nmembers = ["packages/*"]\n'
    if lockstep:
        root += '\n[tool.releasekit]\nversioning = "lockstep"\n'
    members = {
        "a": ("packages/a", version if lockstep else "1.0.0", ()),
        "b": ("packages/b", version, ()),
    }
    repo.commit("chore: release", workspace_files(members, root=root))
    if not lockstep:
        repo.tag("a-v1.0.0", "Release a 1.0.0")
    repo.tag(tag, f"Release {tag}")

    outputs = check_outputs(repo.path, tag, tmp_path)

    assert (outputs["version"], outputs["prerelease"]) == (version, expected)
