"""``releasekit check --dist``: the complete-set check on a real project and real wheel files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.check.dist import dist_problems
from releasekit.dist.cibuildwheel import build_identifiers
from releasekit.files.toml import parse_toml
from tests.conftest import GitRepo, invoke
from tests.distfiles import make_sdist, make_wheel, make_wheel_set, wheel_tag

CIBUILDWHEEL = """
[tool.cibuildwheel]
skip = ["*-win32", "*musllinux*", "cp3??t-*"]
"""


@pytest.fixture
def extension(project: GitRepo) -> tuple[GitRepo, tuple[str, ...]]:
    """The sample project, requiring Python 3.14+ and configured for cibuildwheel."""
    text = project.read("pyproject.toml").decode()
    text = text.replace('description = "A sample project"', 'requires-python = ">=3.14"')
    project.write("pyproject.toml", text + CIBUILDWHEEL)
    identifiers = build_identifiers(parse_toml(text + CIBUILDWHEEL, "pyproject.toml"))
    assert len(identifiers) == 10  # cp314 and cp315 on five platforms
    return project, identifiers


def run_check(runner: CliRunner, project: GitRepo) -> tuple[int, list[str]]:
    result = invoke(runner, project.path, "check", "--dist", "dist")
    return result.exit_code, result.stderr.splitlines()


def test_a_complete_set_passes(
    runner: CliRunner, extension: tuple[GitRepo, tuple[str, ...]]
) -> None:
    project, identifiers = extension
    # One directory per CI artifact, as the release workflow's gather job downloads them.
    make_sdist(project.path / "dist" / "dist-sdist", "sample-pkg", "1.2.3")
    for identifier in identifiers:
        runner_dir = "dist-wheels-" + identifier.split("-", 1)[1]
        make_wheel(
            project.path / "dist" / runner_dir, "sample-pkg", "1.2.3", tag=wheel_tag(identifier)
        )
    result = invoke(runner, project.path, "check", "--dist", "dist")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "ok: dist holds the complete 1.2.3 set: the sdist and 10 wheel(s) (10 expected)"
    )


def test_a_missing_platform_lists_what_is_missing(
    runner: CliRunner, extension: tuple[GitRepo, tuple[str, ...]]
) -> None:
    project, identifiers = extension
    make_wheel_set(
        project.path / "dist", [i for i in identifiers if "win" not in i], "sample-pkg", "1.2.3"
    )
    snapshot = project.snapshot()
    code, lines = run_check(runner, project)
    assert code == 1
    assert lines[0] == (
        "error: missing 2 of 10 expected wheel(s): cp314-win_amd64, cp315-win_amd64 "
        "(expected by an extension project ([tool.cibuildwheel] in "
        "pyproject.toml): what cibuildwheel 4.2.0 builds on the release workflow's runners for "
        "[tool.cibuildwheel] and requires-python)"
    )
    assert lines[1].startswith("error: a build job failed or its artifact was not downloaded")
    assert project.snapshot() == snapshot


def test_a_duplicate(runner: CliRunner, extension: tuple[GitRepo, tuple[str, ...]]) -> None:
    project, identifiers = extension
    make_wheel_set(project.path / "dist", identifiers, "sample-pkg", "1.2.3")
    copy = project.path / "dist" / "again"
    copy.mkdir()
    first = next((project.path / "dist").glob("*cp314*win_amd64.whl"))
    shutil.copy(first, copy)
    code, lines = run_check(runner, project)
    assert (code, lines) == (
        1,
        [f"error: {first.name} is present 2 times: again/{first.name}, {first.name}"],
    )


def test_a_version_mismatch_between_wheels(
    runner: CliRunner, extension: tuple[GitRepo, tuple[str, ...]]
) -> None:
    project, identifiers = extension
    make_wheel_set(project.path / "dist", identifiers[1:], "sample-pkg", "1.2.3")
    odd = make_wheel(
        project.path / "dist",
        "sample-pkg",
        "1.2.3",
        tag=wheel_tag(identifiers[0]),
        metadata_version="1.2.4",
    )
    code, lines = run_check(runner, project)
    assert code == 1
    assert lines[0] == (
        f"error: dist/{odd.name}: its metadata says version 1.2.4, the release is 1.2.3: it was "
        "built from another commit; rebuild from the release tag"
    )
    assert lines[1].startswith(f"error: missing 1 of 10 expected wheel(s): {identifiers[0]} ")


def test_a_stale_wheel_from_an_older_version(
    runner: CliRunner, extension: tuple[GitRepo, tuple[str, ...]]
) -> None:
    project, identifiers = extension
    make_wheel_set(project.path / "dist", identifiers, "sample-pkg", "1.2.3")
    stale = make_wheel(project.path / "dist", "sample-pkg", "1.2.2", tag=wheel_tag(identifiers[4]))
    result = invoke(runner, project.path, "check", "--dist", "dist", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["error"]["problems"] == [
        {
            "message": "a stale file of the older version 1.2.2 (the filename): the release is "
            "1.2.3; remove it, or download the artifacts into an empty directory",
            "file": f"dist/{stale.name}",
            "line": None,
        }
    ]


def test_expect_wheels_in_the_config_wins(
    runner: CliRunner, extension: tuple[GitRepo, tuple[str, ...]]
) -> None:
    project, identifiers = extension
    text = project.read("pyproject.toml").decode()
    project.write(
        "pyproject.toml",
        text.replace(
            "[tool.cibuildwheel]",
            '[tool.releasekit]\nexpect-wheels = ["cp31{4..5}-manylinux_*_x86_64", '
            '"cp3*-macosx_*_arm64"]\n\n[tool.cibuildwheel]',
        ),
    )
    make_wheel_set(
        project.path / "dist",
        [i for i in identifiers if "manylinux_x86_64" in i],
        "sample-pkg",
        "1.2.3",
    )
    code, lines = run_check(runner, project)
    assert code == 1
    assert lines[0] == (
        "error: missing 1 of 3 expected wheel(s): cp3*-macosx_*_arm64 (expected by "
        "expect-wheels in [tool.releasekit])"
    )


def test_a_pure_project_expects_its_one_wheel(runner: CliRunner, project: GitRepo) -> None:
    make_sdist(project.path / "dist", "sample-pkg", "1.2.3")
    code, lines = run_check(runner, project)
    assert code == 1
    assert lines[0].startswith(
        "error: missing 1 of 1 expected wheel(s): py3-none-any (expected by a pure-Python project)"
    )
    make_wheel(project.path / "dist", "sample-pkg", "1.2.3")
    assert run_check(runner, project) == (0, [])
    make_wheel(project.path / "dist", "sample-pkg", "1.2.3", tag="cp313-cp313-win_amd64")
    result = invoke(runner, project.path, "check", "--dist", "dist")
    assert result.stdout.splitlines()[-1] == (
        "ok: dist holds the complete 1.2.3 set: the sdist and 2 wheel(s) (1 expected, 1 more)"
    )


def test_dist_problems_names_files_relative_to_the_root(tmp_path: Path) -> None:
    make_sdist(tmp_path / "dist", "p", "1.0")
    make_wheel(tmp_path / "dist" / "sub", "p", "0.9")
    problems = dist_problems(tmp_path / "dist", "p", "1.0", root=tmp_path)
    assert [p.path for p in problems] == ["dist/sub/p-0.9-py3-none-any.whl", None]
