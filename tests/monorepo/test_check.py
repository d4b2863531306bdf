"""``check --tag`` in a lockstep monorepo checks every package, one error line per culprit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.cli import cli
from releasekit.errors import Problem
from releasekit.monorepo.check import check_lockstep_tag, lockstep_workspace, relocated
from releasekit.workspace.members import discover_workspace
from tests.ci.github_runner import read_output_file
from tests.conftest import GitRepo, invoke, workspace_files
from tests.distfiles import make_sdist, make_wheel

LOG = "# Changelog\n\n## [Unreleased]\n\n## [{version}] - 2025-01-01\n\n- Released.\n"
LOCKSTEP = (
    '[tool.uv.workspace]\nmembers = ["packages/*"]\n\n[tool.releasekit]\nversioning = "lockstep"\n'
)


@pytest.fixture
def lockstep(repo: GitRepo) -> GitRepo:
    """``a``, ``b`` and ``c`` at 1.5.0 in lockstep, each with its changelog, tagged v1.5.0."""
    members = {n: (f"packages/{n}", "1.5.0", ()) for n in ("a", "b", "c")}
    files = workspace_files(members, root=LOCKSTEP)
    for name in members:
        files[f"packages/{name}/CHANGELOG.md"] = LOG.format(version="1.5.0")
    repo.commit("chore: release 1.5.0", files)
    repo.tag("v1.5.0", "Release 1.5.0")
    return repo


def test_every_package_agrees(lockstep: GitRepo, runner: CliRunner) -> None:
    result = invoke(runner, lockstep.path, "check", "--tag", "v1.5.0")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: a, b, c at 1.5.0, as tag v1.5.0 says\n"


def set_version(repo: GitRepo, member: str, version: str) -> GitRepo:
    path = repo.path / f"packages/{member}/pyproject.toml"
    path.write_text(path.read_text().replace('version = "1.5.0"', f'version = "{version}"'))
    return repo


CULPRITS = [
    (
        "second-member-version",
        lambda r: set_version(r, "b", "1.4.0"),
        ["packages/b/pyproject.toml:3: tag v1.5.0 names version 1.5.0, but"],
    ),
    (
        "last-member-changelog",
        lambda r: r.write("packages/c/CHANGELOG.md", LOG.format(version="1.4.0")),
        ["packages/c/CHANGELOG.md"],
    ),
    (
        "two-members",
        lambda r: (set_version(r, "a", "1.5.1"), set_version(r, "c", "1.4.0")),
        ["packages/a/pyproject.toml:3: ", "packages/c/pyproject.toml:3: "],
    ),
]


@pytest.mark.parametrize(
    ("change", "starts"), [c[1:] for c in CULPRITS], ids=[c[0] for c in CULPRITS]
)
def test_one_error_line_per_culprit_in_any_member(
    lockstep: GitRepo, runner: CliRunner, change: object, starts: list[str]
) -> None:
    change(lockstep)  # type: ignore[operator]
    lockstep.commit("chore: drift")
    lockstep.git("tag", "-f", "-a", "v1.5.0", "-m", "Release 1.5.0")
    before = lockstep.snapshot()

    result = invoke(runner, lockstep.path, "check", "--tag", "v1.5.0")

    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(starts), result.stderr
    for line, start in zip(errors, starts, strict=True):
        assert line.removeprefix("error: ").startswith(start), line
    assert "Traceback" not in result.output
    assert lockstep.snapshot() == before


def test_the_tag_is_checked_once(lockstep: GitRepo, runner: CliRunner) -> None:
    lockstep.commit("chore: after the tag")
    result = invoke(runner, lockstep.path, "check", "--tag", "v1.5.0")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("error: tag v1.5.0 points at ")
    missing = invoke(runner, lockstep.path, "check", "--tag", "v9.9.9")
    assert missing.stderr.count("does not exist here") == 1, missing.stderr
    assert missing.stderr.count("names version 9.9.9") == 3  # one per package's file
    alien = invoke(runner, lockstep.path, "check", "--tag", "a-v1.5.0")
    assert alien.exit_code == 1
    assert "is not a release tag of this lockstep monorepo" in alien.stderr


def test_the_dist_check_covers_every_members_artifacts(lockstep: GitRepo, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    for name in ("a", "b", "c"):
        make_sdist(dist / name, name, "1.5.0")
        if name != "b":
            make_wheel(dist / name, name, "1.5.0")
    make_wheel(dist / "other", "stranger", "1.0")
    workspace = discover_workspace(lockstep.path)

    result = check_lockstep_tag(workspace, "v1.5.0", dist=dist)

    messages = [problem.format() for problem in result.problems]
    assert len(messages) == 2, messages
    assert messages[0].startswith("b: ")
    assert "py3-none-any" in messages[0]
    assert messages[1].endswith("belongs to no package of the release (a, b, c)")
    assert "other/stranger-1.0-py3-none-any.whl" in messages[1]
    make_wheel(dist / "b", "b", "1.5.0")
    (dist / "other" / "stranger-1.0-py3-none-any.whl").unlink()
    assert check_lockstep_tag(workspace, "v1.5.0", dist=dist).ok


def test_github_outputs_name_the_tags_version(
    lockstep: GitRepo, runner: CliRunner, tmp_path: Path
) -> None:
    output = tmp_path / "output"
    result = runner.invoke(
        cli,
        ["--project", str(lockstep.path), "check", "--tag", "v1.5.0", "--json"],
        env={"GITHUB_OUTPUT": str(output)},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["packages"] == ["a", "b", "c"]
    outputs = read_output_file(output)
    assert (outputs["version"], outputs["tag"], outputs["prerelease"]) == (
        "1.5.0",
        "v1.5.0",
        "false",
    )


def test_independent_mode_keeps_one_package_per_tag(workspace: GitRepo) -> None:
    assert lockstep_workspace(workspace.path) is None
    assert relocated(Problem("x", "f", 1), ".") == Problem("x", "f", 1)
