"""Distribution files: what they are, and whether they are what a release needs.

An :class:`Artifact` is a built sdist or wheel with its name and version (from the filename),
size and sha256. :func:`verify_artifacts` checks that filenames and metadata (``PKG-INFO`` /
``METADATA``) name the release version (PEP 440 equality: ``25.02.15`` is ``25.2.15``) and that
``twine check --strict`` passes (a missing long description is only a warning: PyPI accepts it).

>>> artifact_kind(Path("sample_pkg-1.2.3-py3-none-any.whl"))
'wheel'
>>> format_size(2048)
'2.0 KiB'
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import tarfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path
from typing import Literal

from releasekit.errors import BuildError

__all__ = [
    "Artifact",
    "Kind",
    "artifact_kind",
    "find_artifacts",
    "format_size",
    "inspect_artifact",
    "read_artifact_metadata",
    "same_version",
    "twine_check",
    "verify_artifacts",
]

logger = logging.getLogger("releasekit.dist.artifacts")

Kind = Literal["sdist", "wheel"]


@dataclass(frozen=True)
class Artifact:
    """One built distribution file: where it is, what it is, how big, its sha256.

    >>> a = Artifact(Path("dist/p-1.0.tar.gz"), "sdist", "p", "1.0", 2048, "ab" * 32)
    >>> a.describe()
    'p-1.0.tar.gz  2.0 KiB  sha256:abababababababababababababababababababababababababababababababab'
    """

    path: Path
    kind: Kind
    name: str
    version: str
    size: int
    sha256: str

    @property
    def filename(self) -> str:
        """The file's name, as the index knows it."""
        return self.path.name

    def describe(self) -> str:
        """``name  size  sha256:…``, the line ``releasekit build`` prints."""
        return f"{self.filename}  {format_size(self.size)}  sha256:{self.sha256}"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "path": str(self.path),
            "kind": self.kind,
            "name": self.name,
            "version": self.version,
            "size": self.size,
            "sha256": self.sha256,
        }


def format_size(size: int) -> str:
    """A human size: bytes, KiB or MiB.

    >>> format_size(10), format_size(1536), format_size(3 * 1024 * 1024)
    ('10 B', '1.5 KiB', '3.0 MiB')
    """
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"


def same_version(a: str, b: str) -> bool:
    """True when two versions are the same release by PEP 440 (``25.02.15`` == ``25.2.15``).

    >>> same_version("25.02.15", "25.2.15"), same_version("1.2.4-rc.1", "1.2.4rc1")
    (True, True)
    >>> same_version("1.0", "1.0.1")
    False
    """
    # packaging's Version is what pip and the index compare with; it reads SemVer
    # pre-releases ("1.2.4-rc.1") as their PEP 440 form.
    from packaging.version import InvalidVersion, Version

    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return False


def artifact_kind(path: Path) -> Kind | None:
    """``"wheel"``, ``"sdist"`` or None for a file that is not a distribution."""
    name = Path(path).name
    if name.endswith(".whl"):
        return "wheel"
    if name.endswith((".tar.gz", ".zip")):
        return "sdist"
    return None


def _parse_filename(path: Path) -> tuple[Kind, str, str]:
    from packaging.utils import (
        InvalidSdistFilename,
        InvalidWheelFilename,
        parse_sdist_filename,
        parse_wheel_filename,
    )

    kind = artifact_kind(path)
    try:
        if kind == "wheel":
            name, parsed, _, _ = parse_wheel_filename(path.name)
            return kind, str(name), str(parsed)
        if kind == "sdist":
            name, parsed = parse_sdist_filename(path.name)
            return kind, str(name), str(parsed)
    except (InvalidWheelFilename, InvalidSdistFilename) as exc:
        raise BuildError(f"{path}: not a valid distribution filename: {exc}") from None
    raise BuildError(f"{path}: not a distribution (expected a .whl, .tar.gz or .zip file)")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def inspect_artifact(path: Path) -> Artifact:
    """Name, version (from the filename), size and sha256 of a distribution file."""
    path = Path(path)
    kind, name, version = _parse_filename(path)
    return Artifact(path, kind, name, version, path.stat().st_size, _sha256(path))


def read_artifact_metadata(path: Path) -> dict[str, str]:
    """``Name`` and ``Version`` from a wheel's METADATA or an sdist's PKG-INFO."""
    path = Path(path)
    raw: bytes | None = None
    try:
        if artifact_kind(path) == "wheel":
            with zipfile.ZipFile(path) as archive:
                names = [
                    n
                    for n in archive.namelist()
                    if n.count("/") == 1 and n.endswith(".dist-info/METADATA")
                ]
                if len(names) == 1:
                    raw = archive.read(names[0])
        elif path.name.endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                names = [
                    n for n in archive.namelist() if n.count("/") == 1 and n.endswith("/PKG-INFO")
                ]
                if len(names) == 1:
                    raw = archive.read(names[0])
        else:
            with tarfile.open(path) as archive:
                for member in archive:
                    if member.name.count("/") == 1 and member.name.endswith("/PKG-INFO"):
                        extracted = archive.extractfile(member)
                        raw = extracted.read() if extracted is not None else None
                        break
    except (OSError, zipfile.BadZipFile, tarfile.TarError) as exc:
        raise BuildError(f"{path}: cannot be read as a distribution: {exc}") from None
    if raw is None:
        where = "METADATA" if artifact_kind(path) == "wheel" else "PKG-INFO"
        raise BuildError(f"{path}: has no {where} file; rebuild it")
    headers = HeaderParser().parsestr(raw.decode("utf-8", "replace"))
    return {key: str(headers.get(key, "")) for key in ("Name", "Version")}


def verify_artifacts(
    paths: Sequence[Path],
    version: str | None,
    *,
    strict: bool = True,
    warn: Callable[[str], None] | None = None,
) -> list[str]:
    """Problems with built artifacts, one message each (empty when all is well).

    Each filename and each metadata file must name ``version`` (PEP 440 equality; skipped when
    ``version`` is None), the metadata must agree with the filename, and ``twine check``
    (``--strict`` unless ``strict=False``) must pass. A missing long description (no
    ``readme``) is not a problem: PyPI accepts it, so it goes to ``warn``, with the fix.
    """
    from packaging.utils import canonicalize_name

    problems: list[str] = []
    readable: list[Path] = []
    for path in map(Path, paths):
        try:
            _, name, file_version = _parse_filename(path)
            metadata = read_artifact_metadata(path)
        except BuildError as exc:
            problems.append(str(exc))
            continue
        readable.append(path)
        if version is not None and not same_version(file_version, version):
            problems.append(
                f"{path.name}: the filename says version {file_version}, the project is at "
                f"{version}; run `releasekit build` again"
            )
        if not same_version(metadata["Version"], file_version):
            problems.append(
                f"{path.name}: its metadata says version {metadata['Version'] or '(none)'}, "
                f"the filename says {file_version}"
            )
        if canonicalize_name(metadata["Name"]) != canonicalize_name(name):
            problems.append(
                f"{path.name}: its metadata says name {metadata['Name'] or '(none)'}, "
                f"the filename says {name}"
            )
    if readable:
        problems += twine_check(readable, strict=strict, warn=warn)
    return problems


@dataclass
class _LogCollector(logging.Handler):
    records: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())

    def __hash__(self) -> int:
        return id(self)


#: What ``twine check`` says of a distribution without a long description (no ``readme``).
_NO_README = frozenset(
    {
        "`long_description` missing.",
        "`long_description_content_type` missing. defaulting to `text/x-rst`.",
    }
)

#: The warning for artifacts without a long description: PyPI takes them, with an empty page.
_NO_README_WARNING = (
    "{files}: no long description, so the project page on the index will be empty; "
    'add readme = "README.md" to [project]'
)


def twine_check(
    paths: Sequence[Path], *, strict: bool = True, warn: Callable[[str], None] | None = None
) -> list[str]:
    """``twine check [--strict]`` on ``paths``: one problem message per failing file.

    A file whose only fault is a missing long description passes even with ``strict``: PyPI
    accepts it, so it is one warning for ``warn`` (naming the fix), not a problem.
    """
    from twine.commands.check import check

    problems = []
    no_readme: list[str] = []
    for path in paths:
        collector = _LogCollector()
        twine_logger = logging.getLogger("twine")
        twine_logger.addHandler(collector)
        try:
            # twine prints its verdict (through rich, to either stream); the library never
            # prints, and the verdict is in the problems.
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                failed = check([str(path)], strict=strict)
        except Exception as exc:  # twine raises its own errors for unreadable files
            problems.append(f"{path.name}: twine check could not read it: {exc}")
            continue
        finally:
            twine_logger.removeHandler(collector)
        said = [r.strip() for r in collector.records]
        if "`long_description` missing." in said and set(said) <= _NO_README:
            no_readme.append(path.name)
        elif failed:
            detail = "; ".join(r.replace("\n", " ") for r in said)
            problems.append(
                f"{path.name}: twine check{' --strict' if strict else ''} failed: "
                f"{detail or 'see `twine check` for details'}"
            )
    if no_readme and warn is not None:
        warn(_NO_README_WARNING.format(files=", ".join(no_readme)))
    return problems


def find_artifacts(dist_dir: Path, version: str | None = None) -> list[Artifact]:
    """The distributions in ``dist_dir`` (those of ``version`` only, when given), sdist first.

    Raises :class:`BuildError` when the directory does not exist or holds none.
    """
    directory = Path(dist_dir)
    if not directory.is_dir():
        raise BuildError(
            f"{directory} does not exist: run `releasekit build` first (or pass --dist DIR)"
        )
    found = []
    for path in sorted(directory.iterdir()):
        if path.is_file() and artifact_kind(path) is not None:
            artifact = inspect_artifact(path)
            if version is None or same_version(artifact.version, version):
                found.append(artifact)
    if not found:
        which = f" for version {version}" if version else ""
        raise BuildError(
            f"{directory} holds no sdist or wheel{which}: run `releasekit build` first"
        )
    return sorted(found, key=lambda a: (a.kind != "sdist", a.filename))
