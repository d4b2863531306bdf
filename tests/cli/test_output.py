"""How the command line looks: -q/-v anywhere, errors under --json, colour, progress in CI."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.cli.output import CliReporter, Output, colour_diff, wants_colour
from tests.conftest import GitRepo, invoke

# --- -q and -v, before or after the command ------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["-q", "version"], ["version", "-q"], ["--quiet", "version"], ["version", "--quiet"]],
    ids=["q-before", "q-after", "quiet-before", "quiet-after"],
)
def test_quiet_is_accepted_before_or_after(
    runner: CliRunner, project: GitRepo, args: list[str]
) -> None:
    result = invoke(runner, project.path, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "1.2.3\n", "")


def test_quiet_leaves_errors(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "check", "--tag", "v9.9.9", "-q")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")


def test_quiet_silences_warnings_and_notes(runner: CliRunner, project: GitRepo) -> None:
    project.commit("feat: x")
    loud = invoke(runner, project.path, "bump", "--dry-run")
    quiet = invoke(runner, project.path, "bump", "--dry-run", "-q")
    assert "dry run:" in loud.stderr
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout  # the diff asked for is still printed


@pytest.mark.parametrize("args", [["-v", "next"], ["next", "-v"]], ids=["before", "after"])
def test_verbose_is_accepted_before_or_after(
    runner: CliRunner, project: GitRepo, args: list[str]
) -> None:
    project.commit("feat: x")
    result = invoke(runner, project.path, *args)
    assert result.exit_code == 0
    assert "commit" in result.stderr  # "1 commit since v1.2.3: minor -> ..."


def test_the_installed_command_takes_q_after_the_command(project: GitRepo) -> None:
    exe = Path(sys.executable).parent / "releasekit"
    result = subprocess.run(
        [str(exe), "version", "-q", "--no-color"],
        cwd=project.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "1.2.3\n", "")


# --- errors under --json -------------------------------------------------------------------------

ERRORS = [
    ("usage", ["next", "banana", "--json"], 2, "UsageError"),
    ("unknown-option", ["version", "--json", "--frobnicate"], 2, "UsageError"),
    ("refused", ["check", "--tag", "v9.9.9", "--json"], 1, "CheckFailed"),
    ("config", ["bump", "--set", "x.y", "--json"], 2, "InvalidVersion"),
    ("plan-command", ["tag", "--json", "--name", "x"], None, None),
]


@pytest.mark.parametrize(
    ("args", "code", "kind"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_an_error_under_json_is_one_object_on_stdout_and_lines_on_stderr(
    runner: CliRunner, project: GitRepo, args: list[str], code: int | None, kind: str | None
) -> None:
    if kind is None:  # tag on a commit already tagged: refused
        result = invoke(runner, project.path, *args)
        data = json.loads(result.stdout)
        assert result.exit_code == data["error"]["exit_code"] == 1
        return
    result = invoke(runner, project.path, *args)
    assert result.exit_code == code
    data = json.loads(result.stdout)  # nothing else on stdout
    assert set(data) == {"error"}
    error = data["error"]
    assert (error["type"], error["exit_code"]) == (kind, code)
    assert error["message"].splitlines() == [
        line.removeprefix("error: ")
        for line in result.stderr.splitlines()
        if line.startswith("error: ")
    ]
    for problem in error["problems"]:
        assert set(problem) == {"file", "line", "message"}
    # No usage text on stdout or stderr under --json.
    assert "Usage:" not in result.stdout + result.stderr


def test_json_problems_carry_file_and_line(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "check", "--tag", "v9.9.9", "--json")
    problems = json.loads(result.stdout)["error"]["problems"]
    placed = [p for p in problems if p["file"] == "pyproject.toml"]
    assert placed
    assert placed[0]["line"] == 7
    assert placed[0]["message"].startswith("tag v9.9.9 names version 9.9.9")


def test_json_is_never_mixed_with_progress(
    runner: CliRunner, project: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    project.commit("feat: x")
    result = invoke(runner, project.path, "bump", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["released"] is True
    assert result.stderr == ""


# --- colour --------------------------------------------------------------------------------------


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("tty", "environ", "disabled", "expected"),
    [
        (True, {}, False, True),
        (False, {}, False, False),
        (True, {"NO_COLOR": "1"}, False, False),
        (True, {"NO_COLOR": ""}, False, True),  # no-color.org: only a non-empty value counts
        (True, {}, True, False),
        (False, {"FORCE_COLOR": "1"}, False, True),
        (True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
    ],
    ids=["tty", "pipe", "no-color", "empty-no-color", "flag", "force", "no-color-wins"],
)
def test_wants_colour(tty: bool, environ: dict[str, str], disabled: bool, expected: bool) -> None:
    stream = Tty() if tty else io.StringIO()
    assert wants_colour(stream, environ, disabled=disabled) is expected


def test_colour_diff_marks_added_and_removed_lines() -> None:
    diff = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same\n"
    styled = colour_diff(diff)
    assert "\x1b[31m-old\x1b[0m\n" in styled
    assert "\x1b[32m+new\x1b[0m\n" in styled
    assert "\x1b[36m@@ -1 +1 @@\x1b[0m\n" in styled
    assert styled.endswith(" same\n")
    import click

    assert click.unstyle(styled) == diff


@pytest.mark.parametrize(
    ("environ", "flags", "coloured"),
    [({"FORCE_COLOR": "1"}, [], True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [], False),
     ({"FORCE_COLOR": "1"}, ["--no-color"], False)],
    ids=["forced", "no-color-env", "no-color-flag"],
)  # fmt: skip
def test_error_prefix_and_diff_colour_follow_the_rules(
    project: GitRepo, environ: dict[str, str], flags: list[str], coloured: bool
) -> None:
    project.commit("feat: x")
    exe = Path(sys.executable).parent / "releasekit"
    env = {**os.environ, **environ}
    bumped = subprocess.run(
        [str(exe), *flags, "bump", "--dry-run"], cwd=project.path, capture_output=True, text=True,
        env=env, check=False,
    )  # fmt: skip
    failed = subprocess.run(
        [str(exe), "check", "--tag", "v9", *flags], cwd=project.path, capture_output=True,
        text=True, env=env, check=False,
    )  # fmt: skip
    assert ("\x1b[" in bumped.stdout) is coloured
    assert ("\x1b[" in failed.stderr) is coloured
    assert "error:" in failed.stderr


# --- progress ------------------------------------------------------------------------------------


def test_in_ci_each_step_is_one_plain_line() -> None:
    captured = io.StringIO()
    output = Output(environ={"CI": "true"})
    reporter = CliReporter(output)
    import contextlib

    with contextlib.redirect_stderr(captured):
        # click.echo(err=True) writes to sys.stderr as it is when called.
        reporter.info("building the sdist")
        reporter.info("building the wheel from the sdist")
    assert captured.getvalue() == "building the sdist\nbuilding the wheel from the sdist\n"
    assert reporter.progress_bars is False


@pytest.mark.parametrize("setting", ["quiet", "json"], ids=["quiet", "json"])
def test_no_progress_under_quiet_or_json(setting: str) -> None:
    import contextlib

    captured = io.StringIO()
    output = Output(environ={"CI": "true"})
    setattr(output, setting, True)
    with contextlib.redirect_stderr(captured):
        CliReporter(output).info("building the sdist")
        CliReporter(output).step("uploading x")
    assert captured.getvalue() == ""


def test_outside_ci_and_terminal_progress_needs_v() -> None:
    import contextlib

    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        CliReporter(Output(environ={})).info("quiet step")
        CliReporter(Output(environ={}, verbose=1)).info("verbose step")
    assert captured.getvalue() == "verbose step\n"


def test_on_a_terminal_progress_is_a_spinner_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    reporter = CliReporter(Output(environ={"FORCE_COLOR": "1"}))
    assert reporter.progress_bars is True
    reporter.info("installing the wheel in a fresh venv of python3.12")
    reporter.close()
    assert "installing the wheel" in tty.getvalue()


def test_a_placed_warning_is_also_an_annotation_in_github_actions() -> None:
    import contextlib

    from tests.ci.github_runner import read_command

    captured = io.StringIO()
    output = Output(environ={"GITHUB_ACTIONS": "true"})
    output.command = "bump"
    with contextlib.redirect_stderr(captured):
        CliReporter(output).warn("CHANGELOG.md:12: the [Unreleased] section is empty")
        CliReporter(output).warn("no upstream branch")  # no place: no annotation
    lines = captured.getvalue().splitlines()
    assert lines[0] == "warning: CHANGELOG.md:12: the [Unreleased] section is empty"
    command = read_command(lines[1])
    assert command is not None
    assert (command.name, command.properties, command.message) == (
        "warning",
        {"file": "CHANGELOG.md", "line": "12", "title": "releasekit bump"},
        "the [Unreleased] section is empty",
    )
    assert lines[2:] == ["warning: no upstream branch"]
