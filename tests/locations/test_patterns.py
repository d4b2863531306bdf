"""``files`` patterns: matches inside a line, word boundaries, linear time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.errors import VersionLocationError
from releasekit.locations.patterns import compile_pattern, find_pattern


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ('release = "{version}"', 'release = "1.2.3"\n', ["1.2.3"]),
        ('release = "{version}"', '    release = "1.2.3"  # doc\n', ["1.2.3"]),
        ('release = "{version}"', 'prerelease = "1.2.3"\n', []),
        ('release = "{version}"', 'release = "1.2.3" + x\n', ["1.2.3"]),
        ('"version": "{version}"', '  "version": "1.2.3",\r\n', ["1.2.3"]),
        ("{version}", "1.2.3\n", ["1.2.3"]),
        ("{version}", "see 1.2.3 here\n", []),
        ("v{version}", "see v1.2.3 here\n", ["1.2.3"]),
        ("v{version}", "see dev1.2.3 here\n", []),
        ("image: app:{version}", "image: app:25.02.15.1\n", ["25.02.15.1"]),
        (
            "pypi-{version}-blue",
            "[![PyPI](https://img.shields.io/badge/pypi-1.2.3-blue)](https://pypi.org/p/x)\n",
            ["1.2.3"],
        ),
        ("pkg=={version}", "Install it: `pip install pkg==1.2.3`.\n", ["1.2.3"]),
        ("pkg=={version}", "End of a sentence: pkg==1.2.3.\n", ["1.2.3"]),
        ("pkg=={version}", "mypkg==1.2.3 and otherpkg==1.2.3\n", []),
        ("pkg-{version}-py3", "pkg-1.2.3-py3-none-any.whl pkg-2.0-py3\n", ["1.2.3", "2.0"]),
        ("pkg-{version}-py3", "pkg-1.2.3 py3-none\n", []),
        ("v{version}...v{version}", "v1.0...v1.0 v1.0...v1.1\n", ["1.0"]),
        ("==({version})", "==(1.0)==(x y)\n", ["1.0"]),
    ],
    ids=[
        "whole-line",
        "indent-comment",
        "longer-key",
        "inside-code",
        "json-comma-crlf",
        "bare",
        "bare-is-a-whole-line",
        "mid-line",
        "glued-to-a-word",
        "calver",
        "readme-badge",
        "install-line",
        "sentence-end",
        "longer-package-names",
        "two-in-a-line",
        "version-ends-at-a-space",
        "repeated-placeholder",
        "punctuation-only",
    ],
)
def test_find_pattern(pattern: str, text: str, expected: list[str]) -> None:
    assert [s.value(text) for s in find_pattern(text, pattern)] == expected


@pytest.mark.parametrize("size", [1_000, 100_000], ids=["1k", "100k"])
def test_matching_is_linear_on_hostile_text(size: int) -> None:
    # The classic backtracking traps: many starts of the pattern, none completing. A regular
    # expression such as ``a(.*?)b`` over "aaaa…" takes quadratic time, which at 100k
    # characters would not finish within the suite's time; the linear scan takes milliseconds.
    text = "a" * size + "\n" + "pkg-" * size
    assert find_pattern(text, "a{version}b") == []
    assert find_pattern(text, "pkg-{version}-py3") == []
    lines = "a1a\n" * size
    assert [s.value(lines) for s in find_pattern(lines, "a{version}a")] == ["1"] * size


@given(st.text(alphabet="ab1.-= \n", max_size=60), st.sampled_from(["a{version}b", "={version}"]))
def test_every_match_is_the_pattern_around_a_version(text: str, pattern: str) -> None:
    before, after = pattern.split("{version}")
    for span in find_pattern(text, pattern):
        version = span.value(text)
        assert version[0].isalnum()
        assert text[span.start - len(before) : span.start] == before
        assert text[span.end : span.end + len(after)] == after
        assert "\n" not in version
        assert " " not in version


def test_a_pattern_without_the_placeholder_is_refused() -> None:
    with pytest.raises(VersionLocationError, match=r"must contain '\{version\}'"):
        compile_pattern("release = 1")
