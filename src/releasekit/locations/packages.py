"""Where a project's import packages live, from its name and its build backend's settings.

Pure look-ups on the file system, no file is read: :func:`declared_packages` (the packages the
configuration names, or the one named like the project), :func:`undeclared_packages` (the
top-level and src/ packages of a project that names none, as in a setup.py project).

>>> normalize_name("Foo.Bar-baz")
'foo_bar_baz'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "declared_packages",
    "module_file",
    "normalize_name",
    "setuptools_bases",
    "table",
    "undeclared_packages",
]

_SKIP_DIRS = frozenset({"tests", "test", "docs", "doc", "examples", "scripts", "build", "dist"})


def normalize_name(name: str) -> str:
    """A distribution name as an import name (PEP 503 normalization, ``_`` separators)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def table(data: Mapping[str, Any], *keys: str) -> Mapping[str, Any]:
    """The sub-table at ``keys`` (an empty mapping when any level is missing or not a table).

    >>> table({"tool": {"hatch": {"version": {"path": "v.py"}}}}, "tool", "hatch", "version")
    {'path': 'v.py'}
    >>> table({"tool": {"hatch": 1}}, "tool", "hatch", "version")
    {}
    """
    value: Any = data
    for key in keys:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def module_file(bases: Sequence[Path], module: str) -> Path | None:
    """The file of ``module`` (``pkg/__init__.py`` or ``pkg.py``) under the first base having it."""
    parts = module.split(".")
    for base in bases:
        package = base.joinpath(*parts)
        for candidate in (package / "__init__.py", package.with_suffix(".py")):
            if candidate.is_file():
                return candidate
    return None


def setuptools_bases(root: Path, pyproject: Mapping[str, Any]) -> list[Path]:
    """Where top-level packages may live: setuptools ``package-dir``/``find.where``, src/, root."""
    package_dir = table(pyproject, "tool", "setuptools", "package-dir")
    bases = []
    if isinstance(package_dir.get(""), str):
        bases.append(root / package_dir[""])
    find = table(pyproject, "tool", "setuptools", "packages", "find")
    where = find.get("where", [])
    bases.extend(root / w for w in where if isinstance(w, str))
    return [*bases, root / "src", root]


def declared_packages(root: Path, pyproject: Mapping[str, Any], name: str | None) -> list[Path]:
    """The existing package directories (or single modules) the project declares.

    From hatch's wheel ``packages``, poetry's ``packages``, flit's module name, setuptools'
    ``packages`` and the normalized project ``name``, in src/ and flat layouts.
    """
    tool = table(pyproject, "tool")
    wheel = table(tool, "hatch", "build", "targets", "wheel").get("packages")
    packages = wheel if isinstance(wheel, list) else []
    candidates = [root / str(package) for package in packages]
    candidates.extend(
        root / str(entry.get("from", ".")) / entry["include"]
        for entry in table(tool, "poetry").get("packages", []) or []
        if isinstance(entry, Mapping) and isinstance(entry.get("include"), str)
    )
    flit_module = table(tool, "flit", "module").get("name")
    setuptools_packages = table(tool, "setuptools").get("packages")
    modules = [flit_module] if isinstance(flit_module, str) else []
    if isinstance(setuptools_packages, list):
        modules += [p for p in setuptools_packages if isinstance(p, str) and "." not in p]
    if name:
        modules.append(normalize_name(name))
    bases = setuptools_bases(root, pyproject)
    for module in modules:
        for base in bases:
            candidates.extend([base / module, (base / module).with_suffix(".py")])
    return [c for c in dict.fromkeys(candidates) if c.exists()]


def undeclared_packages(root: Path) -> list[Path]:
    """Top-level and src/ packages whose ``__init__.py`` (or version file) defines a version."""
    packages = []
    for base in (root, root / "src"):
        if not base.is_dir():
            continue
        for child in sorted(base.iterdir()):
            if child.name in _SKIP_DIRS or child.name.startswith((".", "_")):
                continue
            if (child / "__init__.py").is_file():
                packages.append(child)
    return packages
