"""A bump also moves the internal pins on the package and its uv.lock entry, in one write."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.project import Project
from releasekit.workspace.dependents import dependent_edits
from tests.conftest import GitRepo, workspace_files
from tests.workspace.test_uvlock import uv


@pytest.mark.slow
def test_single_package_uv_project_bump_keeps_the_lock_current(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "Solo_Pkg"\nversion = "1.2.3"\nrequires-python = ">=3.10"\n\n'
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
    )
    (tmp_path / "src" / "solo_pkg").mkdir(parents=True)
    (tmp_path / "src" / "solo_pkg" / "__init__.py").write_text("")
    assert uv(tmp_path, "lock").returncode == 0
    result = Project(tmp_path).bump("minor")
    assert sorted(p.name for p in result.files) == ["pyproject.toml", "uv.lock"]
    checked = uv(tmp_path, "lock", "--check")
    assert checked.returncode == 0, checked.stderr


@pytest.mark.slow
def test_member_bump_moves_the_pins_on_it_and_the_workspace_lock(workspace: GitRepo) -> None:
    assert uv(workspace.path, "lock").returncode == 0
    result = Project(workspace.path / "packages" / "a").bump("minor")
    names = sorted(Path(p).relative_to(workspace.path).as_posix() for p in result.files)
    assert names == ["packages/a/pyproject.toml", "packages/b/pyproject.toml", "uv.lock"]
    assert b'dependencies = ["a==1.1.0"]' in workspace.read("packages/b/pyproject.toml")
    assert b'version = "2.0.0"' in workspace.read("packages/b/pyproject.toml")
    checked = uv(workspace.path, "lock", "--check")
    assert checked.returncode == 0, checked.stderr


def test_pins_merge_into_a_planned_edit_of_the_same_file(tmp_path: Path) -> None:
    for relative, text in workspace_files(
        {"a": ("p/a", "1.0", ()), "b": ("p/b", "1.0", ("a==1.0",))},
        root='[tool.uv.workspace]\nmembers = ["p/*"]\n',
    ).items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    from releasekit.files.edits import FileEdit
    from releasekit.workspace.members import discover_workspace

    b_file = tmp_path / "p/b/pyproject.toml"
    before = b_file.read_bytes()
    planned = [FileEdit(b_file, before, before.replace(b'version = "1.0"', b'version = "1.1"'))]
    found = dependent_edits(
        tmp_path, discover_workspace(tmp_path).packages, {"a": "2.0", "b": "1.1"}, planned
    )
    (edit,) = found.edits
    assert edit.before == before
    assert b'version = "1.1"' in edit.after
    assert b'"a==2.0"' in edit.after
    assert dict(found.moved) == {"b": ("a",)}
