"""docs/json.md read as the schema it is: one table of fields per command.

Each command's section starts with a heading ``## `releasekit NAME --json` `` and holds a
table ``| Field | Type | Meaning |``. A field is a dotted path from the top of the object;
``[]`` stands for every item of a list (``artifacts[].sha256``). A type is one of ``string``,
``integer``, ``number``, ``boolean``, ``array``, ``object`` and ``null``, or several joined by
`` or ``. :func:`shape` turns a JSON value into the same form, so a test compares the two.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JSON_DOC = ROOT / "docs" / "json.md"

_SECTION = re.compile(r"^## `releasekit (?P<command>[a-z]+)[^`]*`\s*$", re.MULTILINE)
_ROW = re.compile(r"^\| `(?P<field>[^`]+)` \| (?P<types>[a-z ]+?) \| .*\|\s*$", re.MULTILINE)
TYPES = {"string", "integer", "number", "boolean", "array", "object", "null", "absent"}


def documented() -> dict[str, dict[str, set[str]]]:
    """Per command (and ``error``), each documented field and the types it may have."""
    text = JSON_DOC.read_text(encoding="utf-8")
    found: dict[str, dict[str, set[str]]] = {}
    matches = list(_SECTION.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        fields: dict[str, set[str]] = {}
        for row in _ROW.finditer(text, match.end(), end):
            types = {t.strip() for t in row["types"].split(" or ")}
            assert types <= TYPES, f"docs/json.md: unknown type in {row[0]!r}"
            fields[row["field"]] = types
        found[match["command"]] = fields
    return found


def _type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def shape(value: object, prefix: str = "") -> dict[str, set[str]]:
    """Every field of ``value`` (dotted, ``[]`` for list items) and the types seen there."""
    found: dict[str, set[str]] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            found.setdefault(path, set()).add(_type(item))
            for sub, types in shape(item, path).items():
                found.setdefault(sub, set()).update(types)
    elif isinstance(value, list):
        for item in value:
            path = f"{prefix}[]"
            if not isinstance(item, dict):
                found.setdefault(path, set()).add(_type(item))
            for sub, types in shape(item, path).items():
                found.setdefault(sub, set()).update(types)
    return found


def mismatches(command: str, value: object) -> list[str]:
    """What in ``value`` the documentation of ``command`` does not allow (empty: it fits).

    Every field seen must be documented with the type seen; every documented top-level field
    must be present (nested ones may be absent when their list is empty).
    """
    doc = documented()[command]
    seen = shape(value)
    problems = [
        f"{field}: {sorted(types - doc.get(field, set()))} not documented"
        for field, types in seen.items()
        if not types <= doc.get(field, set())
    ]
    problems += [
        f"{field}: documented but missing"
        for field, types in doc.items()
        if "." not in field and "[]" not in field and field not in seen and "absent" not in types
    ]
    return problems
