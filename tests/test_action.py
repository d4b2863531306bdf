"""action.yml, the composite GitHub Action: zizmor, actionlint, shellcheck, and its scripts run.

actionlint reads a local action's metadata when a workflow uses it as ``./``, so the action is
checked through a workflow that uses every input and output (the README's example), in a git
repository of its own. The action's own ``run:`` scripts go through shellcheck, and the Python
it runs is run for real against a sample project, with a real ``$GITHUB_OUTPUT``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import releasekit
from releasekit.files.toml import parse_toml
from tests.conftest import GitRepo, git
from tests.init.test_workflows import PINS, USES, actionlint, tool, zizmor_findings

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
README = ROOT / "README.md"


def action() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(ACTION.read_text())
    return data


def steps() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = action()["runs"]["steps"]
    return found


def usage_workflow(tmp_path: Path, workflow: str) -> Path:
    """A repository holding a copy of action.yml and ``workflow`` using it as ``./``."""
    (tmp_path / "action.yml").write_bytes(ACTION.read_bytes())
    path = tmp_path / ".github" / "workflows" / "use.yml"
    path.parent.mkdir(parents=True)
    path.write_text(workflow)
    git(tmp_path, "init", "-q")
    return path


def readme_action_section() -> str:
    """The README's "use it as a GitHub Action" section."""
    return README.read_text().split("#### Use it as a GitHub Action\n", 1)[1].split("\n#", 1)[0]


def readme_action_example() -> str:
    """The workflow of the README's "use it as a GitHub Action" section."""
    section = readme_action_section()
    match = re.search(r"```yaml\n(.*?)```", section, flags=re.DOTALL)
    assert match, "the README shows the action in a workflow"
    return match[1]


def test_zizmor_finds_nothing_in_the_action() -> None:
    assert zizmor_findings(ACTION) == []


def test_actionlint_accepts_the_readme_example_with_every_input_and_output(
    tmp_path: Path,
) -> None:
    example = readme_action_example()
    own = re.sub(r"uses: releasekit/releasekit@\S+.*", "uses: ./", example)
    assert own != example
    workflow = usage_workflow(tmp_path, own)
    result = actionlint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    # zizmor reads the example as users will write it: uses pinned to a commit.
    (tmp_path / "example.yml").write_text(example)
    assert zizmor_findings(tmp_path / "example.yml") == []
    for name in action()["inputs"]:
        assert f"{name}:" in example, f"the README example does not show the input {name}"
    for name in action()["outputs"]:
        assert f"`{name}`" in readme_action_section(), f"the README does not name {name}"


def test_actionlint_does_read_the_action(tmp_path: Path) -> None:
    """The test above would fail on an unknown input or output."""
    workflow = usage_workflow(
        tmp_path,
        "on: push\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: ./\n        id: rk\n        with:\n          command: next\n"
        '          bogus: 1\n      - run: echo "$V"\n        env:\n'
        "          V: ${{ steps.rk.outputs.nope }}\n",
    )
    result = actionlint(workflow)
    assert 'input "bogus" is not defined' in result.stdout
    assert 'property "nope" is not defined' in result.stdout


def test_the_interface() -> None:
    data = action()
    assert data["runs"]["using"] == "composite"
    assert list(data["inputs"]) == [
        "command",
        "args",
        "python-version",
        "releasekit-version",
        "working-directory",
    ]
    assert data["inputs"]["command"]["required"] is True
    assert list(data["outputs"]) == [
        "version",
        "previous-version",
        "tag",
        "prerelease",
        "released",
        "artifacts",
        "notes-file",
    ]
    for name, output in data["outputs"].items():
        assert output["value"] == f"${{{{ steps.run.outputs.{name} }}}}"


def test_the_default_releasekit_is_this_release_and_bump_keeps_it() -> None:
    assert action()["inputs"]["releasekit-version"]["default"] == releasekit.__version__
    config = parse_toml((ROOT / "pyproject.toml").read_text(), "pyproject.toml")
    files = config["tool"]["releasekit"]["files"]
    pattern = '    default: "{version}" # the releasekit of this release'
    assert {"path": "action.yml", "pattern": pattern} in files
    from releasekit.project import Project

    kinds = {loc.file.as_posix() if isinstance(loc.file, Path) else str(loc.file)
             for loc in Project(ROOT).locations}  # fmt: skip
    assert "action.yml" in kinds


def test_inputs_reach_scripts_only_through_env() -> None:
    for step in steps():
        script = step.get("run", "")
        assert "${{" not in script, step.get("name")
        for value in (step.get("env") or {}).values():
            # An expression is a whole env value, never spliced into code.
            assert "${{" not in str(value) or re.fullmatch(r"\$\{\{ [\w.-]+ \}\}", str(value))


def test_every_action_used_is_pinned_to_the_verified_sha() -> None:
    uses = [m for line in ACTION.read_text().splitlines() if (m := USES.match(line))]
    assert uses
    for match in uses:
        sha, version = PINS[match["action"]]
        assert (match["ref"], match["comment"]) == (sha, f" # {version}")


@pytest.mark.parametrize(
    "index", [i for i, s in enumerate(steps()) if "run" in s], ids=lambda i: steps()[i]["name"]
)
def test_shellcheck_passes_on_every_script(index: int, tmp_path: Path) -> None:
    script = tmp_path / "step.sh"
    script.write_text("#!/usr/bin/env bash\n" + steps()[index]["run"])
    result = subprocess.run(
        [tool("shellcheck"), str(script)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


def run_step(
    project: Path, command: str, args: str, **extra: str
) -> subprocess.CompletedProcess[str]:
    """The action's run step, as the runner runs it: its env, in the working directory."""
    step = next(s for s in steps() if s.get("id") == "run")
    env = {
        **os.environ,
        "RELEASEKIT_PYTHON": sys.executable,
        "RELEASEKIT_COMMAND": command,
        "RELEASEKIT_ARGS": args,
        "RELEASEKIT_RUN": step["env"]["RELEASEKIT_RUN"],
        **extra,
    }
    return subprocess.run(
        ["bash", "-c", step["run"]],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_run_step_splits_args_as_words_and_runs_releasekit(project: GitRepo) -> None:
    result = run_step(project.path, "next", "minor --current '1.2.3'")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1.3.0\n"


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        ("next", "--current '1.2.3", "cannot split command and args: No closing quotation"),
        ("", "", "the command input is empty"),
    ],
    ids=["unbalanced-quote", "empty-command"],
)
def test_the_run_step_refuses_bad_inputs_cleanly(
    project: GitRepo, command: str, args: str, message: str
) -> None:
    result = run_step(project.path, command, args)
    assert result.returncode == 2
    assert result.stdout == f"::error title=releasekit action::{message}\n"
    assert "Traceback" not in result.stderr


def test_an_input_is_never_run_as_shell(project: GitRepo, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    result = run_step(project.path, "next", f"$(touch {marker}) `touch {marker}`; touch {marker}")
    assert result.returncode == 2  # releasekit refuses the strange words as arguments
    assert not marker.exists()


@pytest.mark.parametrize("version", ["", "1.2.3 --index-url http://evil", "1.0;rm -rf ~"],
                         ids=["empty", "option", "shell"])  # fmt: skip
def test_the_install_step_takes_only_an_exact_version(version: str, tmp_path: Path) -> None:
    step = next(s for s in steps() if s.get("id") == "install")
    result = subprocess.run(
        ["bash", "-c", step["run"]],
        cwd=tmp_path,
        env={**os.environ, "RELEASEKIT_VERSION": version, "RUNNER_TEMP": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "releasekit-version must be an exact version" in result.stdout
    assert not (tmp_path / "releasekit-venv").exists()
