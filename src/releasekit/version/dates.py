"""The one place a ``date`` argument is read: a :class:`datetime.date` or an ISO ``YYYY-MM-DD``.

>>> as_date("2025-02-15")
datetime.date(2025, 2, 15)
>>> as_date("yesterday")
Traceback (most recent call last):
...
releasekit.errors.UsageError: date='yesterday': expected a datetime.date or an ISO date YYYY-MM-DD
"""

from __future__ import annotations

import datetime as dt
import re

from releasekit.errors import UsageError

__all__ = ["as_date"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def as_date(value: object, argument: str = "date") -> dt.date:
    """``value`` as a :class:`datetime.date` (a datetime keeps its date only).

    Anything else raises :class:`~releasekit.errors.UsageError` naming ``argument``.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise UsageError(f"{argument}={value!r}: {exc}") from None
    raise UsageError(f"{argument}={value!r}: expected a datetime.date or an ISO date YYYY-MM-DD")
