"""What the commands leave for the CI, from the values they computed (releasekit.cli.ci_report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.cli import State
from releasekit.cli.ci_report import (
    artifacts_output,
    is_prerelease,
    previous_version,
    tag_of,
    version_outputs,
    wants_ci_files,
)
from releasekit.cli.output import Output
from tests.ci.github_runner import read_output_file
from tests.conftest import GitRepo

PRERELEASES = [
    ("final", "1.3.0", False),
    ("rc", "1.3.0rc1", True),
    ("semver-rc", "1.3.0-rc.1", True),
    ("dev", "1.3.1.dev0", True),
    ("post", "1.3.0.post1", False),
    ("calver", "25.02.15", False),
    ("none", None, False),
    ("not-a-version", "banana-1", True),
]


@pytest.mark.parametrize(
    ("version", "expected"), [p[1:] for p in PRERELEASES], ids=[p[0] for p in PRERELEASES]
)
def test_is_prerelease(version: str | None, expected: bool) -> None:
    assert is_prerelease(version) is expected


def state(project: GitRepo, environ: dict[str, str]) -> State:
    return State(project_path=project.path, output=Output(environ=environ))


def test_nothing_is_written_without_the_runners_files(project: GitRepo) -> None:
    quiet = state(project, {})
    assert not wants_ci_files(quiet)
    version_outputs(quiet, quiet.project(), "1.2.3")  # writes nowhere, raises nothing


def test_version_outputs_look_the_previous_release_up(project: GitRepo, tmp_path: Path) -> None:
    project.commit("feat: x")
    project.tag("v1.3.0rc1")
    output = tmp_path / "out"
    current = state(project, {"GITHUB_OUTPUT": str(output)})
    assert wants_ci_files(current)
    version_outputs(current, current.project(), "1.3.0", released=True)
    assert read_output_file(output) == {
        "version": "1.3.0",
        "previous-version": "1.3.0rc1",
        "tag": "v1.3.0",
        "prerelease": "false",
        "released": "true",
    }
    assert previous_version(current.project(), "1.3.0rc1") == "1.2.3"
    assert tag_of(current.project(), "2.0.0") == "v2.0.0"
    assert tag_of(current.project(), None) is None


def test_artifacts_are_paths_from_the_workspace(project: GitRepo, tmp_path: Path) -> None:
    output = tmp_path / "out"
    current = state(project, {"GITHUB_OUTPUT": str(output), "GITHUB_WORKSPACE": str(project.path)})
    dist = project.path / "dist"
    artifacts_output(current, [dist / "p-1.0.tar.gz", dist / "p-1.0-py3-none-any.whl"])
    assert read_output_file(output) == {
        "artifacts": "dist/p-1.0.tar.gz\ndist/p-1.0-py3-none-any.whl"
    }
    outside = tmp_path / "elsewhere" / "p.whl"
    output.write_text("")
    artifacts_output(current, [outside])
    assert read_output_file(output) == {"artifacts": str(outside.resolve())}
