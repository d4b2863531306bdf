"""Read TOML with the standard parser (``tomllib``, or ``tomli`` before Python 3.11).

Reading never imports tomlkit: it is slow to import and releasekit only needs it, if ever,
when writing. Errors name the file, the line and the column.

>>> parse_toml('[project]\\nname = "x"\\n', "pyproject.toml")
{'project': {'name': 'x'}}
>>> parse_toml('[project\\n', "pyproject.toml")
Traceback (most recent call last):
...
releasekit.errors.FileFormatError: pyproject.toml:1:9: invalid TOML: Expected ']' at the end ...
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from releasekit.errors import FileFormatError
from releasekit.files.text import TextFile, read_text_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["parse_toml", "read_toml"]

_POSITION = r"\s*\(at line (\d+), column (\d+)\)\s*$"
_END = r"\s*\(at end of document\)\s*$"


def parse_toml(text: str, name: str) -> dict[str, Any]:
    """Parse TOML ``text``; a syntax error becomes :class:`FileFormatError` ``name:line:col``."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(_POSITION, message)  # compiled only when a file is invalid
        if match:
            where = f"{name}:{match[1]}:{match[2]}"
            message = message[: match.start()]
        else:
            # The end of the document. TOML ends lines with LF or CRLF only: str.splitlines
            # would also split on characters a TOML string may hold (U+2028, form feed...).
            line = text.count("\n") + 1
            column = len(text) - (text.rfind("\n") + 1) + 1
            where = f"{name}:{line}:{column}"
            message = re.sub(_END, "", message)
        raise FileFormatError(
            f"{where}: invalid TOML: {message}; fix the file and run the command again"
        ) from None


def read_toml(path: Path, *, display: str | None = None) -> tuple[TextFile, dict[str, Any]]:
    """Read and parse a TOML file; return its text (for byte-exact edits) and its data."""
    source = read_text_file(path, display=display)
    return source, parse_toml(source.text, display or str(path))
