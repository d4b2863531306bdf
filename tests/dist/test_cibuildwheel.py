"""What a cibuildwheel matrix builds: identifiers from [tool.cibuildwheel] and requires-python."""

from __future__ import annotations

import itertools
from fnmatch import fnmatchcase
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.dist.cibuildwheel import (
    RUNNERS,
    build_identifiers,
    expand_braces,
    identifier_patterns,
)
from releasekit.errors import ConfigError

CPYTHONS = ["cp39", "cp310", "cp311", "cp312", "cp313", "cp314", "cp314t", "cp315", "cp315t"]
#: What the five runners build with every default: native archs, x86 too on Windows.
DEFAULT_PLATFORMS = [
    "manylinux_x86_64",
    "musllinux_x86_64",
    "manylinux_aarch64",
    "musllinux_aarch64",
    "macosx_arm64",
    "macosx_x86_64",
    "win_amd64",
    "win32",
]


def project(requires: str | None = None, **cibuildwheel: Any) -> dict[str, Any]:
    table: dict[str, Any] = {"project": {"name": "demo"}}
    if requires is not None:
        table["project"]["requires-python"] = requires
    table["tool"] = {"cibuildwheel": cibuildwheel}
    return table


def test_the_defaults_are_every_cpython_on_every_runner_platform() -> None:
    found = set(build_identifiers(project()))
    assert found == {f"{py}-{plat}" for py in CPYTHONS for plat in DEFAULT_PLATFORMS}
    assert len(found) == 72


CASES: dict[str, tuple[dict[str, Any], set[str]]] = {
    "requires-python": (
        project(">=3.14", skip="*-win32 *musllinux*"),
        {
            f"{py}-{plat}"
            for py in ("cp314", "cp314t", "cp315", "cp315t")
            for plat in DEFAULT_PLATFORMS
            if plat != "win32" and not plat.startswith("musl")
        },
    ),
    "build-and-skip-lists-with-braces": (
        project(build=["cp3{12,13}-*"], skip=["*-musllinux_*", "*-win32", "*_aarch64"]),
        {
            f"{py}-{plat}"
            for py in ("cp312", "cp313")
            for plat in ("manylinux_x86_64", "macosx_arm64", "macosx_x86_64", "win_amd64")
        },
    ),
    "archs-per-platform": (
        project(
            ">=3.13,<3.14",
            skip="*musllinux*",
            linux={"archs": ["native"]},
            macos={"archs": "universal2"},
            windows={"archs": ["AMD64", "ARM64"]},
        ),
        {
            "cp313-manylinux_x86_64",
            "cp313-manylinux_aarch64",
            "cp313-macosx_universal2",
            "cp313-win_amd64",
            "cp313-win_arm64",
        },
    ),
    "pypy-enabled": (
        project(">=3.11,<3.12", build="pp*", enable=["pypy"]),
        {
            "pp311-manylinux_x86_64",
            "pp311-manylinux_aarch64",
            "pp311-macosx_arm64",
            "pp311-macosx_x86_64",
            "pp311-win_amd64",
        },
    ),
    "pypy-not-enabled": (project(build="pp*"), set()),
    "graalpy": (
        project(build="gp*", enable="graalpy", skip="*-win*"),
        {
            "gp312_250-manylinux_x86_64",
            "gp312_250-manylinux_aarch64",
            "gp312_250-macosx_arm64",
            "gp312_250-macosx_x86_64",
        },
    ),
}


@pytest.mark.parametrize("name", sorted(CASES), ids=sorted(CASES))
def test_selection_follows_cibuildwheel(name: str) -> None:
    pyproject, expected = CASES[name]
    assert set(build_identifiers(pyproject)) == expected


def test_identifiers_are_sorted_by_python_then_platform() -> None:
    found = build_identifiers(project(">=3.12,<3.14", skip="*-win32 *musl*"))
    assert found[0] == "cp312-macosx_arm64"
    assert found[-1] == "cp313-win_amd64"


def test_one_runner_matrix() -> None:
    runners = {"ubuntu-latest": RUNNERS["ubuntu-latest"]}
    assert build_identifiers(project(">=3.15"), runners) == (
        "cp315-manylinux_x86_64",
        "cp315-musllinux_x86_64",
        "cp315t-manylinux_x86_64",
        "cp315t-musllinux_x86_64",
    )


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        (project(archs=["sparc"]), r"archs: 'sparc' is not an architecture .* on linux"),
        (project(enable=["pypi"]), r"enable: unknown group 'pypi'"),
        (project(build=3), r"\[tool.cibuildwheel\] build = 3 is not valid"),
        (project(">=three"), r"requires-python = '>=three' is not a valid"),
    ],
    ids=["arch", "enable", "build-type", "requires-python"],
)
def test_bad_values_name_the_key(pyproject: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        build_identifiers(pyproject)
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    ("identifier", "wheel_key", "matches"),
    [
        ("cp312-manylinux_x86_64", "cp312-manylinux_2_28_x86_64", True),
        ("cp312-manylinux_x86_64", "cp312-manylinux2014_x86_64", True),
        ("cp312-manylinux_x86_64", "cp312-musllinux_1_2_x86_64", False),
        ("cp312-manylinux_x86_64", "cp313-manylinux_2_28_x86_64", False),
        ("cp312-musllinux_aarch64", "cp312-musllinux_1_2_aarch64", True),
        ("cp313t-macosx_arm64", "cp313t-macosx_11_0_arm64", True),
        ("cp313-macosx_arm64", "cp313t-macosx_11_0_arm64", False),
        ("cp310-win32", "cp310-win32", True),
        ("cp310-win_amd64", "cp310-win32", False),
        ("pp311-manylinux_x86_64", "pp311-manylinux_2_28_x86_64", True),
    ],
    ids=lambda v: str(v),
)
def test_identifier_patterns(identifier: str, wheel_key: str, matches: bool) -> None:
    patterns = identifier_patterns(identifier)
    assert any(fnmatchcase(wheel_key, p) for p in patterns) is matches


@pytest.mark.parametrize(
    ("pattern", "expanded"),
    [
        ("cp3{10..12}-*", ["cp310-*", "cp311-*", "cp312-*"]),
        ("{a,b}{1,2}", ["a1", "a2", "b1", "b2"]),
        ("x{a,{b,c}}", ["xa", "xb", "xc"]),
        ("cp{3..1}", ["cp3", "cp2", "cp1"]),
        ("plain-*", ["plain-*"]),
        ("odd{}-{x}", ["odd{}-{x}"]),
    ],
    ids=["range", "product", "nested", "descending", "none", "not-a-brace"],
)
def test_expand_braces(pattern: str, expanded: list[str]) -> None:
    assert expand_braces(pattern) == expanded


WORD = st.text("abcxyz019_*-", min_size=0, max_size=4)


@given(st.lists(st.lists(WORD, min_size=2, max_size=3), min_size=0, max_size=3), WORD)
def test_expand_braces_is_the_product_of_the_alternatives(
    groups: list[list[str]], tail: str
) -> None:
    pattern = "".join("{" + ",".join(group) + "}" for group in groups) + tail
    reference = ["".join(parts) + tail for parts in itertools.product(*groups)]
    assert expand_braces(pattern) == reference
