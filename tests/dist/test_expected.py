"""What a release must hold: wheel tags, keys and identities, and the expectations."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.dist.expected import (
    ExpectedWheel,
    WheelExpectation,
    expectation_for,
    wheel_identities,
    wheel_keys,
    wheel_tags,
)


@pytest.mark.parametrize(
    ("filename", "tags"),
    [
        ("p-1.0-py3-none-any.whl", [("py3", "none", "any")]),
        ("p-1.0-py2.py3-none-any.whl", [("py2", "none", "any"), ("py3", "none", "any")]),
        (
            "p-1.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            [
                ("cp310", "cp310", "manylinux2014_x86_64"),
                ("cp310", "cp310", "manylinux_2_17_x86_64"),
            ],
        ),
    ],
    ids=["pure", "two-pythons", "two-platforms"],
)
def test_wheel_tags(filename: str, tags: list[tuple[str, str, str]]) -> None:
    assert wheel_tags(filename) == tags


@pytest.mark.parametrize(
    ("filename", "has", "lacks"),
    [
        (
            "p-1.0-cp312-cp312-win_amd64.whl",
            ["cp312-win_amd64", "cp312-cp312-win_amd64"],
            ["cp313-win_amd64"],
        ),
        (
            "p-1.0-cp310-abi3-win_amd64.whl",
            ["cp310-win_amd64", "cp313-win_amd64", "cp320-win_amd64"],
            ["cp39-win_amd64"],
        ),
        ("p-1.0-cp313-cp313t-win_amd64.whl", ["cp313t-win_amd64"], ["cp313-win_amd64"]),
        (
            "p-1.0-cp312-cp312-macosx_11_0_universal2.whl",
            ["cp312-macosx_11_0_x86_64", "cp312-macosx_11_0_arm64"],
            ["cp312-macosx_11_0_ppc"],
        ),
    ],
    ids=["plain", "abi3-covers-later-cpythons", "free-threaded", "universal2-both-archs"],
)
def test_wheel_keys(filename: str, has: list[str], lacks: list[str]) -> None:
    keys = wheel_keys(filename)
    assert set(has) <= keys
    assert not set(lacks) & keys


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            "p-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",
            "p-1.0-cp312-cp312-manylinux_2_28_x86_64.whl",
            True,
        ),
        (
            "p-1.0-cp312-cp312-manylinux2014_x86_64.whl",
            "p-1.0-cp312-cp312-manylinux_2_28_x86_64.whl",
            True,
        ),
        (
            "p-1.0-cp312-cp312-macosx_10_9_x86_64.whl",
            "p-1.0-cp312-cp312-macosx_11_0_x86_64.whl",
            True,
        ),
        (
            "p-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",
            "p-1.0-cp312-cp312-musllinux_1_2_x86_64.whl",
            False,
        ),
        (
            "p-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",
            "p-1.0-cp313-cp313-manylinux_2_17_x86_64.whl",
            False,
        ),
    ],
    ids=[
        "two-manylinux-versions",
        "legacy-manylinux-name",
        "two-macos-versions",
        "musl-is-another-build",
        "another-python",
    ],
)
def test_wheel_identities_say_what_a_wheel_is_a_build_of(a: str, b: str, same: bool) -> None:
    assert bool(wheel_identities(a) & wheel_identities(b)) is same


def test_expected_wheel_matches_any_key_against_any_pattern() -> None:
    wheel = ExpectedWheel("linux", ("cp3*-manylinux_*_x86_64", "cp3*-musllinux_*_x86_64"))
    assert wheel.satisfied_by(wheel_keys("p-1.0-cp312-cp312-musllinux_1_2_x86_64.whl"))
    assert not wheel.satisfied_by(wheel_keys("p-1.0-cp312-cp312-win_amd64.whl"))
    assert not wheel.satisfied_by([])


def test_globs_are_brace_expanded_once_each() -> None:
    expectation = WheelExpectation.from_globs(
        ["cp3{10..12}-win_amd64", "cp311-win_amd64"], "expect-wheels"
    )
    assert [w.label for w in expectation.wheels] == [
        "cp310-win_amd64",
        "cp311-win_amd64",
        "cp312-win_amd64",
    ]
    assert (expectation.source, expectation.origin) == ("expect-wheels", "configured")


def test_a_pure_project_expects_one_universal_wheel(tmp_path: Path) -> None:
    (tmp_path / "src" / "p").mkdir(parents=True)
    (tmp_path / "src" / "p" / "__init__.py").write_text("")
    expectation = expectation_for(tmp_path, {"project": {"name": "p"}})
    assert expectation == WheelExpectation.pure()
    (wheel,) = expectation.wheels
    assert wheel.satisfied_by(wheel_keys("p-1.0-py3-none-any.whl"))
    assert not wheel.satisfied_by(wheel_keys("p-1.0-cp312-cp312-win_amd64.whl"))


def test_configured_globs_win_over_detection(tmp_path: Path) -> None:
    expectation = expectation_for(tmp_path, {}, ["cp312-win_amd64"])
    assert expectation.source == "expect-wheels in [tool.releasekit]"
    assert [w.label for w in expectation.wheels] == ["cp312-win_amd64"]
