"""The ``[tool.releasekit]`` table of pyproject.toml, added or completed byte for byte.

:func:`releasekit_table_edit` computes the :class:`~releasekit.files.edits.FileEdit` that puts
the settings ``releasekit init`` chose into the table: appended as a new table when there is
none, or only the missing keys added. Every other byte stays, and so do the file's line
endings, encoding and BOM; the result is re-parsed and must differ from the original by the
table's keys alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from releasekit.errors import FileFormatError
from releasekit.files.edits import FileEdit

__all__ = ["newline_of", "releasekit_table_edit"]


def newline_of(text: str) -> str:
    r"""The file's line ending: ``\r\n`` when every line ends so, else ``\n``.

    >>> newline_of("a\r\nb\r\n"), newline_of("a\nb\r\n")
    ('\r\n', '\n')
    """
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf == text.count("\n") else "\n"


def _is_set_up(old: Mapping[str, Any], settings: Mapping[str, str], replace: Sequence[str]) -> bool:
    current = old.get("tool", {}).get("releasekit")
    return isinstance(current, dict) and all(
        key in current and (key not in replace or current[key] == value)
        for key, value in settings.items()
    )


def _tool_table(document: Any, name: str) -> Any:
    """The document's ``[tool]`` table (None when absent); refuse an inline ``tool``."""
    import tomlkit
    from tomlkit.container import OutOfOrderTableProxy

    tool = document.get("tool")
    # [tool.*] tables split by other tables come back as a proxy over the parts.
    if tool is not None and not isinstance(tool, tomlkit.items.Table | OutOfOrderTableProxy):
        raise FileFormatError(
            f"{name}: 'tool' is not a [tool] table (it is written inline); write it as "
            "[tool.NAME] tables and run init again"
        )
    return tool


def _appended(text: str, settings: Mapping[str, str], comments: Sequence[str]) -> str:
    """``text`` with a new ``[tool.releasekit]`` table at the end, one blank line before it."""
    import tomlkit

    newline = newline_of(text)
    block = tomlkit.table()
    for line in comments:
        block.add(tomlkit.comment(line))
    for key, value in settings.items():
        block.add(key, value)
    wrapper = tomlkit.document()
    wrapper.add("tool", tomlkit.table(is_super_table=True))
    wrapper["tool"].add("releasekit", block)
    rendered = tomlkit.dumps(wrapper).replace("\n", newline)
    body = text if not text or text.endswith(("\n", "\r")) else text + newline
    gap = "" if not body.strip() or body.endswith(newline * 2) else newline
    return body + gap + rendered


def _completed(
    text: str, document: Any, existing: Any, settings: Mapping[str, str], replace: Sequence[str]
) -> str:
    """``text`` with the missing keys (and those in ``replace``) set in the existing table."""
    import tomlkit

    if not isinstance(existing, tomlkit.items.Table | tomlkit.items.InlineTable):
        raise FileFormatError("tool.releasekit must be a table")
    for key, value in settings.items():
        if key not in existing or (key in replace and existing[key] != value):
            existing[key] = value
    new_text: str = tomlkit.dumps(document)
    if newline_of(text) == "\r\n":  # tomlkit writes the keys it adds with "\n"
        new_text = re.sub(r"(?<!\r)\n", "\r\n", new_text)
    return new_text


def _check_only_the_table_changed(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    settings: Mapping[str, str],
    replace: Sequence[str],
    name: str,
) -> None:
    expected = {**old, "tool": {**old.get("tool", {})}}
    table = {**old.get("tool", {}).get("releasekit", {})}
    for key, value in settings.items():
        if key not in table or key in replace:
            table[key] = value
    expected["tool"]["releasekit"] = table
    if new != expected:  # pragma: no cover - a guard against a tomlkit surprise
        raise FileFormatError(f"{name}: adding [tool.releasekit] would change other values")


def releasekit_table_edit(
    path: Path,
    settings: Mapping[str, str],
    *,
    comments: Sequence[str] = (),
    replace: Sequence[str] = (),
) -> FileEdit | None:
    """The edit that puts ``settings`` into the ``[tool.releasekit]`` table of ``path``.

    Without a table, one is appended at the end of the file (``comments`` first, as ``#``
    lines). With a table, only the missing keys are added and the keys in ``replace`` are
    set to the given value; comments are not added. Every other byte is kept, and so are the
    file's line endings, encoding and BOM. ``None`` when nothing would change.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "pyproject.toml"
    >>> _ = path.write_bytes(b'[project]\\r\\nname = "demo"\\r\\n')
    >>> releasekit_table_edit(path, {"scheme": "semver"}).after
    b'[project]\\r\\nname = "demo"\\r\\n\\r\\n[tool.releasekit]\\r\\nscheme = "semver"\\r\\n'
    """
    from releasekit.files.text import read_text_file
    from releasekit.files.toml import parse_toml

    name = path.name
    source = read_text_file(path, display=name)
    text = source.text
    old = parse_toml(text, name)
    if _is_set_up(old, settings, replace):
        return None  # already set up: no need to load tomlkit at all
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise FileFormatError(f"{name}: cannot be edited: {exc}") from None
    tool = _tool_table(document, name)
    existing = tool.get("releasekit") if tool is not None else None
    try:
        new_text = (
            _appended(text, settings, comments)
            if existing is None
            else _completed(text, document, existing, settings, replace)
        )
    except FileFormatError as exc:
        raise FileFormatError(f"{name}: {exc.message}") from None
    if new_text == text:
        return None
    _check_only_the_table_changed(old, parse_toml(new_text, name), settings, replace, name)
    return FileEdit(path, source.data, source.encode(new_text))
