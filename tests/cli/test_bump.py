"""``releasekit bump``: the diff it prints is the change it makes; refusals write nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import GitRepo, invoke

CHANGELOG = (
    "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- A feature.\n\n"
    "## [1.2.3] - 2025-01-01\n\n### Fixed\n\n- A bug.\n"
)


@pytest.fixture
def with_changelog(project: GitRepo) -> GitRepo:
    project.commit("feat: a feature", {"CHANGELOG.md": CHANGELOG})
    return project


def test_bump_writes_every_location_and_prints_old_new_and_files(
    runner: CliRunner, with_changelog: GitRepo
) -> None:
    result = invoke(runner, with_changelog.path, "bump", "patch", "--date", "2025-02-15")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "1.2.3 -> 1.2.4\n  pyproject.toml\n  src/sample_pkg/__init__.py\n  CHANGELOG.md\n"
    )
    assert b'version = "1.2.4"' in with_changelog.read("pyproject.toml")
    assert with_changelog.read("src/sample_pkg/__init__.py") == (
        b'"""Sample."""\n\n__version__ = "1.2.4"\n'
    )
    assert b"## [1.2.4] - 2025-02-15" in with_changelog.read("CHANGELOG.md")
    assert b'dependencies = ["requests>=2"]' in with_changelog.read("pyproject.toml")


def test_dry_run_prints_the_diff_the_real_run_applies(
    runner: CliRunner, with_changelog: GitRepo
) -> None:
    snapshot = with_changelog.snapshot()
    dry = invoke(runner, with_changelog.path, "bump", "minor", "--dry-run", "--date", "2025-02-15")
    assert dry.exit_code == 0, dry.stderr
    assert with_changelog.snapshot() == snapshot
    assert "--- a/pyproject.toml\n+++ b/pyproject.toml\n" in dry.stdout
    assert '-version = "1.2.3"\n+version = "1.3.0"\n' in dry.stdout
    assert "+## [1.3.0] - 2025-02-15\n" in dry.stdout
    assert "dry run: 1.2.3 -> 1.3.0; would change 3 file(s)" in dry.stderr
    # The printed diff, applied by git, gives exactly the tree the real bump writes.
    subprocess.run(
        ["git", "apply", "-"], input=dry.stdout.encode(), cwd=with_changelog.path, check=True
    )
    applied = with_changelog.snapshot()["files"]
    with_changelog.git("checkout", "--", ".")
    real = invoke(runner, with_changelog.path, "bump", "minor", "--date", "2025-02-15")
    assert real.exit_code == 0, real.stderr
    assert with_changelog.snapshot()["files"] == applied


def test_auto_follows_the_conventional_commits(runner: CliRunner, project: GitRepo) -> None:
    project.commit("feat!: drop the old API")
    result = invoke(runner, project.path, "bump")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1.2.3 -> 2.0.0\n")


def test_calver_bump_with_date(runner: CliRunner, repo: GitRepo) -> None:
    repo.commit(
        "chore: init",
        {
            "pyproject.toml": '[project]\nname = "c"\nversion = "25.02.15"\n'
            '[tool.releasekit]\nscheme = "calver"\n',
            "c/__init__.py": '__version__ = "25.02.15"\n',
        },
    )
    result = invoke(runner, repo.path, "bump", "--date", "2025-02-15")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("25.02.15 -> 25.02.15.1\n")
    assert repo.read("c/__init__.py") == b'__version__ = "25.02.15.1"\n'


def test_set_with_allow_downgrade(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "bump", "--set", "1.0.0", "--allow-downgrade")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1.2.3 -> 1.0.0\n")


def test_allow_empty_releases_an_empty_unreleased_section(
    runner: CliRunner, project: GitRepo
) -> None:
    project.commit("fix: x", {"CHANGELOG.md": "# Changelog\n\n## [Unreleased]\n"})
    refused = invoke(runner, project.path, "bump", "patch")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: ")
    assert b'"1.2.3"' in project.read("pyproject.toml")
    allowed = invoke(runner, project.path, "bump", "patch", "--allow-empty")
    assert allowed.exit_code == 0, allowed.stderr
    assert "CHANGELOG.md" in allowed.stdout


BAD_INPUT = [
    (
        "set-lower",
        {},
        ["--set", "1.0.0"],
        1,
        "error: --set 1.0.0 is not higher than the current version 1.2.3; "
        "pass --allow-downgrade if you mean it",
    ),
    ("set-and-part", {}, ["patch", "--set", "2.0.0"], 2, "error: give either a part"),
    ("bad-date", {}, ["--date", "15/02/2025"], 2, "error: --date '15/02/2025' is not a date"),
    (
        "broken-toml",
        {"pyproject.toml": '[project]\nname = "x"\nversion = "1.2.3\n'},
        ["patch"],
        2,
        "error: pyproject.toml:3:",
    ),
    (
        "files-disagree",
        {"src/sample_pkg/__init__.py": '__version__ = "1.2.2"\n'},
        ["patch"],
        1,
        "error: the version files disagree",
    ),
    (
        "not-utf8",
        {"src/sample_pkg/__init__.py": b'# \xff\n__version__ = "1.2.3"\n'},
        ["patch"],
        2,
        "error: src/sample_pkg/__init__.py: not valid UTF-8 (byte 0xff at line 1, column 3)",
    ),
    (
        "not-valid-for-scheme",
        {"src/sample_pkg/__init__.py": '__version__ = "1.2"\n', "pyproject.toml": None},
        ["minor"],
        2,
        "error: pyproject.toml:7: Invalid version: '1.2'",
    ),
]


@pytest.mark.parametrize(
    ("files", "args", "code", "first_line"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input_is_one_error_line_an_exit_status_and_no_change(
    runner: CliRunner,
    project: GitRepo,
    files: dict[str, str | bytes | None],
    args: list[str],
    code: int,
    first_line: str,
) -> None:
    for relative, content in files.items():
        if content is None:  # a SemVer project whose version is not SemVer
            text = project.read(relative).decode().replace('"1.2.3"', '"1.2"')
            project.write(relative, text + '\n[tool.releasekit]\nscheme = "semver"\n')
        else:
            project.write(relative, content)
    snapshot = project.snapshot()
    result = invoke(runner, project.path, "bump", *args)
    assert result.exit_code == code, result.stderr
    assert result.stderr.splitlines()[-1 if args == ["--date", "15/02/2025"] else 0].startswith(
        first_line
    ), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert project.snapshot() == snapshot


def test_disagreement_names_every_file_and_version(runner: CliRunner, project: GitRepo) -> None:
    project.write("src/sample_pkg/__init__.py", '__version__ = "1.2.2"\n')
    result = invoke(runner, project.path, "bump", "patch")
    assert result.stderr.splitlines()[1:] == [
        "error: pyproject.toml:7: 1.2.3 ([project].version)",
        "error: src/sample_pkg/__init__.py:1: 1.2.2 (__version__)",
    ]


def test_a_read_only_file_refuses_the_whole_bump(runner: CliRunner, project: GitRepo) -> None:
    (project.path / "src/sample_pkg/__init__.py").chmod(0o444)
    snapshot = project.snapshot()
    result = invoke(runner, project.path, "bump", "patch")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: nothing was written:",
        "error: src/sample_pkg/__init__.py: is read-only (permissions 0o444); make it writable",
    ]
    assert project.snapshot() == snapshot


def test_missing_pyproject_names_the_directory(
    runner: CliRunner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    empty = tmp_path_factory.mktemp("empty")
    result = invoke(runner, empty, "bump", "patch")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: no pyproject.toml found in {empty.resolve()} or any")


SCRIPT = Path(__file__).parents[2] / "scripts" / "bump-version.py"


def test_the_example_script_bumps_to_todays_calver(repo: GitRepo) -> None:
    repo.commit(
        "chore: init",
        {
            "pyproject.toml": '[project]\nname = "c"\nversion = "20.01.01"\n',
            "c/__init__.py": '__version__ = "20.01.01"\n',
        },
    )
    today = dt.datetime.now(dt.timezone.utc).date()
    expected = f"{today:%y}.{today:%m}.{today:%d}"
    snapshot = repo.snapshot()
    dry = subprocess.run(
        [sys.executable, str(SCRIPT), str(repo.path), "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert dry.returncode == 0, dry.stderr
    assert f'+__version__ = "{expected}"\n' in dry.stdout
    assert dry.stdout.endswith(
        f"20.01.01 -> {expected}\n  would change pyproject.toml\n  would change c/__init__.py\n"
    )
    assert repo.snapshot() == snapshot
    real = subprocess.run(
        [sys.executable, str(SCRIPT), str(repo.path)], capture_output=True, text=True, check=False
    )
    assert real.returncode == 0, real.stderr
    assert repo.read("c/__init__.py") == f'__version__ = "{expected}"\n'.encode()
    again = subprocess.run(
        [sys.executable, str(SCRIPT), str(repo.path / "c")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0
    assert again.stdout.startswith(f"{expected} -> {expected}.1\n")


def test_a_vcs_project_bump_writes_only_the_changelog_and_says_why(
    runner: CliRunner, repo: GitRepo
) -> None:
    data = Path(__file__).parents[1] / "data" / "pyprojects" / "black.toml"
    repo.commit("chore: init", {"pyproject.toml": data.read_bytes(), "CHANGELOG.md": CHANGELOG})
    repo.tag("v1.2.3", "Release 1.2.3")
    result = invoke(runner, repo.path, "bump", "minor", "--date", "2025-02-15")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1.2.3 -> 1.3.0\n  CHANGELOG.md\n"
    assert "note: the version comes from git tags (hatch-vcs)" in result.stderr
    assert repo.read("pyproject.toml") == data.read_bytes()
