"""The pure finders: each one finds exactly the version's characters, and nothing else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.errors import FileFormatError, ReleasekitError, VersionLocationError
from releasekit.locations.patterns import find_pattern
from releasekit.locations.spans import (
    Span,
    check_toml_edit,
    find_ini_value,
    find_python_assignment,
    find_single_value_file,
    find_toml_value,
    replace_spans,
)

TOML_CASES = [
    ('[project]\nversion = "1.2.3"\n', ["1.2.3"]),
    ("[project]\nversion = '1.2.3'\n", ["1.2.3"]),
    ('[project]\n  version="1.2.3"   # pinned by hand\n', ["1.2.3"]),
    ('[project]\n"version" = "1.2.3"\n', ["1.2.3"]),
    ('[ project ]\nversion = "1.2.3"\r\n', ["1.2.3"]),
    ('[project] # the metadata\nversion = "1.2.3"\n', ["1.2.3"]),
    ('[tool.poetry]\nversion = "1.2.3"\n', []),
    ('[project.urls]\nversion = "1.2.3"\n', []),
    ('[project]\ndependencies = ["x==1.2.3"]\nx = { version = "1.2.3" }\n', []),
    ('[[project]]\nversion = "1.2.3"\n', []),
    ('version = "1.2.3"\n[project]\nname = "x"\n', []),
    ('[project]\nversion = """1.2.3"""\n', []),
    (
        '[tool.x]\nnote = """\n[project]\nversion = "6.6.6"\n"""\n[project]\nversion = "1.2.3"\n',
        ["1.2.3"],
    ),
    ("[tool.x]\nnote = '''\n[project]\nversion = '6.6.6'\n'''\n", []),
    ('project.version = "1.2.3"\n', ["1.2.3"]),
    ('project = {name = "x", version = "1.2.3"}\n', ["1.2.3"]),
    ('[project]\nversion = "1.2.3"\r\n', ["1.2.3"]),
    ('\ufeff[project]\r\nversion = "1.2.3" # c\r\n', ["1.2.3"]),
    ('[project]\nversion = "1.2\\u002e3"\n', []),
    ('[project]\nurls = [\n  "version = 1", # [tool]\n]\nversion = "1.2.3"\n', ["1.2.3"]),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    TOML_CASES,
    ids=[
        "basic",
        "literal",
        "indented-comment",
        "quoted-key",
        "spaced-header-crlf",
        "header-comment",
        "other-table",
        "sub-table",
        "pins-and-inline-tables",
        "array-of-tables",
        "root-table",
        "multi-line-string",
        "project-inside-a-multi-line-string",
        "project-inside-a-literal-multi-line-string",
        "dotted-key",
        "inline-table",
        "crlf",
        "bom-crlf-comment",
        "escape",
        "array-with-comments",
    ],
)
def test_find_toml_value(text: str, expected: list[str]) -> None:
    spans = find_toml_value(text, ["project"], "version")
    assert [span.value(text) for span in spans] == expected


def test_find_toml_value_in_a_dotted_and_quoted_table() -> None:
    text = '[tool."poetry"]\nversion = "0.1.0"\n[tool.poetry.dependencies]\nversion = "9"\n'
    spans = find_toml_value(text, ["tool", "poetry"], "version")
    assert [(s.value(text), s.line) for s in spans] == [("0.1.0", 2)]


PYTHON_CASES = [
    ('__version__ = "1.0"\n', ["1.0"]),
    ("__version__ = '1.0'\n", ["1.0"]),
    ('__version__: str = "1.0"\n', ["1.0"]),
    ('__version__: Final[str] = "1.0"  # x\n', ["1.0"]),
    ('__version__="1.0"\r\n', ["1.0"]),
    ('if x:\n    __version__ = "1.0"\n', []),
    ('__version__ = version = "1.0"\n', []),
    ('__version__ = "1.0" + suffix\n', []),
    ('__version_info__ = "1.0"\n', []),
    ("x = \"__version__ = '1.0'\"\n", []),
    ('__version__ = """1.0"""\n', ["1.0"]),
    ('__version__ = """\n1.0"""\n', []),
    ('x = """\n__version__ = "9"\n"""\n__version__ = "1.0"\n', ["1.0"]),
    ('__version__ = "1." "0"\n', []),
    ('__version__ = "1\\x2e0"\n', []),
    ('__version__ = r"1.0"\n', ["1.0"]),
    ('__version__ = f"1.0"\n', []),
    ('__version__ = b"1.0"\n', []),
    ('é = "é"; __version__ = "1.0"\n', ["1.0"]),
    ('__version__ = (\n    "1.0"\n)\n', ["1.0"]),
    ('__version__ = "1.0"\r__version__ = "1.1"\r', ["1.0", "1.1"]),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    PYTHON_CASES,
    ids=[
        "double",
        "single",
        "annotated",
        "final-comment",
        "crlf",
        "indented",
        "chained",
        "expression",
        "other-name",
        "inside-string",
        "triple-quoted",
        "multi-line-string",
        "assignment-inside-a-string",
        "implicit-concatenation",
        "escape",
        "raw",
        "f-string",
        "bytes",
        "non-ascii-before",
        "parenthesized",
        "lone-cr",
    ],
)
def test_find_python_assignment(text: str, expected: list[str]) -> None:
    assert [s.value(text) for s in find_python_assignment(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[metadata]\nname = x\nversion = 1.0\n", ["1.0"]),
        ("[metadata]\nversion: 1.0\r\n", ["1.0"]),
        ("[options]\nversion = 1.0\n[metadata]\nname = x\n", []),
        ("[metadata]\nversion = attr: pkg.__version__\n", ["attr: pkg.__version__"]),
    ],
    ids=["equals", "colon-crlf", "other-section", "attr"],
)
def test_find_ini_value(text: str, expected: list[str]) -> None:
    assert [s.value(text) for s in find_ini_value(text, "metadata", "version")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.2.3\n", ["1.2.3"]), ("\n1.2.3", ["1.2.3"]), ("1.2.3 4\n", []), ("", [])],
    ids=["plain", "no-final-newline", "two-words", "empty"],
)
def test_find_single_value_file(text: str, expected: list[str]) -> None:
    assert [s.value(text) for s in find_single_value_file(text)] == expected


def test_replace_spans_changes_only_the_spans() -> None:
    text = 'a = "1.0"\nb = "1.0"\nc = "1.0"\n'
    spans = [Span(5, 8, 1), Span(25, 28, 3)]
    assert replace_spans(text, spans, "2.0.0") == 'a = "2.0.0"\nb = "1.0"\nc = "2.0.0"\n'


def test_check_toml_edit_refuses_any_other_change() -> None:
    old = {"project": {"version": "1", "name": "x"}}
    new = {"project": {"version": "2", "name": "y"}}
    with pytest.raises(VersionLocationError, match="more than the version"):
        check_toml_edit(old, new, [["project", "version"]], "2", "pyproject.toml")


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n\x00"), max_size=30)
# Valid Python lines: a comment or an assignment of any string.
_line_text = _text.map(lambda text: f"# {text}") | _text.map(lambda text: f"x = {text!r}")
_version = st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){1,3}", fullmatch=True)


@given(
    before=st.lists(_line_text, max_size=5),
    after=st.lists(_line_text, max_size=5),
    version=_version,
    new=_version,
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_a_python_edit_touches_only_the_version(
    before: list[str], after: list[str], version: str, new: str, newline: str
) -> None:
    before = [line for line in before if "__version__" not in line]
    after = [line for line in after if "__version__" not in line]
    text = newline.join([*before, f'__version__ = "{version}"', *after])
    spans = find_python_assignment(text)
    assert [s.value(text) for s in spans] == [version]
    edited = replace_spans(text, spans, new)
    assert edited.split(newline) == [*before, f'__version__ = "{new}"', *after]


@given(st.text(max_size=200))
def test_finders_raise_only_releasekit_errors_on_any_text(text: str) -> None:
    finders: tuple[Callable[[], list[Span]], ...] = (
        lambda: find_toml_value(text, ["project"], "version"),
        lambda: find_python_assignment(text),
        lambda: find_ini_value(text, "metadata", "version"),
        lambda: find_pattern(text, 'v = "{version}"'),
        lambda: find_single_value_file(text),
    )
    for finder in finders:
        try:
            spans = finder()
        except ReleasekitError:
            continue
        for span in spans:
            assert 0 <= span.start <= span.end <= len(text)
            assert "\n" not in span.value(text)


def test_invalid_python_is_a_clean_error() -> None:
    with pytest.raises(FileFormatError, match=r"line 2: not valid Python"):
        find_python_assignment('__version__ = "1.0"\nif\n')
