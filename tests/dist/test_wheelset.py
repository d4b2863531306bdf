"""The complete-set check on real wheel files for many platforms (written by tests/distfiles)."""

from __future__ import annotations

import shutil
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from releasekit.dist.cibuildwheel import build_identifiers
from releasekit.dist.expected import (
    ExpectedWheel,
    WheelExpectation,
    expectation_for,
    wheel_identities,
    wheel_keys,
)
from releasekit.dist.wheelset import check_wheel_set, find_dist_files
from tests.distfiles import make_sdist, make_wheel, make_wheel_set, wheel_tag

NAME = "rk-ext"
VERSION = "1.2.3"
PYPROJECT = {
    "project": {"name": NAME, "requires-python": ">=3.12,<3.14"},
    "tool": {"cibuildwheel": {"skip": "*-win32 *musllinux*"}},
}
IDENTIFIERS = build_identifiers(PYPROJECT)
EXPECTED = WheelExpectation.from_identifiers(IDENTIFIERS, "[tool.cibuildwheel]")


def messages(directory: Path, expectation: WheelExpectation = EXPECTED) -> list[str]:
    return [p.format() for p in check_wheel_set(directory, NAME, VERSION, expectation).problems]


def test_the_fixture_set_is_complete(tmp_path: Path) -> None:
    assert len(IDENTIFIERS) == 10
    make_wheel_set(tmp_path, IDENTIFIERS, NAME, VERSION)
    report = check_wheel_set(tmp_path, NAME, VERSION, EXPECTED)
    assert report.ok, report.problems
    assert report.missing == report.unexpected == ()
    # Upload order: every wheel first, the sdist last.
    assert [a.kind for a in report.artifacts] == ["wheel"] * 10 + ["sdist"]


def test_a_missing_platform_is_listed(tmp_path: Path) -> None:
    make_wheel_set(tmp_path, IDENTIFIERS, NAME, VERSION)
    for path in tmp_path.glob("*macosx*arm64.whl"):
        path.unlink()
    report = check_wheel_set(tmp_path, NAME, VERSION, EXPECTED)
    assert report.missing == ("cp312-macosx_arm64", "cp313-macosx_arm64")
    (problem,) = report.problems
    assert problem.message.startswith(
        "missing 2 of 10 expected wheel(s): cp312-macosx_arm64, cp313-macosx_arm64 "
        "(expected by [tool.cibuildwheel])"
    )
    assert "a build job failed" in problem.message


def test_the_same_file_in_two_artifact_directories(tmp_path: Path) -> None:
    make_wheel_set(tmp_path / "wheels-ubuntu-latest", IDENTIFIERS, NAME, VERSION)
    copy = tmp_path / "wheels-ubuntu-24.04-arm"
    copy.mkdir()
    linux = next((tmp_path / "wheels-ubuntu-latest").glob("*cp312*manylinux*x86_64.whl"))
    shutil.copy(linux, copy / linux.name)
    assert messages(tmp_path) == [
        f"{linux.name} is present 2 times: wheels-ubuntu-24.04-arm/{linux.name}, "
        f"wheels-ubuntu-latest/{linux.name}"
    ]


def test_two_builds_of_the_same_platform(tmp_path: Path) -> None:
    make_wheel_set(tmp_path, IDENTIFIERS, NAME, VERSION)
    older = make_wheel(
        tmp_path, NAME, VERSION, tag="cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64"
    )
    newer = tmp_path / f"rk_ext-1.2.3-{wheel_tag('cp312-manylinux_x86_64')}.whl"
    assert messages(tmp_path) == [
        f"two builds of cp312-cp312-manylinux_x86_64: {older.name} and {newer.name}; keep the "
        "one from the release run and remove the other"
    ]


def test_two_builds_with_the_same_tags_and_a_build_number(tmp_path: Path) -> None:
    make_wheel_set(tmp_path, IDENTIFIERS, NAME, VERSION)
    rebuilt = make_wheel(tmp_path, NAME, VERSION, tag=wheel_tag("cp313-win_amd64"), build="1")
    (problem,) = messages(tmp_path)
    assert problem.startswith("two builds of cp313-cp313-win_amd64: ")
    assert rebuilt.name in problem


def test_a_version_mismatch_between_wheels(tmp_path: Path) -> None:
    """A wheel whose metadata says another version (built from another commit)."""
    make_wheel_set(tmp_path, IDENTIFIERS[1:], NAME, VERSION)
    odd = make_wheel(
        tmp_path, NAME, VERSION, tag=wheel_tag(IDENTIFIERS[0]), metadata_version="1.2.4"
    )
    report = check_wheel_set(tmp_path, NAME, VERSION, EXPECTED)
    assert [p.format() for p in report.problems] == [
        f"{odd.name}: its metadata says version 1.2.4, the release is 1.2.3: it was built from "
        "another commit; rebuild from the release tag",
        f"missing 1 of 10 expected wheel(s): {IDENTIFIERS[0]} (expected by [tool.cibuildwheel])\n"
        "a build job failed or its artifact was not downloaded: re-run it, or narrow the "
        "expectation (`expect-wheels` in [tool.releasekit], [tool.cibuildwheel] skip)",
    ]
    assert odd not in [a.path for a in report.artifacts]


def test_a_stale_wheel_from_an_older_version(tmp_path: Path) -> None:
    make_wheel_set(tmp_path, IDENTIFIERS, NAME, VERSION)
    stale = make_wheel(tmp_path / "old-run", NAME, "1.2.2", tag=wheel_tag(IDENTIFIERS[3]))
    assert messages(tmp_path) == [
        f"old-run/{stale.name}: a stale file of the older version 1.2.2 (the filename): the "
        "release is 1.2.3; remove it, or download the artifacts into an empty directory"
    ]


def test_equal_versions_by_pep440(tmp_path: Path) -> None:
    make_sdist(tmp_path, NAME, "25.02.15")
    make_wheel(tmp_path, NAME, "25.2.15")
    report = check_wheel_set(tmp_path, NAME, "25.2.15", WheelExpectation.pure())
    assert report.ok, report.problems


def _zip_sdist(directory: Path) -> None:
    """A second sdist of the release, as a .zip (the old format) beside the .tar.gz."""
    with tarfile.open(directory / "rk_ext-1.2.3.tar.gz") as source:
        members = [(m.name, source.extractfile(m)) for m in source if m.isfile()]
        with zipfile.ZipFile(directory / "rk_ext-1.2.3.zip", "w") as archive:
            for name, data in members:
                assert data is not None
                archive.writestr(name, data.read())


def _renamed_wheel(directory: Path) -> None:
    """A Windows x64 wheel renamed to a 32-bit one: its WHEEL file tells."""
    built = make_wheel(directory / "x", NAME, VERSION, tag="cp312-cp312-win_amd64")
    built.rename(directory / "rk_ext-1.2.3-cp312-cp312-win32.whl")


OTHER_PROBLEMS: dict[str, tuple[Callable[[Path], object], str]] = {
    "no-sdist": (
        lambda d: (d / "rk_ext-1.2.3.tar.gz").unlink(),
        "no sdist of 1.2.3: the release needs one",
    ),
    "two-sdists": (
        _zip_sdist,
        "2 sdists: rk_ext-1.2.3.tar.gz, rk_ext-1.2.3.zip; a release has one",
    ),
    "other-project": (
        lambda d: make_sdist(d, "other", VERSION),
        "other-1.2.3.tar.gz: belongs to other, not to rk-ext",
    ),
    "renamed-wheel": (
        _renamed_wheel,
        "its WHEEL file says tags cp312-cp312-win_amd64, the filename says cp312-cp312-win32",
    ),
    "not-a-zip": (
        lambda d: (d / "rk_ext-1.2.3-cp312-cp312-win32.whl").write_bytes(b"not a zip"),
        "cannot be read as a distribution",
    ),
}


@pytest.mark.parametrize("case", sorted(OTHER_PROBLEMS), ids=sorted(OTHER_PROBLEMS))
def test_other_problems(tmp_path: Path, case: str) -> None:
    setup, expected = OTHER_PROBLEMS[case]
    make_wheel_set(tmp_path, IDENTIFIERS, NAME, VERSION)
    setup(tmp_path)
    assert expected in "\n".join(messages(tmp_path))


def test_a_pure_project_expects_one_py3_none_any_wheel(tmp_path: Path) -> None:
    make_sdist(tmp_path, NAME, VERSION)
    assert messages(tmp_path, WheelExpectation.pure()) == [
        "missing 1 of 1 expected wheel(s): py3-none-any (expected by a pure-Python project)\n"
        "a build job failed or its artifact was not downloaded: re-run it, or narrow the "
        "expectation (`expect-wheels` in [tool.releasekit], [tool.cibuildwheel] skip)"
    ]
    make_wheel(tmp_path, NAME, VERSION)
    assert messages(tmp_path, WheelExpectation.pure()) == []


def test_compiled_wheels_in_a_project_thought_pure_say_how_to_declare_them(tmp_path: Path) -> None:
    make_wheel_set(tmp_path, IDENTIFIERS[:2], NAME, VERSION)
    (problem,) = messages(tmp_path, WheelExpectation.pure())
    assert "the wheels here are compiled: declare the expected platforms" in problem


def test_expect_wheels_globs(tmp_path: Path) -> None:
    globs = ["cp3{12..13}-manylinux_*_x86_64", "cp3*-macosx_*_arm64", "cp314-win_amd64"]
    expectation = WheelExpectation.from_globs(globs, "expect-wheels")
    assert [w.label for w in expectation.wheels] == [
        "cp312-manylinux_*_x86_64",
        "cp313-manylinux_*_x86_64",
        "cp3*-macosx_*_arm64",
        "cp314-win_amd64",
    ]
    make_wheel_set(tmp_path, IDENTIFIERS, NAME, VERSION)
    report = check_wheel_set(tmp_path, NAME, VERSION, expectation)
    assert report.missing == ("cp314-win_amd64",)
    # built, not asked for: aarch64, macOS x86_64 and the cp312/cp313 Windows wheels
    assert len(report.unexpected) == 6


def test_an_abi3_wheel_covers_every_later_cpython(tmp_path: Path) -> None:
    make_sdist(tmp_path, NAME, VERSION)
    make_wheel(tmp_path, NAME, VERSION, tag="cp312-abi3-win_amd64")
    expectation = WheelExpectation.from_identifiers(
        ["cp312-win_amd64", "cp313-win_amd64", "cp311-win_amd64", "cp313t-win_amd64"], "x"
    )
    assert check_wheel_set(tmp_path, NAME, VERSION, expectation).missing == (
        "cp311-win_amd64",
        "cp313t-win_amd64",
    )


def test_keys_and_identities() -> None:
    assert wheel_keys("p-1-cp313-cp313t-win_amd64.whl") == {
        "cp313t-win_amd64",
        "cp313-cp313t-win_amd64",
    }
    assert wheel_keys("p-1-py2.py3-none-any.whl") >= {"py3-none-any", "py2-none-any"}
    assert wheel_identities("p-1-cp312-cp312-macosx_10_13_universal2.whl") == {
        "cp312-cp312-macosx_universal2"
    }
    assert ExpectedWheel("x", ("cp312-macosx_*_arm64",)).satisfied_by(
        wheel_keys("p-1-cp312-cp312-macosx_10_13_universal2.whl")
    )


def test_missing_and_empty_directories(tmp_path: Path) -> None:
    assert messages(tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'} does not exist: run `releasekit build` first"
    ]
    assert messages(tmp_path) == [
        f"{tmp_path} holds no sdist or wheel: run `releasekit build` first"
    ]


def test_find_dist_files_looks_into_artifact_directories(tmp_path: Path) -> None:
    make_sdist(tmp_path / "sdist", NAME, VERSION)
    make_wheel(tmp_path / "wheels-a", NAME, VERSION)
    (tmp_path / "notes.md").write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in find_dist_files(tmp_path)] == [
        "sdist/rk_ext-1.2.3.tar.gz",
        "wheels-a/rk_ext-1.2.3-py3-none-any.whl",
    ]


def test_expectation_for_a_project(tmp_path: Path) -> None:
    assert expectation_for(tmp_path, {"project": {"name": "p"}}) == WheelExpectation.pure()
    configured = expectation_for(tmp_path, PYPROJECT, ["cp3*-win_amd64"])
    assert configured.source == "expect-wheels in [tool.releasekit]"
    derived = expectation_for(tmp_path, PYPROJECT)
    assert [w.label for w in derived.wheels] == list(IDENTIFIERS)
    assert derived.source.startswith("an extension project ([tool.cibuildwheel] in pyproject")
