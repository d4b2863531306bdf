"""The span of a module-level ``NAME = "…"`` string in Python source, found with :mod:`ast`.

Plain and annotated assignments (``__version__: str = "1.0"``) directly in the module body
count; the literal must be one string on one line whose written text is its value (no escape,
no implicit concatenation, no f-string or bytes), so replacing those characters changes exactly
the value. ``ast`` columns are UTF-8 byte offsets and are converted to character offsets.

>>> text = 'é = 1; __version__: str = "1.0"  # x\\nif x:\\n    __version__ = "2"\\n'
>>> [(text[start:end], name) for name, start, end in python_string_spans(text, ["__version__"])]
[('1.0', '__version__')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from releasekit.errors import FileFormatError

__all__ = ["python_string_spans"]

# The Python tokenizer ends a line at \r\n, \r or \n.
_LINE_END = re.compile(r"\r\n|\r|\n")
_PREFIX = re.compile(r"[rRuU]?")


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _LINE_END.finditer(text))]


def python_string_spans(text: str, names: Sequence[str]) -> list[tuple[str, int, int]]:
    """``(name, start, end)`` of each module-level assignment of a string to one of ``names``.

    Raises :class:`~releasekit.errors.FileFormatError` when ``text`` is not valid Python.
    """
    if not any(name in text for name in names):
        return []  # most files never mention the name: skip the parse
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        where = f"line {exc.lineno}: " if isinstance(exc, SyntaxError) and exc.lineno else ""
        reason = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        raise FileFormatError(f"{where}not valid Python ({reason})") from None
    starts: list[int] | None = None
    found = []
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if not (
            isinstance(target, ast.Name)
            and target.id in names
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
            and value.lineno == value.end_lineno
            and value.end_col_offset is not None
        ):
            continue
        starts = starts or _line_starts(text)
        line_start = starts[value.lineno - 1]
        line = text[line_start : starts[value.lineno] if value.lineno < len(starts) else None]
        encoded = line.encode("utf-8")
        start = line_start + len(encoded[: value.col_offset].decode("utf-8"))
        end = line_start + len(encoded[: value.end_col_offset].decode("utf-8"))
        literal = text[start:end]
        prefix = _PREFIX.match(literal).end()  # type: ignore[union-attr]
        quote = (
            literal[prefix : prefix + 3]
            if literal[prefix : prefix + 3] in ('"""', "'''")
            else literal[prefix]
        )
        inner_start, inner_end = start + prefix + len(quote), end - len(quote)
        if text[inner_start:inner_end] == value.value and literal.endswith(quote):
            found.append((target.id, inner_start, inner_end))
    return found
