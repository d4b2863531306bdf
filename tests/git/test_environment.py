"""SSH remotes never prompt: git runs with ``ssh -o BatchMode=yes`` unless the user chose an ssh.

No SSH server can run here, so ``ssh`` is a tiny stand-in first on PATH: it records the
arguments git starts it with and fails as ssh fails when it cannot connect (a message on
stderr, exit 255). The git commands are real: ``git push``, ``fetch`` and ``ls-remote`` to an
``ssh://`` URL.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from releasekit.errors import GitError
from releasekit.git.environment import (
    BATCH_SSH_COMMAND,
    git_environment,
    reaches_remote,
    without_ssh_prompts,
)
from releasekit.git.runner import Git
from tests.conftest import GitRepo

SSH_URL = "ssh://git@example.invalid/owner/repo.git"
REFUSED = "ssh: connect to host example.invalid port 22: Connection refused"


@pytest.fixture
def ssh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in ``ssh`` first on PATH; returns the file where it writes its arguments."""
    bin_dir = tmp_path / "ssh-bin"
    bin_dir.mkdir()
    argv = tmp_path / "ssh-argv"
    stand_in = bin_dir / "ssh"
    stand_in.write_text(
        f"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{argv}'\necho '{REFUSED}' >&2\nexit 255\n"
    )
    stand_in.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("GIT_SSH_COMMAND", raising=False)
    monkeypatch.delenv("GIT_SSH", raising=False)
    return argv


OPERATIONS: dict[str, Callable[[Git], object]] = {
    "push": lambda git: git.push(SSH_URL, ["refs/heads/main:refs/heads/main"]),
    "ls-remote": lambda git: git.remote_has_ref(SSH_URL, "refs/tags/v1.2.3"),
    "fetch": lambda git: git.fetch_branch(SSH_URL, "refs/heads/main"),
}


@pytest.mark.parametrize("operation", list(OPERATIONS), ids=list(OPERATIONS))
def test_every_remote_command_runs_ssh_in_batch_mode(
    project: GitRepo, ssh: Path, operation: str
) -> None:
    with pytest.raises(GitError) as caught:
        OPERATIONS[operation](Git(project.path))
    assert f"git {operation}" in caught.value.message
    assert REFUSED in caught.value.message  # ssh's own reason, at once
    arguments = ssh.read_text().splitlines()
    assert arguments[:2] == ["-o", "BatchMode=yes"]
    assert "git@example.invalid" in arguments


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("env:GIT_SSH_COMMAND=ssh -o User=me", ["-o", "User=me"]),
        ("config:core.sshCommand=ssh -o IdentitiesOnly=yes", ["-o", "IdentitiesOnly=yes"]),
        ("env:GIT_SSH={ssh}", []),
    ],
    ids=["GIT_SSH_COMMAND", "core.sshCommand", "GIT_SSH"],
)
def test_the_users_own_ssh_is_left_alone(
    project: GitRepo,
    ssh: Path,
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
    expected: list[str],
) -> None:
    kind, _, assignment = setting.partition(":")
    key, _, value = assignment.partition("=")
    value = value.format(ssh=ssh.parent / "ssh-bin" / "ssh")
    if kind == "env":
        monkeypatch.setenv(key, value)
    else:
        project.git("config", key, value)
    with pytest.raises(GitError, match="Connection refused"):
        Git(project.path).push(SSH_URL, ["refs/heads/main:refs/heads/main"])
    arguments = ssh.read_text().splitlines()
    assert "BatchMode=yes" not in arguments
    assert arguments[: len(expected)] == expected


def test_a_release_to_an_ssh_remote_fails_with_a_clean_error_line(
    project: GitRepo, ssh: Path
) -> None:
    project.git("remote", "set-url", "origin", SSH_URL)
    project.commit("fix: a fix")
    before = project.snapshot()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "releasekit",
            "--project",
            str(project.path),
            "release",
            "--no-publish",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if not line.startswith("warning:")]
    assert errors
    assert all(line.startswith("error: ") for line in errors)
    assert f"error: {REFUSED}" in errors
    assert ssh.read_text().splitlines()[:2] == ["-o", "BatchMode=yes"]
    assert project.snapshot() == before


@pytest.mark.parametrize(
    ("args", "remote"),
    [
        (["push", "origin", "main"], True),
        (["fetch", "--quiet", "origin"], True),
        (["ls-remote", "origin"], True),
        (["pull"], True),
        (["clone", "x"], True),
        (["tag", "--list"], False),
        (["config", "--get", "core.sshCommand"], False),
        ([], False),
    ],
    ids=["push", "fetch", "ls-remote", "pull", "clone", "tag", "config", "nothing"],
)
def test_reaches_remote(args: list[str], remote: bool) -> None:
    assert reaches_remote(args) is remote


def test_without_ssh_prompts_asks_the_configuration_only_when_the_environment_is_silent() -> None:
    asked: list[bool] = []

    def configured() -> str | None:
        asked.append(True)
        return None

    assert without_ssh_prompts({"GIT_SSH_COMMAND": "mine"}, configured) == {
        "GIT_SSH_COMMAND": "mine"
    }
    assert asked == []
    assert without_ssh_prompts({}, configured) == {"GIT_SSH_COMMAND": BATCH_SSH_COMMAND}
    assert asked == [True]
    assert without_ssh_prompts({}, lambda: "ssh -i key") == {}


def test_git_environment_is_untranslated_and_never_prompts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GIT_DIR", "/elsewhere/.git")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    env = git_environment()
    assert env["LC_ALL"] == "C"
    assert env["GIT_TERMINAL_PROMPT"] == "0"
    assert "GIT_DIR" not in env
