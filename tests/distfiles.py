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


def metadata(name: str, version: str, *, description: str | None = README) -> str:
    """A Metadata 2.1 document; ``description=None`` leaves the long description out."""
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {name}",
        f"Version: {version}",
        "Summary: A sample distribution",
    ]
    if description is not None:
        lines.append("Description-Content-Type: text/markdown")
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
) -> Path:
    """Write a pure-Python wheel with one package; return its path.

    ``module_version="same"`` sets ``__version__`` to ``version``; None leaves it out.
    ``filename_version`` puts another version in the filename than in METADATA.
    """
    package = top_level or name.replace("-", "_")
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    init = f'"""{name}."""\n'
    if module_version is not None:
        init += f'__version__ = "{version if module_version == "same" else module_version}"\n'
    init += init_body
    files = {
        f"{package}/__init__.py": init.encode(),
        f"{info}/METADATA": metadata(name, version, description=description).encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n",
    }
    record = [_record_line(path, data) for path, data in files.items()]
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{dist}-{filename_version or version}-py3-none-any.whl"
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
) -> Path:
    """Write a minimal sdist (``PKG-INFO`` + pyproject); ``extra`` changes its sha256."""
    dist = name.replace("-", "_")
    top = f"{dist}-{version}"
    files = {
        f"{top}/PKG-INFO": metadata(name, version, description=description).encode(),
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
