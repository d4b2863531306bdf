"""Every command's ``--json`` against its table in docs/json.md (tests/json_schema_doc.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import GitRepo, invoke
from tests.distfiles import make_sdist, make_wheel
from tests.json_schema_doc import documented, mismatches
from tests.pypi_index import PypiServer

CHANGELOG = (
    "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- A thing.\n\n## [1.2.3] - 2025-01-10\n\n"
    "- First.\n"
)


@pytest.fixture
def sample(project: GitRepo) -> GitRepo:
    """The sample project with a changelog entry and a feat since v1.2.3, pushed."""
    project.commit("docs: changelog", {"CHANGELOG.md": CHANGELOG})
    project.commit("feat: add the --shout option")
    project.git("push", "-q")
    return project


def as_json(runner: CliRunner, project: GitRepo, *args: str, code: int = 0) -> object:
    result = invoke(runner, project.path, *args, "--json")
    assert result.exit_code == code, result.stdout + result.stderr
    return json.loads(result.stdout)


def fits(command: str, data: object) -> None:
    assert mismatches(command, data) == [], json.dumps(data, indent=1)[:2000]


def test_every_command_has_its_table() -> None:
    from releasekit.cli import COMMANDS

    assert set(COMMANDS) | {"error"} == set(documented())


CASES = [
    ("version", ["version"]),
    ("next", ["next"]),
    ("next-part", ["next", "major"]),
    ("check", ["check"]),
    ("notes", ["notes", "1.2.3"]),
    ("changelog-dry-run", ["changelog", "--dry-run"]),
    ("changelog", ["changelog"]),
    ("bump-dry-run", ["bump", "--dry-run"]),
    ("bump", ["bump"]),
    ("bump-tag-dry-run", ["bump", "--tag", "--dry-run"]),
    ("release-dry-run", ["release", "--dry-run", "--no-publish"]),
    ("release", ["release", "--no-publish"]),
    ("hotfix-dry-run", ["hotfix", "v1.2.3", "--dry-run"]),
    ("init-dry-run", ["init", "--dry-run"]),
]


@pytest.mark.parametrize("args", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_command_json_fits_its_documentation(
    runner: CliRunner, sample: GitRepo, args: list[str]
) -> None:
    fits(args[0], as_json(runner, sample, *args))


def test_notes_to_a_file(runner: CliRunner, sample: GitRepo) -> None:
    data = as_json(runner, sample, "notes", "1.2.3", "--output", str(sample.path / "n.md"))
    fits("notes", data)
    assert isinstance(data, dict)
    assert data["file"] == str(sample.path / "n.md")


def test_tag_json(runner: CliRunner, sample: GitRepo) -> None:
    assert invoke(runner, sample.path, "bump", "--commit").exit_code == 0
    fits("tag", as_json(runner, sample, "tag", "--dry-run"))
    fits("tag", as_json(runner, sample, "tag"))


@pytest.mark.parametrize("command", ["bump", "release"])
def test_nothing_to_release_json(runner: CliRunner, project: GitRepo, command: str) -> None:
    project.commit("docs: typo")
    data = as_json(runner, project, command)
    fits(command, data)
    assert isinstance(data, dict)
    assert (data["released"], data["old"], data["new"], data["steps"]) == (
        False,
        "1.2.3",
        "1.2.3",
        [],
    )
    assert data["reason"].startswith("nothing to release: no commit since v1.2.3")


@pytest.mark.parametrize(
    "args",
    [
        ["next", "banana"],
        ["check", "--tag", "v9.9.9"],
        ["bump", "--set", "1.0.0"],
        ["init", "--scheme", "nope"],
    ],
    ids=["usage", "check", "refused", "bad-choice"],
)
def test_error_json_fits_its_documentation(
    runner: CliRunner, sample: GitRepo, args: list[str]
) -> None:
    result = invoke(runner, sample.path, *args, "--json")
    assert result.exit_code in (1, 2)
    fits("error", json.loads(result.stdout))


def test_publish_json(
    runner: CliRunner,
    sample: GitRepo,
    pypi_server: PypiServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("PYPI_API_TOKEN", pypi_server.token)
    files = [make_sdist(tmp_path, "rk-json", "1.0.0"), make_wheel(tmp_path, "rk-json", "1.0.0")]
    target = ["--repository-url", pypi_server.url, *map(str, files)]
    fits("publish", as_json(runner, sample, "publish", "--dry-run", *target))
    data = as_json(runner, sample, "publish", *target)
    fits("publish", data)
    assert isinstance(data, dict)
    assert [a["name"] for a in data["uploaded"]] == ["rk-json", "rk-json"]


@pytest.mark.slow
def test_verify_json(
    runner: CliRunner, project: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    make_wheel(project.path / "dist", "sample-pkg", "1.2.3", top_level="sample_pkg")
    data = as_json(runner, project, "verify")
    fits("verify", data)
    # The step summary names each Python verified.
    assert isinstance(data, dict)
    python = data["results"][0]["python_version"]
    assert f"| Verified on | Python {python} (" in summary.read_text()


@pytest.mark.slow
def test_build_json(runner: CliRunner, project: GitRepo) -> None:
    pyproject = project.read("pyproject.toml").decode()
    project.commit(
        "docs: readme",
        {
            "README.md": "# sample\n",
            "pyproject.toml": pyproject.replace(
                'description = "A sample project"\n',
                'description = "A sample project"\nreadme = "README.md"\n',
            ),
        },
    )
    fits("build", as_json(runner, project, "build", "--sdist-only"))
