"""The PEP 440 bridge: normal forms, release equality and the sort key."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from releasekit.errors import InvalidVersion
from releasekit.version.pep440 import Pep440, parse_pep440, same_release, to_pep440, version_key
from releasekit.version.semver import SemVer

NORMAL_FORMS = [
    ("1.2.3", "1.2.3"),
    ("1.2.4-rc.1", "1.2.4rc1"),
    ("1.2.4-alpha.1", "1.2.4a1"),
    ("1.2.4-beta.1", "1.2.4b1"),
    ("1.2.4-a.1", "1.2.4a1"),
    ("1.2.4-b.1", "1.2.4b1"),
    ("1.2.4-c.1", "1.2.4rc1"),
    ("1.2.4rc1", "1.2.4rc1"),
    ("1.2.4RC1", "1.2.4rc1"),
    ("1.2.4.post2", "1.2.4.post2"),
    ("1.2.4.dev0", "1.2.4.dev0"),
    ("25.02.15", "25.2.15"),
    ("25.02.15.1", "25.2.15.1"),
    ("2025.01.07", "2025.1.7"),
    ("2025.02.0", "2025.2.0"),
    ("1!2.0", "1!2.0"),
    ("1.0", "1.0"),
    ("1.0.0+build.5", "1.0.0+build.5"),
]


@pytest.mark.parametrize(("text", "normal"), NORMAL_FORMS, ids=[t for t, _ in NORMAL_FORMS])
def test_to_pep440(text: str, normal: str) -> None:
    assert to_pep440(text) == normal
    assert version_key(text) == Version(normal)


SAME = [
    ("25.02.15", "25.2.15", True),
    ("1.0.0-rc.1", "1.0.0rc1", True),
    ("1.0.0-alpha.2", "1.0.0a2", True),
    ("1.0.0-beta.3", "1.0.0b3", True),
    ("1.0", "1.0.0", True),
    ("2025.02.15.1", "2025.2.15.1", True),
    ("1.0.0-rc.1", "1.0.0", False),
    ("1.0.0-rc.1", "1.0.0rc2", False),
    ("25.02.15", "25.02.15.1", False),
    ("25.02.15", "2025.02.15", False),
    ("1.0.0+a", "1.0.0", False),
]


@pytest.mark.parametrize(("a", "b", "same"), SAME, ids=[f"{a}={b}" for a, b, _ in SAME])
def test_same_release(a: str, b: str, same: bool) -> None:
    assert same_release(a, b) is same
    assert same_release(b, a) is same


BAD = [
    ("v1.2.3", "drop the leading 'v'"),
    ("V2025.01.01", "drop the leading 'v'"),
    ("1.x", "expected a PEP 440 version"),
    ("", "empty"),
    (" 1.2.3", "whitespace"),
    ("1.2.3\n", "whitespace"),
    ("1.0.0-x.7.z.92", "no PEP 440 form"),
    ("1.0.0-1", "no PEP 440 form"),  # SemVer first: a pre-release, not a post-release
    ("1.0.0-dev.1", "no PEP 440 form"),
    ("25.02.15-hotfix", "expected a PEP 440 version"),
]


@pytest.mark.parametrize(("text", "why"), BAD, ids=[repr(t) for t, _ in BAD])
def test_bad_versions_are_named(text: str, why: str) -> None:
    for function in (version_key, to_pep440):
        with pytest.raises(InvalidVersion) as info:
            function(text)
        assert repr(text) in str(info.value)
        assert why in str(info.value)
    with pytest.raises(InvalidVersion, match=re.escape(repr(text))):
        same_release(text, "1.2.3")
    with pytest.raises(InvalidVersion, match=re.escape(repr(text))):
        same_release("1.2.3", text)


def test_invalid_version_keeps_the_packaging_cause() -> None:
    with pytest.raises(InvalidVersion) as info:
        parse_pep440("1.x")
    assert info.value.__cause__ is not None


ORDER = [
    "0.9",
    "1.0.0.dev1",
    "1.0.0-alpha.1",
    "1.0.0b2",
    "1.0.0-rc.1",
    "1.0.0",
    "1.0.0.post1",
    "1.4.2",
    "24.12.31",
    "25.02.15",
    "25.02.15.1",
    "25.02.15.2",
    "25.02.16",
    "2025.01.01",
    "2025.02.15",
]


def test_version_key_orders_mixed_schemes() -> None:
    assert all(version_key(a) < version_key(b) for a, b in itertools.pairwise(ORDER))
    shuffled = sorted(ORDER, key=lambda text: hash(text) % 97)
    assert sorted(shuffled, key=version_key) == ORDER


def test_importing_releasekit_does_not_import_packaging() -> None:
    code = (
        "import sys, releasekit, releasekit.version.semver, releasekit.version.calver\n"
        "import releasekit.version.next\n"
        "print('packaging' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@given(st.text(max_size=30))
def test_any_text_gives_a_key_or_invalid_version(text: str) -> None:
    try:
        key = version_key(text)
    except InvalidVersion as exc:
        error = exc
    else:
        assert to_pep440(text) == str(key)
        assert same_release(text, str(key))
        return
    assert repr(text) in str(error)


@given(
    st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,3}){0,3}((a|b|rc|-rc\.|-alpha\.)[0-9])?", fullmatch=True)
)
def test_to_pep440_is_idempotent(text: str) -> None:
    try:
        normal = to_pep440(text)
    except InvalidVersion:
        return
    assert to_pep440(normal) == normal
    assert same_release(text, normal)


# -- the Pep440 value ------------------------------------------------------------------------

pieces = st.tuples(
    st.sampled_from(["", "", "", "1!", "0!"]),
    st.lists(st.integers(0, 20).map(str), min_size=1, max_size=4).map(".".join),
    st.one_of(
        st.just(""),
        st.tuples(
            st.sampled_from(["", ".", "-", "_"]),
            st.sampled_from(["a", "b", "rc", "c", "alpha", "beta", "pre", "preview", "RC"]),
            st.sampled_from(["", ".", "-", "_"]),
            st.sampled_from(["", "0", "1", "2", "10"]),
        ).map("".join),
    ),
    st.sampled_from(["", ".post1", "-1", ".post", "post2", ".r3", "-rev4", "_post_5"]),
    st.sampled_from(["", ".dev0", ".dev", "dev1", "-dev2", "_dev_3", ".DEV4"]),
    st.sampled_from(["", "+local", "+ubuntu-1", "+7", "+a.b_c", "+007"]),
)
spelled = pieces.map("".join)


def old_version_key(text: str) -> Version:
    """The version key before releasekit read PEP 440 itself: SemVer first, then packaging."""
    if SemVer.is_valid(text):
        return Version(SemVer.parse(text).to_pep440())
    return parse_pep440(text)


@given(
    st.one_of(spelled, st.text(max_size=20), st.from_regex(r"[0-9.a-z!+_-]{1,14}", fullmatch=True))
)
def test_pep440_reads_what_packaging_reads(text: str) -> None:
    try:
        expected = old_version_key(text)
    except InvalidVersion:
        assert not Pep440.is_valid(text)
        with pytest.raises(InvalidVersion, match=re.escape(repr(text))):
            Pep440.parse(text)
        return
    if not text.isascii():  # packaging's IGNORECASE lets the Kelvin sign through; not here
        return
    version = Pep440.parse(text)
    assert str(version) == text
    assert version.normalized == str(expected)
    assert (version.epoch, version.release, version.pre) == (
        expected.epoch,
        expected.release,
        expected.pre,
    )
    assert (version.post, version.dev, version.local) == (
        expected.post,
        expected.dev,
        expected.local,
    )
    assert version.is_prerelease == expected.is_prerelease


@given(spelled, spelled)
def test_order_equality_and_hash_come_from_one_key(a_text: str, b_text: str) -> None:
    try:
        a, b = Pep440.parse(a_text), Pep440.parse(b_text)
    except InvalidVersion:
        return
    va, vb = Version(a_text), Version(b_text)
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a < b) == (va < vb)
    assert (a == b) == (va == vb)
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (a > b or a == b)
    assert (a != b) is not (a == b)
    if a == b:
        assert hash(a) == hash(b)
        assert len({a, b}) == 1


def test_equal_versions_in_other_spellings_hash_alike() -> None:
    spellings = ["1.0.0rc1", "1.0.0-rc.1", "1.0.0.RC1", "1.0rc1", "1.0.0c1", "1.0.0_pre_1"]
    versions = [Pep440.parse(text) for text in spellings]
    assert len(set(versions)) == 1
    assert [str(v) for v in versions] == spellings
    assert {v.normalized for v in versions} == {"1.0.0rc1", "1.0rc1"}


@given(
    st.tuples(
        st.integers(0, 30),
        st.integers(0, 30),
        st.integers(0, 30),
        st.one_of(st.none(), st.tuples(st.sampled_from(["a", "b", "rc"]), st.integers(0, 30))),
    )
)
def test_pep440_and_semver_spellings_round_trip(
    parts: tuple[int, int, int, tuple[str, int] | None],
) -> None:
    major, minor, patch, pre = parts
    version = Pep440((major, minor, patch), pre)
    semver_text = str(version.respell("semver"))
    assert SemVer.is_valid(semver_text)
    assert Pep440.parse(semver_text) == version
    assert SemVer.parse(semver_text).to_pep440() == version.normalized
    assert str(Pep440.parse(semver_text).respell("pep440")) == version.normalized
    assert version.to_semver() == SemVer.parse(semver_text)
    assert SemVer.from_pep440(version.normalized) == SemVer.parse(semver_text)


NO_SEMVER = [
    ("1!1.0.0", "an epoch"),
    ("1.0.0.post1", "a post-release"),
    ("1.0.0.dev1", "a development release"),
    ("1.0.0.0", "more than three release numbers"),
]


@pytest.mark.parametrize(("text", "why"), NO_SEMVER, ids=[t for t, _ in NO_SEMVER])
def test_versions_without_a_semver_spelling_say_why(text: str, why: str) -> None:
    with pytest.raises(InvalidVersion, match=why):
        Pep440.parse(text).respell("semver")


def test_local_versions_are_read_but_never_released() -> None:
    version = Pep440.parse("1.2.3+ubuntu.1")
    assert version > Pep440.parse("1.2.3")
    assert version.public == Pep440.parse("1.2.3")
    assert Pep440.parse("1.2.3").require_public() == Pep440.parse("1.2.3")
    with pytest.raises(InvalidVersion) as info:
        version.require_public()
    assert "'1.2.3+ubuntu.1'" in str(info.value)
    assert "PyPI" in str(info.value)
    assert "release 1.2.3 instead" in str(info.value)


HUGE = "9" * 5000


@pytest.mark.parametrize(
    "text",
    [
        HUGE,
        f"1.{HUGE}",
        f"1.0rc{HUGE}",
        f"1.0.post{HUGE}",
        f"1.0.dev{HUGE}",
        f"1.0+{HUGE}",
        f"{HUGE}!1.0",
        f"1.2.{HUGE}",
    ],
    ids=["release", "minor", "pre", "post", "dev", "local", "epoch", "semver"],
)
def test_numbers_over_the_digit_limit_are_invalid_versions(text: str) -> None:
    for read in (Pep440.parse, version_key, to_pep440, parse_pep440, SemVer.from_pep440):
        with pytest.raises(InvalidVersion, match="too long"):
            read(text)
    assert not Pep440.is_valid(text)


def test_values_past_the_digit_limit_are_invalid_versions() -> None:
    with pytest.raises(InvalidVersion, match="too long"):
        Pep440((10**5000,))
    with pytest.raises(InvalidVersion, match="too long"):
        SemVer(10**5000, 0, 0)
    with pytest.raises(InvalidVersion, match="too long"):
        SemVer(1, 0, 0, (10**5000,))


BAD_VALUES = [
    ({"release": ()}, "Invalid release"),
    ({"release": (1, -2)}, "Invalid release number"),
    ({"release": (True,)}, "Invalid release number"),
    ({"release": (1,), "pre": ("beta", 1)}, "'a', 'b' or 'rc'"),
    ({"release": (1,), "pre": ("rc",)}, "Invalid pre-release"),
    ({"release": (1,), "post": -1}, "post-release number"),
    ({"release": (1,), "local": "Ubuntu"}, "local version label"),
    ({"release": (1,), "local": "a..b"}, "local version label"),
]


@pytest.mark.parametrize(
    ("fields", "why"), BAD_VALUES, ids=[w + str(i) for i, (_, w) in enumerate(BAD_VALUES)]
)
def test_bad_values_are_refused(fields: dict[str, object], why: str) -> None:
    with pytest.raises(InvalidVersion, match=re.escape(why)):
        Pep440(**fields)  # type: ignore[arg-type]
