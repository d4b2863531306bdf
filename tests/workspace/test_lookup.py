"""Finding a package from a name or one of its tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.errors import UsageError
from releasekit.workspace.lookup import package_directory, tagged_package_directory
from tests.conftest import GitRepo


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a", "packages/a"),
        ("B", "packages/b"),
        ("b-v2.0.0", "packages/b"),
        ("a-v9.9.9", "packages/a"),
    ],
    ids=["name", "any-spelling", "a-tag", "a-tag-not-made-yet"],
)
def test_package_directory(workspace: GitRepo, name: str, expected: str) -> None:
    assert package_directory(name, workspace.path) == workspace.path / expected


def test_unknown_name_lists_the_packages(workspace: GitRepo) -> None:
    with pytest.raises(UsageError, match=r"--package c: no such package .*packages: a, b"):
        package_directory("c", workspace.path / "packages" / "a")


def test_outside_a_monorepo(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "Solo"\nversion = "1"\n')
    assert package_directory("solo", tmp_path) == tmp_path
    with pytest.raises(UsageError, match="is no monorepo and its project is 'Solo'"):
        package_directory("other", tmp_path)
    assert tagged_package_directory("solo-v1", tmp_path) is None


def test_tagged_package_directory(workspace: GitRepo) -> None:
    assert tagged_package_directory("a-v1.0.0", workspace.path) == workspace.path / "packages/a"
    assert tagged_package_directory("v1.0.0", workspace.path) is None
