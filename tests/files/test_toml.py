"""Reading TOML: the standard parser's data, and errors at ``file:line:column``."""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.errors import FileFormatError
from releasekit.files.toml import parse_toml, read_toml


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[project\n", "pyproject.toml:1:9"),
        ('[project]\nname = "x"\nversion = 1.2.3\n', "pyproject.toml:3:14"),
        ('[project]\nname = "x\n', "pyproject.toml:2:10"),
        ("[a]\nx = 1\n[a]\n", "pyproject.toml:3:"),
        ("a = 1\na = 2\n", "pyproject.toml:2:"),
        ("a = [1,\n", "pyproject.toml:"),
        ('x = """\nnever closed', "pyproject.toml:"),
    ],
    ids=[
        "unclosed-table",
        "bare-version",
        "unterminated-string",
        "table-twice",
        "key-twice",
        "array-at-end",
        "multiline-string-at-end",
    ],
)
def test_a_syntax_error_names_file_line_and_column_and_the_fix(text: str, where: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        parse_toml(text, "pyproject.toml")
    message = str(caught.value)
    assert message.startswith(where)
    assert re.match(r"^pyproject\.toml:\d+:\d+: invalid TOML: ", message), message
    assert message.endswith("; fix the file and run the command again")
    assert "(at line" not in message
    assert "at end of document" not in message
    assert caught.value.__cause__ is None


def test_an_error_at_the_end_points_just_past_the_last_character() -> None:
    with pytest.raises(FileFormatError) as caught:
        parse_toml('a = "ok"\nb = [1,\n  2,', "p.toml")
    if sys.version_info >= (3, 14):  # tomllib of 3.14 gives the position itself
        assert str(caught.value).startswith("p.toml:3:")
    else:
        assert str(caught.value).startswith("p.toml:3:5: invalid TOML: ")


def test_an_error_in_an_empty_document_is_on_line_1() -> None:
    with pytest.raises(FileFormatError, match=r"^f.toml:1:\d+: invalid TOML: "):
        parse_toml("=", "f.toml")


def test_valid_toml_parses_to_plain_python_values() -> None:
    text = '[project]\r\nname = "x"\r\nversion = "1.0"\r\ndynamic = []\r\n[tool.x]\r\nn = 1\r\n'
    assert parse_toml(text, "p.toml") == {
        "project": {"name": "x", "version": "1.0", "dynamic": []},
        "tool": {"x": {"n": 1}},
    }


def test_read_toml_returns_the_text_for_exact_edits_and_the_data(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    data = codecs.BOM_UTF8 + b'[project]\r\nname = "caf\xc3\xa9"\r\n'
    path.write_bytes(data)
    source, parsed = read_toml(path)
    assert source.data == data
    assert source.text == '[project]\r\nname = "caf\u00e9"\r\n'
    assert parsed == {"project": {"name": "caf\u00e9"}}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[project\n", r"^pyproject\.toml:1:9: invalid TOML: "),
        (
            b'name = "\xe9"\n',
            r"^pyproject\.toml: not valid UTF-8 \(byte 0xe9 at line 1, column 9\)",
        ),
    ],
    ids=["syntax", "encoding"],
)
def test_read_toml_errors_use_the_display_name(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "sub" / "pyproject.toml"
    path.parent.mkdir()
    path.write_bytes(data)
    with pytest.raises(FileFormatError, match=message):
        read_toml(path, display="pyproject.toml")
    with pytest.raises(FileFormatError, match=re.escape(str(path))):
        read_toml(path)


def test_read_toml_of_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match=r"^pyproject.toml: cannot be read"):
        read_toml(tmp_path / "pyproject.toml", display="pyproject.toml")


LINE = st.text(alphabet="[]=\"'\t #.,{}abc123-_:\u00e9", max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(LINE, min_size=1, max_size=5),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_any_text_parses_or_gives_a_position_inside_the_document(
    lines: list[str], newline: str
) -> None:
    text = newline.join(lines)
    try:
        parse_toml(text, "f.toml")
    except FileFormatError as exc:
        message = str(exc)
    else:
        return
    match = re.match(r"^f\.toml:(\d+):(\d+): invalid TOML: .+; fix the file", message)
    assert match, message
    line, column = int(match[1]), int(match[2])
    assert 1 <= line <= len(lines)
    assert 1 <= column <= len(lines[line - 1]) + len(newline)


def test_an_error_at_the_end_counts_lines_as_toml_does() -> None:
    # U+2028 is a legal character in a TOML string, not a line break: the error is on line 2.
    with pytest.raises(FileFormatError, match=r"^f\.toml:2:8: invalid TOML: "):
        parse_toml('a = "x\u2028y"\nb = [1,', "f.toml")
