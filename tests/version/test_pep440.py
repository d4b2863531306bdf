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
from releasekit.version.pep440 import parse_pep440, same_release, to_pep440, version_key

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
