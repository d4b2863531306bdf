"""Installing a wheel in fresh venvs of real interpreters, and importing it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from releasekit.dist.verify import (
    VerifyStep,
    resolve_interpreter,
    top_level_names,
    verify_dist,
    verify_wheel,
)
from releasekit.errors import UsageError, VerifyError
from tests.distfiles import make_sdist, make_wheel


def other_interpreter() -> str:
    """A Python other than the running one (3.10-3.13 are installed where the tests run)."""
    current = f"{sys.version_info.major}.{sys.version_info.minor}"
    for minor in ("3.12", "3.10", "3.13", "3.11"):
        if minor == current:
            continue
        candidates = [shutil.which(f"python{minor}") or ""]
        pyenv = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"
        candidates += sorted(str(p) for p in pyenv.glob(f"{minor}*/bin/python{minor}"))
        for candidate in filter(None, candidates):
            probe = subprocess.run([candidate, "-c", "pass"], capture_output=True, check=False)
            if probe.returncode == 0:
                return candidate
    raise AssertionError("no second Python interpreter found; install python3.10-3.13")


@pytest.mark.parametrize(
    ("paths", "names"),
    [
        (["pkg/__init__.py", "pkg/sub/mod.py", "pkg-1.dist-info/RECORD"], ["pkg"]),
        (["single.py", "single-1.dist-info/METADATA"], ["single"]),
        (["a/__init__.py", "b.py", "x-1.data/scripts/tool"], ["a", "b"]),
        (["not-an-identifier/x.py", "README"], []),
    ],
    ids=["package", "module", "several", "none"],
)
def test_top_level_names(paths: list[str], names: list[str]) -> None:
    assert top_level_names(paths) == names


def test_missing_interpreter_is_a_usage_error_naming_it() -> None:
    with pytest.raises(UsageError, match=r"'python2\.99-missing' not found") as info:
        resolve_interpreter("python2.99-missing")
    assert info.value.exit_code == 2


def test_interpreter_that_cannot_run_counts_as_missing(tmp_path: Path) -> None:
    broken = tmp_path / "python-broken"
    broken.write_text("#!/bin/sh\necho 'shim: no such version' >&2\nexit 127\n")
    broken.chmod(0o755)
    with pytest.raises(UsageError, match="cannot run: shim: no such version"):
        resolve_interpreter(str(broken))


@pytest.mark.slow
def test_wheel_installs_and_imports_in_two_interpreters(tmp_path: Path) -> None:
    make_sdist(tmp_path, "rk-venv", "2.1.0")
    make_wheel(tmp_path, "rk-venv", "2.1.0")
    other = other_interpreter()
    results = verify_dist(tmp_path, "2.1", interpreters=[sys.executable, other])
    assert [r.interpreter for r in results] == [sys.executable, other]
    assert len({r.python_version for r in results}) == 2
    assert all(r.modules == ("rk_venv",) and r.version == "2.1.0" for r in results)


@pytest.mark.slow
@pytest.mark.parametrize("installer", ["uv", "pip"])
def test_both_installers_verify_on_two_interpreters(tmp_path: Path, installer: str) -> None:
    make_wheel(tmp_path, "rk-inst", "3.0.0")
    other = other_interpreter()
    results = verify_dist(
        tmp_path, "3.0.0", interpreters=[sys.executable, other], installer=installer
    )
    assert len({r.python_version for r in results}) == 2
    assert all(r.modules == ("rk_inst",) and r.version == "3.0.0" for r in results)


@pytest.mark.slow
def test_verify_falls_back_to_pip_without_uv_on_path(tmp_path: Path) -> None:
    """The installed command, run with a PATH that has Python but no uv."""
    make_sdist(tmp_path, "rk-nouv", "1.0.0")
    make_wheel(tmp_path / "dist", "rk-nouv", "1.0.0")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "rk-nouv"\nversion = "1.0.0"\n')
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin"}
    env.pop("UV", None)
    assert shutil.which("uv", path=env["PATH"]) is None
    result = subprocess.run(
        [sys.executable, "-m", "releasekit", "-v", "verify", "--no-index"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "in a fresh venv of" in result.stderr
    assert "(pip)" in result.stderr
    assert "ok: " in result.stdout


@pytest.mark.slow
def test_version_from_metadata_when_no_dunder_version(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path, "rk-meta", "25.2.15", module_version=None)
    result = verify_wheel(wheel, "25.02.15", no_index=True)
    assert result.version == "25.2.15"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"module_version": "9.9.9"}, "rk_bad.__version__ is 9.9.9, expected 1.0.0"),
        ({"init_body": "raise ImportError('boom: missing dependency')\n"}, "boom: missing"),
    ],
    ids=["wrong-dunder-version", "import-fails"],
)
def test_failures_name_the_interpreter_and_show_the_output(
    tmp_path: Path, kwargs: dict[str, str], expected: str
) -> None:
    wheel = make_wheel(tmp_path, "rk-bad", "1.0.0", **kwargs)
    with pytest.raises(VerifyError) as info:
        verify_wheel(wheel, "1.0.0", interpreter=sys.executable, no_index=True)
    assert sys.executable in str(info.value)
    assert expected in str(info.value)


def test_verify_step_describes_itself_and_needs_a_wheel(tmp_path: Path) -> None:
    make_sdist(tmp_path, "rk-step", "1.0.0")
    step = VerifyStep(tmp_path, "1.0.0", ("python3.12",))
    assert step.describe().startswith("install the 1.0.0 wheel from")
    assert not step.irreversible
    with pytest.raises(VerifyError, match=r"no wheel of version 1\.0\.0"):
        step.apply()
