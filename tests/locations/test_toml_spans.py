"""The TOML scanner: every span it reports is where tomllib says that key's value is."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from releasekit.errors import VersionLocationError
from releasekit.locations.toml_spans import toml_string_spans

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

_word = st.sampled_from(["project", "version", "tool", "poetry", "x", '"version"', "'a b'"])
_plain = st.text(alphabet="abc019.-_ [#]=é", max_size=8)
_value = st.one_of(
    _plain.map(lambda text: f'"{text}"'),
    _plain.map(lambda text: f"'{text}'"),
    _plain.map(lambda text: f'"""\n[project]\nversion = "{text}"\n"""'),
    _plain.map(lambda text: f"'''{text}\nversion = '1'\n'''"),
    st.integers().map(str),
    st.just("1979-05-27 07:32:00Z"),
    _plain.map(lambda text: f'[\n  "{text}", # ]\n  1,\n]'),
    _plain.map(lambda text: f'{{ version = "{text}", n = [1, {{ a = "b" }}] }}'),
)
_key = st.lists(_word, min_size=1, max_size=3).map(lambda parts: " . ".join(parts))
_statement = st.one_of(
    st.tuples(_key, _value, st.sampled_from(["", "  # note"])).map(
        lambda kv: f"{kv[0]} = {kv[1]}{kv[2]}"
    ),
    _key.map(lambda key: f"[{key}]"),
    _key.map(lambda key: f"[[{key}]]"),
    st.just("# [project]"),
)


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


@given(
    statements=st.lists(_statement, max_size=8),
    newline=st.sampled_from(["\n", "\r\n"]),
    new=st.sampled_from(["2.0", "9"]),
)
def test_each_span_is_the_value_tomllib_reads(
    statements: list[str], newline: str, new: str
) -> None:
    text = "\n".join(statements).replace("\n", newline)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assume(False)
    for path, start, end in toml_string_spans(text):
        assert _at(data, path) == text[start:end]
        edited = tomllib.loads(text[:start] + new + text[end:])
        assert _at(edited, path) == new
        expected = tomllib.loads(text)
        _set(expected, path, new)
        assert edited == expected


def _set(data: Any, path: tuple[str, ...], value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.mark.parametrize(
    "text",
    ["[project", "x = ", "x = 1 2", "x = [1 2]", "= 1"],
    ids=["open-header", "no-value", "two-values", "array-without-comma", "no-key"],
)
def test_text_that_is_not_toml_is_a_clean_error(text: str) -> None:
    with pytest.raises(VersionLocationError, match="not valid TOML"):
        toml_string_spans(text)
