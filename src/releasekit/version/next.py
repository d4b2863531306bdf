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
from typing import Literal

from releasekit.errors import ConfigError, InvalidVersion, UsageError
from releasekit.version.calver import DEFAULT_FORMAT, CalVer
from releasekit.version.semver import SemVer

__all__ = ["PARTS", "Part", "Scheme", "detect_scheme", "level_to_part", "next_version"]

Part = Literal["major", "minor", "patch", "pre", "calver"]
Scheme = Literal["semver", "calver"]
PARTS: tuple[str, ...] = ("major", "minor", "patch", "pre", "calver")
_SCHEMES: tuple[str, ...] = ("semver", "calver")
_FIRST_NUMBER = re.compile(r"([0-9]+)(?:[.]|$)")


def _check_part(part: str) -> None:
    if part not in PARTS:
        hint = ""
        if part == "auto":
            hint = " ('auto' is resolved from the commits first, see level_to_part)"
        raise UsageError(
            f"Unknown part {part!r}{hint}: use one of " + ", ".join(repr(p) for p in PARTS)
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


def next_version(
    current: str | None,
    part: Part | str,
    *,
    scheme: Scheme | str,
    calver_format: str = DEFAULT_FORMAT,
    date: dt.date | str | None = None,
    pre_label: str = "rc",
) -> str:
    """The version after ``current`` for ``part`` (major, minor, patch, pre or calver).

    With scheme ``semver``, ``current`` must be SemVer 2.0.0 (``None`` counts as 0.0.0, so a
    first ``minor`` gives 0.1.0); part ``calver`` switches to CalVer when the result is higher.
    With scheme ``calver`` only ``calver`` makes sense; the SemVer parts are refused with a
    :class:`UsageError` that says what to do instead. The result is always strictly higher
    than ``current``; otherwise :class:`~releasekit.errors.VersionNotIncreasing` is raised.
    A ``pre`` label without a PEP 440 form (``dev``, ``snapshot``) is a :class:`UsageError`:
    a Python package could not be built with the result.

    >>> from datetime import date
    >>> next_version("1.2.4-rc.1", "pre", scheme="semver")
    '1.2.4-rc.2'
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
    _check_part(part)
    if scheme not in _SCHEMES:
        raise ConfigError(
            f"[tool.releasekit] scheme = {scheme!r} is not valid: use 'semver' or 'calver'"
        )
    if part == "calver":
        return _calver_next(current, scheme, calver_format, date)
    if scheme == "calver":
        raise UsageError(
            f"Cannot bump {part!r} of {current!r}: the project uses CalVer "
            f'(scheme = "calver", format {calver_format}), where the date is the version\n'
            "use the part 'calver', or set the version explicitly with --set VERSION"
        )
    if current is None:
        base = SemVer(0, 0, 0)
    else:
        try:
            base = SemVer.parse(current)
        except InvalidVersion as exc:
            raise InvalidVersion(
                f'{exc}\nthe project uses SemVer (scheme = "semver"): fix the version, set '
                'scheme = "calver" in [tool.releasekit] if it is a calendar version, '
                "or set the version explicitly with --set VERSION"
            ) from exc
    new = base.bump(part, pre_label=pre_label)
    try:
        new.to_pep440()
    except InvalidVersion as exc:
        # A Python package must carry a PEP 440 version: refuse before anything is written.
        raise UsageError(
            f"The pre-release label {pre_label!r} gives {new}, which Python packaging cannot "
            "express (PEP 440 knows alpha, beta and rc)\n"
            'set pre-label = "rc" (or "alpha", "beta") in [tool.releasekit]'
        ) from exc
    return str(new)


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
    on_zero = current is not None and SemVer.is_valid(current) and current.startswith("0.")
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
    ``"semver"`` otherwise.

    >>> detect_scheme("25.02.15"), detect_scheme("1.4.2"), detect_scheme("2025.02.15")
    ('calver', 'semver', 'calver')
    >>> detect_scheme("2024.1.3", "YYYY.MM.DD"), detect_scheme("3.1.4", "YY.MM.DD")
    ('calver', 'semver')
    """
    calver = CalVer(calver_format)
    is_semver = SemVer.is_valid(current)
    match = _FIRST_NUMBER.match(current) if isinstance(current, str) else None
    yearish = match is not None and _looks_like_year(int(match[1]), len(match[1]))
    if calver.matches(current) and (not is_semver or yearish):
        return "calver"
    if not is_semver and yearish:
        return "calver"
    return "semver"
