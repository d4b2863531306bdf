"""Internal ``==`` pins: found by span, rewritten byte for byte, ranges left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.errors import VersionLocationError
from releasekit.workspace.pins import find_pins, rewrite_pins

INTERNAL = frozenset({"a", "my-lib"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[project]\ndependencies = ["a==1.0.0"]\n', '[project]\ndependencies = ["a==1.1.0"]\n'),
        (
            "[project]\ndependencies = [\n  'a[x] == 1.0.0 ; python_version >= \"3.10\"',\n]\n",
            "[project]\ndependencies = [\n  'a[x] == 1.1.0 ; python_version >= \"3.10\"',\n]\n",
        ),
        (
            '[project]\ndependencies = ["My_Lib===1.0.0"]\r\n',
            '[project]\ndependencies = ["My_Lib===1.1.0"]\r\n',
        ),
        (
            '[project]\n[project.optional-dependencies]\nx = ["a==1.0.0"]\n'
            '[dependency-groups]\ndev = ["a==1.0.0", "pytest==8.0.0"]\n',
            '[project]\n[project.optional-dependencies]\nx = ["a==1.1.0"]\n'
            '[dependency-groups]\ndev = ["a==1.1.0", "pytest==8.0.0"]\n',
        ),
        ('[project]\ndependencies = ["a>=1.0.0", "a~=1.0", "a==1.*", "a!=1.0.0"]\n', None),
        ('[project]\ndependencies = ["ab==1.0.0", "requests==1.0.0"]\n', None),
        ('[project]\ndependencies = ["a==1.1.0"]\n', None),
        (
            '# pinned: "a==1.0.0"\n[project]\ndependencies = ["a==1.0.0"]  # "a==1.0.0"\n',
            '# pinned: "a==1.0.0"\n[project]\ndependencies = ["a==1.1.0"]  # "a==1.0.0"\n',
        ),
    ],
    ids=[
        "plain",
        "extras-spaces-marker-literal-string",
        "normalized-name-triple-equals-crlf",
        "optional-and-groups",
        "ranges-left-alone",
        "other-packages-left-alone",
        "already-current",
        "comments-left-alone",
    ],
)
def test_rewrite(text: str, expected: str | None) -> None:
    new = rewrite_pins(text, find_pins(text, INTERNAL), {"a": "1.1.0", "my-lib": "1.1.0"})
    assert new == (text if expected is None else expected)


def test_pin_also_written_outside_the_dependency_lists_is_refused() -> None:
    text = '[project]\ndependencies = ["a==1.0.0"]\n[tool.x]\nkeep = "a==1.0.0"\n'
    with pytest.raises(VersionLocationError, match="lines 2, 4 are also written outside"):
        rewrite_pins(text, find_pins(text, INTERNAL), {"a": "2.0.0"})


def test_pin_positions() -> None:
    text = '[project]\nname = "b"\ndependencies = [\n  "c",\n  "a==1.0.0",\n]\n'
    (pin,) = find_pins(text, INTERNAL)
    assert (pin.key, pin.version, pin.line, text[pin.start : pin.end]) == ("a", "1.0.0", 5, "1.0.0")


_VERSION = st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]}.{t[1]}")


@given(
    old=_VERSION,
    new=_VERSION,
    spaces=st.sampled_from(["", " ", "  "]),
    others=st.lists(st.sampled_from(['"x>=1"', '"y==2.0"', "'z'"]), max_size=3),
    eol=st.sampled_from(["\n", "\r\n"]),
)
def test_only_the_pinned_version_changes(
    old: str, new: str, spaces: str, others: list[str], eol: str
) -> None:
    deps = ", ".join([*others, f'"a{spaces}=={spaces}{old}"', *others])
    text = f"[project]{eol}name = 'b'{eol}dependencies = [{deps}]{eol}"
    result = rewrite_pins(text, find_pins(text, INTERNAL), {"a": new})
    assert result == text.replace(f"=={spaces}{old}", f"=={spaces}{new}", 1)
