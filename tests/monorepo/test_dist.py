"""Every new wheel installed together in one fresh venv, so internal pins resolve."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

import pytest

from releasekit.errors import BuildError, VerifyError
from releasekit.monorepo.dist import VerifyTogetherStep, verify_together, workspace_dist_steps
from releasekit.monorepo.status import PackageStatus
from releasekit.workspace.members import discover_workspace
from tests.conftest import workspace_files


def wheel(directory: Path, name: str, version: str, requires: tuple[str, ...] = ()) -> Path:
    """A minimal pure wheel of ``name`` (one module) written by hand: no build needed."""
    directory.mkdir(parents=True, exist_ok=True)
    info = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": f'__version__ = "{version}"\n',
        f"{info}/METADATA": "Metadata-Version: 2.1\n"
        f"Name: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires),
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{path},sha256={digest.decode()},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    target = directory / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(target, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
        archive.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return target


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wheels come from the dist directories only."""
    monkeypatch.setenv("PIP_NO_INDEX", "1")


@pytest.mark.slow
def test_a_pin_on_the_new_wheel_resolves_when_installed_together(tmp_path: Path) -> None:
    a = wheel(tmp_path / "a" / "dist", "a", "1.1.0")
    b = wheel(tmp_path / "b" / "dist", "b", "2.0.1", ("a==1.1.0",))
    found = verify_together([(a, "1.1.0"), (b, "2.0.1")], find_links=[a.parent, b.parent])
    assert found == {"a": "1.1.0", "b": "2.0.1"}


@pytest.mark.slow
def test_an_unresolvable_pin_fails(tmp_path: Path) -> None:
    b = wheel(tmp_path / "b" / "dist", "b", "2.0.1", ("a==9.0.0",))
    with pytest.raises(VerifyError, match=r"pip install b-2\.0\.1-py3-none-any\.whl failed"):
        verify_together([(b, "2.0.1")], find_links=[b.parent])


@pytest.mark.slow
def test_a_wheel_of_another_version_fails(tmp_path: Path) -> None:
    a = wheel(tmp_path / "a" / "dist", "a", "1.1.0")
    with pytest.raises(VerifyError, match=r"installed together: a is 1\.1\.0, expected 1\.2\.0"):
        verify_together([(a, "1.2.0")])


def test_the_step_needs_each_packages_wheel(tmp_path: Path) -> None:
    (tmp_path / "a" / "dist").mkdir(parents=True)
    step = VerifyTogetherStep((("a", tmp_path / "a" / "dist", "1.1.0"),))
    assert (
        step.describe() == "install the wheels of a 1.1.0 together in a fresh venv and import them"
    )
    with pytest.raises(BuildError, match=r"holds no sdist or wheel for version 1\.1\.0"):
        step.apply()


def test_workspace_dist_steps(tmp_path: Path) -> None:
    for relative, text in workspace_files(
        {"a": ("packages/a", "1.0.0", ()), "b": ("packages/b", "2.0.0", ())}
    ).items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    rows = [
        PackageStatus("a", "packages/a", "1.0.0", "1.1.0", "a-v1.0.0", "a-v1.1.0", 1, "minor"),
        PackageStatus("b", "packages/b", "2.0.0", "2.0.1", "b-v2.0.0", "b-v2.0.1", 1, "patch"),
    ]
    before, after = workspace_dist_steps(discover_workspace(tmp_path), rows)
    assert [step.describe() for step in before] == [
        f"build sdist and wheel of 1.1.0 into {tmp_path}/packages/a/dist",
        f"build sdist and wheel of 2.0.1 into {tmp_path}/packages/b/dist",
        "install the wheels of a 1.1.0, b 2.0.1 together in a fresh venv and import them",
    ]
    assert [step.describe() for step in after] == [
        f"publish the 1.1.0 artifacts in {tmp_path}/packages/a/dist to pypi",
        f"publish the 2.0.1 artifacts in {tmp_path}/packages/b/dist to pypi",
    ]
    assert after[0].irreversible
