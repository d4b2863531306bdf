"""Real builds of small sample projects (hatchling, setuptools)."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from releasekit.dist.artifacts import (
    read_artifact_metadata,
)
from releasekit.dist.build import (
    BuildResult,
    BuildStep,
    build_project,
    clean_outputs,
    source_date_epoch,
)
from releasekit.errors import BuildBackendFailed, BuildError, UsageError
from tests.conftest import Recorder
from tests.distfiles import SAMPLE_EPOCH, make_wheel, sample_project


@pytest.fixture(scope="module")
def hatch_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The hatchling sample, committed and built once for the whole module."""
    root = sample_project(tmp_path_factory.mktemp("hatch") / "project", "hatch_sample")
    (root / "dist").mkdir()
    (root / "dist" / "stale-0.1.tar.gz").write_bytes(b"old")
    return root, build_project(root, "1.2.3", reporter=Recorder())


# -- real builds ----------------------------------------------------------------------------


@pytest.mark.slow
def test_build_makes_sdist_then_wheel_from_the_sdist(hatch_build: tuple[Path, BuildResult]) -> None:
    root, result = hatch_build
    assert [a.kind for a in result.artifacts] == ["sdist", "wheel"]
    assert [a.filename for a in result.artifacts] == [
        "rk_hatch_sample-1.2.3.tar.gz",
        "rk_hatch_sample-1.2.3-py3-none-any.whl",
    ]
    assert root / "dist" in result.removed
    assert not (root / "dist" / "stale-0.1.tar.gz").exists()
    with zipfile.ZipFile(result.artifacts[1].path) as wheel:
        names = wheel.namelist()
        stamps = {info.date_time for info in wheel.infolist()}
    # SOURCE_DATE_EPOCH defaulted to HEAD's commit time (2025-02-15 12:00 UTC).
    assert stamps == {(2025, 2, 15, 12, 0, 0)}
    # extra.py is excluded from the sdist: a wheel built from the source tree would have it.
    assert "rk_hatch_sample/__init__.py" in names
    assert "rk_hatch_sample/extra.py" not in names
    for artifact in result.artifacts:
        data = artifact.path.read_bytes()
        assert artifact.size == len(data)
        assert artifact.sha256 == hashlib.sha256(data).hexdigest()
        assert artifact.version == "1.2.3"
    assert result.source_date_epoch == SAMPLE_EPOCH


@pytest.mark.slow
def test_two_builds_of_one_commit_are_identical(
    hatch_build: tuple[Path, BuildResult], tmp_path: Path
) -> None:
    root, first = hatch_build
    step = BuildStep(root, tmp_path / "again", "1.2.3")
    assert not step.irreversible
    step.apply()
    assert step.result is not None
    assert [a.sha256 for a in step.result.artifacts] == [a.sha256 for a in first.artifacts]
    step.rollback()
    assert not (tmp_path / "again").exists()
    assert all(a.path.exists() for a in first.artifacts)  # only what the step built is removed


@pytest.mark.slow
def test_setuptools_build_normalizes_the_version_and_cleans(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "project", "setuptools_sample")
    stale = [root / "build", root / "src" / "rk_setuptools_sample.egg-info"]
    for directory in stale:
        directory.mkdir()
        (directory / "junk").write_text("x")
    recorder = Recorder()
    result = build_project(root, "25.02.15", reporter=recorder)
    assert [a.filename for a in result.artifacts] == [
        "rk_setuptools_sample-25.2.15.tar.gz",
        "rk_setuptools_sample-25.2.15-py3-none-any.whl",
    ]
    assert set(stale) <= set(result.removed)
    assert "removed build" in recorder.lines
    assert read_artifact_metadata(result.artifacts[1].path)["Version"] == "25.2.15"


def test_backend_failure_carries_the_backend_output(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "project", "broken_backend")
    with pytest.raises(BuildBackendFailed) as info:
        build_project(root, "0.1.0", isolation=False)
    assert "BACKEND SAYS: cannot find the frobnicator" in info.value.output
    assert "traceback-like detail on stderr" in info.value.output
    assert "building the sdist of" in info.value.message
    assert isinstance(info.value, BuildError)
    assert info.value.exit_code == 1


def test_build_refuses_to_build_nothing(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="nothing to build") as info:
        build_project(tmp_path, None, sdist=False, wheel=False)
    assert info.value.exit_code == 2


def test_build_refuses_a_directory_without_a_project(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="nothing to build"):
        build_project(tmp_path, None)


# -- cleaning and SOURCE_DATE_EPOCH ---------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "outdir", "removed"),
    [
        (
            ["build/x", "dist/a.whl", "pkg.egg-info/PKG-INFO"],
            None,
            ["build", "dist", "pkg.egg-info"],
        ),
        (["src/pkg.egg-info/PKG-INFO", "src/pkg/__init__.py"], None, ["src/pkg.egg-info"]),
        (["out/a.whl", "dist/keep.whl"], "out", ["out"]),
        (["src/pkg/__init__.py"], None, []),
    ],
    ids=["all-three", "src-egg-info", "custom-outdir", "nothing"],
)
def test_clean_outputs(
    tmp_path: Path, present: list[str], outdir: str | None, removed: list[str]
) -> None:
    for relative in present:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    got = clean_outputs(tmp_path, Path(outdir) if outdir else None)
    assert sorted(str(p.relative_to(tmp_path)) for p in got) == removed
    assert not any((tmp_path / r).exists() for r in removed)
    kept = [r for r in present if not any(r.startswith(x + "/") for x in removed)]
    assert all((tmp_path / r).exists() for r in kept)


def test_source_date_epoch_sources(tmp_path: Path) -> None:
    assert source_date_epoch(tmp_path, {}) is None  # not a repository
    root = sample_project(tmp_path / "p", "hatch_sample")
    assert source_date_epoch(root, {}) == SAMPLE_EPOCH
    assert source_date_epoch(root, {"SOURCE_DATE_EPOCH": "1700000000"}) == 1700000000
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH='yesterday'"):
        source_date_epoch(root, {"SOURCE_DATE_EPOCH": "yesterday"})


@pytest.mark.slow
def test_sdist_only_and_wheel_only(hatch_build: tuple[Path, BuildResult], tmp_path: Path) -> None:
    root, _ = hatch_build
    sdist_only = build_project(root, "1.2.3", outdir=tmp_path / "s", wheel=False, clean=False)
    assert [a.kind for a in sdist_only.artifacts] == ["sdist"]
    wheel_only = build_project(root, "1.2.3", outdir=tmp_path / "w", sdist=False, clean=False)
    assert [a.kind for a in wheel_only.artifacts] == ["wheel"]
    with zipfile.ZipFile(wheel_only.artifacts[0].path) as wheel:
        # Straight from the source tree: the file the sdist leaves out is in this wheel.
        assert "rk_hatch_sample/extra.py" in wheel.namelist()


def test_no_clean_keeps_what_is_there(tmp_path: Path) -> None:
    root = sample_project(tmp_path / "project", "broken_backend")
    keep = root / "dist" / "keep.whl"
    keep.parent.mkdir()
    keep.write_bytes(b"x")
    with pytest.raises(BuildBackendFailed):
        build_project(root, "0.1.0", isolation=False, clean=False)
    assert keep.read_bytes() == b"x"


# A tiny in-tree backend (no install, no isolation: fast) whose wheel metadata names another
# version than its filename, like a build that picked up a stale version.
_TINY_BACKEND = """\
import io, tarfile, zipfile
from pathlib import Path

PKG_INFO = "Metadata-Version: 2.1\\nName: rk-tiny\\nVersion: {version}\\nSummary: Tiny\\n"


def build_sdist(sdist_directory, config_settings=None):
    path = Path(sdist_directory) / "rk_tiny-0.1.0.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name in ("pyproject.toml", "tiny_backend.py"):
            archive.add(name, arcname=f"rk_tiny-0.1.0/{name}")
        data = PKG_INFO.format(version="0.1.0").encode()
        info = tarfile.TarInfo("rk_tiny-0.1.0/PKG-INFO")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path.name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    path = Path(wheel_directory) / "rk_tiny-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr("rk_tiny.py", "")
        wheel.writestr("rk_tiny-0.1.0.dist-info/METADATA", PKG_INFO.format(version="0.2.0"))
        wheel.writestr(
            "rk_tiny-0.1.0.dist-info/WHEEL",
            "Wheel-Version: 1.0\\nGenerator: tiny\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
        )
        wheel.writestr("rk_tiny-0.1.0.dist-info/RECORD", "")
    return path.name
"""


def test_artifacts_that_fail_the_checks_are_removed(tmp_path: Path) -> None:
    root = tmp_path / "tiny"
    root.mkdir()
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "tiny_backend"\nbackend-path = ["."]\n\n'
        '[project]\nname = "rk-tiny"\nversion = "0.1.0"\n'
    )
    (root / "tiny_backend.py").write_text(_TINY_BACKEND)
    keep = root / "dist" / "rk_tiny-0.0.9.tar.gz"  # not made by this build: left alone
    keep.parent.mkdir()
    keep.write_bytes(b"older")
    with pytest.raises(BuildError) as info:
        build_project(root, "0.1.0", isolation=False, clean=False)
    lines = info.value.message.splitlines()
    assert (
        "rk_tiny-0.1.0-py3-none-any.whl: its metadata says version 0.2.0, "
        "the filename says 0.1.0" in lines
    )
    assert lines[-1] == (
        "removed the artifacts that failed the checks (dist/rk_tiny-0.1.0.tar.gz, "
        "dist/rk_tiny-0.1.0-py3-none-any.whl): fix the problems and build again"
    )
    assert sorted(p.name for p in (root / "dist").iterdir()) == ["rk_tiny-0.0.9.tar.gz"]
    assert keep.read_bytes() == b"older"


# -- a C extension, built with the local compiler --------------------------------------------


@pytest.mark.slow
def test_an_extension_project_builds_a_platform_wheel_that_verifies(tmp_path: Path) -> None:
    from packaging.tags import sys_tags

    from releasekit.dist.expected import WheelExpectation
    from releasekit.dist.verify import verify_dist
    from releasekit.dist.wheelset import check_wheel_set

    root = sample_project(tmp_path / "project", "ext_sample")
    result = build_project(root, "1.2.3", reporter=Recorder())
    sdist, wheel = result.artifacts
    assert sdist.filename == "rk_ext_sample-1.2.3.tar.gz"
    interpreter, abi, platform = wheel.filename.removesuffix(".whl").split("-")[2:]
    assert str(next(iter(sys_tags()))) == f"{interpreter}-{abi}-{platform}"
    with zipfile.ZipFile(wheel.path) as archive:
        assert any(n.startswith("rk_ext_sample/_speedups.") for n in archive.namelist())
    # The compiled module imports and works in a fresh venv; among the wheels of other
    # platforms (as a matrix run leaves them), verify takes the one this Python installs.
    make_wheel(root / "dist", "rk-ext-sample", "1.2.3", tag="cp312-cp312-win_amd64")
    make_wheel(root / "dist", "rk-ext-sample", "1.2.3", tag="cp312-cp312-macosx_11_0_arm64")
    (check,) = verify_dist(root / "dist", "1.2.3", no_index=True)
    assert check.modules == ("rk_ext_sample",)
    for path in root.glob("dist/*-cp312-*.whl"):
        path.unlink()
    local = WheelExpectation.from_globs([f"{interpreter}-{platform}"], "this machine")
    assert check_wheel_set(root / "dist", "rk-ext-sample", "1.2.3", local).ok
    elsewhere = WheelExpectation.from_globs([f"{interpreter}-win_amd64"], "Windows")
    assert check_wheel_set(root / "dist", "rk-ext-sample", "1.2.3", elsewhere).missing == (
        f"{interpreter}-win_amd64",
    )


def test_a_failed_wheel_build_removes_the_sdist_of_the_same_build(tmp_path: Path) -> None:
    """The sdist alone must not stay in dist/, where check --dist and publish would take it."""
    root = tmp_path / "tiny"
    root.mkdir()
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "tiny_backend"\nbackend-path = ["."]\n\n'
        '[project]\nname = "rk-tiny"\nversion = "0.1.0"\n'
    )
    backend = _TINY_BACKEND.replace(
        "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n",
        "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n"
        "    raise SystemExit('WHEEL BUILD BROKEN')\n",
    )
    (root / "tiny_backend.py").write_text(backend)
    keep = root / "dist" / "rk_tiny-0.0.9.tar.gz"  # not made by this build: left alone
    keep.parent.mkdir()
    keep.write_bytes(b"older")
    recorder = Recorder()
    with pytest.raises(BuildBackendFailed, match="building the wheel"):
        build_project(root, "0.1.0", isolation=False, clean=False, reporter=recorder)
    assert sorted(p.name for p in (root / "dist").iterdir()) == ["rk_tiny-0.0.9.tar.gz"]
    assert recorder.warnings == [
        "removed the artifacts of the failed build (dist/rk_tiny-0.1.0.tar.gz): "
        "fix the problems and build again"
    ]
