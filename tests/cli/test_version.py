"""``releasekit version``: the version, or with --json every place it lives."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.cli import cli
from releasekit.files.journal import write_journal
from tests.conftest import GitRepo, invoke

DATA = Path(__file__).parents[1] / "data" / "pyprojects"


def test_version_prints_the_version(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "version")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "1.2.3\n", "")


def test_version_json_lists_every_location(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "version", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "version": "1.2.3",
        "scheme": "semver",
        "tag_format": "v{version}",
        "source": "files",
        "vcs": None,
        "root": str(project.path.resolve()),
        "locations": [
            {
                "file": "pyproject.toml",
                "line": 7,
                "text": 'version = "1.2.3"',
                "version": "1.2.3",
                "kind": "[project].version",
            },
            {
                "file": "src/sample_pkg/__init__.py",
                "line": 3,
                "text": '__version__ = "1.2.3"',
                "version": "1.2.3",
                "kind": "__version__",
            },
        ],
    }


def test_version_json_of_a_vcs_project_reports_the_tag(runner: CliRunner, repo: GitRepo) -> None:
    repo.commit("chore: init", {"pyproject.toml": (DATA / "black.toml").read_bytes()})
    repo.tag("24.2.0", "Release 24.2.0")
    data = json.loads(invoke(runner, repo.path, "version", "--json").stdout)
    assert (data["version"], data["source"], data["vcs"], data["tag"], data["locations"]) == (
        "24.2.0",
        "vcs",
        "hatch-vcs",
        "24.2.0",
        [],
    )
    assert data["tag_format"] == "{version}"


def test_an_interrupted_bump_is_reported_by_readers_and_undone_by_writers(
    runner: CliRunner, project: GitRepo
) -> None:
    path = project.path / "pyproject.toml"
    before = path.read_bytes()
    after = before.replace(b'"1.2.3"', b'"1.2.4"')
    journal = write_journal(project.path, [(path, before, after)])
    path.write_bytes(after)  # the rename happened, then the process died
    warning = (
        "warning: .git/releasekit-journal.json: an earlier releasekit run was interrupted "
        "while writing, so files may be half-written"
    )
    # The dry run sees the half-written files: pyproject.toml and __init__.py disagree.
    for args, code in ((["version"], 0), (["next", "patch"], 0), (["bump", "--dry-run"], 1)):
        result = invoke(runner, project.path, *args)
        assert result.exit_code == code, result.stderr
        assert result.stderr.startswith(warning), args
        assert path.read_bytes() == after
        assert journal.exists()
    result = invoke(runner, project.path, "check")
    assert result.exit_code == 1
    assert ".git/releasekit-journal.json: an earlier releasekit run was interrupted" in (
        result.stderr
    )
    assert path.read_bytes() == after
    assert journal.exists()

    result = invoke(runner, project.path, "bump", "patch")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "warning: an earlier releasekit run was interrupted while writing; "
        "restored: pyproject.toml\n"
    )
    assert path.read_bytes() == after  # restored to 1.2.3, then bumped to 1.2.4
    assert not journal.exists()


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        ("[project\n", 2, "error: pyproject.toml:1:9: invalid TOML: "),
        ('[project]\nname = "x"\n', 1, "error: no version found in "),
        (
            '[tool.releasekit]\nschem = "calver"\n',
            2,
            "error: [tool.releasekit] unknown key 'schem'",
        ),
    ],
    ids=["broken-toml", "no-version", "bad-config"],
)
def test_version_errors(
    runner: CliRunner, project: GitRepo, content: str, code: int, message: str
) -> None:
    project.write("pyproject.toml", content)
    project.write("src/sample_pkg/__init__.py", '"""No version here."""\n')
    result = invoke(runner, project.path, "version")
    assert result.exit_code == code
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr


def test_the_installed_command_runs(project: GitRepo) -> None:
    executable = shutil.which("releasekit")
    assert executable is not None
    result = subprocess.run(
        [executable, "version"],
        cwd=project.path / "src",
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "1.2.3\n")


_CONSOLE = """
import atexit, sys
from releasekit.console import main
atexit.register(lambda: sys.stderr.write(f"click loaded: {'click' in sys.modules}\\n"))
main(sys.argv[1:])
"""


def _console(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    import os
    import sys

    environ = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | env
    return subprocess.run(
        [sys.executable, "-c", _CONSOLE, *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def _journal(project: GitRepo) -> None:
    path = project.path / "pyproject.toml"
    before = path.read_bytes()
    write_journal(project.path, [(path, before, before.replace(b"1.2.3", b"1.2.4"))])


@pytest.mark.parametrize(
    ("setup", "args", "env", "quick"),
    [
        (None, ["version"], {}, True),
        (None, ["--project", "."], {}, None),
        (None, ["-v", "--project", ".", "version"], {}, True),
        (None, ["version"], {"GITHUB_ACTIONS": "true"}, False),
        (None, ["version", "--json"], {}, False),
        (None, ["--project", "nowhere", "version"], {}, False),
        ("no-version", ["version"], {}, False),
        ("journal", ["version"], {}, False),
    ],
    ids=["plain", "no-command", "options", "github", "json", "no-dir", "error", "journal"],
)
def test_the_console_answers_version_without_click_only_when_it_can_say_it_all(
    runner: CliRunner,
    project: GitRepo,
    setup: str | None,
    args: list[str],
    env: dict[str, str],
    quick: bool | None,
) -> None:
    """Same stdout, stderr and status as the full command, which answers every other case."""
    if setup == "no-version":
        project.write("pyproject.toml", '[project]\nname = "x"\n')
        project.write("src/sample_pkg/__init__.py", '"""No version here."""\n')
    elif setup == "journal":
        _journal(project)
    result = _console(project.path, *args, **env)
    shown, _, loaded = result.stderr.rpartition("click loaded: ")
    if quick is not None:
        assert loaded == f"{not quick}\n"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project.path)
        full = runner.invoke(cli, args, prog_name="releasekit", env={"GITHUB_ACTIONS": None, **env})
    assert (result.returncode, result.stdout, shown) == (full.exit_code, full.stdout, full.stderr)
