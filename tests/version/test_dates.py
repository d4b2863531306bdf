"""``as_date``: a date, a datetime or an ISO ``YYYY-MM-DD`` string; anything else is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.errors import UsageError
from releasekit.version.dates import as_date


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_a_date_and_its_iso_spelling_are_the_same_date(day: dt.date) -> None:
    assert as_date(day) == as_date(day.isoformat()) == as_date(f" {day.isoformat()}\n") == day


def test_a_datetime_keeps_its_date_only() -> None:
    assert as_date(dt.datetime(2025, 2, 15, 23, 59)) == dt.date(2025, 2, 15)
    assert type(as_date(dt.datetime(2025, 2, 15))) is dt.date


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", r"when='yesterday': expected a datetime.date or an ISO date YYYY-MM-DD"),
        ("15/02/2025", r"when='15/02/2025': expected"),
        ("20250215", r"when='20250215': expected"),
        ("2025-02-30", r"when='2025-02-30': day is out of range"),
        (None, r"when=None: expected"),
        (20250215, r"when=20250215: expected"),
    ],
    ids=["word", "day-first", "basic-format", "no-such-day", "none", "int"],
)
def test_anything_else_is_a_usage_error_naming_the_argument(value: object, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        as_date(value, "when")
