"""Extension-project detection: read pyproject.toml and setup.py, never run them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from releasekit.dist.extensions import (
    detect_extensions,
    is_extension_project,
    setup_py_extensions,
)
from releasekit.files.toml import parse_toml
from tests.distfiles import SAMPLES

PYPROJECTS: dict[str, tuple[str, str | None]] = {
    "cibuildwheel": ('[tool.cibuildwheel]\nskip = "pp*"\n', "[tool.cibuildwheel]"),
    "scikit-build-core": (
        '[build-system]\nrequires = ["scikit-build-core"]\n'
        'build-backend = "scikit_build_core.build"\n',
        "scikit-build-core",
    ),
    "meson-python": ('[build-system]\nbuild-backend = "mesonpy"\n', "meson-python"),
    "maturin": ('[build-system]\nbuild-backend = "maturin"\n', "maturin"),
    "maturin-table-only": ('[tool.maturin]\nfeatures = ["pyo3/extension-module"]\n', "maturin"),
    "setuptools-ext-modules-table": (
        '[[tool.setuptools.ext-modules]]\nname = "pkg._c"\nsources = ["c.c"]\n',
        "ext-modules",
    ),
    "hatch-cython-hook": ("[tool.hatch.build.targets.wheel.hooks.cython]\n", "'cython'"),
    "hatch-mypyc-hook": (
        '[tool.hatch.build.hooks.mypyc]\ndependencies = ["hatch-mypyc"]\n',
        "'mypyc'",
    ),
    "hatch-hook-disabled": (
        "[tool.hatch.build.hooks.mypyc]\nenable-by-default = false\n",
        None,
    ),
    "hatch-vcs-hook-is-pure": ("[tool.hatch.build.hooks.vcs]\nversion-file = 'v.py'\n", None),
    "poetry-build-script": ('[tool.poetry.build]\nscript = "build.py"\n', "Poetry build script"),
    "pure-hatchling": (
        '[build-system]\nbuild-backend = "hatchling.build"\n[project]\nname = "p"\n',
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(PYPROJECTS), ids=sorted(PYPROJECTS))
def test_detection_from_pyproject(name: str, tmp_path: Path) -> None:
    text, reason = PYPROJECTS[name]
    found = detect_extensions(tmp_path, parse_toml(text, "pyproject.toml"))
    if reason is None:
        assert found == ()
    else:
        assert len(found) == 1
        assert reason in found[0]


SETUP_PY: dict[str, tuple[str, list[str]]] = {
    "ext-modules-keyword": (
        "from setuptools import setup, Extension\n"
        "setup(name='p', ext_modules=[Extension('p._c', ['c.c'])])\n",
        ["setup.py passes ext_modules to setup()", "setup.py calls Extension()"],
    ),
    "ext-modules-variable": (
        "import setuptools\nmods = build()\nsetuptools.setup(ext_modules=mods)\n",
        ["setup.py passes ext_modules to setup()"],
    ),
    "empty-ext-modules": ("from setuptools import setup\nsetup(ext_modules=[])\n", []),
    "cythonize": (
        "from Cython.Build import cythonize\nfrom setuptools import setup\n"
        "setup(ext_modules=cythonize('p/*.pyx'))\n",
        ["setup.py passes ext_modules to setup()", "setup.py calls cythonize()"],
    ),
    "pybind11": (
        "from pybind11.setup_helpers import Pybind11Extension\nx = [Pybind11Extension('m', [])]\n",
        ["setup.py calls Pybind11Extension()"],
    ),
    "pure-setup": ("from setuptools import setup\nsetup(name='p', packages=['p'])\n", []),
    "syntax-error": ("setup(ext_modules=[\n", []),
}


@pytest.mark.parametrize("name", sorted(SETUP_PY), ids=sorted(SETUP_PY))
def test_setup_py_is_read_with_ast(name: str) -> None:
    source, reasons = SETUP_PY[name]
    assert setup_py_extensions(source) == reasons


def test_setup_py_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "setup.py").write_text(
        f"open({str(marker)!r}, 'w').write('x')\n"
        "raise SystemExit(3)\n"
        "from setuptools import setup, Extension\n"
        "setup(ext_modules=[Extension('m', ['m.c'])])\n"
    )
    assert is_extension_project(tmp_path, {})
    assert not marker.exists()


def test_a_custom_hatch_hook_that_builds_a_platform_wheel(tmp_path: Path) -> None:
    (tmp_path / "hatch_build.py").write_text(
        "from hatchling.builders.hooks.plugin.interface import BuildHookInterface\n"
        "class Hook(BuildHookInterface):\n"
        "    def initialize(self, version, build_data):\n"
        "        build_data['pure_python'] = False\n"
        "        build_data['infer_tag'] = True\n"
    )
    pyproject: dict[str, Any] = {"tool": {"hatch": {"build": {"hooks": {"custom": {}}}}}}
    assert detect_extensions(tmp_path, pyproject) == (
        "the custom hatch build hook in hatch_build.py builds a platform wheel",
    )
    (tmp_path / "hatch_build.py").write_text("build_data = {}\nbuild_data['x'] = 1\n")
    assert detect_extensions(tmp_path, pyproject) == ()


@pytest.mark.parametrize(
    ("sample", "extension"),
    [("ext_sample", True), ("setuptools_sample", False), ("hatch_sample", False)],
    ids=["ext", "setuptools", "hatch"],
)
def test_the_sample_projects(sample: str, extension: bool) -> None:
    root = SAMPLES / sample
    pyproject = parse_toml((root / "pyproject.toml").read_text(), "pyproject.toml")
    assert is_extension_project(root, pyproject) is extension
