"""The ``entry-format`` template of a changelog entry: literal text and placeholders.

Pure, and low in the layers so that the configuration can check a template when it is read.
The entry texts themselves are made in :mod:`releasekit.changelog.template`.

A placeholder with no value (a commit without scope or pull request) takes the punctuation
that holds it along: ``**{scope}:** `` and `` ({pr})`` vanish whole, so one template serves
every commit.

>>> template = EntryTemplate.parse("**{scope}:** {description} ({pr}, {hash})")
>>> template.render({"scope": "cli", "description": "add x", "pr": "#12", "hash": "1a2b3c4"})
'**cli:** add x (#12, 1a2b3c4)'
>>> template.render({"scope": "", "description": "add x", "pr": "", "hash": "1a2b3c4"})
'add x (1a2b3c4)'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["PLACEHOLDERS", "EntryTemplate"]

#: The names an ``entry-format`` may use.
PLACEHOLDERS: tuple[str, ...] = ("scope", "description", "pr", "hash", "author")

_TOKEN = re.compile(r"\{\{|\}\}|\{(?P<name>[^{}]*)\}|(?P<text>[^{}]+)|(?P<stray>[{}])")
_SPACES = re.compile(r"[ \t]{2,}")


@dataclass(frozen=True)
class EntryTemplate:
    """A parsed ``entry-format``: literal text and placeholders, in order.

    Raises ``ValueError`` naming an unknown placeholder or a lone brace (``{{`` and ``}}``
    are literal braces).

    >>> EntryTemplate.parse("{summary}")
    Traceback (most recent call last):
    ...
    ValueError: unknown placeholder {summary}; use {scope}, {description}, {pr}, {hash}, {author}
    """

    text: str
    parts: tuple[tuple[bool, str], ...]

    @classmethod
    def parse(cls, text: str) -> EntryTemplate:
        """Read a template."""
        parts: list[tuple[bool, str]] = []
        for match in _TOKEN.finditer(text):
            name, literal, stray = match.group("name"), match.group("text"), match.group("stray")
            if stray is not None:
                raise ValueError(f"a lone {stray!r}; write {stray * 2!r} for a literal brace")
            if name is not None:
                if name not in PLACEHOLDERS:
                    allowed = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                    raise ValueError(f"unknown placeholder {{{name}}}; use {allowed}")
                parts.append((True, name))
            else:
                parts.append((False, literal if literal is not None else match.group()[0]))
        if not any(is_field and name == "description" for is_field, name in parts):
            raise ValueError("the template must contain {description}")
        return cls(text, tuple(parts))

    @property
    def fields(self) -> frozenset[str]:
        """The placeholders used."""
        return frozenset(name for is_field, name in self.parts if is_field)

    def render(self, values: Mapping[str, str]) -> str:
        """The entry text for ``values`` (a missing name counts as empty)."""
        pieces = [
            value if not is_field else values.get(value, "") for is_field, value in self.parts
        ]
        for index, (is_field, name) in enumerate(self.parts):
            if not is_field or values.get(name, ""):
                continue
            # An empty value: drop the punctuation glued to it on either side.
            if index > 0 and not self.parts[index - 1][0]:
                before = pieces[index - 1]
                pieces[index - 1] = before[: len(before) - _glued_tail(before)]
            if index + 1 < len(self.parts) and not self.parts[index + 1][0]:
                after = pieces[index + 1]
                pieces[index + 1] = after[_glued_head(after) :]
        return _SPACES.sub(" ", "".join(pieces)).strip()


def _glued_tail(text: str) -> int:
    count = 0
    for char in reversed(text):
        if char.isspace():
            break
        count += 1
    return count


def _glued_head(text: str) -> int:
    count = 0
    for char in text:
        if char.isspace():
            break
        count += 1
    return count
