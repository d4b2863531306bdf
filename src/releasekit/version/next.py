"""The next version: one entry point over SemVer and CalVer, pure (the date is an argument).

:func:`next_version` answers ``releasekit next PART`` for a current version, a scheme and a
date; :func:`level_to_part` turns the bump level inferred from conventional commits into the
part to bump (while the major is 0, a breaking change bumps the minor); :func:`detect_scheme`
tells SemVer from CalVer when the project does not configure ``scheme``.

>>> from datetime import date
>>> next_version("1.2.3", "minor", scheme="semver", calver_format="YY.0M.0D", date=None)
'1.3.0'
>>> next_version("25.02.15", "calver", scheme="calver", calver_format="YY.0M.0D",
...              date=date(2025, 2, 15))
'25.02.15.1'
>>> level_to_part("0.4.1", "major")
'minor'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Literal

from releasekit.errors import ConfigError, InvalidVersion, UsageError
from releasekit.version.calver import DEFAULT_FORMAT, CalVer
from releasekit.version.parts import LEVEL_PARTS, PARTS, Part, canonical_part
from releasekit.version.pep440 import Pep440, Style
from releasekit.version.semver import SemVer

__all__ = [
    "PARTS",
    "SCHEMES",
    "Part",
    "Scheme",
    "check_set_version",
    "check_version",
    "detect_scheme",
    "level_to_part",
    "next_version",
    "resolve_part",
]

Scheme = Literal["semver", "calver", "pep440"]
#: The version schemes, each with what it means.
SCHEMES: dict[str, str] = {
    "semver": "three release numbers MAJOR.MINOR.PATCH, in the SemVer or PEP 440 spelling",
    "calver": "the release date is the version (calver-format)",
    "pep440": "any number of release numbers (2.0, 1.4.2.1): major, minor, micro are 1-3",
}
_FIRST_NUMBER = re.compile(r"([0-9]+)(?:[.]|$)")
# What a version alone can compute, per scheme: the rest needs a date or the commits.
_CALVER_PARTS = ("calver", "final", "post")


def _check_part(part: str) -> str:
    name = canonical_part(part)
    if name not in PARTS or name == "auto":
        hint = ""
        if name == "auto":
            hint = " ('auto' is resolved from the commits first, see level_to_part)"
        choices = ", ".join(repr(p) for p in PARTS if p != "auto")
        raise UsageError(f"Unknown part {part!r}{hint}: use one of {choices}")
    return name


def _check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise ConfigError(
            f"[tool.releasekit] scheme = {scheme!r} is not valid: use "
            + ", ".join(repr(s) for s in SCHEMES)
        )


def _calver_next(
    current: str | None, scheme: str, calver_format: str, date: dt.date | str | None
) -> str:
    if date is None:
        raise UsageError("A CalVer bump needs a date: pass date=... (--date YYYY-MM-DD)")
    calver = CalVer(calver_format)
    try:
        return calver.next(date, current)
    except InvalidVersion as exc:
        raise InvalidVersion(
            f"{exc}\nthe current version must be a PEP 440 or SemVer version to move to CalVer "
            f'{calver_format} (scheme = "{scheme}"): fix it in the project, '
            "or set the version explicitly with --set VERSION"
        ) from exc


def check_version(version: str, scheme: Scheme | str) -> Pep440:
    """``version`` read for a release in ``scheme``, or an error naming the fix.

    A local version (``+abc``) is never released. ``semver`` takes three release numbers
    and no epoch, in either spelling (``1.3.0rc1``, ``1.3.0-rc.1``, ``1.3.0.post1``).

    >>> str(check_version("1.3.0-rc.1", "semver")), str(check_version("2.0", "pep440"))
    ('1.3.0-rc.1', '2.0')
    >>> check_version("2.0", "semver")
    Traceback (most recent call last):
    ...
    releasekit.errors.InvalidVersion: Invalid version: '2.0' for scheme = "semver": ...
    """
    _check_scheme(scheme)
    return _check_shape(version, Pep440.parse(version).require_public(), scheme)


def _check_shape(version: str, value: Pep440, scheme: str) -> Pep440:
    if scheme == "semver" and (len(value.release) != 3 or value.epoch):
        problem = "an epoch" if value.epoch else f"{len(value.release)} release numbers"
        fix = ""
        if not value.epoch and len(value.release) < 3:
            padded = Pep440((*value.release, 0, 0)[:3], value.pre, value.post, value.dev)
            fix = f"use {padded}, or "
        raise InvalidVersion(
            f'Invalid version: {version!r} for scheme = "semver": it has {problem}, and '
            f"SemVer versions are MAJOR.MINOR.PATCH\n{fix}"
            'set scheme = "pep440" in [tool.releasekit] for any number of release numbers'
        )
    return value


def check_set_version(
    version: str, configured: str | None, detected: str, calver_format: str = DEFAULT_FORMAT
) -> Pep440:
    """``--set VERSION`` checked against the project's scheme (``configured``, else
    ``detected`` from the current version); a move to CalVer is not held to SemVer's shape.

    >>> check_set_version("2.0", None, "semver")
    Traceback (most recent call last):
    ...
    releasekit.errors.InvalidVersion: --set: Invalid version: '2.0' for scheme = "semver": ...
    """
    moving_to_calver = detect_scheme(version, calver_format) == "calver"
    scheme = configured or ("calver" if moving_to_calver else detected)
    try:
        return check_version(version, scheme)
    except InvalidVersion as exc:
        raise InvalidVersion(f"--set: {exc}") from exc


def resolve_part(
    part: str,
    current: str | None,
    *,
    level: str | None,
    channel: str | None,
    label: str | None,
    candidate_has_news: Callable[[], object],
) -> tuple[str | None, str | None, str]:
    """``(part, label, of)`` to compute for ``auto``, ``pre`` or ``dev``; part None: nothing
    to release.

    ``level`` is the part the commits since the last final release call for (``auto`` on a
    candidate counts from the final before it); ``pre`` and ``dev`` make the candidate of
    that bump (the next patch when no commit calls for one). On a ``channel`` branch (its
    label), ``auto`` makes the next candidate, and only when ``candidate_has_news()`` (the
    commits since the current candidate call for a release).

    >>> resolve_part("auto", "1.3.0rc1", level="patch", channel=None, label=None,
    ...              candidate_has_news=lambda: True)
    ('patch', None, 'patch')
    >>> resolve_part("auto", "1.3.0rc1", level="minor", channel="rc", label=None,
    ...              candidate_has_news=lambda: True)
    ('pre', 'rc', 'minor')
    """
    of = level if level in LEVEL_PARTS else "patch"
    if part == "pre":
        return part, label or channel, of
    if part != "auto":
        return part, label, of
    if level is None:
        return None, label, of
    if channel is None or level == "calver":
        return level, label, of
    is_candidate = current is not None and Pep440.is_valid(current)
    if is_candidate and Pep440.parse(current).is_prerelease and not candidate_has_news():  # type: ignore[arg-type]
        return None, label, of
    return "pre", label or channel, of


def _current_value(current: str, scheme: str) -> Pep440:
    try:
        return _check_shape(current, Pep440.parse(current), scheme)
    except InvalidVersion as exc:
        fix = (
            'set scheme = "calver" in [tool.releasekit] if it is a calendar version'
            if scheme == "semver"
            else "fix the version"
        )
        raise InvalidVersion(
            f'{exc}\nthe project uses scheme = "{scheme}": {fix}, '
            "or set the version explicitly with --set VERSION"
        ) from exc


def next_version(
    current: str | None,
    part: Part | str,
    *,
    scheme: Scheme | str,
    calver_format: str = DEFAULT_FORMAT,
    date: dt.date | str | None = None,
    label: str | None = None,
    of: str = "patch",
    pre_label: str = "rc",
    pre_style: Style = "pep440",
) -> str:
    """The version after ``current`` for ``part`` (any of :data:`PARTS` but ``auto``).

    Schemes ``semver`` and ``pep440`` bump :class:`~releasekit.version.pep440.Pep440` values
    (``semver``: three release numbers; ``None`` counts as 0.0.0, so a first ``minor`` gives
    0.1.0), written the way ``current`` is; part ``calver`` switches to CalVer when the result
    is higher. With scheme ``calver`` only ``calver``, ``final`` and ``post`` make sense; the
    other parts are refused with a :class:`UsageError` that says what to do instead.
    ``pre`` and ``dev`` make the candidate of the ``of`` bump (the level the commits call for);
    ``label`` picks the candidate's label, else a candidate keeps its own and a new one takes
    ``pre_label``, spelled in ``pre_style``. The result is always strictly higher than
    ``current``; otherwise :class:`~releasekit.errors.VersionNotIncreasing` is raised.

    >>> from datetime import date
    >>> next_version("1.2.4-rc.1", "pre", scheme="semver")
    '1.2.4-rc.2'
    >>> next_version("1.2.3", "pre", scheme="semver", of="minor", pre_label="b")
    '1.3.0b1'
    >>> next_version("2.0", "minor", scheme="pep440")
    '2.1'
    >>> next_version(None, "minor", scheme="semver")
    '0.1.0'
    >>> next_version("1.4.2", "calver", scheme="semver", calver_format="YYYY.0M.0D",
    ...              date=date(2025, 2, 15))
    '2025.02.15'
    >>> next_version("25.02.15", "patch", scheme="calver", date=date(2025, 2, 16))
    Traceback (most recent call last):
    ...
    releasekit.errors.UsageError: Cannot bump 'patch' of '25.02.15': the project uses CalVer ...
    """
    name = _check_part(part)
    _check_scheme(scheme)
    if name == "calver":
        return _calver_next(current, scheme, calver_format, date)
    if scheme == "calver" and name not in _CALVER_PARTS:
        raise UsageError(
            f"Cannot bump {part!r} of {current!r}: the project uses CalVer "
            f'(scheme = "calver", format {calver_format}), where the date is the version\n'
            "use the part 'calver' (or 'final', 'post'), or set the version explicitly "
            "with --set VERSION"
        )
    if current is not None and not Pep440.is_valid(current) and SemVer.is_valid(current):
        return _semver_only_next(SemVer.parse(current), name, label, of)
    base = Pep440((0, 0, 0)) if current is None else _current_value(current, scheme)
    if name == "pre" and label is None and not base.is_prerelease:
        label = pre_label
    try:
        return str(base.bump(name, label=label, of=of, pre_style=pre_style))
    except UsageError as exc:
        if name == "pre" and "label" in str(exc):
            raise UsageError(
                f'{exc}\nuse --label a, b or rc, or pre-label = "rc" in [tool.releasekit]'
            ) from exc
        raise


def _semver_only_next(base: SemVer, part: str, label: str | None, of: str) -> str:
    """A SemVer pre-release with no PEP 440 form (``1.0.0-x.7``) can still be finalized."""
    new = base.bump(part, label=label, of=of)
    try:
        return new.to_pep440() and str(new)
    except InvalidVersion as exc:
        # A Python package must carry a PEP 440 version: refuse before anything is written.
        raise UsageError(
            f"{new} has no PEP 440 form, which a Python package needs (PEP 440 knows a, b "
            'and rc)\nuse --label a, b or rc, or pre-label = "rc" in [tool.releasekit]'
        ) from exc


def level_to_part(current: str | None, level: str | None) -> str | None:
    """The part to bump for a level inferred from commits (``None``: nothing to release).

    While the major version is 0 (initial development, SemVer §4), a breaking change bumps the
    minor version instead of releasing 1.0.0; releasing 1.0.0 is a deliberate ``major``.

    >>> level_to_part("0.4.1", "major"), level_to_part("1.4.1", "major")
    ('minor', 'major')
    >>> level_to_part("0.4.1", "patch"), level_to_part("1.0.0", None)
    ('patch', None)
    """
    if level in (None, "none"):
        return None
    on_zero = (
        current is not None
        and Pep440.is_valid(current)
        and Pep440.parse(current).release[0] == 0
        and not Pep440.parse(current).epoch
    )
    if level == "major" and on_zero:
        return "minor"
    return level


def _looks_like_year(number: int, digits: int) -> bool:
    # Plausible release years only: 4 digits from 1990, or 2 digits (YY, 0Y) from 2015 on.
    return (digits == 4 and 1990 <= number <= 2999) or (digits <= 3 and 15 <= number <= 299)


def detect_scheme(current: str, calver_format: str = DEFAULT_FORMAT) -> Scheme:
    """Guess the scheme of a project from its current version (``scheme`` not configured).

    ``"calver"`` when ``current`` is written in the CalVer format and either is not valid
    SemVer or its first number looks like a year (``2025``, or ``25`` for ``YY``); also when it
    is not SemVer at all but starts with a plausible year (``2025.02.15`` under ``YY.0M.0D``).
    ``"pep440"`` for another PEP 440 version without three release numbers (``2.0``);
    ``"semver"`` otherwise.

    >>> detect_scheme("25.02.15"), detect_scheme("1.4.2"), detect_scheme("2025.02.15")
    ('calver', 'semver', 'calver')
    >>> detect_scheme("2024.1.3", "YYYY.MM.DD"), detect_scheme("3.1.4", "YY.MM.DD")
    ('calver', 'semver')
    >>> detect_scheme("2.0"), detect_scheme("1.3.0rc1")
    ('pep440', 'semver')
    """
    calver = CalVer(calver_format)
    is_semver = SemVer.is_valid(current)
    match = _FIRST_NUMBER.match(current) if isinstance(current, str) else None
    # At most 4 digits are read: a year has no more, and int() refuses over 4,300 digits.
    digits = match[1] if match is not None else ""
    yearish = 0 < len(digits) <= 4 and _looks_like_year(int(digits), len(digits))
    if calver.matches(current) and (not is_semver or yearish):
        return "calver"
    if not is_semver and yearish:
        return "calver"
    if Pep440.is_valid(current):
        value = Pep440.parse(current)
        if len(value.release) != 3 or value.epoch:
            return "pep440"
    return "semver"
