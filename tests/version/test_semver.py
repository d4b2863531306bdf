"""SemVer 2.0.0: the semver.org grammar corpus, §11 precedence, bumps and the PEP 440 bridge."""

from __future__ import annotations

import copy
import dataclasses
import functools
import itertools
import pickle
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from releasekit.errors import InvalidVersion, UsageError, VersionNotIncreasing
from releasekit.version.semver import SemVer

# The valid strings of the test corpus published with semver.org's suggested regular expression.
VALID = [
    "0.0.4",
    "1.2.3",
    "10.20.30",
    "1.1.2-prerelease+meta",
    "1.1.2+meta",
    "1.1.2+meta-valid",
    "1.0.0-alpha",
    "1.0.0-beta",
    "1.0.0-alpha.beta",
    "1.0.0-alpha.beta.1",
    "1.0.0-alpha.1",
    "1.0.0-alpha0.valid",
    "1.0.0-alpha.0valid",
    "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay",
    "1.0.0-rc.1+build.1",
    "2.0.0-rc.1+build.123",
    "1.2.3-beta",
    "10.2.3-DEV-SNAPSHOT",
    "1.2.3-SNAPSHOT-123",
    "1.0.0",
    "2.0.0",
    "1.1.7",
    "2.0.0+build.1848",
    "2.0.1-alpha.1227",
    "1.0.0-alpha+beta",
    "1.2.3----RC-SNAPSHOT.12.9.1--.12+788",
    "1.2.3----R-S.12.9.1--.12+meta",
    "1.2.3----RC-SNAPSHOT.12.9.1--.12",
    "1.0.0+0.build.1-rc.10000aaa-kk-0.1",
    "99999999999999999999999.999999999999999999.99999999999999999",
    "1.0.0-0A.is.legal",
    # the examples of the specification itself
    "1.0.0-0.3.7",
    "1.0.0-x.7.z.92",
    "1.0.0-x-y-z.--",
    "1.0.0-alpha+001",
    "1.0.0+20130313144700",
    "1.0.0-beta+exp.sha.5114f85",
    "1.0.0+21AF26D3----117B344092BD",
    "0.0.0",
    "1.0.0+001",
]

# The invalid strings of the same corpus, plus the empty identifiers of §9 and §10.
INVALID = [
    "1",
    "1.2",
    "1.2.3-0123",
    "1.2.3-0123.0123",
    "1.1.2+.123",
    "+invalid",
    "-invalid",
    "-invalid+invalid",
    "-invalid.01",
    "alpha",
    "alpha.beta",
    "alpha.beta.1",
    "alpha.1",
    "alpha+beta",
    "alpha_beta",
    "alpha.",
    "alpha..",
    "beta",
    "1.0.0-alpha_beta",
    "-alpha.",
    "1.0.0-alpha..",
    "1.0.0-alpha..1",
    "1.0.0-alpha...1",
    "1.0.0-alpha....1",
    "1.0.0-alpha.....1",
    "1.0.0-alpha......1",
    "1.0.0-alpha.......1",
    "01.1.1",
    "1.01.1",
    "1.1.01",
    "1.2.3.DEV",
    "1.2-SNAPSHOT",
    "1.2.31.2.3----RC-SNAPSHOT.12.09.1--..12+788",
    "1.2-RC-SNAPSHOT",
    "-1.0.3-gamma+b7718",
    "+justmeta",
    "9.8.7+meta+meta",
    "9.8.7-whatever+meta+meta",
    "99999999999999999999999.999999999999999999.99999999999999999"
    "----RC-SNAPSHOT.12.09.1--------------------------------..12",
    "1.0.0-.123",
    "1.0.0-...",
    "1.0.0-123.",
    "1.0.0-+",
    "1.0.0-+123",
    "1.0.0-",
    "1.0.0+...",
    "1.0.0+123.",
    "1.0.0+",
    # not in the corpus, but easy to get wrong
    "",
    "v1.2.3",
    "V1.2.3",
    " 1.2.3",
    "1.2.3 ",
    "1.2.3\n",
    "1.2.3-rc.01",
    "1.2.3-rc.1_2",
    "1.2.3-ü",
    "\uff11.2.3",  # a full-width digit is a digit to str.isdigit(), not to SemVer
    "1.2.3-rc.\u0661",
    "1.2.3.4",
    "1.2.3-rc..1",
    "25.02.15",
]

# semver.org §11.4's example chain, then more cases of each rule, in strictly ascending order.
PRECEDENCE_CHAIN = [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
]
ORDERED = [
    "0.0.0-0",
    "0.0.0",
    "0.0.1",
    "0.1.0",
    "0.9.9",
    "0.10.0",
    "1.0.0-0",
    "1.0.0-0.0",
    "1.0.0-1",
    "1.0.0-2",
    "1.0.0-10",
    "1.0.0-00a",
    "1.0.0-0a",
    "1.0.0-A",
    "1.0.0-Z",
    "1.0.0-a",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.1.1",
    "1.0.0-alpha.2",
    "1.0.0-alpha.10",
    "1.0.0-alpha.a",
    "1.0.0-alpha.beta",
    "1.0.0-alpha0",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc",
    "1.0.0-rc.1",
    "1.0.0-rc.1.0",
    "1.0.0-rc.2",
    "1.0.0-rc.10",
    "1.0.0-rc1",
    "1.0.0",
    "1.0.1-rc.1",
    "1.0.1",
    "1.1.0",
    "1.10.0",
    "2.0.0",
    "10.0.0",
    "99999999999999999999999.0.0",
]


@pytest.mark.parametrize("text", VALID, ids=VALID)
def test_valid_strings_parse_and_round_trip(text: str) -> None:
    version = SemVer.parse(text)
    assert str(version) == text
    assert SemVer.is_valid(text)
    assert SemVer.parse(str(version)) == version


@pytest.mark.parametrize("text", INVALID, ids=[repr(t) for t in INVALID])
def test_invalid_strings_are_refused_naming_the_text(text: str) -> None:
    with pytest.raises(InvalidVersion) as info:
        SemVer.parse(text)
    assert repr(text) in str(info.value)
    assert "expected SemVer 2.0.0" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert not SemVer.is_valid(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("v1.2.3", "drop the leading 'v'"),
        ("01.2.3", "leading zeros"),
        ("1.2", "three numbers"),
        ("1.0.0-alpha..1", "must not be empty"),
        ("9.8.7+meta+meta", "only one '+'"),
        (" 1.2.3", "whitespace"),
        ("1.2.3-rc.01", "numeric pre-release identifiers must not have leading zeros"),
        ("1.2.3-0123.0123", "numeric pre-release identifiers must not have leading zeros"),
        ("1.1.2+.123", "identifiers must not be empty"),
        ("1.0.0-", "identifiers must not be empty"),
        ("1.0.0-alpha_beta", "use only [0-9A-Za-z-]"),
        ("1.0.0+bü", "use only [0-9A-Za-z-]"),
        ("1.2.3.DEV", "three numbers"),
    ],
    ids=[
        "v-prefix",
        "leading-zero",
        "two-numbers",
        "empty-identifier",
        "two-plus",
        "space",
        "zero-padded-pre",
        "zero-padded-pre-first",
        "empty-build",
        "empty-pre",
        "underscore",
        "non-ascii-build",
        "four-numbers",
    ],
)
def test_error_message_says_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(InvalidVersion, match=re.escape(reason)):
        SemVer.parse(text)


def test_fields_of_a_full_version() -> None:
    version = SemVer.parse("1.0.0-alpha.1.0A+build.007")
    assert (version.major, version.minor, version.patch) == (1, 0, 0)
    assert version.prerelease == ("alpha", 1, "0A")
    assert version.build == ("build", "007")
    assert version.is_prerelease
    assert not SemVer.parse("1.0.0+build").is_prerelease
    assert str(version.release) == "1.0.0"


def test_huge_numbers_are_exact() -> None:
    text = "99999999999999999999999.999999999999999999.99999999999999999"
    version = SemVer.parse(text)
    assert version.major == 99999999999999999999999
    assert (
        str(version.bump("patch"))
        == "99999999999999999999999.999999999999999999.100000000000000000"
    )


def test_a_number_too_long_for_int_is_invalid_version() -> None:
    text = "1" * 5000 + ".0.0"
    try:
        version = SemVer.parse(text)
    except InvalidVersion as exc:
        error = exc
    else:  # an interpreter without the int() digit limit (before 3.11)
        assert str(version) == text
        return
    assert "too long" in str(error)


def test_pickle_copy_and_replace_keep_the_value() -> None:
    version = SemVer.parse("1.2.3-rc.1+b7")
    again = pickle.loads(pickle.dumps(version))  # noqa: S301 - our own bytes
    assert again == version
    assert str(again) == "1.2.3-rc.1+b7"
    assert hash(again) == hash(version)
    assert copy.deepcopy(version) == version
    changed = dataclasses.replace(version, major=2)
    assert str(changed) == "2.2.3-rc.1+b7"
    assert changed > version  # the key is recomputed, not copied


def test_precedence_chain_of_the_specification() -> None:
    versions = [SemVer.parse(text) for text in PRECEDENCE_CHAIN]
    assert versions == sorted(versions)
    assert all(a < b for a, b in itertools.pairwise(versions))


PAIRS = list(itertools.pairwise(ORDERED))


@pytest.mark.parametrize(("lower", "higher"), PAIRS, ids=[f"{a}<{b}" for a, b in PAIRS])
def test_ordered_pairs(lower: str, higher: str) -> None:
    a, b = SemVer.parse(lower), SemVer.parse(higher)
    assert a < b
    assert a <= b
    assert b > a
    assert b >= a
    assert a != b
    assert not a > b


def test_sorting_a_shuffled_table_restores_it() -> None:
    shuffled = sorted(ORDERED, key=lambda text: hash(text) % 1000)
    assert [str(v) for v in sorted(SemVer.parse(t) for t in shuffled)] == ORDERED


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1.0.0+a", "1.0.0+b"),
        ("1.0.0", "1.0.0+build.5"),
        ("1.0.0-rc.1+x", "1.0.0-rc.1+y.z"),
    ],
    ids=["two-builds", "build-vs-none", "pre-with-builds"],
)
def test_build_metadata_is_ignored_by_eq_order_and_hash(a: str, b: str) -> None:
    va, vb = SemVer.parse(a), SemVer.parse(b)
    assert va == vb
    assert hash(va) == hash(vb)
    assert not va < vb
    assert not vb < va
    assert va <= vb
    assert len({va, vb}) == 1
    assert str(va) != str(vb)  # the text still tells them apart


def test_comparing_with_other_types() -> None:
    version = SemVer.parse("1.2.3")
    assert version != "1.2.3"
    assert version != (1, 2, 3)
    with pytest.raises(TypeError):
        _ = version < "1.2.4"  # type: ignore[operator]


def test_is_frozen() -> None:
    version = SemVer.parse("1.2.3")
    with pytest.raises(AttributeError):
        version.major = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 0, 0), "major"),
        ((1, True, 0), "minor"),
        ((1, 0, "3"), "patch"),
        ((1, 0, 0, ("rc", -1)), "pre-release"),
        ((1, 0, 0, ("rc", "01")), "pre-release"),
        ((1, 0, 0, ("r c",)), "pre-release"),
        ((1, 0, 0, ("",)), "pre-release"),
        ((1, 0, 0, (), ("a.b",)), "build"),
        ((1, 0, 0, (), ("",)), "build"),
    ],
    ids=["negative", "bool", "str-number", "negative-pre", "zero-pad-pre", "space", "empty-pre",
         "dot-build", "empty-build"],
)  # fmt: skip
def test_constructor_validates(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(InvalidVersion, match=message):
        SemVer(*args)  # type: ignore[arg-type]


def test_constructor_normalizes_numeric_strings() -> None:
    assert SemVer(1, 0, 0, ("rc", "2")) == SemVer.parse("1.0.0-rc.2")
    assert SemVer(1, 0, 0, ("rc", "2")).prerelease == ("rc", 2)


BUMPS = [
    ("1.2.3", "major", "2.0.0"),
    ("1.2.3", "minor", "1.3.0"),
    ("1.2.3", "patch", "1.2.4"),
    ("1.2.3", "pre", "1.2.4-rc.1"),
    ("0.0.0", "patch", "0.0.1"),
    ("0.9.9", "minor", "0.10.0"),
    ("1.2.3-rc.1", "patch", "1.2.3"),
    ("1.2.3-rc.1", "minor", "1.3.0"),
    ("1.2.3-rc.1", "major", "2.0.0"),
    ("1.3.0-rc.1", "patch", "1.3.0"),
    ("1.3.0-rc.1", "minor", "1.3.0"),
    ("1.3.0-rc.1", "major", "2.0.0"),
    ("2.0.0-rc.1", "major", "2.0.0"),
    ("2.0.0-rc.1", "minor", "2.0.0"),
    ("2.0.0-rc.1", "patch", "2.0.0"),
    ("1.2.4-rc.1", "pre", "1.2.4-rc.2"),
    ("1.2.4-rc.9", "pre", "1.2.4-rc.10"),
    ("1.2.4-rc", "pre", "1.2.4-rc.1"),
    ("1.2.4-rc.1.x", "pre", "1.2.4-rc.1.x.1"),
    ("1.2.4-rc.1.2", "pre", "1.2.4-rc.1.3"),
    ("1.2.4-alpha.3", "pre", "1.2.4-alpha.4"),  # a pre-release keeps its label
    ("1.2.4-beta", "pre", "1.2.4-beta.1"),
    ("1.2.4-beta.2", "final", "1.2.4"),
    ("2.0.0-rc.1+b.1", "final", "2.0.0"),
    ("1.0.0-0.3.7", "pre", "1.0.0-rc.1"),
    ("1.2.3+build.9", "patch", "1.2.4"),
    ("1.2.3-rc.1+build.9", "pre", "1.2.3-rc.2"),
    ("1.2.3+build.9", "pre", "1.2.4-rc.1"),
]


@pytest.mark.parametrize(
    ("current", "part", "expected"), BUMPS, ids=[f"{c}-{p}" for c, p, _ in BUMPS]
)
def test_bump(current: str, part: str, expected: str) -> None:
    old = SemVer.parse(current)
    new = old.bump(part)
    assert str(new) == expected
    assert new > old
    assert new.build == ()


@pytest.mark.parametrize(
    ("current", "label", "expected"),
    [
        ("1.2.3", "alpha", "1.2.4-alpha.1"),
        ("1.2.4-alpha.1", "alpha", "1.2.4-alpha.2"),
        ("1.2.4-alpha.2", "beta", "1.2.4-beta.1"),
        ("1.2.4-beta.2", "rc", "1.2.4-rc.1"),
        ("1.2.4-rc.1", "rc-2", "1.2.4-rc-2.1"),
    ],
    ids=["start-alpha", "alpha-again", "alpha-to-beta", "beta-to-rc", "hyphen-label"],
)
def test_pre_label(current: str, label: str, expected: str) -> None:
    assert str(SemVer.parse(current).bump("pre", label=label)) == expected


@pytest.mark.parametrize(
    ("current", "label"),
    [("1.2.4-rc.2", "alpha"), ("1.2.4-rc.1", "beta"), ("1.2.4-beta.1", "alpha")],
    ids=["rc-to-alpha", "rc-to-beta", "beta-to-alpha"],
)
def test_pre_label_that_would_go_lower_is_refused(current: str, label: str) -> None:
    with pytest.raises(VersionNotIncreasing) as info:
        SemVer.parse(current).bump("pre", label=label)
    message = str(info.value)
    assert current in message
    assert repr(label) in message
    assert "lower" in message
    assert info.value.exit_code == 1


@pytest.mark.parametrize("label", ["", "1", "r.c", "r c", "rç"], ids=repr)
def test_bad_pre_label_is_a_usage_error(label: str) -> None:
    with pytest.raises(UsageError, match="pre-release label"):
        SemVer.parse("1.2.3").bump("pre", label=label)


def test_unknown_bump_part() -> None:
    with pytest.raises(UsageError, match=r"'nano'.*'major', 'minor', 'patch', 'pre', 'final'"):
        SemVer.parse("1.2.3").bump("nano")
    assert SemVer.parse("1.2.3").bump("micro") == SemVer(1, 2, 4)


PRE_OF = [
    ("1.2.3", "major", "2.0.0-rc.1"),
    ("1.2.3", "minor", "1.3.0-rc.1"),
    ("1.2.3", "patch", "1.2.4-rc.1"),
    ("1.3.0-rc.1", "minor", "1.3.0-rc.2"),
    ("1.3.0-rc.1", "patch", "1.3.0-rc.2"),
    ("1.3.0-beta.2", "major", "2.0.0-beta.1"),
    ("1.3.1-rc.1", "minor", "1.4.0-rc.1"),
]


@pytest.mark.parametrize(
    ("current", "of", "expected"), PRE_OF, ids=[f"{c}-pre-of-{o}" for c, o, _ in PRE_OF]
)
def test_pre_of_a_bump(current: str, of: str, expected: str) -> None:
    assert str(SemVer.parse(current).bump("pre", of=of)) == expected


REFUSED = [
    ("1.2.3", "final", {}, "already a release"),
    ("1.2.3", "post", {}, "no post-releases"),
    ("1.2.3-rc.1", "dev", {}, "no development releases"),
    ("1.2.3", "minor", {"label": "rc"}, "drop label='rc'"),
    ("1.2.3", "pre", {"of": "pre"}, "of='pre'"),
    ("1.2.3", "calver", {}, "a date"),
    ("1.2.3", "auto", {}, "the commits"),
]


@pytest.mark.parametrize(
    ("current", "part", "options", "why"),
    REFUSED,
    ids=[f"{c}-{p}-{sorted(o)}" for c, p, o, _ in REFUSED],
)
def test_refused_bumps_say_why(current: str, part: str, options: dict[str, str], why: str) -> None:
    with pytest.raises(UsageError) as info:
        SemVer.parse(current).bump(part, **options)
    assert why in str(info.value)
    assert info.value.exit_code == 2


PEP440 = [
    ("1.2.3", "1.2.3"),
    ("1.2.4-rc.1", "1.2.4rc1"),
    ("1.0.0-alpha.2", "1.0.0a2"),
    ("1.0.0-beta.11", "1.0.0b11"),
    ("1.0.0-a.1", "1.0.0a1"),
    ("1.0.0-b.1", "1.0.0b1"),
    ("1.0.0-c.1", "1.0.0rc1"),
    ("1.0.0-rc", "1.0.0rc0"),
    ("1.0.0-rc1", "1.0.0rc1"),
    ("1.0.0-alpha3", "1.0.0a3"),
    ("1.0.0+build.5", "1.0.0+build.5"),
    ("1.0.0+Meta-Valid", "1.0.0+meta.valid"),
    ("1.0.0-rc.1+exp.sha.5114f85", "1.0.0rc1+exp.sha.5114f85"),
]


@pytest.mark.parametrize(("semver", "pep440"), PEP440, ids=[s for s, _ in PEP440])
def test_to_pep440(semver: str, pep440: str) -> None:
    assert SemVer.parse(semver).to_pep440() == pep440
    assert str(Version(pep440)) == pep440  # already normalized


@pytest.mark.parametrize(
    "semver",
    ["1.0.0-x.7.z.92", "1.0.0-1", "1.0.0-dev.1", "1.0.0-RC.1", "1.0.0-rc.1.2", "1.0.0-rc.x"],
    ids=["spec-example", "numeric", "dev", "upper-case", "three-ids", "rc-text"],
)
def test_pre_releases_without_a_pep440_form(semver: str) -> None:
    with pytest.raises(InvalidVersion, match="has no PEP 440 form") as info:
        SemVer.parse(semver).to_pep440()
    assert repr(semver) in str(info.value)


FROM_PEP440 = [
    ("1.2.4rc1", "1.2.4-rc.1"),
    ("1.2.4a1", "1.2.4-alpha.1"),
    ("1.2.4b2", "1.2.4-beta.2"),
    ("1.2.4c3", "1.2.4-rc.3"),
    ("1.2.4-RC1", "1.2.4-rc.1"),
    ("1.2", "1.2.0"),
    ("2", "2.0.0"),
    ("1.2.3+local.7", "1.2.3+local.7"),
    ("1.0.0-rc.1", "1.0.0-rc.1"),
]


@pytest.mark.parametrize(("pep440", "semver"), FROM_PEP440, ids=[p for p, _ in FROM_PEP440])
def test_from_pep440(pep440: str, semver: str) -> None:
    assert str(SemVer.from_pep440(pep440)) == semver


@pytest.mark.parametrize(
    ("pep440", "problem"),
    [
        ("1!1.0.0", "an epoch"),
        ("1.0.0.post1", "a post-release"),
        ("1.0.0.dev3", "a dev-release"),
        ("1.2.3.4", "more than three"),
        ("v1.2.3", "leading 'v'"),
        ("1.x", "expected a PEP 440"),
    ],
    ids=["epoch", "post", "dev", "four-numbers", "v-prefix", "garbage"],
)
def test_from_pep440_refuses(pep440: str, problem: str) -> None:
    with pytest.raises(InvalidVersion, match=problem) as info:
        SemVer.from_pep440(pep440)
    assert repr(pep440) in str(info.value)


# --- properties -------------------------------------------------------------------------------

numbers = st.integers(min_value=0, max_value=10**20)
alnum_ids = st.from_regex(r"[0-9]*[a-zA-Z-][0-9a-zA-Z-]*", fullmatch=True)
pre_ids = st.one_of(st.integers(min_value=0, max_value=10**6), alnum_ids)
build_ids = st.from_regex(r"[0-9a-zA-Z-]+", fullmatch=True)
semvers = st.builds(
    SemVer,
    numbers,
    numbers,
    numbers,
    st.lists(pre_ids, max_size=4).map(tuple),
    st.lists(build_ids, max_size=3).map(tuple),
)
# Small components make equal and neighbouring versions likely.
close_semvers = st.builds(
    SemVer,
    st.integers(0, 2),
    st.integers(0, 2),
    st.integers(0, 2),
    st.lists(
        st.one_of(st.integers(0, 2), st.sampled_from(["a", "b", "rc", "A", "-"])), max_size=3
    ).map(tuple),
    st.lists(st.sampled_from(["x", "y"]), max_size=1).map(tuple),
)
pep440_semvers = st.builds(
    SemVer,
    st.integers(0, 3),
    st.integers(0, 3),
    st.integers(0, 3),
    st.one_of(st.just(()), st.tuples(st.sampled_from(["alpha", "beta", "rc"]), st.integers(0, 12))),
)


def reference_compare(a: SemVer, b: SemVer) -> int:
    """§11 spelled out rule by rule, independently of SemVer's key."""
    for x, y in ((a.major, b.major), (a.minor, b.minor), (a.patch, b.patch)):
        if x != y:
            return -1 if x < y else 1
    if not a.prerelease or not b.prerelease:
        return (not a.prerelease) - (not b.prerelease)
    for x_id, y_id in zip(a.prerelease, b.prerelease, strict=False):
        if x_id == y_id:
            continue
        if isinstance(x_id, int) and isinstance(y_id, int):
            return -1 if x_id < y_id else 1
        if isinstance(x_id, int):
            return -1
        if isinstance(y_id, int):
            return 1
        return -1 if x_id < y_id else 1  # str comparison is code-point, i.e. ASCII, order
    return (len(a.prerelease) > len(b.prerelease)) - (len(a.prerelease) < len(b.prerelease))


@given(semvers)
def test_str_round_trip(version: SemVer) -> None:
    text = str(version)
    again = SemVer.parse(text)
    assert again == version
    assert str(again) == text
    assert again.build == version.build
    assert again.prerelease == version.prerelease


@given(st.one_of(semvers, close_semvers), st.one_of(semvers, close_semvers))
def test_order_is_total_and_agrees_with_eq_hash_and_the_spec(a: SemVer, b: SemVer) -> None:
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (a > b or a == b)
    assert (a != b) is not (a == b)
    if a == b:
        assert hash(a) == hash(b)
    expected = reference_compare(a, b)
    assert (a < b) == (expected < 0)
    assert (a == b) == (expected == 0)


@given(st.lists(close_semvers, min_size=1, max_size=8))
def test_sorting_agrees_with_the_reference(versions: list[SemVer]) -> None:
    by_key = sorted(versions)
    by_reference = sorted(versions, key=functools.cmp_to_key(reference_compare))
    assert [reference_compare(x, y) for x, y in zip(by_key, by_reference, strict=True)] == [
        0
    ] * len(versions)


@given(st.one_of(semvers, close_semvers),
       st.sampled_from(["major", "minor", "patch", "pre", "final", "post", "dev"]),
       st.sampled_from([None, "rc", "alpha", "beta", "dev", "a"]),
       st.sampled_from(["major", "minor", "patch"]))  # fmt: skip
def test_bump_is_strictly_monotonic(version: SemVer, part: str, label: str | None, of: str) -> None:
    try:
        new = version.bump(part, label=label, of=of) if part == "pre" else version.bump(part)
    except VersionNotIncreasing:
        assert part == "pre"
        assert version.is_prerelease
        return
    except UsageError:
        assert part in ("post", "dev") or (part == "final" and not version.is_prerelease)
        return
    assert new > version
    assert new.build == ()
    assert SemVer.parse(str(new)) == new


@given(pep440_semvers, pep440_semvers)
def test_pep440_form_keeps_the_order(a: SemVer, b: SemVer) -> None:
    pa, pb = Version(a.to_pep440()), Version(b.to_pep440())
    assert (a < b) == (pa < pb)
    assert (a == b) == (pa == pb)
    assert SemVer.from_pep440(a.to_pep440()) == a


@given(st.text())
def test_parse_raises_only_invalid_version_on_any_text(text: str) -> None:
    if SemVer.is_valid(text):
        assert str(SemVer.parse(text)) == text
    else:
        with pytest.raises(InvalidVersion, match=re.escape(repr(text))):
            SemVer.parse(text)


@given(
    st.from_regex(
        r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(-[0-9a-z.\-]{0,8})?(\+[0-9a-z.\-]{0,6})?",
        fullmatch=True,
    )
)
def test_near_misses_parse_or_raise_invalid_version(text: str) -> None:
    if SemVer.is_valid(text):
        assert str(SemVer.parse(text)) == text
    else:
        with pytest.raises(InvalidVersion, match=r"expected SemVer 2\.0\.0"):
            SemVer.parse(text)
