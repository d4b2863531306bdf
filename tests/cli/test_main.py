"""The ``releasekit`` group: --version, --help, usage errors, and the installed command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import releasekit
from releasekit.cli import COMMANDS, cli


def test_version_option(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"releasekit {releasekit.__version__}\n")


@pytest.mark.parametrize("flag", ["--help", "-h"], ids=["long", "short"])
def test_help_lists_every_command_without_importing_them(runner: CliRunner, flag: str) -> None:
    loaded_before = {name for name in sys.modules if name.startswith("releasekit.cli.")}
    result = runner.invoke(cli, [flag])
    assert result.exit_code == 0
    assert "Usage: " in result.stdout
    for name in COMMANDS:
        assert f"  {name} " in result.stdout
    for option in ("--project", "--verbose", "--version"):
        assert option in result.stdout
    loaded_after = {name for name in sys.modules if name.startswith("releasekit.cli.")}
    assert loaded_after == loaded_before


def test_command_help(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["next", "--help"])
    assert result.exit_code == 0
    assert "[major|minor|patch|pre|final|post|dev|calver|auto]" in result.stdout
    for option in ("--current", "--date", "--json"):
        assert option in result.stdout


@pytest.mark.parametrize(
    "args",
    [["frobnicate"], ["--frobnicate"], ["next", "--frobnicate"], ["next", "--date"]],
    ids=["unknown-command", "unknown-group-option", "unknown-command-option", "missing-value"],
)
def test_usage_errors(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(error_lines) == 1
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unknown_command_names_it(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["frobnicate"])
    assert "frobnicate" in result.stderr


def _installed_command() -> str:
    beside = Path(sys.executable).with_name("releasekit")
    found = str(beside) if beside.is_file() else shutil.which("releasekit")
    assert found is not None, "the releasekit command is not installed (pip install -e .)"
    return found


@pytest.mark.parametrize(
    "argv",
    [[_installed_command(), "--version"], [sys.executable, "-m", "releasekit", "--version"]],
    ids=["console-script", "python-m"],
)
def test_real_subprocess_version(argv: list[str], tmp_path: Path) -> None:
    result = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"releasekit {releasekit.__version__}\n",
        "",
    )


def test_real_subprocess_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [_installed_command(), "frobnicate"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "error: " in result.stderr
    assert "Traceback" not in result.stderr


def test_version_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from releasekit.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = ['git', 'tomlkit', 'twine', 'build', 'packaging', 'releasekit.project']\n"
        "print('heavy:' + ','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [f"releasekit {releasekit.__version__}", "heavy:"]
