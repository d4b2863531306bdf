"""releasekit.init.scaffold: the init plan on real projects.

pyproject.toml edits are checked byte for byte: the file before init is a prefix of the file
after it (or, for an existing table, the diff only adds lines), whatever its line endings,
BOM or last line.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import releasekit
from releasekit.errors import ProjectNotFound, RefusedError
from releasekit.files.toml import parse_toml
from releasekit.init.scaffold import WORKFLOW_PATH, conflict_error, plan_init
from releasekit.init.workflow import (
    released_pythons,
)
from releasekit.plan import Plan, Reporter
from tests.conftest import PYPROJECT, GitRepo, Recorder


def init(path: Path, **options: Any) -> Plan:
    """Plan init and apply the plan (what ``releasekit init`` does)."""
    plan = plan_init(path, **options)
    plan.apply()
    return plan


SETTINGS = {"scheme": "semver", "tag-format": "v{version}", "changelog": "CHANGELOG.md"}


def table(root: Path) -> dict[str, object]:
    """The [tool.releasekit] table of the project at root."""
    data = parse_toml((root / "pyproject.toml").read_text(encoding="utf-8-sig"), "pyproject.toml")
    result: dict[str, object] = data["tool"]["releasekit"]
    return result


#: The newest CPython today: what a project that says nothing is verified up to.
NEWEST = released_pythons(date.today())[-1]


# --- the plan on real projects ----------------------------------------------------------------


def test_plan_on_a_project_writes_nothing_then_apply_writes_it_all(project: GitRepo) -> None:
    snapshot = project.snapshot()
    plan = plan_init(project.path)
    assert project.snapshot() == snapshot
    assert plan.describe().splitlines() == [
        "1. add [tool.releasekit] in pyproject.toml (scheme = 'semver', "
        "tag-format = 'v{version}', changelog = 'CHANGELOG.md')",
        # The project has a release tag: its section is written from the history.
        "2. create CHANGELOG.md (Keep a Changelog, empty [Unreleased], 1 release section(s) "
        "from the tags v1.2.3)",
        f"3. create .github/workflows/release.yml (tags 'v*', Python 3.10-{NEWEST})",
    ]
    plan.apply()
    assert sorted(p.relative_to(project.path).as_posix() for p in plan.files) == [
        ".github/workflows/release.yml",
        "CHANGELOG.md",
        "pyproject.toml",
    ]
    pyproject = project.read("pyproject.toml")
    assert pyproject.startswith(PYPROJECT.format(version="1.2.3").encode())
    assert "#   pyproject.toml: [project].version" in pyproject.decode()
    assert "#   src/sample_pkg/__init__.py: __version__" in pyproject.decode()
    assert table(project.path) == SETTINGS
    assert project.read("CHANGELOG.md").startswith(b"# Changelog\n")
    assert b"## [Unreleased]" in project.read("CHANGELOG.md")
    workflow = project.read(WORKFLOW_PATH.as_posix()).decode()
    assert "url: https://pypi.org/project/sample-pkg/" in workflow
    # Exactly the releasekit that wrote it.
    assert f"run: python -m pip install releasekit=={releasekit.__version__}\n" in workflow
    assert (project.path / "CHANGELOG.md").stat().st_mode & 0o044 == 0o044  # not private


def test_second_run_has_nothing_to_do(project: GitRepo) -> None:
    init(project.path)
    snapshot = project.snapshot()
    plan = init(project.path)
    assert not plan.steps
    assert plan.describe() == ""
    assert project.snapshot() == snapshot


def test_init_from_a_subdirectory_finds_the_root(project: GitRepo) -> None:
    plan = plan_init(project.path / "src" / "sample_pkg")
    assert plan.facts["root"] == str(project.path)


@pytest.mark.parametrize(
    ("version", "calver_format"),
    [
        ("25.02.15", "YY.0M.0D"),
        ("2025.02.15", "YYYY.0M.0D"),
        ("2025.2.3", "YYYY.MM.DD"),
        ("2025.02.7", "YYYY.0M.MICRO"),
    ],
    ids=["yy", "yyyy", "semver-looking-date", "micro"],
)
def test_calver_project_gets_its_format_written(
    repo: GitRepo, version: str, calver_format: str
) -> None:
    repo.commit("chore: start", {"pyproject.toml": PYPROJECT.format(version=version)})
    init(repo.path, workflow=False)
    written = table(repo.path)
    assert written["scheme"] == "calver"
    assert written["calver-format"] == calver_format
    assert b"Calendar Versioning" in repo.read("CHANGELOG.md")


def test_scheme_option_replaces_the_configured_scheme(repo: GitRepo) -> None:
    text = PYPROJECT.format(version="1.0.0") + '\n[tool.releasekit]\nscheme = "semver"\n'
    repo.commit("chore: start", {"pyproject.toml": text})
    init(repo.path, scheme="calver", workflow=False)
    assert table(repo.path)["scheme"] == "calver"
    assert table(repo.path)["calver-format"] == "YY.0M.0D"
    assert not init(repo.path, scheme="calver", workflow=False).steps


def test_existing_tags_set_the_tag_format_and_the_workflow_filter(repo: GitRepo) -> None:
    repo.commit("chore: start", {"pyproject.toml": PYPROJECT.format(version="1.0.0")})
    repo.tag("release-1.0.0", "Release 1.0.0")
    init(repo.path)
    assert table(repo.path)["tag-format"] == "release-{version}"
    assert "      - 'release-*'\n" in repo.read(WORKFLOW_PATH.as_posix()).decode()


def test_an_existing_changelog_is_used_not_created(repo: GitRepo) -> None:
    repo.commit(
        "chore: start",
        {"pyproject.toml": PYPROJECT.format(version="1.0.0"), "HISTORY.md": "# History\n"},
    )
    plan = init(repo.path, workflow=False)
    assert table(repo.path)["changelog"] == "HISTORY.md"
    assert not (repo.path / "CHANGELOG.md").exists()
    assert [step.describe().split()[0] for step in plan.steps] == ["add"]


def test_crlf_project_gets_a_crlf_changelog_and_keeps_crlf(repo: GitRepo) -> None:
    text = PYPROJECT.format(version="1.0.0").replace("\n", "\r\n")
    repo.commit("chore: start", {"pyproject.toml": text})
    init(repo.path, workflow=False)
    for name in ("pyproject.toml", "CHANGELOG.md"):
        data = repo.read(name)
        assert data.count(b"\n") == data.count(b"\r\n"), name
    assert repo.read("pyproject.toml").startswith(text.encode())


def test_requires_python_sets_the_verify_matrix(repo: GitRepo) -> None:
    text = PYPROJECT.format(version="1.0.0").replace(
        'description = "A sample project"', 'requires-python = ">=3.12,<3.14"'
    )
    repo.commit("chore: start", {"pyproject.toml": text})
    init(repo.path)
    workflow = repo.read(WORKFLOW_PATH.as_posix()).decode()
    assert 'python-version: ["3.12", "3.13"]' in workflow


def test_a_different_workflow_is_a_conflict_and_left_alone(project: GitRepo) -> None:
    project.commit("ci: mine", {WORKFLOW_PATH.as_posix(): "name: mine\n"})
    snapshot = project.snapshot()
    plan = plan_init(project.path)
    assert project.snapshot() == snapshot
    assert plan.facts["conflicts"] == [WORKFLOW_PATH.as_posix()]
    assert "-name: mine" in plan.facts["conflicts_diff"]
    assert "+name: Release" in plan.facts["conflicts_diff"]
    assert "release.yml" not in plan.describe()
    error = conflict_error(plan)
    assert isinstance(error, RefusedError)
    assert re.search(r"release.yml exists with other content.*--force", error.message)
    plan.apply()
    assert project.read(WORKFLOW_PATH.as_posix()) == b"name: mine\n"
    assert conflict_error(plan_init(project.path, workflow=False)) is None


def test_force_overwrites_the_workflow(project: GitRepo) -> None:
    project.commit("ci: mine", {WORKFLOW_PATH.as_posix(): "name: mine\n"})
    plan = init(project.path, force=True)
    assert "overwrite .github/workflows/release.yml" in plan.describe()
    assert project.read(WORKFLOW_PATH.as_posix()).startswith(b"# Release on tag push")
    assert not init(project.path).steps


def test_no_workflow_leaves_github_alone(project: GitRepo) -> None:
    init(project.path, workflow=False)
    assert not (project.path / ".github").exists()
    assert not plan_init(project.path, workflow=False).steps


def test_a_directory_that_cannot_be_made_refuses_and_writes_nothing(project: GitRepo) -> None:
    project.commit("chore: odd", {".github": "not a directory\n"})
    snapshot = project.snapshot()
    with pytest.raises(RefusedError, match=r"\.github/workflows: cannot create the directory"):
        init(project.path)
    assert project.snapshot() == snapshot


def test_no_pyproject_is_project_not_found(tmp_path: Path) -> None:
    with pytest.raises(ProjectNotFound):
        plan_init(tmp_path)


def test_the_library_reports_through_the_reporter(repo: GitRepo) -> None:
    text = PYPROJECT.format(version="1.0.0").replace(
        'description = "A sample project"', 'requires-python = "<3.9"'
    )
    repo.commit("chore: start", {"pyproject.toml": text})
    recorder = Recorder()
    assert isinstance(recorder, Reporter)
    plan_init(repo.path, reporter=recorder)
    assert any(re.search(r"allows none of", w) for w in recorder.warnings)


def test_a_version_from_vcs_tags_writes_no_location_and_no_version_file(repo: GitRepo) -> None:
    text = (
        '[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n'
        '\n[project]\nname = "vcs-demo"\ndynamic = ["version"]\n\n[tool.hatch.version]\n'
        'source = "vcs"\n'
    )
    repo.commit("chore: start", {"pyproject.toml": text})
    init(repo.path, workflow=False)
    written = repo.read("pyproject.toml").decode()
    assert "# No file holds the version: the release tags are the version." in written
    assert table(repo.path) == SETTINGS


def test_a_directory_without_git_still_gets_set_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "2025.02.15"\n')
    plan = init(tmp_path, workflow=False)
    assert [s.describe().split()[1] for s in plan.steps] == ["[tool.releasekit]", "CHANGELOG.md"]
    assert table(tmp_path) == {
        "scheme": "calver",
        "calver-format": "YYYY.0M.0D",
        "tag-format": "v{version}",
        "changelog": "CHANGELOG.md",
    }


def test_a_configured_calver_format_is_kept(repo: GitRepo) -> None:
    text = (
        PYPROJECT.format(version="2025.2.3")
        + '\n[tool.releasekit]\ncalver-format = "YYYY.MM.MICRO"\n'
    )
    repo.commit("chore: start", {"pyproject.toml": text})
    plan = init(repo.path, workflow=False)
    assert "calver-format = 'YYYY.MM.MICRO'" in plan.describe()
    assert table(repo.path)["calver-format"] == "YYYY.MM.MICRO"
    assert table(repo.path)["scheme"] == "calver"
