"""Small, valid sdists and wheels written directly (no build backend), in milliseconds.

Real builds are tested in test_building.py; everything that only needs *a* distribution
(verify, publish, check --dist) uses these, so the suite stays fast.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import zipfile
from pathlib import Path

README = "# sample\n\nA sample distribution written by the tests.\n"


def metadata(
    name: str,
    version: str,
    *,
    description: str | None = README,
    content_type: str | None = "text/markdown",
) -> str:
    """A Metadata 2.1 document; ``description=None`` leaves the long description out,
    ``content_type=None`` its content type."""
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {name}",
        f"Version: {version}",
        "Summary: A sample distribution",
    ]
    if description is not None:
        if content_type is not None:
            lines.append(f"Description-Content-Type: {content_type}")
        return "\n".join(lines) + "\n\n" + description
    return "\n".join(lines) + "\n"


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def make_wheel(
    directory: Path,
    name: str = "rk-sample",
    version: str = "1.0.0",
    *,
    module_version: str | None = "same",
    init_body: str = "",
    description: str | None = README,
    filename_version: str | None = None,
    top_level: str | None = None,
    tag: str = "py3-none-any",
    metadata_version: str | None = None,
    build: str | None = None,
    wheel_tags: str | None = None,
) -> Path:
    """Write a wheel with one package; return its path.

    ``module_version="same"`` sets ``__version__`` to ``version``; None leaves it out.
    ``filename_version`` puts another version in the filename than in METADATA,
    ``metadata_version`` another in METADATA than in the filename. ``tag`` is the compressed
    tag set of the filename (``cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64``): a
    platform tag makes a platform wheel (``Root-Is-Purelib: false``, a compiled-module file
    beside the package), with one ``Tag:`` line per tag in WHEEL, as wheel builders write it.
    ``wheel_tags`` writes another tag set into WHEEL than the filename's; ``build`` adds a
    build number to the filename.
    """
    package = top_level or name.replace("-", "_")
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    init = f'"""{name}."""\n'
    if module_version is not None:
        init += f'__version__ = "{version if module_version == "same" else module_version}"\n'
    init += init_body
    from packaging.tags import parse_tag

    pure = tag.endswith("-none-any")
    tag_lines = "".join(f"Tag: {t}\n" for t in sorted(map(str, parse_tag(wheel_tags or tag))))
    wheel = "Wheel-Version: 1.0\nGenerator: tests\n"
    wheel += f"Root-Is-Purelib: {'true' if pure else 'false'}\n"
    wheel += f"Build: {build}\n" if build else ""
    files = {
        f"{package}/__init__.py": init.encode(),
        f"{info}/METADATA": metadata(
            name, metadata_version or version, description=description
        ).encode(),
        f"{info}/WHEEL": (wheel + tag_lines).encode(),
    }
    if not pure:
        # Stands in for the compiled module; only its name and bytes matter to the checks.
        suffix = ".pyd" if "-win" in tag else ".so"
        files[f"{package}/_speedups{suffix}"] = b"\x7fELF" + tag.encode() * 4
    record = [_record_line(path, data) for path, data in files.items()]
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    directory.mkdir(parents=True, exist_ok=True)
    middle = f"-{build}" if build else ""
    path = directory / f"{dist}-{filename_version or version}{middle}-{tag}.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files.items():
            info_ = zipfile.ZipInfo(member, date_time=(2025, 2, 15, 12, 0, 0))
            archive.writestr(info_, data)
    return path


def make_sdist(
    directory: Path,
    name: str = "rk-sample",
    version: str = "1.0.0",
    *,
    extra: bytes = b"",
    description: str | None = README,
    content_type: str | None = "text/markdown",
) -> Path:
    """Write a minimal sdist (``PKG-INFO`` + pyproject); ``extra`` changes its sha256."""
    dist = name.replace("-", "_")
    top = f"{dist}-{version}"
    files = {
        f"{top}/PKG-INFO": metadata(
            name, version, description=description, content_type=content_type
        ).encode(),
        f"{top}/pyproject.toml": f'[project]\nname = "{name}"\nversion = "{version}"\n'.encode()
        + extra,
    }
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{top}.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for member, data in files.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            info.mtime = 1739620800
            archive.addfile(info, io.BytesIO(data))
    return path


def sha256(path: Path) -> str:
    """The hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


SAMPLES = Path(__file__).parent / "data" / "sample_projects"

#: Git settings for sample repositories made outside the per-test fixtures (module scope).
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Release Tester",
    "GIT_AUTHOR_EMAIL": "tester@example.com",
    "GIT_COMMITTER_NAME": "Release Tester",
    "GIT_COMMITTER_EMAIL": "tester@example.com",
    "GIT_AUTHOR_DATE": "2025-02-15T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2025-02-15T12:00:00+00:00",
}
#: The commit time of every sample repository, as SOURCE_DATE_EPOCH.
SAMPLE_EPOCH = 1739620800


def sample_project(destination: Path, name: str) -> Path:
    """Copy ``tests/data/sample_projects/NAME`` to ``destination`` as a one-commit git repo."""
    import os
    import shutil
    import subprocess

    shutil.copytree(SAMPLES / name, destination)
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull}
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "chore: initial commit"],
    ):
        subprocess.run(["git", *args], cwd=destination, env=env, check=True, capture_output=True)
    return destination


_MACOS = {"x86_64": "macosx_10_13_x86_64", "arm64": "macosx_11_0_arm64"}


def wheel_tag(identifier: str) -> str:
    """The compressed tag set cibuildwheel's wheel for ``identifier`` carries.

    >>> wheel_tag("cp314t-manylinux_aarch64")
    'cp314-cp314t-manylinux_2_27_aarch64.manylinux_2_28_aarch64'
    """
    python, _, platform = identifier.partition("-")
    interpreter, abi = python.removesuffix("t"), python
    family, _, arch = platform.partition("_")
    if family == "manylinux":
        platform = f"manylinux_2_27_{arch}.manylinux_2_28_{arch}"
    elif family == "musllinux":
        platform = f"musllinux_1_2_{arch}"
    elif family == "macosx":
        platform = _MACOS.get(arch, f"macosx_10_13_{arch}")
    return f"{interpreter}-{abi}-{platform}"


def make_wheel_set(
    directory: Path, identifiers: list[str] | tuple[str, ...], name: str, version: str
) -> list[Path]:
    """An sdist and one real wheel per cibuildwheel identifier, as a matrix run leaves them."""
    paths = [make_sdist(directory, name, version)]
    paths += [make_wheel(directory, name, version, tag=wheel_tag(i)) for i in identifiers]
    return paths
