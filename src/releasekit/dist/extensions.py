"""Is this an extension project? Compiled code means wheels per platform, not one pure wheel.

:func:`detect_extensions` returns why a project compiles code, one reason a line (empty for a
pure-Python project). It reads; it never runs anything of the project:

- ``[tool.cibuildwheel]`` in pyproject.toml;
- a compiling build backend: scikit-build-core, meson-python, maturin (``build-backend`` or
  ``[tool.scikit-build]`` / ``[tool.maturin]`` / ``[tool.meson-python]``);
- setuptools extensions: ``ext_modules`` in ``[tool.setuptools]`` (``ext-modules``), or in
  setup.py, which is parsed with :mod:`ast` (never executed): a ``setup(ext_modules=...)``
  call with a non-empty value, or a call of ``Extension``, ``Pybind11Extension`` or
  ``cythonize``;
- a hatch build hook that compiles: a known compiling plugin (``cython``, ``mypyc``,
  ``scikit-build``, ``cpp``, …) or a custom hook (``hatch_build.py``) that marks the wheel
  as not pure (``build_data["pure_python"] = False`` or ``build_data["infer_tag"] = True``);
- a Poetry ``build`` script (``[tool.poetry.build] script``).

>>> detect_extensions(Path("/nowhere"), {"build-system": {"build-backend": "mesonpy"}})
('meson-python (build-backend = "mesonpy")',)
>>> setup_py_extensions("from setuptools import setup\\nsetup(name='p', ext_modules=[])")
[]
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "COMPILING_HATCH_HOOKS",
    "detect_extensions",
    "is_extension_project",
    "setup_py_extensions",
]

#: hatch build-hook plugin names that compile code into the wheel.
COMPILING_HATCH_HOOKS: frozenset[str] = frozenset(
    {"cython", "mypyc", "scikit-build", "cpp", "hatch-cpp"}
)
_BACKENDS: Mapping[str, str] = {
    "scikit_build_core": "scikit-build-core",
    "mesonpy": "meson-python",
    "maturin": "maturin",
    "py_build_cmake": "py-build-cmake",
}
_TOOL_TABLES: Mapping[str, str] = {
    "scikit-build": "scikit-build-core",
    "maturin": "maturin",
    "meson-python": "meson-python",
}
_EXTENSION_CALLS = frozenset(
    {"Extension", "Pybind11Extension", "cythonize", "CUDAExtension", "CppExtension"}
)


def _table(mapping: Mapping[str, Any] | None, *keys: str) -> Mapping[str, Any]:
    current: Any = mapping or {}
    for key in keys:
        current = current.get(key) if isinstance(current, Mapping) else None
    return current if isinstance(current, Mapping) else {}


def _call_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return ""


def _empty(node: ast.expr) -> bool:
    return (isinstance(node, ast.List | ast.Tuple) and not node.elts) or (
        isinstance(node, ast.Constant) and node.value is None
    )


def setup_py_extensions(source: str) -> list[str]:
    """Why a setup.py builds extensions (empty when it does not, or cannot be parsed).

    >>> setup_py_extensions("import setuptools\\nsetuptools.setup(ext_modules=mods)")
    ['setup.py passes ext_modules to setup()']
    >>> setup_py_extensions("from setuptools import Extension\\nExtension('m', ['m.c'])")
    ['setup.py calls Extension()']
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    reasons: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name == "setup":
            if any(k.arg == "ext_modules" and not _empty(k.value) for k in node.keywords):
                reasons.append("setup.py passes ext_modules to setup()")
        elif name in _EXTENSION_CALLS:
            reasons.append(f"setup.py calls {name}()")
    return list(dict.fromkeys(reasons))


def _hatch_hooks(pyproject: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    hatch = _table(pyproject, "tool", "hatch", "build")
    hooks = dict(_table(hatch, "hooks"))
    hooks.update(_table(hatch, "targets", "wheel", "hooks"))
    return hooks


def _custom_hook_compiles(root: Path, settings: Mapping[str, Any]) -> bool:
    path = root / str(settings.get("path", "hatch_build.py"))
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return False
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Constant):
            continue
        for target in node.targets:
            if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
                key, value = target.slice.value, node.value.value
                if (key, value) in (("pure_python", False), ("infer_tag", True)):
                    return True
    return False


def detect_extensions(root: Path, pyproject: Mapping[str, Any]) -> tuple[str, ...]:
    """Why the project at ``root`` builds compiled wheels; empty for a pure-Python project."""
    reasons: list[str] = []
    if "cibuildwheel" in _table(pyproject, "tool"):
        reasons.append("[tool.cibuildwheel] in pyproject.toml")
    backend = _table(pyproject, "build-system").get("build-backend")
    if isinstance(backend, str):
        top = backend.split(".", 1)[0].split(":", 1)[0]
        if top in _BACKENDS:
            reasons.append(f'{_BACKENDS[top]} (build-backend = "{backend}")')
    for table, what in _TOOL_TABLES.items():
        if table in _table(pyproject, "tool") and not any(what in r for r in reasons):
            reasons.append(f"{what} ([tool.{table}] in pyproject.toml)")
    if _table(pyproject, "tool", "setuptools").get("ext-modules"):
        reasons.append("setuptools ext-modules in [tool.setuptools]")
    setup_py = Path(root) / "setup.py"
    if setup_py.is_file():
        try:
            source = setup_py.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            source = ""
        reasons += setup_py_extensions(source)
    for name, settings in _hatch_hooks(pyproject).items():
        settings = settings if isinstance(settings, Mapping) else {}
        if settings.get("enable-by-default") is False:
            continue
        if name in COMPILING_HATCH_HOOKS:
            reasons.append(f"the hatch build hook {name!r} compiles code")
        elif name == "custom" and _custom_hook_compiles(Path(root), settings):
            path = settings.get("path", "hatch_build.py")
            reasons.append(f"the custom hatch build hook in {path} builds a platform wheel")
    if _table(pyproject, "tool", "poetry", "build").get("script"):
        reasons.append("a Poetry build script ([tool.poetry.build] script)")
    return tuple(reasons)


def is_extension_project(root: Path, pyproject: Mapping[str, Any]) -> bool:
    """True when :func:`detect_extensions` finds compiled code.

    >>> is_extension_project(Path("/nowhere"), {"tool": {"cibuildwheel": {}}})
    True
    """
    return bool(detect_extensions(root, pyproject))
