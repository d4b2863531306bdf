"""The complete-set check: one sdist and every expected wheel, all of one version, once each.

A release of a compiled project is many files built on many machines. Before anything is
uploaded, :func:`check_wheel_set` makes sure the set in ``dist/`` (and its sub-directories,
one per CI artifact) is the whole release and nothing else:

- every file belongs to the project and carries the release version, in its filename *and*
  in its metadata (``METADATA`` / ``PKG-INFO``, PEP 440 equality); a wheel's ``WHEEL`` file
  names the same tags as its filename;
- no file is present twice, and no platform is built twice (``manylinux_2_17`` and
  ``manylinux_2_28`` wheels of one Python and arch: two builds of the same thing);
- exactly one sdist, and a wheel for every expected platform (:class:`WheelExpectation`):
  from ``expect-wheels`` in ``[tool.releasekit]``, else derived from ``[tool.cibuildwheel]``
  for an extension project, else one ``py3-none-any`` wheel. What is missing is listed.

Tags and expectations are matched in :mod:`releasekit.dist.expected`.

>>> check_wheel_set(Path("/nowhere"), "pkg", "1.0", WheelExpectation.pure()).ok
False
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path

from releasekit.dist.artifacts import (
    Artifact,
    artifact_kind,
    inspect_artifact,
    read_artifact_metadata,
    same_version,
)
from releasekit.dist.expected import WheelExpectation, wheel_identities, wheel_keys, wheel_tags
from releasekit.errors import BuildError

__all__ = [
    "CompleteSetStep",
    "SetProblem",
    "WheelSetReport",
    "check_wheel_set",
    "checked_release_files",
    "find_dist_files",
]


@dataclass(frozen=True)
class SetProblem:
    """One finding: what is wrong, and the file (shown relative to the dist directory).

    ``other_version`` marks a file whose *filename* names another version: it is not part of
    the release (``publish`` never takes it), only a leftover in the directory.
    """

    message: str
    path: str | None = None
    other_version: bool = False

    def format(self) -> str:
        """``path: message``."""
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class WheelSetReport:
    """What :func:`check_wheel_set` found. ``ok`` when there is no problem."""

    #: The files of the release, in upload order: the wheels (sorted), then the sdist.
    artifacts: tuple[Artifact, ...]
    problems: tuple[SetProblem, ...]
    #: The labels of expected wheels that no file provides.
    missing: tuple[str, ...]
    #: Wheels of the release that no expectation asked for (allowed, shown with ``-v``).
    unexpected: tuple[str, ...]
    expectation: WheelExpectation

    @property
    def ok(self) -> bool:
        """True when the set is complete and consistent."""
        return not self.problems

    @property
    def wheels(self) -> tuple[Artifact, ...]:
        """The wheels of the release."""
        return tuple(a for a in self.artifacts if a.kind == "wheel")


def find_dist_files(directory: Path) -> list[Path]:
    """Every sdist and wheel in ``directory`` and its sub-directories, sorted by path.

    CI artifacts downloaded side by side land in one sub-directory each; a file of the same
    name in two of them is then seen twice instead of silently overwritten.
    """
    return sorted(p for p in Path(directory).rglob("*") if p.is_file() and artifact_kind(p))


def _read_wheel_file(path: Path) -> list[str]:
    """The ``Tag:`` lines of a wheel's ``.dist-info/WHEEL``."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [
                n
                for n in archive.namelist()
                if n.count("/") == 1 and n.endswith(".dist-info/WHEEL")
            ]
            if len(names) != 1:
                raise BuildError(f"{path}: has no .dist-info/WHEEL file; rebuild it")
            text = archive.read(names[0]).decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile) as exc:
        raise BuildError(f"{path}: cannot be read as a wheel: {exc}") from None
    return [str(tag).strip() for tag in HeaderParser().parsestr(text).get_all("Tag") or []]


def _version_problem(found: str, version: str, where: str) -> str:
    from packaging.version import InvalidVersion, Version

    try:
        older = Version(found) < Version(version)
    except InvalidVersion:
        older = False
    if older:
        return (
            f"a stale file of the older version {found} ({where}): the release is {version}; "
            "remove it, or download the artifacts into an empty directory"
        )
    return (
        f"{where} says version {found}, the release is {version}: it was built from another "
        "commit; rebuild from the release tag"
    )


def check_wheel_set(
    directory: Path,
    name: str | None,
    version: str,
    expectation: WheelExpectation,
) -> WheelSetReport:
    """Check the distributions in ``directory`` (recursively) as one release of ``version``.

    Example::

        report = check_wheel_set(Path("dist"), "pkg", "1.2.3", WheelExpectation.pure())
        for problem in report.problems:
            print(problem.format())
    """
    from packaging.utils import canonicalize_name

    directory = Path(directory)
    if not directory.is_dir():
        problem = SetProblem(f"{directory} does not exist: run `releasekit build` first")
        return WheelSetReport((), (problem,), (), (), expectation)
    files = find_dist_files(directory)
    if not files:
        problem = SetProblem(f"{directory} holds no sdist or wheel: run `releasekit build` first")
        return WheelSetReport((), (problem,), (), (), expectation)
    problems: list[SetProblem] = []
    good: list[Artifact] = []
    by_name: defaultdict[str, list[str]] = defaultdict(list)
    for path in files:
        shown = path.relative_to(directory).as_posix()
        by_name[path.name].append(shown)
        try:
            artifact = inspect_artifact(path)
            metadata = read_artifact_metadata(path)
            tags = _read_wheel_file(path) if artifact.kind == "wheel" else []
        except BuildError as exc:
            problems.append(SetProblem(str(exc).removeprefix(f"{path}: "), shown))
            continue
        if name and canonicalize_name(artifact.name) != canonicalize_name(name):
            problems.append(SetProblem(f"belongs to {artifact.name}, not to {name}", shown))
            continue
        if canonicalize_name(metadata["Name"]) != canonicalize_name(artifact.name):
            problems.append(
                SetProblem(
                    f"its metadata says name {metadata['Name'] or '(none)'}, the filename says "
                    f"{artifact.name}",
                    shown,
                )
            )
            continue
        fine = True
        for found, where in (
            (artifact.version, "the filename"),
            (metadata["Version"], "its metadata"),
        ):
            if not same_version(found, version):
                message = _version_problem(found or "(none)", version, where)
                other = where == "the filename"
                problems.append(SetProblem(message, shown, other_version=other))
                fine = False
                break
        if artifact.kind == "wheel":
            declared = sorted(tags)
            named = sorted("-".join(tag) for tag in wheel_tags(path.name))
            if declared != named:
                problems.append(
                    SetProblem(
                        f"its WHEEL file says tags {', '.join(declared) or '(none)'}, the "
                        f"filename says {', '.join(named)}: the file was renamed; rebuild it",
                        shown,
                    )
                )
                fine = False
        if fine:
            good.append(artifact)
    for filename, places in sorted(by_name.items()):
        if len(places) > 1:
            problems.append(
                SetProblem(f"{filename} is present {len(places)} times: {', '.join(places)}")
            )
    good = _unique(good)
    problems += _duplicate_builds(good)
    sdists = [a for a in good if a.kind == "sdist"]
    if not sdists:
        problems.append(
            SetProblem(
                f"no sdist of {version}: the release needs one (build it with "
                "`releasekit build --sdist-only`)"
            )
        )
    wheels = sorted((a for a in good if a.kind == "wheel"), key=lambda a: a.filename)
    keys = {a.filename: wheel_keys(a.filename) for a in wheels}
    missing = tuple(
        expected.label
        for expected in expectation.wheels
        if not any(expected.satisfied_by(k) for k in keys.values())
    )
    if missing:
        problems.append(SetProblem(_missing_message(missing, expectation, wheels)))
    unexpected = tuple(
        a.filename
        for a in wheels
        if not any(expected.satisfied_by(keys[a.filename]) for expected in expectation.wheels)
    )
    return WheelSetReport(
        tuple(wheels) + tuple(sdists[:1]), tuple(problems), missing, unexpected, expectation
    )


def _unique(artifacts: list[Artifact]) -> list[Artifact]:
    """One artifact per filename (the duplicates are reported already)."""
    seen: dict[str, Artifact] = {}
    for artifact in artifacts:
        seen.setdefault(artifact.filename, artifact)
    return list(seen.values())


def _duplicate_builds(artifacts: Sequence[Artifact]) -> list[SetProblem]:
    problems = []
    sdists = [a for a in artifacts if a.kind == "sdist"]
    if len(sdists) > 1:
        names = ", ".join(a.filename for a in sdists)
        problems.append(SetProblem(f"{len(sdists)} sdists: {names}; a release has one"))
    owners: defaultdict[str, list[str]] = defaultdict(list)
    for artifact in artifacts:
        if artifact.kind == "wheel":
            for identity in wheel_identities(artifact.filename):
                owners[identity].append(artifact.filename)
    reported: set[tuple[str, ...]] = set()
    for identity, owned in sorted(owners.items()):
        group = tuple(sorted(set(owned)))
        if len(group) > 1 and group not in reported:
            reported.add(group)
            problems.append(
                SetProblem(
                    f"two builds of {identity}: {' and '.join(group)}; keep the one from the "
                    "release run and remove the other"
                )
            )
    return problems


def _missing_message(
    missing: Sequence[str], expectation: WheelExpectation, wheels: Sequence[Artifact]
) -> str:
    count = len(expectation.wheels)
    head = f"missing {len(missing)} of {count} expected wheel(s): {', '.join(missing)}"
    why = f"(expected by {expectation.source})"
    if (
        expectation.source == WheelExpectation.pure().source
        and wheels
        and all(not wheel_keys(a.filename) & {"py3-none-any"} for a in wheels)
    ):
        return (
            f"{head} {why}\nthe wheels here are compiled: declare the expected platforms with "
            "`expect-wheels = [...]` in [tool.releasekit], or [tool.cibuildwheel]"
        )
    return (
        f"{head} {why}\na build job failed or its artifact was not downloaded: re-run it, or "
        "narrow the expectation (`expect-wheels` in [tool.releasekit], [tool.cibuildwheel] skip)"
    )


def checked_release_files(
    directory: Path, name: str | None, version: str, expectation: WheelExpectation
) -> list[Path]:
    """The files of the release in ``directory``, in upload order, once the set is checked.

    Raises :class:`CheckFailed` (exit 1) naming every problem; files whose filename names
    another version are not part of the release and are left out, not refused.
    """
    from releasekit.errors import CheckFailed

    report = check_wheel_set(directory, name, version, expectation)
    problems = [p.format() for p in report.problems if not p.other_version]
    if problems:
        raise CheckFailed(
            "\n".join([*problems, f"nothing was uploaded: {directory} is not the whole release"])
        )
    return [artifact.path for artifact in report.artifacts]


@dataclass
class CompleteSetStep:
    """A release step: the built set is complete and consistent, before the push and upload.

    Raises :class:`CheckFailed` with one line per problem (files of another version that
    ``publish`` would not take anyway are left out). Nothing to roll back.

    >>> CompleteSetStep(Path("dist"), "1.2.3", WheelExpectation.pure()).describe()
    'check that dist holds the complete 1.2.3 set: the sdist and 1 expected wheel(s)'
    """

    dist_dir: Path
    version: str
    expectation: WheelExpectation
    name: str | None = None
    irreversible: bool = False

    def describe(self) -> str:
        """One line: which set, how many wheels."""
        count = len(self.expectation.wheels)
        return (
            f"check that {self.dist_dir} holds the complete {self.version} set: the sdist and "
            f"{count} expected wheel(s)"
        )

    def apply(self) -> None:
        """Check the set; raise :class:`CheckFailed` when it is not the whole release."""
        checked_release_files(self.dist_dir, self.name, self.version, self.expectation)

    def rollback(self) -> None:
        """Nothing to undo: the check reads only."""
