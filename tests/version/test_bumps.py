"""Every part from every kind of PEP 440 version, the refusals, and the properties."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.errors import InvalidVersion, ReleasekitError, UsageError, VersionNotIncreasing
from releasekit.version.pep440 import Pep440

PARTS = ("major", "minor", "patch", "pre", "final", "post", "dev")
NO = None  # refused

# current -> the result of each part, in the order of PARTS
EVERY_PART: dict[str, tuple[str | None, ...]] = {
    "1.2.3": ("2.0.0", "1.3.0", "1.2.4", "1.2.4rc1", NO, "1.2.3.post1", "1.2.4.dev0"),
    "1.3.0a1": ("2.0.0", "1.3.0", "1.3.0", "1.3.0a2", "1.3.0", NO, "1.3.0a2.dev0"),
    "1.3.0b2": ("2.0.0", "1.3.0", "1.3.0", "1.3.0b3", "1.3.0", NO, "1.3.0b3.dev0"),
    "1.3.0rc1": ("2.0.0", "1.3.0", "1.3.0", "1.3.0rc2", "1.3.0", NO, "1.3.0rc2.dev0"),
    "1.3.0.post1": ("2.0.0", "1.4.0", "1.3.1", "1.3.1rc1", NO, "1.3.0.post2", "1.3.1.dev0"),
    "1.3.0.dev2": ("2.0.0", "1.3.0", "1.3.0", "1.3.0rc1", "1.3.0", NO, "1.3.0.dev3"),
    "1!1.3.0": ("1!2.0.0", "1!1.4.0", "1!1.3.1", "1!1.3.1rc1", NO, "1!1.3.0.post1", "1!1.3.1.dev0"),
    "1!2.0rc1": ("1!2.0", "1!2.0", "1!2.0", "1!2.0rc2", "1!2.0", NO, "1!2.0rc2.dev0"),
    "1.3.0rc1.dev1": ("2.0.0", "1.3.0", "1.3.0", "1.3.0rc1", "1.3.0", NO, "1.3.0rc1.dev2"),
    "1.3.0.post1.dev0": (
        "2.0.0",
        "1.4.0",
        "1.3.1",
        "1.3.1rc1",
        "1.3.0.post1",
        "1.3.0.post1",
        "1.3.0.post1.dev1",
    ),
    "1.2.1rc1": ("2.0.0", "1.3.0", "1.2.1", "1.2.1rc2", "1.2.1", NO, "1.2.1rc2.dev0"),
    "2.0": ("3.0", "2.1", "2.0.1", "2.0.1rc1", NO, "2.0.post1", "2.0.1.dev0"),
    "2.0b1": ("2.0", "2.0", "2.0", "2.0b2", "2.0", NO, "2.0b2.dev0"),
    "1.4": ("2.0", "1.5", "1.4.1", "1.4.1rc1", NO, "1.4.post1", "1.4.1.dev0"),
    "7": ("8", "7.1", "7.0.1", "7.0.1rc1", NO, "7.post1", "7.0.1.dev0"),
    "1.2.3.4": ("2.0.0.0", "1.3.0.0", "1.2.4.0", "1.2.4.0rc1", NO, "1.2.3.4.post1", "1.2.4.0.dev0"),
    "1.2.3+local.7": ("2.0.0", "1.3.0", "1.2.4", "1.2.4rc1", NO, "1.2.3.post1", "1.2.4.dev0"),
    "1.3.0-rc.1": ("2.0.0", "1.3.0", "1.3.0", "1.3.0-rc.2", "1.3.0", NO, "1.3.0rc2.dev0"),
    "25.02.15rc1": (
        "26.0.0",
        "25.3.0",
        "25.02.15",
        "25.02.15rc2",
        "25.02.15",
        NO,
        "25.02.15rc2.dev0",
    ),
}
CASES = [
    (current, part, expected)
    for current, results in EVERY_PART.items()
    for part, expected in zip(PARTS, results, strict=True)
]


@pytest.mark.parametrize(
    ("current", "part", "expected"), CASES, ids=[f"{c}-{p}" for c, p, _ in CASES]
)
def test_every_part_from_every_kind_of_version(
    current: str, part: str, expected: str | None
) -> None:
    version = Pep440.parse(current)
    if expected is None:
        with pytest.raises(UsageError) as info:
            version.bump(part)
        assert repr(current) in str(info.value)
        assert info.value.exit_code == 2
        return
    new = version.bump(part)
    assert str(new) == expected
    assert new > version
    assert new.local is None


LABELS = [
    ("1.2.3", "a", "1.2.4a1"),
    ("1.2.3", "alpha", "1.2.4a1"),
    ("1.2.3", "b", "1.2.4b1"),
    ("1.2.3", "c", "1.2.4rc1"),
    ("1.3.0a2", "a", "1.3.0a3"),
    ("1.3.0a2", "b", "1.3.0b1"),
    ("1.3.0b2", "rc", "1.3.0rc1"),
    ("1.3.0b2", "beta", "1.3.0b3"),
    ("1.3.0.dev2", "a", "1.3.0a1"),
    ("1.3.0rc1.dev1", "rc", "1.3.0rc1"),
    ("1.3.0b1.dev1", "rc", "1.3.0rc1"),
    ("1.3.0.post1", "b", "1.3.1b1"),
    ("1.3.0.beta2", "rc", "1.3.0.rc1"),
]


@pytest.mark.parametrize(
    ("current", "label", "expected"), LABELS, ids=[f"{c}-{lb}" for c, lb, _ in LABELS]
)
def test_pre_with_a_label(current: str, label: str, expected: str) -> None:
    new = Pep440.parse(current).bump("pre", label=label)
    assert str(new) == expected
    assert new > Pep440.parse(current)


OF = [
    ("1.2.3", "pre", "minor", "1.3.0rc1"),
    ("1.2.3", "pre", "major", "2.0.0rc1"),
    ("0.4.1", "pre", "minor", "0.5.0rc1"),
    ("1.3.0rc1", "pre", "patch", "1.3.0rc2"),
    ("1.3.0rc1", "pre", "minor", "1.3.0rc2"),
    ("1.3.0rc1", "pre", "major", "2.0.0rc1"),
    ("1.3.0b2", "pre", "major", "2.0.0b1"),
    ("1.3.1.dev0", "pre", "minor", "1.4.0rc1"),
    ("1.3.1.dev0", "pre", "patch", "1.3.1rc1"),
    ("1.3.0", "dev", "minor", "1.4.0.dev0"),
    ("1.3.1.dev0", "dev", "minor", "1.4.0.dev0"),
    ("1.3.1.dev0", "dev", "micro", "1.3.1.dev1"),
    ("2.0", "pre", "minor", "2.1rc1"),
]


@pytest.mark.parametrize(
    ("current", "part", "of", "expected"), OF, ids=[f"{c}-{p}-of-{o}" for c, p, o, _ in OF]
)
def test_a_candidate_of_a_bump(current: str, part: str, of: str, expected: str) -> None:
    assert str(Pep440.parse(current).bump(part, of=of)) == expected


SPELLINGS = [
    ("1.3.0-rc.1", "pre", {}, "1.3.0-rc.2"),
    ("1.3.0-rc.1", "pre", {"pre_style": "pep440"}, "1.3.0-rc.2"),  # the file's form wins
    ("1.3.0-beta.2", "pre", {"label": "rc"}, "1.3.0-rc.1"),
    ("1.3.0-alpha", "pre", {}, "1.3.0-alpha.1"),
    ("1.3.0-rc1", "pre", {}, "1.3.0-rc2"),
    ("1.3.0.RC1", "pre", {}, "1.3.0.RC2"),
    ("1.0.0.beta0", "pre", {}, "1.0.0.beta1"),
    ("1.3.0c1", "pre", {}, "1.3.0c2"),
    ("1.3.0_preview_1", "pre", {}, "1.3.0_preview_2"),
    ("1.0-1", "post", {}, "1.0-2"),
    ("1.0.r1", "post", {}, "1.0.r2"),
    ("1.0-post-1", "post", {}, "1.0-post-2"),
    ("1.0-dev3", "dev", {}, "1.0-dev4"),
    ("1.0.dev", "dev", {}, "1.0.dev1"),
    ("25.02.15.dev1", "final", {}, "25.02.15"),
    ("2025.01.07rc1", "pre", {}, "2025.01.07rc2"),
    ("1.2.3", "pre", {"pre_style": "semver"}, "1.2.4-rc.1"),
    ("1.2.3", "pre", {"pre_style": "semver", "label": "a"}, "1.2.4-alpha.1"),
    ("1.2.3", "pre", {"pre_style": "semver", "label": "b", "of": "minor"}, "1.3.0-beta.1"),
    ("1.2.3", "dev", {"pre_style": "semver"}, "1.2.4.dev0"),  # no SemVer form: PEP 440's
    ("1.3.0-rc.1", "dev", {}, "1.3.0rc2.dev0"),  # 1.3.0-rc.2.dev0 would read as SemVer
]


@pytest.mark.parametrize(
    ("current", "part", "options", "expected"),
    SPELLINGS,
    ids=[f"{c}-{p}-{sorted(o.items())}" for c, p, o, _ in SPELLINGS],
)
def test_a_version_keeps_its_spelling(
    current: str, part: str, options: dict[str, str], expected: str
) -> None:
    new = Pep440.parse(current).bump(part, **options)  # type: ignore[arg-type]
    assert str(new) == expected
    assert Pep440.parse(expected) == new


REFUSED = [
    ("1.2.3", "final", {}, UsageError, "already a final release"),
    ("1.2.3.post2", "final", {}, UsageError, "already a final release"),
    ("1.3.0rc1", "post", {}, UsageError, "it is a candidate"),
    ("1.3.0.dev1", "post", {}, UsageError, "development release"),
    ("1.3.0rc2", "pre", {"label": "b"}, VersionNotIncreasing, "1.3.0b1 would be lower"),
    ("1.3.0b2", "pre", {"label": "a"}, VersionNotIncreasing, "use the label 'b'"),
    ("1.3.0rc1.dev0", "pre", {"label": "b"}, VersionNotIncreasing, "would be lower"),
    ("1.2.3", "pre", {"label": "dev"}, UsageError, "a (alpha), b (beta) or rc"),
    ("1.2.3", "pre", {"label": "snapshot"}, UsageError, "'snapshot'"),
    ("1.2.3", "minor", {"label": "b"}, UsageError, "drop label='b'"),
    ("1.2.3", "pre", {"of": "pre"}, UsageError, "of='pre'"),
    ("1.2.3", "nano", {}, UsageError, "'major', 'minor', 'patch', 'pre', 'final'"),
    ("1.2.3", "calver", {}, UsageError, "a date"),
    ("1.2.3", "auto", {}, UsageError, "the commits"),
]


@pytest.mark.parametrize(
    ("current", "part", "options", "error", "why"),
    REFUSED,
    ids=[f"{c}-{p}-{sorted(o.items())}" for c, p, o, _, _ in REFUSED],
)
def test_refusals_say_why(
    current: str, part: str, options: dict[str, str], error: type[Exception], why: str
) -> None:
    with pytest.raises(error) as info:
        Pep440.parse(current).bump(part, **options)  # type: ignore[arg-type]
    assert why in str(info.value)


def test_a_number_past_the_digit_limit_is_an_invalid_version() -> None:
    with pytest.raises(InvalidVersion, match="too long"):
        Pep440.parse("9" * 4300).bump("major")


# -- properties ----------------------------------------------------------------------------

numbers = st.integers(min_value=0, max_value=12)
pep440_values = st.builds(
    Pep440,
    st.lists(numbers, min_size=1, max_size=4).map(tuple),
    st.one_of(st.none(), st.tuples(st.sampled_from(["a", "b", "rc"]), numbers)),
    st.one_of(st.none(), numbers),
    st.one_of(st.none(), numbers),
    st.sampled_from([0, 0, 0, 1]),
    st.one_of(st.none(), st.sampled_from(["local", "ubuntu.1", "7"])),
)
parts = st.sampled_from(["major", "minor", "patch", "micro", "pre", "final", "post", "dev"])
labels = st.sampled_from([None, "a", "b", "rc", "alpha", "beta", "c"])
levels = st.sampled_from(["major", "minor", "patch"])
styles = st.sampled_from([None, "pep440", "semver"])


@given(pep440_values, parts, labels, levels, styles)
def test_every_bump_is_higher_or_refused_with_a_reason(
    version: Pep440, part: str, label: str | None, of: str, style: str | None
) -> None:
    try:
        new = version.bump(
            part,
            label=label if part == "pre" else None,
            of=of,
            pre_style=style,  # type: ignore[arg-type]
        )
    except VersionNotIncreasing:
        assert part == "pre"
        assert version.pre is not None
        return
    except UsageError:
        assert part in ("final", "post")
        return
    assert new > version
    assert new.epoch == version.epoch
    assert new.local is None
    assert Pep440.parse(str(new)) == new


@given(pep440_values.filter(lambda v: v.is_prerelease))
def test_final_of_a_candidate_is_higher_and_final(version: Pep440) -> None:
    final = version.bump("final")
    assert final > version
    assert final.pre is None
    assert final.dev is None
    assert final.release == version.release


@given(st.text(max_size=20), parts, labels)
def test_any_text_bumps_or_raises_a_releasekit_error(
    text: str, part: str, label: str | None
) -> None:
    with contextlib.suppress(ReleasekitError):
        Pep440.parse(text).bump(part, label=label if part == "pre" else None)


def test_a_post_release_of_a_candidate_goes_on_to_the_next_candidate() -> None:
    version = Pep440.parse("1.0a0.post0.dev0")
    assert str(version.bump("pre")) == "1.0a1"
    assert version.bump("pre") > version
