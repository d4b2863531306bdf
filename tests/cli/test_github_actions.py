"""Inside GitHub Actions: annotations, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY, command by command.

The runner's files are real files in tmp_path, read back as the runner reads them
(tests/ci/github_runner.py); the commands run in-process through click's runner.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.ci.github_runner import read_command, read_output_file
from tests.conftest import GitRepo, invoke
from tests.distfiles import make_sdist, make_wheel
from tests.pypi_index import PypiServer


@pytest.fixture
def actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """The variables a GitHub Actions step has, with its output and summary files."""
    files = {"output": tmp_path / "github_output", "summary": tmp_path / "step_summary.md"}
    for path in files.values():
        path.write_text("")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("GITHUB_OUTPUT", str(files["output"]))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(files["summary"]))
    return files


def run(runner: CliRunner, project: GitRepo, *args: str) -> Result:
    return invoke(runner, project.path, *args)


def buildable(project: GitRepo) -> None:
    """Give the sample a README, so that its sdist passes `twine check --strict`."""
    pyproject = project.read("pyproject.toml").decode()
    project.commit(
        "docs: readme",
        {
            "README.md": "# sample-pkg\n\nA sample.\n",
            "pyproject.toml": pyproject.replace(
                'description = "A sample project"\n',
                'description = "A sample project"\nreadme = "README.md"\n',
            ),
        },
    )


def feature(project: GitRepo) -> None:
    project.commit("feat: add the --shout option", {"src/sample_pkg/shout.py": "X = 1\n"})


# --- outputs -------------------------------------------------------------------------------------


def test_next_outputs(runner: CliRunner, project: GitRepo, actions: dict[str, Path]) -> None:
    feature(project)
    result = run(runner, project, "next")
    assert (result.exit_code, result.stdout) == (0, "1.3.0\n")
    assert read_output_file(actions["output"]) == {
        "version": "1.3.0",
        "previous-version": "1.2.3",
        "tag": "v1.3.0",
        "prerelease": "false",
    }


def test_next_pre_is_a_prerelease(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path]
) -> None:
    feature(project)
    assert run(runner, project, "next", "pre").exit_code == 0
    outputs = read_output_file(actions["output"])
    assert outputs["prerelease"] == "true"
    assert outputs["tag"] == f"v{outputs['version']}"


def test_version_outputs_the_previous_release(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path]
) -> None:
    feature(project)
    assert run(runner, project, "bump", "--tag").exit_code == 0
    actions["output"].write_text("")
    assert run(runner, project, "version").exit_code == 0
    assert read_output_file(actions["output"]) == {
        "version": "1.3.0",
        "previous-version": "1.2.3",
        "tag": "v1.3.0",
        "prerelease": "false",
    }


def test_bump_outputs_released(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path]
) -> None:
    feature(project)
    result = run(runner, project, "bump")
    assert result.exit_code == 0, result.stderr
    assert read_output_file(actions["output"]) == {
        "version": "1.3.0",
        "previous-version": "1.2.3",
        "tag": "v1.3.0",
        "prerelease": "false",
        "released": "true",
    }


@pytest.mark.parametrize("command", ["bump", "release"])
def test_nothing_to_release_exits_0_with_released_false(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path], command: str
) -> None:
    project.commit("docs: typo")
    snapshot = project.snapshot()
    result = run(runner, project, command)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("nothing to release: no commit since v1.2.3")
    assert "error:" not in result.stderr
    assert read_output_file(actions["output"]) == {
        "version": "1.2.3",
        "previous-version": "",
        "tag": "v1.2.3",
        "prerelease": "false",
        "released": "false",
    }
    assert project.snapshot() == snapshot
    if command == "release":
        assert "| Released | no: nothing to release |" in actions["summary"].read_text()


def test_release_dry_run_outputs_released_false(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path]
) -> None:
    feature(project)
    result = run(runner, project, "release", "--dry-run", "--no-publish")
    assert result.exit_code == 0, result.stderr
    outputs = read_output_file(actions["output"])
    assert (outputs["version"], outputs["released"], outputs["artifacts"]) == ("1.3.0", "false", "")
    summary = actions["summary"].read_text()
    assert "### releasekit release: 1.3.0 (dry run: nothing was written)" in summary


CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2025-01-10\n\n- First.\n"


def test_release_outputs_and_summary(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path]
) -> None:
    project.commit("docs: changelog", {"CHANGELOG.md": CHANGELOG})
    feature(project)
    result = run(runner, project, "release", "--no-publish")
    assert result.exit_code == 0, result.stderr
    outputs = read_output_file(actions["output"])
    assert outputs["version"] == "1.3.0"
    assert outputs["previous-version"] == "1.2.3"
    assert outputs["tag"] == "v1.3.0"
    assert outputs["released"] == "true"
    summary = actions["summary"].read_text()
    assert "| Version | `1.3.0` (was `1.2.3`) |" in summary
    assert "| Tag | `v1.3.0` |" in summary
    assert "<summary>Release notes</summary>" in summary
    assert "add the --shout option" in summary


@pytest.mark.slow
def test_release_that_builds_outputs_the_artifacts(
    runner: CliRunner,
    project: GitRepo,
    actions: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    pypi_server: PypiServer,
) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project.path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    (Path.home() / ".pypirc").write_text(
        "[distutils]\nindex-servers = local\n\n[local]\n"
        f"repository = {pypi_server.url}\nusername = __token__\npassword = {pypi_server.token}\n"
    )
    buildable(project)
    pyproject = (
        project.read("pyproject.toml").decode().replace('dependencies = ["requests>=2"]\n', "")
    )
    project.commit(
        "chore: publish locally",
        {"pyproject.toml": pyproject + '\n[tool.releasekit]\nrepository = "local"\n'},
    )
    feature(project)
    result = run(runner, project, "release")
    assert result.exit_code == 0, result.stderr
    outputs = read_output_file(actions["output"])
    assert sorted(outputs["artifacts"].splitlines()) == [
        "dist/sample_pkg-1.3.0-py2.py3-none-any.whl",
        "dist/sample_pkg-1.3.0.tar.gz",
    ]
    summary = actions["summary"].read_text()
    assert "#### Artifacts" in summary
    assert "| `sample_pkg-1.3.0.tar.gz` |" in summary
    assert "| Verified on | Python" in summary
    assert f"| Uploaded to | `{pypi_server.url}`: 2 uploaded |" in summary


def test_notes_file_output(runner: CliRunner, project: GitRepo, actions: dict[str, Path]) -> None:
    project.commit(
        "chore: notes", {"CHANGELOG.md": "# Changelog\n\n## [1.2.3] - 2025-01-10\n\n- First.\n"}
    )
    result = run(runner, project, "notes", "--output", str(project.path / "notes.md"))
    assert result.exit_code == 0, result.stderr
    assert Path(read_output_file(actions["output"])["notes-file"]) == project.path / "notes.md"


def test_check_outputs_the_tag_it_checked(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path]
) -> None:
    project.commit(
        "chore: notes", {"CHANGELOG.md": "# Changelog\n\n## [1.2.3] - 2025-01-10\n\n- First.\n"}
    )
    project.git("tag", "-f", "-a", "v1.2.3", "-m", "Release 1.2.3")
    result = run(runner, project, "check", "--tag", "v1.2.3")
    assert result.exit_code == 0, result.stderr
    assert read_output_file(actions["output"]) == {
        "version": "1.2.3",
        "previous-version": "",
        "tag": "v1.2.3",
        "prerelease": "false",
    }
    assert "### releasekit check: 1.2.3" in actions["summary"].read_text()


@pytest.mark.slow
def test_build_outputs_artifacts_and_summary(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project.path))
    buildable(project)
    result = run(runner, project, "build", "--sdist-only")
    assert result.exit_code == 0, result.stderr
    assert read_output_file(actions["output"]) == {"artifacts": "dist/sample_pkg-1.2.3.tar.gz"}
    summary = actions["summary"].read_text()
    assert summary.startswith("### releasekit build: 1.2.3\n")
    assert "| `sample_pkg-1.2.3.tar.gz` |" in summary


# --- annotations ---------------------------------------------------------------------------------


def annotations_in(stderr: str) -> list[tuple[str, dict[str, str], str]]:
    found = []
    for line in stderr.splitlines():
        command = read_command(line)
        if command is not None:
            found.append((command.name, command.properties, command.message))
    return found


def test_a_failing_check_annotates_each_placed_problem(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path]
) -> None:
    project.write("src/sample_pkg/__init__.py", '"""Sample."""\n\n__version__ = "1.2.2"\n')
    result = run(runner, project, "check")
    assert result.exit_code == 1
    message = "version 1.2.2 (__version__) differs from 1.2.3 in pyproject.toml:7"
    assert f"error: src/sample_pkg/__init__.py:3: {message}" in result.stderr
    assert (
        "error",
        {"file": "src/sample_pkg/__init__.py", "line": "3", "title": "releasekit check"},
        message,
    ) in annotations_in(result.stderr)
    # The step summary lists the problems too.
    assert f"- src/sample_pkg/__init__.py:3: {message}" in actions["summary"].read_text()


def test_annotation_paths_start_at_the_workspace(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project.path.parent))
    project.write("src/sample_pkg/__init__.py", '__version__ = "1.2.2"\n')
    result = run(runner, project, "check")
    (found,) = [a for a in annotations_in(result.stderr) if a[0] == "error"]
    assert found[1]["file"] == f"{project.path.name}/src/sample_pkg/__init__.py"


def test_no_annotation_outside_github_actions(runner: CliRunner, project: GitRepo) -> None:
    project.write("src/sample_pkg/__init__.py", '__version__ = "1.2.2"\n')
    result = run(runner, project, "check")
    assert result.exit_code == 1
    assert "::" not in result.stderr


def test_annotations_keep_a_json_stdout_clean(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path]
) -> None:
    import json

    project.write("src/sample_pkg/__init__.py", '__version__ = "1.2.2"\n')
    result = run(runner, project, "check", "--json")
    assert json.loads(result.stdout)["error"]["type"] == "CheckFailed"
    assert annotations_in(result.stderr)


# --- publish -------------------------------------------------------------------------------------


def test_publish_summary_names_the_target_and_files(
    runner: CliRunner,
    project: GitRepo,
    actions: dict[str, Path],
    pypi_server: PypiServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("PYPI_API_TOKEN", pypi_server.token)
    dist = tmp_path / "d"
    files = [make_sdist(dist, "rk-gh-summary", "1.0.0"), make_wheel(dist, "rk-gh-summary", "1.0.0")]
    result = run(runner, project, "publish", *map(str, files), "--repository-url", pypi_server.url)
    assert result.exit_code == 0, result.stderr
    summary = actions["summary"].read_text()
    assert f"| Uploaded to | `{pypi_server.url}`: 2 uploaded |" in summary
    assert "| `rk_gh_summary-1.0.0.tar.gz` |" in summary
    # In CI, each upload is one plain line of progress.
    assert "uploading rk_gh_summary-1.0.0.tar.gz (" in result.stderr


# --- long output is folded -----------------------------------------------------------------------

FAILING_BACKEND = """\
import sys


def build_sdist(directory, config_settings=None):
    print("compiling the frobnicator...")
    print("frobnicator.c:1: error: expected ';'", file=sys.stderr)
    raise SystemExit(1)
"""


def test_the_build_backends_output_is_a_folded_group(
    runner: CliRunner, project: GitRepo, actions: dict[str, Path]
) -> None:
    pyproject = (
        project.read("pyproject.toml")
        .decode()
        .replace(
            'requires = ["hatchling"]\nbuild-backend = "hatchling.build"',
            'requires = []\nbuild-backend = "failing_backend"\nbackend-path = ["."]',
        )
    )
    project.commit(
        "build: a backend that fails",
        {"pyproject.toml": pyproject, "failing_backend.py": FAILING_BACKEND},
    )
    result = run(runner, project, "build", "--sdist-only", "--no-isolation")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    start = lines.index("::group::the build backend's output")
    end = lines.index("::endgroup::")
    assert start < end
    assert any("expected ';'" in line for line in lines[start:end])
    assert lines[end + 1].startswith("error: ")
