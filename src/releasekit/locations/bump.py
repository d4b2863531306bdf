"""A bump as a plan: the old and new versions and every file edit, computed before writing.

:func:`bump_plan` makes the :class:`~releasekit.plan.Plan` that ``releasekit bump --dry-run``
prints (:meth:`~releasekit.plan.Plan.diff`) and the real run applies, unchanged: one
:class:`~releasekit.files.edits.WriteFilesStep`. :func:`plan_version_edits` turns the detected
locations into one :class:`~releasekit.files.edits.FileEdit` per file by replacing only the
version's characters;
a TOML file's edit is re-parsed with tomllib and must differ from the original by the version
keys alone.

The new version is written exactly as the engine produced it (or as ``--set`` gave it) in every
file: ``25.02.15`` stays zero-padded everywhere, and equality with other places is judged by
PEP 440 (:func:`check_agreement`).

>>> plan = bump_plan(Path("/p"), "1.0", "1.1", ())
>>> plan.title, plan.diff(), plan.files, plan.facts["files"]
('bump 1.0 -> 1.1', '', (), [])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from releasekit.errors import InvalidVersion, VersionLocationError, VersionNotIncreasing
from releasekit.files.edits import FileEdit, WriteFilesStep
from releasekit.files.paths import display_path
from releasekit.locations.detect import Detection
from releasekit.locations.spans import (
    VersionLocation,
    check_toml_edit,
    disagreeing,
    replace_spans,
)
from releasekit.plan import Plan

if TYPE_CHECKING:
    from packaging.version import Version

__all__ = [
    "BumpResult",
    "bump_plan",
    "check_agreement",
    "check_new_version",
    "plan_version_edits",
]


def bump_plan(root: Path, old: str | None, new: str, edits: Sequence[FileEdit]) -> Plan:
    """The plan of a bump: one step writing ``edits``, all files or none."""
    return Plan(
        [WriteFilesStep(root, tuple(edits))],
        title=f"bump {old or '(none)'} -> {new}",
        old=old,
        new=new,
        facts={
            "command": "bump",
            "files": [display_path(Path(e.path), root) for e in edits if e.changed],
        },
    )


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
        listing = "\n".join(lines)
        raise VersionLocationError(
            "the version files disagree; make them agree (or bump with set_version=VERSION "
            f"after fixing them), nothing was written:\n{listing}",
            cli_message="the version files disagree; make them agree (or bump with --set "
            f"VERSION after fixing them), nothing was written:\n{listing}",
        )


def check_new_version(current: str | None, new: str, *, allow_downgrade: bool) -> str:
    """Validate a version given as ``set_version``: PEP 440 valid and higher than ``current``.

    >>> check_new_version("1.0", "2.0", allow_downgrade=False)
    '2.0'
    >>> try:
    ...     check_new_version("2.0", "1.0", allow_downgrade=False)
    ... except VersionNotIncreasing as exc:
    ...     print(exc.message.split("; ")[1])
    pass allow_downgrade=True if you mean it
    """
    new = new.strip()
    from releasekit.version.pep440 import version_key

    try:
        new_key = version_key(new)
    except InvalidVersion as exc:
        raise InvalidVersion(f"set_version: {exc}", cli_message=f"--set: {exc}") from None
    if current is not None and not allow_downgrade:
        current_key = _pep440(current, "the current version")
        if not new_key > current_key:
            raise VersionNotIncreasing(
                f"set_version={new!r} is not higher than the current version {current}; "
                "pass allow_downgrade=True if you mean it",
                cli_message=f"--set {new} is not higher than the current version {current}; "
                "pass --allow-downgrade if you mean it",
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
        if toml_keys or path.suffix == ".toml":
            # Validation: the edited document must parse to the old one but for the version.
            check_toml_edit(
                parse_toml(source.text, name),
                parse_toml(text, name),
                toml_keys,
                new,
                name,
                # Only a configured pattern may change a value that is not a version key.
                replaced=[loc.version for loc in locations if loc.kind.startswith("files[")],
            )
        edits.append(FileEdit(path, source.data, after))
    return edits
