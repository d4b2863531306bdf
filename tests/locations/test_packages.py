"""Where a project's import packages live: names, src/ and flat layouts, backend settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.locations.packages import (
    declared_packages,
    module_file,
    normalize_name,
    setuptools_bases,
    table,
    undeclared_packages,
)


def make(root: Path, *relatives: str) -> None:
    for relative in relatives:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("requests", "requests"),
        ("My-Package", "my_package"),
        ("zope.interface", "zope_interface"),
        ("a__b--c..d", "a_b_c_d"),
        ("Foo.Bar-baz", "foo_bar_baz"),
    ],
    ids=["plain", "dash-and-case", "dot", "runs-collapse", "mixed"],
)
def test_normalize_name(name: str, expected: str) -> None:
    assert normalize_name(name) == expected


@given(st.from_regex(r"\A[A-Za-z0-9]([A-Za-z0-9._-]{0,20}[A-Za-z0-9])?\Z"))
def test_normalize_name_agrees_with_pep_503(name: str) -> None:
    from packaging.utils import canonicalize_name

    assert normalize_name(name) == canonicalize_name(name).replace("-", "_")
    assert normalize_name(normalize_name(name)) == normalize_name(name)


@pytest.mark.parametrize(
    ("data", "keys", "expected"),
    [
        ({"a": {"b": {"c": 1}}}, ("a", "b"), {"c": 1}),
        ({"a": {"b": 1}}, ("a", "b"), {}),
        ({"a": [1]}, ("a", "b"), {}),
        ({}, ("a",), {}),
        ({"a": {}}, (), {"a": {}}),
    ],
    ids=["found", "leaf-not-a-table", "list-on-the-way", "missing", "no-keys"],
)
def test_table(data: dict[str, Any], keys: tuple[str, ...], expected: object) -> None:
    assert table(data, *keys) == expected


def test_module_file_prefers_a_package_then_a_module_then_the_next_base(tmp_path: Path) -> None:
    make(tmp_path, "src/a/b/__init__.py", "src/a/__init__.py", "c.py", "src/d.py", "d/__init__.py")
    bases = [tmp_path / "src", tmp_path]
    assert module_file(bases, "a.b") == tmp_path / "src/a/b/__init__.py"
    assert module_file(bases, "c") == tmp_path / "c.py"
    assert module_file(bases, "d") == tmp_path / "src/d.py"
    assert module_file(bases, "missing") is None


def test_setuptools_bases_come_from_the_configuration_then_src_then_the_root(
    tmp_path: Path,
) -> None:
    pyproject = {
        "tool": {
            "setuptools": {
                "package-dir": {"": "lib"},
                "packages": {"find": {"where": ["pkgs", 3]}},
            }
        }
    }
    assert setuptools_bases(tmp_path, pyproject) == [
        tmp_path / "lib",
        tmp_path / "pkgs",
        tmp_path / "src",
        tmp_path,
    ]
    assert setuptools_bases(tmp_path, {}) == [tmp_path / "src", tmp_path]


DECLARED: dict[str, tuple[list[str], dict[str, Any], str | None, list[str]]] = {
    "name-src": (["src/my_pkg/__init__.py"], {}, "My-Pkg", ["src/my_pkg"]),
    "name-flat": (["my_pkg/__init__.py"], {}, "my.pkg", ["my_pkg"]),
    "name-module": (["my_pkg.py"], {}, "my-pkg", ["my_pkg.py"]),
    "hatch-wheel-packages": (
        ["src/one/__init__.py", "two/__init__.py"],
        {"tool": {"hatch": {"build": {"targets": {"wheel": {"packages": ["src/one", "two"]}}}}}},
        None,
        ["src/one", "two"],
    ),
    "poetry-packages": (
        ["lib/p/__init__.py", "q/__init__.py"],
        {"tool": {"poetry": {"packages": [{"include": "p", "from": "lib"}, {"include": "q"}]}}},
        None,
        ["lib/p", "q"],
    ),
    "flit-module": (
        ["fm/__init__.py"],
        {"tool": {"flit": {"module": {"name": "fm"}}}},
        "dist-name",
        ["fm"],
    ),
    "setuptools-packages-top-level-only": (
        ["src/a/__init__.py", "src/a/sub/__init__.py"],
        {"tool": {"setuptools": {"packages": ["a", "a.sub"]}}},
        None,
        ["src/a"],
    ),
    "nothing-exists": ([], {}, "ghost", []),
    "declared-once-though-named-twice": (
        ["x/__init__.py"],
        {"tool": {"flit": {"module": {"name": "x"}}}},
        "x",
        ["x"],
    ),
}


@pytest.mark.parametrize("case", list(DECLARED), ids=list(DECLARED))
def test_declared_packages(tmp_path: Path, case: str) -> None:
    files, pyproject, name, expected = DECLARED[case]
    make(tmp_path, *files)
    assert declared_packages(tmp_path, pyproject, name) == [tmp_path / e for e in expected]


def test_undeclared_packages_are_the_top_level_and_src_packages_sorted(tmp_path: Path) -> None:
    make(
        tmp_path,
        "zeta/__init__.py",
        "alpha/__init__.py",
        "src/beta/__init__.py",
        "tests/__init__.py",
        "docs/__init__.py",
        "build/__init__.py",
        ".hidden/__init__.py",
        "_private/__init__.py",
        "not_a_package/module.py",
        "single.py",
    )
    assert undeclared_packages(tmp_path) == [
        tmp_path / "alpha",
        tmp_path / "zeta",
        tmp_path / "src" / "beta",
    ]


def test_undeclared_packages_of_an_empty_project(tmp_path: Path) -> None:
    assert undeclared_packages(tmp_path) == []
