"""CalVer: formats, same-day counters, MICRO, ISO weeks, and never going back."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from releasekit.config import load_config
from releasekit.errors import (
    ConfigError,
    InvalidVersion,
    ReleasekitError,
    UsageError,
    VersionNotIncreasing,
)
from releasekit.version.calver import CalVer
from releasekit.version.pep440 import version_key

D = date(2025, 2, 15)

RENDER = [
    ("YY.0M.0D", D, "25.02.15"),
    ("YYYY.0M.0D", D, "2025.02.15"),
    ("YYYY.MM.DD", D, "2025.2.15"),
    ("0Y.0M.0D", date(2005, 3, 7), "05.03.07"),
    ("YY.MM.DD", date(2005, 3, 7), "5.3.7"),
    ("YY.MM", date(2000, 1, 1), "0.1"),
    ("0Y.MM", date(2000, 1, 1), "00.1"),
    ("YY.0M", date(2106, 11, 30), "106.11"),
    ("YYYY", D, "2025"),
    ("YYYY.WW", D, "2025.7"),
    ("YYYY.0W", D, "2025.07"),
    ("YYYY.0W", date(2024, 12, 29), "2024.52"),
    ("YYYY.0W", date(2024, 12, 30), "2025.01"),  # ISO week 1 of 2025: the ISO year
    ("YYYY.WW", date(2021, 1, 3), "2020.53"),  # still ISO week 53 of 2020
    ("YY.0W", date(2026, 12, 31), "26.53"),
    ("YYYY.0M.MICRO", D, "2025.02"),
]


@pytest.mark.parametrize(("fmt", "day", "expected"), RENDER, ids=[f"{f}@{d}" for f, d, _ in RENDER])
def test_render(fmt: str, day: date, expected: str) -> None:
    assert CalVer(fmt).render(day) == expected


NEXT = [
    # (format, date, current, expected)
    ("YY.0M.0D", D, None, "25.02.15"),
    ("YY.0M.0D", D, "25.02.15", "25.02.15.1"),
    ("YY.0M.0D", D, "25.02.15.1", "25.02.15.2"),
    ("YY.0M.0D", D, "25.02.15.9", "25.02.15.10"),
    ("YY.0M.0D", D, "25.2.15", "25.02.15.1"),  # the same release, as a wheel spells it
    ("YY.0M.0D", D, "25.02.14", "25.02.15"),
    ("YY.0M.0D", D, "25.02.14.3", "25.02.15"),
    ("YY.0M.0D", date(2025, 3, 1), "25.02.28.1", "25.03.01"),
    ("YY.0M.0D", date(2026, 1, 1), "25.12.31.2", "26.01.01"),
    ("YY.0M.0D", D, "1.4.2", "25.02.15"),
    ("YY.0M.0D", D, "1.0.0-rc.1", "25.02.15"),
    ("YY.0M.0D", D, "0.0.1", "25.02.15"),
    ("YY.0M.0D", D, "25.02.15rc1", "25.02.15"),  # a pre-release of today is finalized
    ("YY.0M.0D", D, "25.02.15.1rc1", "25.02.15.1"),
    ("YY.0M.0D", D, "25.02.15.post1", "25.02.15.1"),
    ("YY.0M.0D", D, "25.02.15.dev0", "25.02.15"),
    ("YYYY.0M.0D", D, "25.02.15", "2025.02.15"),  # YY -> YYYY switch: fine
    ("YYYY.0M.0D", D, "25.02.15.3", "2025.02.15"),
    ("YYYY.0M.0D", D, "2025.02.15", "2025.02.15.1"),
    ("YYYY.MM.DD", D, "2025.2.15", "2025.2.15.1"),
    ("YYYY.0M.MICRO", D, None, "2025.02.0"),
    ("YYYY.0M.MICRO", D, "2025.02.0", "2025.02.1"),
    ("YYYY.0M.MICRO", D, "2025.02.7", "2025.02.8"),
    ("YYYY.0M.MICRO", D, "2025.2.7", "2025.02.8"),
    ("YYYY.0M.MICRO", D, "2025.01.3", "2025.02.0"),
    ("YYYY.0M.MICRO", date(2026, 1, 2), "2025.12.5", "2026.01.0"),
    ("YYYY.0M.MICRO", D, "2025.02.1rc1", "2025.02.1"),
    ("YYYY.0M.MICRO", D, "1.4.2", "2025.02.0"),
    ("YYYY.MM.MICRO", D, "2025.2.0", "2025.2.1"),
    ("YY.0M.0D.MICRO", D, "25.02.15.0", "25.02.15.1"),
    ("YYYY.MICRO", D, "2025.3", "2025.4"),
    ("YYYY", D, None, "2025"),
    ("YYYY", D, "2025", "2025.1"),
    ("YYYY", date(2026, 6, 1), "2025.4", "2026"),
    ("YYYY.0W", D, None, "2025.07"),
    ("YYYY.0W", D, "2025.07", "2025.07.1"),
    ("YYYY.0W", date(2024, 12, 30), "2024.52", "2025.01"),
    ("YYYY.0W", date(2025, 1, 1), "2025.01", "2025.01.1"),  # same ISO week across new year
    ("YY.WW.MICRO", D, "25.7.2", "25.7.3"),
    ("0Y.0M", date(2005, 3, 7), "05.02", "05.03"),
]


@pytest.mark.parametrize(
    ("fmt", "day", "current", "expected"),
    NEXT,
    ids=[f"{f}@{d}:{c}" for f, d, c, _ in NEXT],
)
def test_next(fmt: str, day: date, current: str | None, expected: str) -> None:
    calver = CalVer(fmt)
    result = calver.next(day, current)
    assert result == expected
    assert calver.matches(result)
    if current is not None:
        assert version_key(result) > version_key(current)


REFUSED = [
    # (format, date, current, words the message must contain)
    ("YY.0M.0D", D, "2025.01.01", ["25.02.15", "2025.01.01", "YYYY.0M.0D", "--set"]),
    ("YY.0M.MICRO", D, "2025.02.3", ["25.02.0", "2025.02.3", "YYYY.0M.MICRO"]),
    ("YY.0M.0D", date(2025, 2, 14), "25.02.15", ["25.02.14", "25.02.15", "go back", "--date"]),
    ("YY.0M.0D", D, "30.0.0", ["30.0.0", "first number 30", "--set"]),
    ("YY.0M.0D", D, "25.02.15.1.1", ["25.02.15.1.1"]),
    ("YYYY.0M.MICRO", date(2025, 1, 31), "2025.02.0", ["2025.01.0", "2025.02.0"]),
    ("YYYY.0W", date(2025, 1, 1), "2025.02", ["2025.01", "2025.02"]),
]


@pytest.mark.parametrize(
    ("fmt", "day", "current", "words"),
    REFUSED,
    ids=[f"{f}@{d}:{c}" for f, d, c, _ in REFUSED],
)
def test_going_back_is_refused(fmt: str, day: date, current: str, words: list[str]) -> None:
    with pytest.raises(VersionNotIncreasing) as info:
        CalVer(fmt).next(day, current)
    message = str(info.value)
    assert "not higher than the current version" in message
    assert fmt in message
    assert day.isoformat() in message
    for word in words:
        assert word in message
    assert info.value.exit_code == 1


@pytest.mark.parametrize("current", ["1.x", "v25.02.15", "", " 25.02.15", "25.02.15-hotfix"])
def test_malformed_current_is_invalid_version(current: str) -> None:
    with pytest.raises(InvalidVersion, match=re.escape(repr(current))):
        CalVer().next(D, current)


def test_two_digit_year_before_2000_is_refused() -> None:
    with pytest.raises(UsageError, match=r"1999-12-31 is in the year 1999, before 2000.*YYYY"):
        CalVer("YY.0M").next(date(1999, 12, 31))
    with pytest.raises(UsageError, match=r"2000-01-02 is in the ISO year 1999, before 2000"):
        CalVer("YY.WW").next(date(2000, 1, 2))
    assert CalVer("YY.WW").next(date(2000, 1, 3)) == "0.1"
    assert CalVer("YYYY.0M").next(date(1999, 12, 31)) == "1999.12"


BAD_FORMATS = [
    ("YY-0M-0D", ["separator '-'", "PEP 440", "'YY.0M.0D'"]),
    ("YY_0M_0D", ["separator '_'", "'YY.0M.0D'"]),
    ("YY/0M", ["separator '/'"]),
    ("yy.0M.0D", ["unknown token 'yy'", "case-sensitive", "'YY'", "YYYY, YY, 0Y, MM"]),
    ("YYY.MM", ["unknown token 'YYY'", "allowed tokens"]),
    ("YY.0M.0D.PATCH", ["unknown token 'PATCH'", "MICRO"]),
    ("YY..0M", ["empty part"]),
    ("", ["empty"]),
    ("MM.YY", ["parts must go year"]),
    ("YY.DD", ["parts must go year"]),
    ("YY.0D.0M", ["parts must go year"]),
    ("YY.MICRO.MM", ["parts must go year"]),
    ("YY.0M.WW", ["parts must go year"]),
    ("YYYY.YY", ["parts must go year"]),
    ("MICRO", ["parts must go year"]),
    ("YY.0M.MICRO.MICRO", ["parts must go year"]),
]


@pytest.mark.parametrize(("fmt", "words"), BAD_FORMATS, ids=[repr(f) for f, _ in BAD_FORMATS])
def test_bad_formats_are_config_errors(fmt: str, words: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        CalVer(fmt)
    assert repr(fmt) in str(info.value)
    for word in words:
        assert word in str(info.value)
    assert info.value.exit_code == 2


def test_config_names_the_key_for_a_bad_format() -> None:
    with pytest.raises(ConfigError, match=r"calver-format = 'YY-0M'.*separator '-'"):
        load_config({"calver-format": "YY-0M"})


MATCHES = [
    ("YY.0M.0D", "25.02.15", True),
    ("YY.0M.0D", "25.02.15.1", True),
    ("YY.0M.0D", "25.02.15.10", True),
    ("YY.0M.0D", "25.02.15.0", False),  # the counter starts at 1
    ("YY.0M.0D", "25.02.15.01", False),
    ("YY.0M.0D", "25.2.15", False),
    ("YY.0M.0D", "25.02.30", False),  # no such date
    ("YY.0M.0D", "24.02.29", True),
    ("YY.0M.0D", "25.02.29", False),
    ("YY.0M.0D", "25.13.01", False),
    ("YY.0M.0D", "2025.02.15", False),
    ("YY.0M.0D", "1.4.2", False),
    ("YY.0M.0D", "v25.02.15", False),
    ("YY.0M.0D", "25.02.15rc1", False),
    ("YY.0M.0D", "\uff12\uff15.02.15", False),
    ("YYYY.0M.0D", "2025.02.15", True),
    ("YYYY.MM.DD", "2025.2.15", True),
    ("YYYY.MM.DD", "2025.02.15", False),
    ("YYYY.0M.MICRO", "2025.02.0", True),
    ("YYYY.0M.MICRO", "2025.02.11", True),
    ("YYYY.0M.MICRO", "2025.02.01", False),
    ("YYYY.0M.MICRO", "2025.02", False),
    ("YYYY.0M.MICRO", "2025.02.1.1", False),
    ("YYYY.0W", "2020.53", True),
    ("YYYY.0W", "2021.53", False),  # 2021 has 52 ISO weeks
    ("YYYY.0W", "2025.00", False),
    ("0Y.0M", "05.03", True),
    ("0Y.0M", "5.03", False),
    ("YY.0M", "5.03", True),
    ("YY.0M", "05.03", False),
]


@pytest.mark.parametrize(
    ("fmt", "version", "expected"), MATCHES, ids=[f"{f}:{v}" for f, v, _ in MATCHES]
)
def test_matches(fmt: str, version: str, expected: bool) -> None:
    assert CalVer(fmt).matches(version) is expected


def test_value_semantics() -> None:
    assert CalVer() == CalVer("YY.0M.0D")
    assert hash(CalVer()) == hash(CalVer("YY.0M.0D"))
    assert CalVer() != CalVer("YYYY.0M.0D")
    assert repr(CalVer()) == "CalVer(format='YY.0M.0D')"
    with pytest.raises(AttributeError):
        CalVer().format = "YYYY"  # type: ignore[misc]


# --- properties -------------------------------------------------------------------------------

FORMATS = [
    "YY.0M.0D",
    "YYYY.0M.0D",
    "YYYY.MM.DD",
    "0Y.0M.0D",
    "YYYY.0M.MICRO",
    "YY.MM.MICRO",
    "YYYY.0W",
    "YY.WW.MICRO",
    "YYYY",
    "YYYY.MICRO",
    "YY.0M",
]
dates = st.dates(min_value=date(2000, 1, 3), max_value=date(2199, 12, 31))


@given(st.sampled_from(FORMATS), dates, st.lists(st.integers(0, 40), min_size=1, max_size=12))
def test_successive_releases_strictly_increase(fmt: str, start: date, gaps: list[int]) -> None:
    calver = CalVer(fmt)
    day, current = start, None
    for gap in gaps:
        day += timedelta(days=gap)
        new = calver.next(day, current)
        assert calver.matches(new)
        if current is not None:
            assert version_key(new) > version_key(current)
        current = new


currents = st.one_of(
    st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,2}){0,3}", fullmatch=True),
    st.from_regex(
        r"[0-9]{1,3}\.[0-9]{1,2}\.[0-9]{1,2}(-rc\.[0-9]|rc[0-9]|\.post1)?", fullmatch=True
    ),
)


@given(st.sampled_from(FORMATS), dates, currents)
def test_next_is_higher_or_refused(fmt: str, day: date, current: str) -> None:
    calver = CalVer(fmt)
    try:
        new = calver.next(day, current)
    except VersionNotIncreasing as exc:
        refused = exc
    else:
        assert version_key(new) > version_key(current)
        assert calver.matches(new)
        return
    base = calver.render(day) + (".0" if calver.has_micro else "")
    assert version_key(base) <= version_key(current)
    assert current in str(refused)


@given(dates, dates)
def test_switching_to_full_year_never_goes_back(first: date, second: date) -> None:
    assume(first <= second)
    current = CalVer("YY.0M.0D").next(first)
    assert version_key(CalVer("YYYY.0M.0D").next(second, current)) > version_key(current)


@given(st.sampled_from(FORMATS), dates, st.text(max_size=20))
def test_any_current_text_gives_a_version_or_a_releasekit_error(
    fmt: str, day: date, current: str
) -> None:
    try:
        new = CalVer(fmt).next(day, current)
    except (InvalidVersion, VersionNotIncreasing) as exc:
        error: ReleasekitError = exc
    else:
        assert version_key(new) > version_key(current)
        return
    assert repr(current) in str(error) or current in str(error)


@given(st.text(max_size=20))
def test_any_format_text_is_valid_or_a_config_error(fmt: str) -> None:
    if set(fmt.split(".")) <= {"YYYY", "YY", "0Y", "MM", "0M", "DD", "0D", "WW", "0W", "MICRO"}:
        try:
            calver = CalVer(fmt)
        except ConfigError as exc:
            assert "parts must go year" in str(exc)  # noqa: PT017 - known tokens, bad order
            return
        assert calver.matches(calver.next(D))
    else:
        with pytest.raises(ConfigError, match=re.escape(repr(fmt))):
            CalVer(fmt)
