"""uv.lock: the own packages' entries get the new version, proven with the real uv."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from releasekit.errors import FileFormatError
from releasekit.workspace.uvlock import find_lock_entries, rewrite_lock
from tests.conftest import workspace_files


def uv(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the uv installed with the test dependencies, offline, with this interpreter."""
    env = {**os.environ, "UV_PYTHON": sys.executable, "UV_NO_PROGRESS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "uv", *args, "--offline"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def make(root: Path, files: dict[str, str]) -> str:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    locked = uv(root, "lock")
    assert locked.returncode == 0, locked.stderr
    return (root / "uv.lock").read_text()


def bump(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    path.write_text(path.read_text().replace(f'version = "{old}"', f'version = "{new}"', 1))


ROOT = (
    '[project]\nname = "app"\nversion = "0.3.0"\nrequires-python = ">=3.10"\n'
    'dependencies = ["a", "b"]\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n\n'
    "[tool.uv.sources]\na = { workspace = true }\nb = { workspace = true }\n\n"
    '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
)


@pytest.mark.slow
def test_workspace_lock_is_current_after_the_edit(tmp_path: Path) -> None:
    files = workspace_files(
        {"a": ("packages/a", "1.0.0", ()), "b": ("packages/b", "1.0.0", ("a==1.0.0",))},
        root=ROOT,
    )
    before = make(tmp_path, files)
    bump(tmp_path, "packages/a/pyproject.toml", "1.0.0", "1.1.0")
    bump(tmp_path, "pyproject.toml", "0.3.0", "0.4.0")
    assert uv(tmp_path, "lock", "--check").returncode != 0  # the issue: uv.lock is stale
    after = rewrite_lock(before, {"a": "1.1.0", "app": "0.4.0"})
    (tmp_path / "uv.lock").write_text(after)
    checked = uv(tmp_path, "lock", "--check")
    assert checked.returncode == 0, checked.stderr
    changed = [
        (o, n) for o, n in zip(before.splitlines(), after.splitlines(), strict=True) if o != n
    ]
    assert changed == [
        ('version = "1.0.0"', 'version = "1.1.0"'),
        ('version = "0.3.0"', 'version = "0.4.0"'),
    ]
    assert len(before.splitlines()) == len(after.splitlines())


@pytest.mark.slow
def test_single_package_lock(tmp_path: Path) -> None:
    root = (
        '[project]\nname = "solo"\nversion = "1.2.3"\nrequires-python = ">=3.10"\n\n'
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
    )
    before = make(tmp_path, {"pyproject.toml": root, "src/solo/__init__.py": ""})
    bump(tmp_path, "pyproject.toml", "1.2.3", "2.0.0")
    (tmp_path / "uv.lock").write_text(rewrite_lock(before, {"solo": "2.0.0"}))
    checked = uv(tmp_path, "lock", "--check")
    assert checked.returncode == 0, checked.stderr


@pytest.mark.slow
def test_virtual_root_has_no_version_to_edit(tmp_path: Path) -> None:
    root = (
        '[project]\nname = "dev"\nversion = "0.0.0"\nrequires-python = ">=3.10"\n'
        'dependencies = ["a"]\n\n[tool.uv]\npackage = false\n\n'
        '[tool.uv.workspace]\nmembers = ["packages/*"]\n\n'
        "[tool.uv.sources]\na = { workspace = true }\n"
    )
    text = make(tmp_path, workspace_files({"a": ("packages/a", "1.0.0", ())}, root=root))
    kinds = {e.key: e.source for e in find_lock_entries(text)}
    assert kinds["a"] == "editable"
    assert kinds.get("dev", "virtual") == "virtual"


LOCK = """\
version = 1
revision = 2
requires-python = ">=3.10"

[[package]]
name = "a"
version = "1.0.0"
source = { editable = "packages/a" }
dependencies = [
    { name = "idna" },
]

[package.metadata]
requires-dist = [{ name = "idna", specifier = "==1.0.0" }]

[[package]]
name = "idna"
version = "1.0.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://example.invalid/idna-1.0.0.tar.gz", hash = "sha256:00" }

[[package]]
name = "My_Tool"
version = "1.0.0"
source = { directory = "tools/my-tool" }
"""


@pytest.mark.parametrize(
    ("versions", "changed"),
    [
        ({"a": "1.1.0"}, {7: 'version = "1.1.0"'}),
        ({"idna": "9.0"}, {}),
        ({"my-tool": "2.0"}, {24: 'version = "2.0"'}),
        ({"a": "1.0.0"}, {}),
    ],
    ids=["editable", "registry-never", "directory-normalized-name", "unchanged"],
)
def test_rewrite_touches_only_own_entries(
    versions: dict[str, str], changed: dict[int, str]
) -> None:
    for eol in ("\n", "\r\n"):
        text = LOCK.replace("\n", eol)
        new = rewrite_lock(text, versions)
        old_lines, new_lines = text.split(eol), new.split(eol)
        diff = {
            i + 1: n for i, (o, n) in enumerate(zip(old_lines, new_lines, strict=True)) if o != n
        }
        assert diff == changed
        assert len(old_lines) == len(new_lines)


def test_a_broken_lock_is_refused_with_its_line() -> None:
    text = LOCK.replace('version = "1.0.0"\n', 'version = "1.0.0"\nversion = "x"\n', 1)
    with pytest.raises(FileFormatError, match=r"uv\.lock:8:14: invalid TOML"):
        rewrite_lock(text, {"a": "1.1.0"})


def test_a_version_uv_did_not_write_is_left_alone() -> None:
    text = LOCK.replace(
        'version = "1.0.0"\nsource = { editable', "version = '1.0.0'\nsource = { editable"
    )
    assert rewrite_lock(text, {"a": "1.1.0"}) == text
