"""Read a project file as text without losing a byte: encoding, BOM and line endings kept.

:func:`read_text_file` decodes a file's bytes into a :class:`TextFile`; :meth:`TextFile.encode`
turns edited text back into bytes with the same encoding and BOM. Line endings are never
translated (no universal newlines), so a text edit of a few characters is a byte edit of those
characters only.

Files are UTF-8. A Python file may declare another encoding with a PEP 263 coding line
(``# -*- coding: latin-1 -*-``); it is then read and written back in that encoding. Anything
else that does not decode is refused with the file name and the offending byte.

>>> f = TextFile(Path("x.py"), "__version__ = '1'\\r\\n", "utf-8", b"\\xef\\xbb\\xbf")
>>> f.encode(f.text.replace("'1'", "'2'"))
b"\\xef\\xbb\\xbf__version__ = '2'\\r\\n"
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from releasekit.errors import FileFormatError
from releasekit.values import frozen

__all__ = ["TextFile", "decode_text", "read_text_file"]

_BOM = codecs.BOM_UTF8
# PEP 263: a comment on line 1 or 2 matching this expression declares the source encoding.
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


@frozen
class TextFile:
    """A file's text plus what it takes to write it back byte for byte."""

    path: Path
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """``text`` as bytes, in this file's encoding and with its BOM."""
        return self.bom + text.encode(self.encoding)

    @property
    def data(self) -> bytes:
        """The file's bytes (as read)."""
        return self.encode(self.text)


def _declared_encoding(data: bytes) -> str | None:
    for line in data.splitlines()[:2]:
        match = _CODING.match(line)
        if match:
            return match.group(1).decode("ascii")
    return None


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def decode_text(path: Path, data: bytes, *, display: str | None = None) -> TextFile:
    """Decode ``data`` read from ``path``; raise :class:`FileFormatError` naming the file.

    >>> decode_text(Path("a.toml"), b"\\xe9")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    releasekit.errors.FileFormatError: a.toml: not valid UTF-8 (byte 0xe9 at line 1, column 1)...
    """
    name = display or str(path)
    bom = _BOM if data.startswith(_BOM) else b""
    body = data[len(bom) :]
    encoding = "utf-8"
    declared = _declared_encoding(body) if Path(path).suffix in (".py", ".pyi") else None
    if declared and not bom:
        try:
            info = codecs.lookup(declared)
            # ``hex`` and friends are bytes-to-bytes codecs, not text encodings.
            if not getattr(info, "_is_text_encoding", True):
                raise LookupError(declared)
            encoding = info.name
        except LookupError:
            raise FileFormatError(
                f"{name}: declares the unknown encoding {declared!r} in its coding line"
            ) from None
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"{name}: not valid {'UTF-8' if encoding == 'utf-8' else encoding} "
            f"(byte 0x{body[exc.start]:02x} at {_position(body, exc.start)}); "
            "save it as UTF-8, or for a Python file declare its encoding with a coding line "
            "such as '# -*- coding: latin-1 -*-'"
        ) from None
    if text.encode(encoding) != body:
        # A codec that does not round-trip would change bytes the user never asked to change.
        raise FileFormatError(f"{name}: its {encoding} text does not round-trip byte for byte")
    return TextFile(Path(path), text, encoding, bom)


def read_text_file(path: Path, *, display: str | None = None) -> TextFile:
    """Read and decode ``path`` (see :func:`decode_text`)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise FileFormatError(f"{display or path}: cannot be read: {exc.strerror or exc}") from exc
    return decode_text(path, data, display=display)
