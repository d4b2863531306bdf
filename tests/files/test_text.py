"""Reading a project file as text: encoding, BOM and line endings come back byte for byte."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.errors import FileFormatError
from releasekit.files.text import TextFile, decode_text, read_text_file

BOM = codecs.BOM_UTF8


@pytest.mark.parametrize(
    ("name", "data", "text", "encoding", "bom"),
    [
        ("a.toml", b'version = "1"\n', 'version = "1"\n', "utf-8", b""),
        ("a.toml", b'version = "1"\r\n', 'version = "1"\r\n', "utf-8", b""),
        ("a.toml", b"a\rb\r\nc\n", "a\rb\r\nc\n", "utf-8", b""),
        ("a.toml", BOM + b"x = 1\n", "x = 1\n", "utf-8", BOM),
        ("a.md", "caf\u00e9\n".encode(), "caf\u00e9\n", "utf-8", b""),
        (
            "a.py",
            b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
            "# -*- coding: latin-1 -*-\nx = '\u00e9'\n",
            "iso8859-1",
            b"",
        ),
        (
            "a.pyi",
            b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n\x80\n",
            "#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n\u20ac\n",
            "cp1252",
            b"",
        ),
        ("a.py", b"# coding=utf-8\nx = 1\n", "# coding=utf-8\nx = 1\n", "utf-8", b""),
        (
            "a.py",
            b"\n\n# coding: latin-1\n\xc3\xa9\n",
            "\n\n# coding: latin-1\n\u00e9\n",
            "utf-8",
            b"",
        ),
        ("a.toml", b"# coding: latin-1\n\xc3\xa9\n", "# coding: latin-1\n\u00e9\n", "utf-8", b""),
        ("a.py", BOM + b"# coding: utf-8\nx = 1\n", "# coding: utf-8\nx = 1\n", "utf-8", BOM),
        ("empty.py", b"", "", "utf-8", b""),
    ],
    ids=[
        "plain-lf",
        "crlf-kept",
        "mixed-endings-kept",
        "bom",
        "utf-8",
        "coding-latin-1",
        "coding-on-line-2-emacs-vim-style",
        "coding-utf-8",
        "coding-on-line-3-ignored",
        "coding-in-a-toml-file-ignored",
        "bom-wins-over-coding",
        "empty",
    ],
)
def test_decoding_keeps_every_byte(
    name: str, data: bytes, text: str, encoding: str, bom: bytes
) -> None:
    source = decode_text(Path(name), data)
    assert (source.text, source.encoding, source.bom) == (text, encoding, bom)
    assert source.data == data
    assert source.path == Path(name)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "a.toml",
            b"ok\nab\xe9\n",
            "a.toml: not valid UTF-8 (byte 0xe9 at line 2, column 3); save it as UTF-8",
        ),
        (
            "a.toml",
            b"\xff\xfex\x00",
            "a.toml: not valid UTF-8 (byte 0xff at line 1, column 1)",
        ),
        (
            "a.py",
            b"# coding: ascii\nx = '\xc3\xa9'\n",
            "a.py: not valid ascii (byte 0xc3 at line 2, column 6)",
        ),
        (
            "a.py",
            b"# coding: no-such-codec\n",
            "a.py: declares the unknown encoding 'no-such-codec' in its coding line",
        ),
        (
            "a.py",
            b"# coding: hex\n",
            "a.py: declares the unknown encoding 'hex' in its coding line",
        ),
        (
            "a.py",
            b"# coding: rot13\n",
            "a.py: declares the unknown encoding 'rot13' in its coding line",
        ),
    ],
    ids=[
        "latin-1-byte-in-utf-8",
        "utf-16-is-not-guessed",
        "byte-outside-the-declared-encoding",
        "unknown-codec",
        "bytes-to-bytes-codec",
        "text-to-text-codec",
    ],
)
def test_undecodable_files_are_refused_naming_the_file_and_the_byte(
    name: str, data: bytes, message: str
) -> None:
    with pytest.raises(FileFormatError) as caught:
        decode_text(Path(name), data)
    assert str(caught.value).startswith(message)
    assert caught.value.__cause__ is None  # no codec traceback leaks to the user


def test_a_coding_line_that_says_how_to_save_it_names_the_fix() -> None:
    with pytest.raises(FileFormatError, match=r"declare its encoding with a coding line"):
        decode_text(Path("v.py"), b"\xe9")


def test_a_codec_that_does_not_round_trip_is_refused() -> None:
    # utf-7 decodes "+AGE-" to "a", which it would write back as "a": a silent byte change.
    with pytest.raises(FileFormatError, match=r"^v.py: its utf-7 text does not round-trip"):
        decode_text(Path("v.py"), b"# coding: utf-7\nx = '+AGE-'\n")


def test_display_names_the_file_as_the_user_knows_it(tmp_path: Path) -> None:
    path = tmp_path / "src" / "v.py"
    with pytest.raises(FileFormatError, match=r"^src/v.py: not valid UTF-8"):
        decode_text(path, b"\xff", display="src/v.py")


def test_encode_writes_edited_text_in_the_files_encoding_and_bom() -> None:
    source = TextFile(Path("v.py"), "x = '\u00e9 1'\r\n", "iso8859-1", BOM[:0])
    assert source.encode("x = '\u00e9 2'\r\n") == b"x = '\xe9 2'\r\n"
    with_bom = TextFile(Path("v.toml"), "a\n", "utf-8", BOM)
    assert with_bom.encode("b\n") == BOM + b"b\n"
    with pytest.raises(UnicodeEncodeError):
        source.encode("\u20ac")  # the caller turns this into its own error


def test_read_text_file_reads_the_bytes_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "CHANGELOG.md"
    path.write_bytes(BOM + b"# Changelog\r\n")
    source = read_text_file(path)
    assert source == TextFile(path, "# Changelog\r\n", "utf-8", BOM)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: None, "No such file or directory"),
        (lambda p: p.mkdir(), "Is a directory"),
    ],
    ids=["missing", "a-directory"],
)
def test_a_file_that_cannot_be_read_is_a_format_error_naming_it(
    tmp_path: Path, make: object, reason: str
) -> None:
    path = tmp_path / "pyproject.toml"
    make(path)  # type: ignore[operator]
    with pytest.raises(FileFormatError) as caught:
        read_text_file(path, display="pyproject.toml")
    assert str(caught.value) == f"pyproject.toml: cannot be read: {reason}"


ENCODINGS = ["utf-8", "latin-1", "cp1252", "koi8-r", "shift_jis"]


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    bom=st.booleans(),
)
def test_any_utf8_text_round_trips_byte_for_byte(text: str, newline: str, bom: bool) -> None:
    data = (BOM if bom else b"") + text.replace("\n", newline).encode("utf-8")
    source = decode_text(Path("f.toml"), data)
    assert source.data == data
    assert source.encode(source.text) == data


@settings(max_examples=150, deadline=None)
@given(
    body=st.text(max_size=40),
    encoding=st.sampled_from(ENCODINGS),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_a_declared_encoding_round_trips_or_is_refused_never_a_foreign_error(
    body: str, encoding: str, newline: str
) -> None:
    header = f"# -*- coding: {encoding} -*-{newline}"
    try:
        data = (header + body).encode(encoding)
    except UnicodeEncodeError:
        data = header.encode("ascii") + body.encode("utf-8")
    try:
        source = decode_text(Path("m.py"), data)
    except FileFormatError as exc:
        message = str(exc)
    else:
        assert source.data == data
        assert codecs.lookup(source.encoding) == codecs.lookup(encoding)
        return
    assert message.startswith("m.py: ")


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=60), name=st.sampled_from(["x.py", "x.toml", "x.md", "x.cfg"]))
def test_arbitrary_bytes_decode_exactly_or_raise_a_format_error(data: bytes, name: str) -> None:
    try:
        source = decode_text(Path(name), data)
    except FileFormatError as exc:
        message = str(exc)
    else:
        assert source.data == data
        return
    assert message.startswith(f"{name}: ")
