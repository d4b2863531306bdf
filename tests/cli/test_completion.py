"""Shell completion through click's ``_RELEASEKIT_COMPLETE``, run on the installed command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GitRepo


def releasekit() -> str:
    beside = Path(sys.executable).parent / "releasekit"
    found = str(beside) if beside.exists() else shutil.which("releasekit")
    assert found, "releasekit is not installed: pip install -e ."
    return found


def complete(cwd: Path, words: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [releasekit()],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1), **env},
    )


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o nosort -F"), ("zsh", "#compdef releasekit"), ("fish", "complete")],
    ids=["bash", "zsh", "fish"],
)
def test_the_completion_script_for_each_shell(tmp_path: Path, shell: str, marker: str) -> None:
    result = subprocess.run(
        [releasekit()],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "_RELEASEKIT_COMPLETE": f"{shell}_source"},
    )
    assert marker in result.stdout
    assert "_RELEASEKIT_COMPLETE" in result.stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("releasekit ch", ["plain,check", "plain,changelog"]),
        ("releasekit next ma", ["plain,major"]),
        ("releasekit init --ci g", ["plain,github", "plain,gitlab"]),
    ],
    ids=["command", "part", "ci-choice"],
)
def test_bash_completes_commands_and_choices(
    project: GitRepo, words: str, expected: list[str]
) -> None:
    result = complete(project.path, words, _RELEASEKIT_COMPLETE="bash_complete")
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == sorted(expected)
