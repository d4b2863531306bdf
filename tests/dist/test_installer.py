"""uv when it is on PATH, pip otherwise; ``installer = "uv"`` insists on uv."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from releasekit.dist.installer import Installer, resolve_installer
from releasekit.errors import ConfigError

UV = shutil.which("uv") or str(Path(sys.executable).parent / "uv")


def path_without_uv(tmp_path: Path) -> str:
    """A PATH holding a python and nothing else: no uv on it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "python3").symlink_to(sys.executable)
    return str(bin_dir)


def test_uv_is_installed_for_the_tests() -> None:
    assert Path(UV).is_file(), "uv is in the test extra: pip install -e '.[test]'"


@pytest.mark.parametrize(
    ("choice", "with_uv", "expected"),
    [
        ("auto", True, "uv"),
        ("auto", False, "pip"),
        ("uv", True, "uv"),
        ("pip", True, "pip"),
        ("pip", False, "pip"),
    ],
    ids=["auto-uv", "auto-no-uv", "uv", "pip-with-uv", "pip-no-uv"],
)
def test_resolution(tmp_path: Path, choice: str, with_uv: bool, expected: str) -> None:
    path = path_without_uv(tmp_path)
    if with_uv:
        path += os.pathsep + str(Path(UV).parent)
    found = resolve_installer(choice, environ={"PATH": path})
    assert found.name == expected
    assert (found.uv is not None) is (expected == "uv")


def test_uv_named_by_the_environment(tmp_path: Path) -> None:
    found = resolve_installer("uv", environ={"PATH": path_without_uv(tmp_path), "UV": UV})
    assert found == Installer("uv", UV)
    assert found.describe() == f"uv ({UV})"


def test_uv_required_but_missing_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r'installer = "uv" but uv is not on PATH') as info:
        resolve_installer("uv", environ={"PATH": path_without_uv(tmp_path)})
    assert info.value.exit_code == 2
    assert 'installer = "pip"' in str(info.value)


def test_unknown_choice() -> None:
    with pytest.raises(ConfigError, match=r"installer 'conda' is not valid: use one of 'auto'"):
        resolve_installer("conda")
