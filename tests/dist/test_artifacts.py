"""Distribution files: names and versions from filenames, metadata from inside, the checks.

Every file here is a real sdist or wheel written by tests/distfiles.py (or damaged on purpose).
"""

from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.dist.artifacts import (
    Artifact,
    artifact_kind,
    find_artifacts,
    format_size,
    inspect_artifact,
    read_artifact_metadata,
    same_version,
    twine_check,
    verify_artifacts,
)
from releasekit.errors import BuildError
from tests.distfiles import make_sdist, make_wheel


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("25.02.15", "25.2.15", True),
        ("1.2.4-rc.1", "1.2.4rc1", True),
        ("1.0", "1.0.0", True),
        ("1.0", "1.0.1", False),
        ("1.0", "not a version", False),
    ],
    ids=["calver-zero", "semver-pre", "trailing-zero", "different", "invalid"],
)
def test_same_version(a: str, b: str, same: bool) -> None:
    assert same_version(a, b) is same


@pytest.mark.parametrize(
    ("name", "kind"),
    [("p-1.whl", "wheel"), ("p-1.tar.gz", "sdist"), ("p-1.zip", "sdist"), ("p-1.egg", None)],
    ids=["wheel", "sdist", "zip-sdist", "egg"],
)
def test_artifact_kind(name: str, kind: str | None) -> None:
    assert artifact_kind(Path(name)) == kind


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (5 * 1024 * 1024, "5.0 MiB")],
    ids=["zero", "bytes", "kib", "mib"],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text


def test_verify_artifacts_accepts_matching_files(tmp_path: Path) -> None:
    files = [make_sdist(tmp_path, "rk-ok", "2.0.0"), make_wheel(tmp_path, "rk-ok", "2.0.0")]
    assert verify_artifacts(files, "2.0.0") == []
    assert verify_artifacts(files, "2.0") == []  # PEP 440 equality


@pytest.mark.parametrize(
    ("make", "version", "expected"),
    [
        (lambda d: make_wheel(d, "rk-v", "1.0.0"), "1.0.1", "the filename says version 1.0.0"),
        (
            lambda d: make_wheel(d, "rk-v", "1.0.0", filename_version="1.0.1"),
            "1.0.1",
            "its metadata says version 1.0.0",
        ),
        (
            lambda d: make_sdist(d, "rk-v", "1.0.0", description="Title", content_type=None),
            "1.0.0",
            "twine check",
        ),
        (lambda d: d / "rk_v-1.0.0-py3-none-any.whl", "1.0.0", "cannot be read"),
    ],
    ids=["filename-version", "metadata-version", "twine-strict", "not-a-zip"],
)
def test_verify_artifacts_finds_problems(
    tmp_path: Path, make: object, version: str, expected: str
) -> None:
    assert callable(make)
    path = make(tmp_path)
    if not path.exists():
        path.write_bytes(b"not a zip")
    problems = verify_artifacts([path], version)
    assert any(expected in p for p in problems), problems


def test_find_artifacts_filters_by_version_and_orders_sdist_first(tmp_path: Path) -> None:
    make_wheel(tmp_path, "rk-f", "1.0.0")
    make_sdist(tmp_path, "rk-f", "1.0.0")
    make_wheel(tmp_path, "rk-f", "0.9.0")
    (tmp_path / "notes.txt").write_text("x")
    found = find_artifacts(tmp_path, "1.0")
    assert [a.filename for a in found] == ["rk_f-1.0.0.tar.gz", "rk_f-1.0.0-py3-none-any.whl"]
    with pytest.raises(BuildError, match=r"no sdist or wheel for version 3\.0"):
        find_artifacts(tmp_path, "3.0")
    with pytest.raises(BuildError, match="does not exist"):
        find_artifacts(tmp_path / "missing")


def test_inspect_artifact_rejects_foreign_files(tmp_path: Path) -> None:
    odd = tmp_path / "readme.txt"
    odd.write_text("x")
    with pytest.raises(BuildError, match="not a distribution"):
        inspect_artifact(odd)


# -- filenames ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "kind", "name", "version"),
    [
        ("rk_a-1.0.0-py3-none-any.whl", "wheel", "rk-a", "1.0.0"),
        ("rk_a-1.0.0-1-py3-none-any.whl", "wheel", "rk-a", "1.0.0"),
        ("rk_a-25.2.15-cp312-cp312-manylinux_2_17_x86_64.whl", "wheel", "rk-a", "25.2.15"),
        ("rk_a-1.2.4rc1.tar.gz", "sdist", "rk-a", "1.2.4rc1"),
        ("Rk.A-2.0.post1.zip", "sdist", "rk-a", "2.0.post1"),
    ],
    ids=["pure-wheel", "build-tag", "platform-wheel", "rc-sdist", "zip-sdist-legacy-name"],
)
def test_inspect_artifact_reads_name_and_version_from_the_filename(
    tmp_path: Path, filename: str, kind: str, name: str, version: str
) -> None:
    path = tmp_path / filename
    path.write_bytes(b"payload")
    artifact = inspect_artifact(path)
    assert (artifact.kind, artifact.name, artifact.version) == (kind, name, version)
    assert artifact.size == 7
    assert artifact.sha256 == hashlib.sha256(b"payload").hexdigest()
    assert artifact.filename == filename


@pytest.mark.parametrize(
    "filename",
    ["rk-a-1.0.0-py3-none-any.whl", "nover.whl", "rk_a-one.tar.gz", "rk_a.tar.gz"],
    ids=["dash-in-wheel-name", "no-tags", "invalid-version", "no-version"],
)
def test_an_invalid_distribution_filename_is_refused_naming_the_file(
    tmp_path: Path, filename: str
) -> None:
    path = tmp_path / filename
    path.write_bytes(b"")
    with pytest.raises(BuildError) as caught:
        inspect_artifact(path)
    assert str(caught.value).startswith(f"{path}: not a valid distribution filename: ")


@given(
    name=st.from_regex(r"\A[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,4})?\Z"),
    version=st.from_regex(r"\A[0-9]{1,3}(\.[0-9]{1,3}){1,2}((a|b|rc)[0-9]{1,2}|\.post[0-9])?\Z"),
)
def test_a_wheel_and_an_sdist_name_round_trip(name: str, version: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        for filename in (f"{name}-{version}-py3-none-any.whl", f"{name}-{version}.tar.gz"):
            (root / filename).write_bytes(b"x")
            artifact = inspect_artifact(root / filename)
            assert artifact.name == name.replace("_", "-")
            assert same_version(artifact.version, version)


def test_describe_and_as_dict() -> None:
    artifact = Artifact(Path("dist/p-1.0.tar.gz"), "sdist", "p", "1.0", 1536, "0" * 64)
    assert artifact.describe() == f"p-1.0.tar.gz  1.5 KiB  sha256:{'0' * 64}"
    assert artifact.as_dict() == {
        "path": "dist/p-1.0.tar.gz",
        "kind": "sdist",
        "name": "p",
        "version": "1.0",
        "size": 1536,
        "sha256": "0" * 64,
    }


# -- metadata -------------------------------------------------------------------------------


def test_metadata_of_a_real_wheel_and_sdist(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path, "rk-meta", "3.1.4")
    sdist = make_sdist(tmp_path, "rk-meta", "3.1.4")
    assert read_artifact_metadata(wheel) == {"Name": "rk-meta", "Version": "3.1.4"}
    assert read_artifact_metadata(sdist) == {"Name": "rk-meta", "Version": "3.1.4"}


def test_metadata_of_a_zip_sdist(tmp_path: Path) -> None:
    path = tmp_path / "rk_zip-1.0.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "rk_zip-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: rk-zip\nVersion: 1.0\n"
        )
        archive.writestr("rk_zip-1.0/sub/PKG-INFO", "Name: other\nVersion: 9\n")
    assert read_artifact_metadata(path) == {"Name": "rk-zip", "Version": "1.0"}


def test_a_nested_pkg_info_is_not_the_sdists_own(tmp_path: Path) -> None:
    path = tmp_path / "rk_n-1.0.tar.gz"
    data = b"Name: vendored\nVersion: 9.9\n"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("rk_n-1.0/vendor/x/PKG-INFO")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(BuildError, match=r"has no PKG-INFO file; rebuild it"):
        read_artifact_metadata(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: _wheel_without_metadata(d), "has no METADATA file; rebuild it"),
        (lambda d: _bytes(d / "rk-1.0-py3-none-any.whl", b"PK not really"), "cannot be read"),
        (lambda d: _bytes(d / "rk-1.0.tar.gz", b"\x1f\x8b broken gzip"), "cannot be read"),
        (lambda d: _bytes(d / "rk-1.0.zip", b""), "cannot be read"),
    ],
    ids=["wheel-without-metadata", "corrupt-wheel", "corrupt-sdist", "empty-zip-sdist"],
)
def test_an_unreadable_distribution_is_a_build_error_naming_it(
    tmp_path: Path, make: object, message: str
) -> None:
    assert callable(make)
    path = make(tmp_path)
    with pytest.raises(BuildError) as caught:
        read_artifact_metadata(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _wheel_without_metadata(directory: Path) -> Path:
    path = directory / "rk-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("rk/__init__.py", "")
    return path


# -- verify_artifacts and twine_check -------------------------------------------------------


def test_verify_without_a_version_checks_only_the_files_agree_with_themselves(
    tmp_path: Path,
) -> None:
    good = make_wheel(tmp_path / "a", "rk-s", "1.0.0")
    assert verify_artifacts([good], None) == []
    bad = make_wheel(tmp_path / "b", "rk-s", "1.0.0", filename_version="1.0.1")
    assert verify_artifacts([bad], None) == [
        "rk_s-1.0.1-py3-none-any.whl: its metadata says version 1.0.0, the filename says 1.0.1"
    ]


def test_verify_names_a_wheel_whose_metadata_names_another_project(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path, "rk-real", "1.0.0")
    renamed = wheel.with_name("rk_other-1.0.0-py3-none-any.whl")
    wheel.rename(renamed)
    problems = verify_artifacts([renamed], "1.0.0", strict=False)
    assert (
        "rk_other-1.0.0-py3-none-any.whl: its metadata says name rk-real, "
        "the filename says rk-other"
    ) in problems


def test_twine_check_strict_fails_where_lenient_passes(tmp_path: Path) -> None:
    sdist = make_sdist(tmp_path, "rk-t", "1.0.0", description="Title", content_type=None)
    (problem,) = twine_check([sdist])
    assert problem.startswith("rk_t-1.0.0.tar.gz: twine check --strict failed: ")
    assert "`long_description_content_type` missing" in problem
    assert twine_check([sdist], strict=False) == []
    assert verify_artifacts([sdist], "1.0.0", strict=False) == []


def test_a_missing_long_description_is_a_warning_naming_the_fix(tmp_path: Path) -> None:
    sdist = make_sdist(tmp_path, "rk-t", "1.0.0", description=None)
    wheel = make_wheel(tmp_path, "rk-t", "1.0.0")
    warned: list[str] = []
    assert verify_artifacts([sdist, wheel], "1.0.0", warn=warned.append) == []
    assert warned == [
        "rk_t-1.0.0.tar.gz: no long description, so the project page on the index will be "
        'empty; add readme = "README.md" to [project]'
    ]
    assert twine_check([sdist]) == []  # without a reporter it does not block either


def test_markup_that_does_not_render_still_blocks(tmp_path: Path) -> None:
    bad = "Title\n=====\n\n.. unknown-directive:: x\n"
    sdist = make_sdist(tmp_path, "rk-t", "1.0.0", description=bad, content_type="text/x-rst")
    warned: list[str] = []
    (problem,) = twine_check([sdist], strict=False, warn=warned.append)
    assert "syntax errors in markup" in problem
    assert warned == []
