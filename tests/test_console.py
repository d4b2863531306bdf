"""The console script: ``--version`` at once, an early ``git log`` for history commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import releasekit
from tests.conftest import GitRepo


def test_the_console_script_answers_version_without_importing_click() -> None:
    code = (
        "import sys\n"
        "from releasekit.console import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
        "print('click' in sys.modules, 'typing' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [
        f"releasekit {releasekit.__version__}",
        "exit 0",
        "False False",
    ]


def test_the_console_script_hands_everything_else_to_the_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "releasekit", "--version", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0
    # Not the fast path (two arguments): click parses them and answers the eager --version.
    assert result.stdout == f"releasekit {releasekit.__version__}\n"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["changelog", "--dry-run"], "."),
        (["--project", "repo", "-vv", "changelog"], "repo"),
        (["--project=repo", "next"], "repo"),
        (["next", "auto", "--json"], "."),
        (["next", "minor"], None),
        (["next", "--all", "--json"], "."),
        (["changelog", "--all"], None),
        (["changelog", "--help"], None),
        (["version"], None),
        ([], None),
    ],
    ids=[
        "changelog",
        "project-verbose",
        "project-equals",
        "next-auto",
        "next-part",
        "next-all",
        "changelog-all",
        "help",
        "version",
        "nothing",
    ],
)
def test_console_starts_git_log_early_only_for_history_commands(
    argv: list[str], expected: str | None
) -> None:
    from releasekit.console import _walking_command

    assert _walking_command(argv) == expected


def test_installed_changelog_and_next_read_the_early_log(project: GitRepo) -> None:
    """Through the console script: same answers with the early start, errors still clean."""
    project.commit("feat: a")
    exe = Path(sys.executable).with_name("releasekit")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(exe), "--project", str(project.path), *args],
            capture_output=True,
            text=True,
            check=False,
        )

    assert run("next").stdout == "1.3.0\n"
    dry = run("changelog", "--dry-run")
    assert (dry.returncode, dry.stdout) == (0, "## [Unreleased]\n\n### Added\n\n- a\n")
    bad = subprocess.run(
        [str(exe), "--project", str(project.path / "nowhere"), "changelog"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode != 0
    assert bad.stderr.startswith("error: ")
    assert "Traceback" not in bad.stderr
