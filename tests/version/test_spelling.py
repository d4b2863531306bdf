"""Reading versions with their spelling: the grammars, the spelling kept, the refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.errors import InvalidVersion
from releasekit.version.spelling import PEP440, SEMVER, Spelling, read, semver_pre_to_pep440

READS = [
    # text, (epoch, release, pre, post, dev, local)
    ("1.2.3", (0, (1, 2, 3), None, None, None, None)),
    ("1.3.0-rc.1", (0, (1, 3, 0), ("rc", 1), None, None, None)),
    ("1.3.0-alpha", (0, (1, 3, 0), ("a", 0), None, None, None)),
    ("1.3.0-b.2+Build-7", (0, (1, 3, 0), ("b", 2), None, None, "build.7")),
    ("1.3.0.RC1", (0, (1, 3, 0), ("rc", 1), None, None, None)),
    ("1.3_preview-2", (0, (1, 3), ("rc", 2), None, None, None)),
    ("1.0-1", (0, (1, 0), None, 1, None, None)),
    ("1.0.rev", (0, (1, 0), None, 0, None, None)),
    ("1.0.post2.dev3", (0, (1, 0), None, 2, 3, None)),
    ("1.0rc1.dev0", (0, (1, 0), ("rc", 1), None, 0, None)),
    ("2!1.0+ubuntu-1_007", (2, (1, 0), None, None, None, "ubuntu.1.7")),
    ("25.02.15", (0, (25, 2, 15), None, None, None, None)),
]


@pytest.mark.parametrize(("text", "parts"), READS, ids=[t for t, _ in READS])
def test_read(text: str, parts: tuple[object, ...]) -> None:
    epoch, release, _, pre, post, dev, _, local = read(text)
    assert (epoch, release, pre, post, dev, local) == parts


def test_the_release_is_kept_as_written() -> None:
    assert read("25.02.15")[2] == ("25", "02", "15")


SPELLINGS = [
    ("1.3.0-rc.1", Spelling(pre_sep="-", pre_mid=".", pre_words=("a", "b", "rc"))),
    ("1.3.0-alpha.1", Spelling(pre_sep="-", pre_mid=".", pre_words=("alpha", "beta", "rc"))),
    ("1.3.0-beta", Spelling(pre_sep="-", pre_mid=".", pre_words=("alpha", "beta", "rc"))),
    ("1.3.0-rc1", Spelling(pre_sep="-", pre_mid="", pre_words=("a", "b", "rc"))),
    ("1.3.0.BETA2", Spelling(pre_sep=".", pre_mid="", pre_words=("ALPHA", "BETA", "RC"))),
    ("1.3.0c1", Spelling(pre_sep="", pre_mid="", pre_words=("a", "b", "c"))),
    ("1.0-1", Spelling(post_sep="-", post_word="", post_mid="")),
    ("1.0_r.1", Spelling(post_sep="_", post_word="r", post_mid=".")),
    ("1.0-DEV_1", Spelling(dev_sep="-", dev_word="DEV", dev_mid="_")),
    ("1.2.3", Spelling()),
]


@pytest.mark.parametrize(("text", "spelling"), SPELLINGS, ids=[t for t, _ in SPELLINGS])
def test_the_spelling_is_read(text: str, spelling: Spelling) -> None:
    assert read(text)[6] == spelling


def test_an_unsaid_spelling_comes_from_the_default() -> None:
    assert Spelling().over(PEP440) == PEP440
    assert Spelling().over(SEMVER) == SEMVER
    assert Spelling(pre_sep=".").over(SEMVER).pre("b", 2) == ".beta.2"
    assert PEP440.pre("a", 1) + PEP440.post(2) + PEP440.dev(3) == "a1.post2.dev3"
    assert SEMVER.pre("rc", 4) == "-rc.4"


REFUSED = [
    ("", "empty"),
    (" 1.0", "whitespace"),
    ("v1.0", "leading 'v'"),
    ("1.0.0-1", "no PEP 440 form"),
    ("1.0.0-x.7", "no PEP 440 form"),
    ("1.0.0-dev.1", "no PEP 440 form"),
    ("1.0.0-RC.1", "no PEP 440 form"),
    ("1.0a1b2", "expected a PEP 440 version"),
    ("1.0+", "expected a PEP 440 version"),
    ("1.٣", "only ASCII"),
]


@pytest.mark.parametrize(("text", "why"), REFUSED, ids=[repr(t) for t, _ in REFUSED])
def test_refused_with_the_reason(text: str, why: str) -> None:
    with pytest.raises(InvalidVersion) as info:
        read(text)
    assert repr(text) in str(info.value)
    assert why in str(info.value)


def test_pep440_only_reads_what_semver_reads_differently() -> None:
    assert read("1.0.0-1", semver_first=False)[4] == 1


@pytest.mark.parametrize(
    ("identifiers", "pre"),
    [("rc.1", ("rc", 1)), ("rc1", ("rc", 1)), ("alpha", ("a", 0)), ("c.2", ("rc", 2))],
)
def test_semver_pre_releases_with_a_pep440_form(identifiers: str, pre: tuple[str, int]) -> None:
    assert semver_pre_to_pep440(identifiers) == pre


@pytest.mark.parametrize("identifiers", ["x.7", "rc.1.2", "RC.1", "rc.01", "dev.1", "1"])
def test_semver_pre_releases_without_one(identifiers: str) -> None:
    assert semver_pre_to_pep440(identifiers) is None


@given(st.text(max_size=24))
def test_any_text_is_read_or_refused_with_invalid_version(text: str) -> None:
    try:
        read(text)
    except InvalidVersion as exc:
        error: InvalidVersion | None = exc
    else:
        error = None
    assert error is None or repr(text) in str(error)
