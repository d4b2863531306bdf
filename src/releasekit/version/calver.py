"""Calendar versioning: the version is the release date, in a format the project chooses.

A format is dot-separated tokens (case-sensitive):

======  =============================================  =====================
token   meaning                                        15 Feb 2025 / week 7
======  =============================================  =====================
YYYY    full year                                      2025
YY      year - 2000, no padding                        25 (2005 -> 5)
0Y      year - 2000, zero-padded to two digits         25 (2005 -> 05)
MM      month, no padding                              2
0M      month, zero-padded                             02
DD      day of the month, no padding                   15
0D      day of the month, zero-padded                  15
WW      ISO 8601 week of the year, no padding          7
0W      ISO 8601 week of the year, zero-padded         07
MICRO   a counter, last part only, 0 for the first     0
        release of the period, then 1, 2 ...
======  =============================================  =====================

Parts go from the largest unit to the smallest (a year, then month and day or a week, then
MICRO), so versions grow with time. Only ``.`` separates parts: PEP 440 release numbers are
dot-separated, and a version that is not PEP 440 cannot be published for Python.

Weeks are ISO 8601 weeks (:meth:`datetime.date.isocalendar`), and in a format with a week the
year is the ISO year too: 30 December 2024 is in week 1 of 2025, so ``YYYY.0W`` gives
``2025.01`` rather than going back to ``2024.01``.

Without ``MICRO``, a second release in the same period appends ``.1``, then ``.2`` (PEP 440
orders ``25.2.15 < 25.2.15.1 < 25.2.15.2``). The date is always an argument, never the clock.

>>> from datetime import date
>>> CalVer().next(date(2025, 2, 15))
'25.02.15'
>>> CalVer().next(date(2025, 2, 15), current="25.02.15")
'25.02.15.1'
>>> CalVer("YYYY.0M.MICRO").next(date(2025, 2, 15), current="2025.02.0")
'2025.02.1'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from releasekit.errors import ConfigError, UsageError, VersionNotIncreasing

if TYPE_CHECKING:
    from packaging.version import Version

__all__ = ["DEFAULT_FORMAT", "TOKENS", "CalVer"]

DEFAULT_FORMAT = "YY.0M.0D"

# token -> (unit, pattern of its text in a version)
_TOKEN_SPECS: dict[str, tuple[str, str]] = {
    "YYYY": ("year", r"[1-9][0-9]{3}"),
    "YY": ("year", r"0|[1-9][0-9]{0,2}"),
    "0Y": ("year", r"[0-9]{2}|[1-9][0-9]{2}"),
    "MM": ("month", r"[1-9]|1[0-2]"),
    "0M": ("month", r"0[1-9]|1[0-2]"),
    "DD": ("day", r"[1-9]|[12][0-9]|3[01]"),
    "0D": ("day", r"0[1-9]|[12][0-9]|3[01]"),
    "WW": ("week", r"[1-9]|[1-4][0-9]|5[0-3]"),
    "0W": ("week", r"0[1-9]|[1-4][0-9]|5[0-3]"),
    "MICRO": ("micro", r"0|[1-9][0-9]*"),
}
#: The tokens a format may use, in the order the documentation lists them.
TOKENS: tuple[str, ...] = tuple(_TOKEN_SPECS)
# The unit sequences that grow with time (MICRO may follow any of them).
_ORDERS: tuple[tuple[str, ...], ...] = (
    ("year",),
    ("year", "month"),
    ("year", "month", "day"),
    ("year", "week"),
)
_COUNTER = r"[1-9][0-9]*"


def _format_error(fmt: str, reason: str) -> ConfigError:
    return ConfigError(f"CalVer format {fmt!r}: {reason}")


def _parse_format(fmt: str) -> tuple[str, ...]:
    """Validate a format and return its tokens; raise :class:`ConfigError` saying why not."""
    if not isinstance(fmt, str) or not fmt:
        raise _format_error(str(fmt), "empty; use tokens like YY.0M.0D")
    for sep in ("-", "_", "/", " ", "+"):
        if sep in fmt:
            raise _format_error(
                fmt,
                f"separator {sep!r} is not allowed: PEP 440 release numbers are separated by "
                f"dots only, use {fmt.replace(sep, '.')!r}",
            )
    tokens = tuple(fmt.split("."))
    allowed = ", ".join(TOKENS)
    for token in tokens:
        if token not in _TOKEN_SPECS:
            hint = ""
            if token.upper() in _TOKEN_SPECS:
                hint = f" (tokens are case-sensitive: did you mean {token.upper()!r}?)"
            what = "an empty part" if not token else f"unknown token {token!r}"
            raise _format_error(fmt, f"{what}{hint}; allowed tokens: {allowed}")
    units = [_TOKEN_SPECS[token][0] for token in tokens]
    if units[-1:] == ["micro"]:
        units.pop()
    if tuple(units) not in _ORDERS:
        raise _format_error(
            fmt,
            "parts must go year (YYYY, YY, 0Y), then month and day (MM/0M, DD/0D) or a week "
            "(WW/0W), then optionally MICRO, so that versions grow with time; "
            "e.g. YY.0M.0D, YYYY.0M.MICRO or YYYY.0W",
        )
    return tokens


@dataclass(frozen=True, slots=True)
class CalVer:
    """A CalVer scheme: ``CalVer("YY.0M.0D")``; a bad format raises :class:`ConfigError`.

    >>> CalVer("YYYY.0M.MICRO").tokens
    ('YYYY', '0M', 'MICRO')
    >>> CalVer("YY-0M-0D")
    Traceback (most recent call last):
    ...
    releasekit.errors.ConfigError: CalVer format 'YY-0M-0D': separator '-' is not allowed: ...
    """

    format: str = DEFAULT_FORMAT
    tokens: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tokens = _parse_format(self.format)
        object.__setattr__(self, "tokens", tokens)
        parts = [f"({_TOKEN_SPECS[token][1]})" for token in tokens]
        counter = "" if self.has_micro else rf"(?:\.({_COUNTER}))?"
        object.__setattr__(self, "_pattern", re.compile(r"\.".join(parts) + counter))

    @property
    def has_micro(self) -> bool:
        """Whether the format ends in a ``MICRO`` counter."""
        return self.tokens[-1] == "MICRO"

    @property
    def uses_week(self) -> bool:
        """Whether the format numbers ISO weeks (and so uses the ISO year)."""
        return any(_TOKEN_SPECS[token][0] == "week" for token in self.tokens)

    def render(self, date: dt.date | str) -> str:
        """The date part of the version for ``date`` (without MICRO or a same-day counter).

        >>> from datetime import date
        >>> CalVer("YYYY.0W").render(date(2024, 12, 30))  # ISO week 1 of 2025
        '2025.01'
        >>> CalVer("0Y.MM.DD").render(date(2005, 3, 7))
        '05.3.7'
        """
        from releasekit.version.dates import as_date

        date = as_date(date)
        year, week = date.year, 0
        if self.uses_week:
            iso = date.isocalendar()
            year, week = iso[0], iso[1]
        values = {"year": year, "month": date.month, "day": date.day, "week": week}
        parts = []
        for token in self.tokens:
            unit = _TOKEN_SPECS[token][0]
            if unit == "micro":
                continue
            value = values[unit]
            if token in ("YY", "0Y"):
                if year < 2000:
                    kind = "ISO year" if self.uses_week else "year"
                    raise UsageError(
                        f"Date {date.isoformat()} is in the {kind} {year}, before 2000: {token} "
                        f"counts years from 2000; use YYYY in the CalVer format {self.format!r}"
                    )
                value = year - 2000
            parts.append(f"{value:02d}" if token.startswith("0") else str(value))
        return ".".join(parts)

    def matches(self, version: str) -> bool:
        """Whether ``version`` is written in this format (a same-day ``.N`` counter allowed).

        >>> fmt = CalVer("YY.0M.0D")
        >>> fmt.matches("25.02.15"), fmt.matches("25.02.15.2"), fmt.matches("25.2.15")
        (True, True, False)
        >>> fmt.matches("25.02.30"), fmt.matches("1.4.2")
        (False, False)
        """
        if not isinstance(version, str) or not version.isascii():
            return False
        match = self._pattern.fullmatch(version)
        if match is None:
            return False
        values: dict[str, int] = {}
        for token, text in zip(self.tokens, match.groups(), strict=False):
            if len(text) > 9:  # no date part or counter is that long; int() refuses 4,300 digits
                return False
            number = int(text)
            values[_TOKEN_SPECS[token][0]] = number + 2000 if token in ("YY", "0Y") else number
        try:
            if "week" in values:
                dt.date.fromisocalendar(values["year"], values["week"], 1)
            elif "day" in values:
                dt.date(values["year"], values["month"], values["day"])
        except ValueError:
            return False
        return True

    def next(self, date: dt.date | str, current: str | None = None) -> str:
        """The version to release on ``date``, strictly higher than ``current`` (PEP 440 order).

        ``current`` may be any SemVer, CalVer or PEP 440 version (``1.4.2`` before a switch to
        CalVer is fine). In the same period as ``current``, the counter goes up (``.1``, ``.2``
        or MICRO); a pre-release of that period's version is finalized. A result that would not
        be higher raises :class:`VersionNotIncreasing` saying why; a malformed ``current``
        raises :class:`~releasekit.errors.InvalidVersion`.

        >>> from datetime import date
        >>> CalVer().next(date(2025, 2, 15), current="25.02.15.1")
        '25.02.15.2'
        >>> CalVer("YYYY.0M.0D").next(date(2025, 2, 15), current="1.4.2")
        '2025.02.15'
        >>> CalVer("YY.0M.0D").next(date(2025, 2, 15), current="2025.01.01")
        Traceback (most recent call last):
        ...
        releasekit.errors.VersionNotIncreasing: CalVer format 'YY.0M.0D' gives 25.02.15 for ...
        """
        from releasekit.version.dates import as_date
        from releasekit.version.pep440 import version_key

        day = as_date(date)
        base = self.render(day)
        if current is None:
            return f"{base}.0" if self.has_micro else base
        current_key = version_key(current)
        candidate = self._candidate(base, current_key)
        if version_key(candidate) > current_key:
            return candidate
        raise self._not_increasing(day, candidate, current, current_key)

    def _candidate(self, base: str, current: Version) -> str:
        numbers = tuple(int(part) for part in base.split("."))
        size = len(numbers)
        release = current.release
        # A pre-release (25.2.15rc1) is finalized; a release gets the next counter.
        step = 0 if current.is_prerelease else 1
        same_period = release[:size] == numbers
        if self.has_micro:
            micro = release[size] + step if same_period and len(release) == size + 1 else 0
            return f"{base}.{micro}"
        if same_period and len(release) in (size, size + 1):
            counter = (release[size] if len(release) > size else 0) + step
            return f"{base}.{counter}" if counter else base
        return base

    def _not_increasing(
        self, date: dt.date, candidate: str, current: str, current_key: Version
    ) -> VersionNotIncreasing:
        why = "it would go back"
        advice = "check the date (--date) or set the version explicitly with --set"
        first = current_key.release[0]
        if self.tokens[0] in ("YY", "0Y") and first >= 1000:
            why = f"{self.tokens[0]} gives {candidate.split('.')[0]}, below the year {first}"
            full = "YYYY" + self.format[len(self.tokens[0]) :]
            advice = f'use a full-year format (calver-format = "{full}") or --set VERSION'
        elif first > int(candidate.split(".")[0]):
            why = f"the current version's first number {first} is higher"
            advice = "use --set VERSION, or a format whose first part is larger (e.g. YYYY)"
        return VersionNotIncreasing(
            f"CalVer format {self.format!r} gives {candidate} for {date.isoformat()}, which is "
            f"not higher than the current version {current}: {why}\n{advice}"
        )
