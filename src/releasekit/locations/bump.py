"""A bump as a value: the old and new versions and every file edit, computed before writing.

:class:`BumpPlan` is what ``releasekit bump --dry-run`` prints (:meth:`BumpPlan.diff`) and what
the real run applies, unchanged. :func:`plan_version_edits` turns the detected locations into
one :class:`~releasekit.files.edits.FileEdit` per file by replacing only the version's characters;
a TOML file's edit is re-parsed with tomllib and must differ from the original by the version
keys alone.

The new version is written exactly as the engine produced it (or as ``--set`` gave it) in every
file: ``25.02.15`` stays zero-padded everywhere, and equality with other places is judged by
PEP 440 (:func:`check_agreement`).

>>> plan = BumpPlan(root=Path("/p"), old="1.0", new="1.1", edits=())
>>> plan.diff(), plan.files
('', ())
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from releasekit.errors import InvalidVersion, VersionLocationError, VersionNotIncreasing
from releasekit.files.edits import FileEdit, WriteFilesStep
from releasekit.locations.detect import Detection
from releasekit.locations.spans import (
    VersionLocation,
    check_toml_edit,
    disagreeing,
    replace_spans,
)

if TYPE_CHECKING:
    from packaging.version import Version

__all__ = [
    "BumpPlan",
    "BumpResult",
    "check_agreement",
    "check_new_version",
    "plan_version_edits",
]


@dataclass(frozen=True)
class BumpPlan:
    """Everything a bump will write: ``old`` -> ``new`` and the edits, in order."""

    root: Path
    old: str | None
    new: str
    edits: tuple[FileEdit, ...]

    @property
    def files(self) -> tuple[Path, ...]:
        """The files whose bytes change."""
        return tuple(Path(edit.path) for edit in self.edits if edit.changed)

    def diff(self) -> str:
        """The unified diff of every file that changes (what ``--dry-run`` prints)."""
        return "".join(edit.diff(self.root) for edit in self.edits if edit.changed)

    def step(self) -> WriteFilesStep:
        """The plan step writing these edits (for a release plan)."""
        return WriteFilesStep(self.root, self.edits)


@dataclass(frozen=True)
class BumpResult:
    """What a bump changed (or, with ``dry_run``, would change)."""

    old: str | None
    new: str
    files: tuple[Path, ...]
    dry_run: bool = False


def _pep440(version: str, where: str) -> Version:
    from releasekit.version.pep440 import version_key

    try:
        return version_key(version)
    except InvalidVersion as exc:
        raise InvalidVersion(f"{where}: {exc}") from None


def check_agreement(locations: Sequence[VersionLocation]) -> None:
    """Refuse when the locations do not all hold the same version (PEP 440 equality).

    The error lists every location with the version found there.
    """
    if len(locations) > 1 and disagreeing(locations[1:], locations[0].version):
        lines = [f"{loc.file}:{loc.line}: {loc.version} ({loc.kind})" for loc in locations]
        raise VersionLocationError(
            "the version files disagree; make them agree (or bump with --set VERSION "
            "after fixing them), nothing was written:\n" + "\n".join(lines)
        )


def check_new_version(current: str | None, new: str, *, allow_downgrade: bool) -> str:
    """Validate a version given with ``--set``: PEP 440 valid and higher than ``current``."""
    new = new.strip()
    new_key = _pep440(new, "--set")
    if current is not None and not allow_downgrade:
        current_key = _pep440(current, "the current version")
        if not new_key > current_key:
            raise VersionNotIncreasing(
                f"--set {new} is not higher than the current version {current}; "
                "pass --allow-downgrade if you mean it"
            )
    return new


def _toml_keys(location: VersionLocation) -> list[str] | None:
    if location.kind == "[project].version":
        return ["project", "version"]
    if location.kind == "[tool.poetry].version":
        return ["tool", "poetry", "version"]
    return None


def plan_version_edits(detection: Detection, new: str) -> list[FileEdit]:
    """One edit per file holding the version: only the version's characters change."""
    from releasekit.files.toml import parse_toml

    by_file: dict[Path, list[VersionLocation]] = {}
    for location in detection.locations:
        by_file.setdefault(location.path, []).append(location)
    edits = []
    for path, locations in by_file.items():
        source = detection.sources[path]
        text = replace_spans(source.text, [loc.span for loc in locations], new)
        name = locations[0].file
        try:
            after = source.encode(text)
        except UnicodeEncodeError:
            raise InvalidVersion(
                f"{name}: {new!r} cannot be written in the file's encoding {source.encoding}"
            ) from None
        toml_keys = [keys for loc in locations if (keys := _toml_keys(loc))]
        if toml_keys:
            # Validation: the edited document must parse to the old one but for the version.
            check_toml_edit(
                parse_toml(source.text, name), parse_toml(text, name), toml_keys, new, name
            )
        edits.append(FileEdit(path, source.data, after))
    return edits
