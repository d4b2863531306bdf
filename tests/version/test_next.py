"""next_version over both schemes, the 0.x rule, and scheme detection."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.errors import (
    ConfigError,
    InvalidVersion,
    ReleasekitError,
    UsageError,
    VersionNotIncreasing,
)
from releasekit.version.next import detect_scheme, level_to_part, next_version
from releasekit.version.pep440 import version_key

D = date(2025, 2, 15)

NEXT = [
    # (current, part, scheme, calver format, expected)
    ("1.2.3", "major", "semver", "YY.0M.0D", "2.0.0"),
    ("1.2.3", "minor", "semver", "YY.0M.0D", "1.3.0"),
    ("1.2.3", "patch", "semver", "YY.0M.0D", "1.2.4"),
    ("1.2.3", "pre", "semver", "YY.0M.0D", "1.2.4rc1"),  # a new candidate: PEP 440 form
    ("1.2.4-rc.1", "pre", "semver", "YY.0M.0D", "1.2.4-rc.2"),
    ("1.2.4-rc.2", "patch", "semver", "YY.0M.0D", "1.2.4"),
    ("2.0.0-rc.1", "major", "semver", "YY.0M.0D", "2.0.0"),
    ("1.2.3+build.7", "minor", "semver", "YY.0M.0D", "1.3.0"),
    (None, "major", "semver", "YY.0M.0D", "1.0.0"),
    (None, "minor", "semver", "YY.0M.0D", "0.1.0"),
    (None, "patch", "semver", "YY.0M.0D", "0.0.1"),
    (None, "pre", "semver", "YY.0M.0D", "0.0.1rc1"),
    ("1.3.0rc1", "pre", "semver", "YY.0M.0D", "1.3.0rc2"),
    ("1.3.0rc2", "final", "semver", "YY.0M.0D", "1.3.0"),
    ("1.3.0", "post", "semver", "YY.0M.0D", "1.3.0.post1"),
    ("1.3.0", "dev", "semver", "YY.0M.0D", "1.3.1.dev0"),
    ("1.3.0.dev2", "patch", "semver", "YY.0M.0D", "1.3.0"),
    ("2.0", "minor", "pep440", "YY.0M.0D", "2.1"),
    ("1.4", "major", "pep440", "YY.0M.0D", "2.0"),
    ("1.4", "micro", "pep440", "YY.0M.0D", "1.4.1"),
    ("1!2.0", "pre", "pep440", "YY.0M.0D", "1!2.0.1rc1"),
    ("25.02.15rc1", "final", "calver", "YY.0M.0D", "25.02.15"),
    ("25.02.15", "post", "calver", "YY.0M.0D", "25.02.15.post1"),
    ("1.4.2", "calver", "semver", "YY.0M.0D", "25.02.15"),  # switching to CalVer
    ("1.4.2", "calver", "semver", "YYYY.0M.MICRO", "2025.02.0"),
    (None, "calver", "calver", "YY.0M.0D", "25.02.15"),
    ("25.02.14", "calver", "calver", "YY.0M.0D", "25.02.15"),
    ("25.02.15", "calver", "calver", "YY.0M.0D", "25.02.15.1"),
    ("25.02.15.1", "calver", "calver", "YY.0M.0D", "25.02.15.2"),
    ("25.02.15", "calver", "calver", "YYYY.0M.0D", "2025.02.15"),
    ("1.4.2", "calver", "calver", "YY.0M.0D", "25.02.15"),
    ("2025.02.3", "calver", "calver", "YYYY.0M.MICRO", "2025.02.4"),
]


@pytest.mark.parametrize(
    ("current", "part", "scheme", "fmt", "expected"),
    NEXT,
    ids=[f"{s}:{c}-{p}-{f}" for c, p, s, f, _ in NEXT],
)
def test_next_version(current: str | None, part: str, scheme: str, fmt: str, expected: str) -> None:
    result = next_version(current, part, scheme=scheme, calver_format=fmt, date=D)
    assert result == expected
    if current is not None:
        assert version_key(result) > version_key(current)


def test_pre_label_is_for_new_candidates_and_label_for_any() -> None:
    assert next_version("1.2.3", "pre", scheme="semver", pre_label="beta") == "1.2.4b1"
    semver = next_version("1.2.3", "pre", scheme="semver", pre_label="b", pre_style="semver")
    assert semver == "1.2.4-beta.1"
    # a candidate keeps its label unless one is asked for
    assert next_version("1.2.4-alpha.2", "pre", scheme="semver", pre_label="b") == "1.2.4-alpha.3"
    assert next_version("1.2.4-alpha.2", "pre", scheme="semver", label="beta") == "1.2.4-beta.1"
    assert next_version("1.2.3", "pre", scheme="semver", label="a", of="minor") == "1.3.0a1"
    with pytest.raises(VersionNotIncreasing, match="'alpha'"):
        next_version("1.2.4-rc.2", "pre", scheme="semver", label="alpha")


@pytest.mark.parametrize("label", ["dev", "snapshot", "gamma"])
@pytest.mark.parametrize("keyword", ["label", "pre_label"])
def test_pre_label_without_a_pep440_form_is_refused(label: str, keyword: str) -> None:
    with pytest.raises(UsageError) as info:
        next_version("1.2.3", "pre", scheme="semver", **{keyword: label})  # type: ignore[arg-type]
    message = str(info.value)
    assert repr(label) in message
    assert "a (alpha), b (beta) or rc" in message
    assert "pre-label" in message
    assert "--label" in message


def test_non_pep440_semver_label_is_refused() -> None:
    with pytest.raises(UsageError, match=r"1\.0\.0-x\.8 has no PEP 440 form"):
        next_version("1.0.0-x.7", "pre", scheme="semver")


def test_non_pep440_pre_release_can_still_be_finalized() -> None:
    assert next_version("1.0.0-x.7.z.92", "patch", scheme="semver") == "1.0.0"


@pytest.mark.parametrize("part", ["major", "minor", "patch", "pre"])
def test_semver_parts_are_refused_on_calver(part: str) -> None:
    with pytest.raises(UsageError) as info:
        next_version("25.02.15", part, scheme="calver", calver_format="YY.0M.0D", date=D)
    message = str(info.value)
    assert repr(part) in message
    assert "'25.02.15'" in message
    assert "'calver'" in message
    assert "--set" in message
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    ("current", "part"),
    [
        ("1.x", "major"),
        ("v1.2.3", "pre"),
        ("1.2", "minor"),
        ("1!1.2.3", "minor"),
    ],
    ids=["garbage", "v-prefix", "two-numbers", "epoch"],
)
def test_current_that_is_not_semver(current: str, part: str) -> None:
    with pytest.raises(InvalidVersion) as info:
        next_version(current, part, scheme="semver", date=D)
    message = str(info.value)
    assert repr(current) in message
    assert 'scheme = "semver"' in message
    assert 'scheme = "calver"' in message
    assert "[tool.releasekit]" in message
    assert "--set" in message


def test_calver_going_back_is_refused() -> None:
    with pytest.raises(VersionNotIncreasing, match=r"2025\.01\.01.*\n.*YYYY\.0M\.0D"):
        next_version("2025.01.01", "calver", scheme="calver", calver_format="YY.0M.0D", date=D)
    with pytest.raises(VersionNotIncreasing, match=re.escape("30.0.0")):
        next_version("30.0.0", "calver", scheme="semver", calver_format="YY.0M.0D", date=D)


@pytest.mark.parametrize("scheme", ["calver", "semver"])
def test_malformed_current_on_calver(scheme: str) -> None:
    with pytest.raises(InvalidVersion) as info:
        next_version("25.02.x", "calver", scheme=scheme, date=D)
    message = str(info.value)
    assert "'25.02.x'" in message
    assert f'scheme = "{scheme}"' in message
    assert "--set" in message


def test_calver_needs_a_date() -> None:
    with pytest.raises(UsageError, match="date"):
        next_version("25.02.15", "calver", scheme="calver", date=None)


@pytest.mark.parametrize("part", ["auto", "nano", "MAJOR", ""])
def test_unknown_part(part: str) -> None:
    with pytest.raises(UsageError, match=re.escape(repr(part))) as info:
        next_version("1.2.3", part, scheme="semver", date=D)
    assert "'major', 'minor', 'patch', 'pre', 'final', 'post', 'dev', 'calver'" in str(info.value)


def test_unknown_scheme() -> None:
    with pytest.raises(ConfigError, match=r"'calendar'.*'semver', 'calver', 'pep440'"):
        next_version("1.2.3", "minor", scheme="calendar", date=D)


def test_bad_calver_format() -> None:
    with pytest.raises(ConfigError, match="allowed tokens"):
        next_version("1.2.3", "calver", scheme="calver", calver_format="YY.QQ", date=D)


LEVELS = [
    ("0.4.1", "major", "minor"),
    ("0.0.1", "major", "minor"),
    ("0.4.1-rc.1", "major", "minor"),
    ("1.4.1", "major", "major"),
    ("10.0.0", "major", "major"),
    ("0.4.1", "minor", "minor"),
    ("0.4.1", "patch", "patch"),
    ("1.4.1", "minor", "minor"),
    ("1.4.1", None, None),
    ("1.4.1", "none", None),
    (None, "major", "major"),
    ("25.02.15", "major", "major"),  # not SemVer: left to the scheme
    ("0.02.15", "major", "minor"),
    ("0.4.0rc1", "major", "minor"),
    ("0.4", "major", "minor"),
    ("1!0.4", "major", "major"),
]


@pytest.mark.parametrize(
    ("current", "level", "part"), LEVELS, ids=[f"{c}-{lv}" for c, lv, _ in LEVELS]
)
def test_level_to_part(current: str | None, level: str | None, part: str | None) -> None:
    assert level_to_part(current, level) == part


SCHEMES = [
    ("25.02.15", "YY.0M.0D", "calver"),
    ("25.02.15.1", "YY.0M.0D", "calver"),
    ("2025.02.15", "YY.0M.0D", "calver"),  # not SemVer, starts with a year
    ("2025.02.15", "YYYY.0M.0D", "calver"),
    ("2025.2.15", "YYYY.MM.DD", "calver"),  # valid SemVer too, but the year decides
    ("25.2.15", "YY.MM.DD", "calver"),
    ("2025.02.3", "YYYY.0M.MICRO", "calver"),
    ("1.4.2", "YY.0M.0D", "semver"),
    ("1.4.2", "YY.MM.DD", "semver"),  # matches the format, but 1 is not a plausible year
    ("3.1.4", "YY.MM.DD", "semver"),
    ("0.1.0", "YY.0M.0D", "semver"),
    ("1.0.0-rc.1", "YY.0M.0D", "semver"),
    ("20.1.0", "YY.0M.0D", "semver"),
    ("1.x", "YY.0M.0D", "semver"),
    ("1.2", "YY.0M.0D", "pep440"),
    ("1.3.0rc1", "YY.0M.0D", "semver"),
    ("1.3.0.post1", "YY.0M.0D", "semver"),
    ("1!1.3.0", "YY.0M.0D", "pep440"),
    ("1.2.3.4", "YY.0M.0D", "pep440"),
    ("2025", "YYYY", "calver"),
    ("2025", "YY.0M.0D", "calver"),
    ("2025.4", "YYYY.MICRO", "calver"),
    ("7", "YY.0M.0D", "pep440"),
    ("", "YY.0M.0D", "semver"),
]


@pytest.mark.parametrize(
    ("current", "fmt", "scheme"), SCHEMES, ids=[f"{c}@{f}" for c, f, _ in SCHEMES]
)
def test_detect_scheme(current: str, fmt: str, scheme: str) -> None:
    assert detect_scheme(current, fmt) == scheme


@given(
    st.one_of(st.none(), st.text(max_size=16)),
    st.sampled_from(["major", "minor", "patch", "pre", "final", "post", "dev", "calver", "auto"]),
    st.sampled_from(["semver", "calver", "pep440"]),
    st.dates(min_value=date(2000, 1, 3), max_value=date(2199, 12, 31)),
)
def test_any_input_gives_a_higher_version_or_a_releasekit_error(
    current: str | None, part: str, scheme: str, day: date
) -> None:
    try:
        result = next_version(current, part, scheme=scheme, calver_format="YY.0M.0D", date=day)
    except ReleasekitError:
        return
    if current is not None:
        assert version_key(result) > version_key(current)


@given(st.text(max_size=16))
def test_detect_scheme_never_raises(current: str) -> None:
    assert detect_scheme(current, "YY.0M.0D") in ("semver", "calver", "pep440")
