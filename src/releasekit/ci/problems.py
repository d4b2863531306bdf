"""Problems with a place: ``pyproject.toml:7: message`` read back into file, line and message.

releasekit's error and warning lines name the file and line at fault in the compiler form
``FILE:LINE: message`` (what :meth:`releasekit.errors.Problem.format` writes).
:func:`parse_problem` reads such a line back into a :class:`~releasekit.errors.Problem`, so the
CLI can show any error line as a GitHub annotation and list it in the ``problems`` of a JSON
error, without every error class carrying its places separately.

>>> parse_problem("pyproject.toml:7: 1.2.3 (pyproject)")
Problem('1.2.3 (pyproject)', 'pyproject.toml', 7)
>>> parse_problem("no credentials for https://upload.pypi.org/legacy/")
Problem('no credentials for https://upload.pypi.org/legacy/', None, None)
"""

from __future__ import annotations

import re

from releasekit.errors import Problem

__all__ = ["parse_problem"]

# The file part holds no colon and no white space, so prose such as "cannot promote to 1.2:
# CHANGELOG.md:12 already has" or a URL with a port ("https://host:443: …") is not taken for a
# place. The paths releasekit prints are relative to the project and never hold either. A
# column after the line (``FILE:LINE:COL:``, as compilers write) is accepted and dropped.
_PLACE = re.compile(
    r"(?P<file>[^\s:]+):(?P<line>[1-9]\d{0,8})(?::[1-9]\d{0,8})?:(?: (?P<message>.*)|$)",
    re.DOTALL,
)


def parse_problem(text: str) -> Problem:
    """The problem one error or warning line describes, with its place when it names one.

    >>> parse_problem("CHANGELOG.md:12:3: heading out of order").line
    12
    >>> parse_problem(Problem("x", "a.toml", 4).format()) == Problem("x", "a.toml", 4)
    True
    """
    match = _PLACE.fullmatch(text)
    if match is None:
        return Problem(text)
    return Problem((match["message"] or "").strip() or text, match["file"], int(match["line"]))
