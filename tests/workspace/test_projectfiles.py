"""A member's project taking its files from the workspace its caller just discovered."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from releasekit.errors import FileFormatError
from releasekit.project import Project
from releasekit.workspace.members import discover_workspace
from releasekit.workspace.projectfiles import read_project, workspace_member
from tests.conftest import GitRepo, member_pyproject, workspace_files

UV = '[tool.uv.workspace]\nmembers = ["packages/*"]\n'

#: Layouts: the files, and whether every package's member comes from the workspace alone.
LAYOUTS: dict[str, tuple[Mapping[str, str], bool]] = {
    "uv-members": (
        workspace_files({"a": ("packages/a", "1.0.0", ()), "b": ("packages/b", "2.0.0", ())}),
        True,
    ),
    "root-package": (
        workspace_files(
            {"a": ("packages/a", "1.0.0", ())},
            root='[project]\nname = "top"\nversion = "3.0"\n\n' + UV,
        ),
        True,
    ),
    "releasekit-packages-own-tables": (
        {
            "pyproject.toml": '[tool.releasekit]\npackages = ["libs/*/*"]\nchangelog = "NEWS.md"\n',
            "libs/x/a/pyproject.toml": member_pyproject("a", "1.0.0")
            + '\n[tool.releasekit]\nchangelog = "HISTORY.md"\n',
            "libs/y/b/pyproject.toml": member_pyproject("b", "2.0.0"),
        },
        True,
    ),
    "pyproject-in-between": (
        {
            "pyproject.toml": '[tool.uv.workspace]\nmembers = ["libs/*"]\n',
            "libs/pyproject.toml": '[tool.uv.workspace]\nmembers = ["a"]\n',
            "libs/a/pyproject.toml": member_pyproject("a", "1.0.0"),
            "libs/b/pyproject.toml": member_pyproject("b", "2.0.0"),
        },
        False,
    ),
    "member-with-members": (
        {
            "pyproject.toml": UV,
            "packages/a/pyproject.toml": member_pyproject("a", "1.0.0") + "\n" + UV,
            "packages/a/packages/c/pyproject.toml": member_pyproject("c", "1.0.0"),
            "packages/b/pyproject.toml": member_pyproject("b", "2.0.0"),
        },
        False,
    ),
}


def write(root: Path, files: Mapping[str, str]) -> None:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("layout", list(LAYOUTS), ids=list(LAYOUTS))
def test_the_workspace_gives_what_reading_the_files_gives(tmp_path: Path, layout: str) -> None:
    files, every_package_from_workspace = LAYOUTS[layout]
    write(tmp_path, files)
    workspace = discover_workspace(tmp_path.resolve())
    directories = {tmp_path / Path(f).parent for f in files}
    for directory in sorted(directories):
        assert read_project(directory, workspace) == read_project(directory), directory
    taken = {p.directory: workspace_member(workspace, p.path(tmp_path)) for p in workspace.packages}
    assert all(m is not None for m in taken.values()) is every_package_from_workspace


def test_a_relative_workspace_root_gives_the_resolved_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, LAYOUTS["uv-members"][0])
    monkeypatch.chdir(tmp_path)
    workspace = discover_workspace(Path())
    assert read_project(tmp_path / "packages/a", workspace) == read_project(tmp_path / "packages/a")


def test_a_members_project_parses_no_file_again(tmp_path: Path) -> None:
    """Every member's pyproject.toml is made unreadable TOML after the discovery: the
    projects built from the workspace never parse them; one built alone does, and says so."""
    write(tmp_path, LAYOUTS["releasekit-packages-own-tables"][0])
    workspace = discover_workspace(tmp_path)
    for package in workspace.packages:
        (package.path(tmp_path) / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    projects = [Project(p.path(tmp_path), workspace=workspace) for p in workspace.packages]
    assert [(p.member.package.name, p.config.changelog) for p in projects if p.member] == [
        ("a", "HISTORY.md"),
        ("b", "NEWS.md"),
    ]
    with pytest.raises(FileFormatError, match="invalid TOML"):
        Project(tmp_path / "libs/x/a")


def test_the_files_are_read_again_after_a_bump(workspace: GitRepo) -> None:
    root = workspace.path
    members = discover_workspace(root)
    project = Project(root / "packages/a", workspace=members)
    assert project.bump("minor").new == "1.1.0"
    assert project.version == "1.1.0"
    assert project.pyproject["project"]["version"] == "1.1.0"
    assert project.member is not None
    assert project.member.package.pyproject["project"]["version"] == "1.1.0"
    # b's exact pin moved in the same write: a new discovery sees it, and so does b's project.
    again = discover_workspace(root)
    assert Project(root / "packages/b", workspace=again).pyproject["project"]["dependencies"] == [
        "a==1.1.0"
    ]


def test_a_change_between_two_projects_shows_in_the_next_discovery(workspace: GitRepo) -> None:
    root = workspace.path
    before = discover_workspace(root)
    workspace.write(
        "packages/a/pyproject.toml",
        member_pyproject("a", "1.0.0") + '\n[tool.releasekit]\nchangelog = "NEWS.md"\n',
    )
    assert Project(root / "packages/a", workspace=before).config.changelog == "CHANGELOG.md"
    after = discover_workspace(root)
    assert Project(root / "packages/a", workspace=after).config.changelog == "NEWS.md"
    assert Project(root / "packages/a").config.changelog == "NEWS.md"
