"""Problems with a place: ``pyproject.toml:7: message`` read back into file, line and message.

releasekit's error and warning lines name the file and line at fault in the compiler form
``FILE:LINE: message`` (or ``FILE:LINE:COLUMN: message``). :func:`parse_problem` reads one
such line, so the CLI can show it as a GitHub annotation and put it in the ``problems`` of a
JSON error without every error class carrying the place separately.

>>> parse_problem("pyproject.toml:7: 1.2.3 (pyproject)")
Problem(message='1.2.3 (pyproject)', file='pyproject.toml', line=7, column=None)
>>> parse_problem("no credentials for https://upload.pypi.org/legacy/").file is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Problem", "parse_problem"]

# The file part holds no colon and no white space, so prose such as "cannot promote to 1.2:
# CHANGELOG.md:12 already has" or a URL with a port ("https://host:443: …") is not taken for a
# place. The paths releasekit prints are relative to the project and never hold either.
_PLACE = re.compile(
    r"(?P<file>[^\s:]+):(?P<line>[1-9]\d{0,8})(?::(?P<column>[1-9]\d{0,8}))?:"
    r"(?: (?P<message>.*)|$)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Problem:
    """One thing that is wrong, and where when it is known (1-based line and column).

    >>> Problem("bad", "CHANGELOG.md", 3).as_dict()
    {'file': 'CHANGELOG.md', 'line': 3, 'message': 'bad'}
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def as_dict(self) -> dict[str, object]:
        """The JSON form used in ``{"error": {"problems": [...]}}``."""
        return {"file": self.file, "line": self.line, "message": self.message}


def parse_problem(text: str) -> Problem:
    """The problem one error or warning line describes, with its place when it names one.

    >>> parse_problem("CHANGELOG.md:12:3: heading out of order").column
    3
    """
    match = _PLACE.fullmatch(text)
    if match is None:
        return Problem(text)
    column = match["column"]
    return Problem(
        message=(match["message"] or "").strip() or text,
        file=match["file"],
        line=int(match["line"]),
        column=int(column) if column else None,
    )
