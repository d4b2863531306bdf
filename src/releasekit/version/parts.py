"""The parts a version can be bumped by: one table for the API, the CLI and the messages.

:data:`PARTS` maps each part to what it does. :class:`~releasekit.version.pep440.Pep440` and
:class:`~releasekit.version.semver.SemVer` take the value parts (:data:`VALUE_PARTS`);
``calver`` needs a date and ``auto`` the commits, so a project resolves those two itself.

>>> list(PARTS)
['major', 'minor', 'patch', 'pre', 'final', 'post', 'dev', 'calver', 'auto']
>>> canonical_part("micro")
'patch'
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final, Literal

from releasekit.errors import UsageError

__all__ = [
    "LEVEL_PARTS",
    "PARTS",
    "PRE_LABELS",
    "VALUE_PARTS",
    "Part",
    "canonical_part",
    "check_value_part",
]

Part = Literal["major", "minor", "patch", "pre", "final", "post", "dev", "calver", "auto"]

#: Every part, in the order the CLI lists them, with what it does.
PARTS: Final = MappingProxyType(
    {
        "major": "1.4.2 -> 2.0.0; a candidate of exactly that finalizes (2.0.0rc1 -> 2.0.0)",
        "minor": "1.4.2 -> 1.5.0; a candidate of exactly that finalizes (1.5.0a1 -> 1.5.0)",
        "patch": "1.4.2 -> 1.4.3 (or 'micro'); a candidate finalizes (1.4.3.dev2 -> 1.4.3)",
        "pre": "the next candidate: 1.4.2 -> 1.4.3rc1, rc1 -> rc2, b2 -> rc1 (--label a|b|rc)",
        "final": "the release a candidate leads to: 1.5.0rc2 -> 1.5.0, 1.5.0.dev3 -> 1.5.0",
        "post": "a post-release of a final: 1.5.0 -> 1.5.0.post1 -> 1.5.0.post2",
        "dev": "the next development release: 1.5.0 -> 1.5.1.dev0 -> 1.5.1.dev1",
        "calver": "the calendar version of the release date (YY.0M.0D: 25.02.15)",
        "auto": "the bump the conventional commits since the last release call for",
    }
)

#: The parts a version value bumps by itself (no commits, no date).
VALUE_PARTS: Final[tuple[str, ...]] = ("major", "minor", "patch", "pre", "final", "post", "dev")
#: The parts a level inferred from commits can be (what ``pre`` and ``dev`` take as ``of``).
LEVEL_PARTS: Final[tuple[str, ...]] = ("major", "minor", "patch")
#: PEP 440 pre-release labels, lowest first.
PRE_LABELS: Final[tuple[str, ...]] = ("a", "b", "rc")

_ALIASES: Final = MappingProxyType({"micro": "patch"})


def canonical_part(part: str) -> str:
    """The part's own name (``micro`` is ``patch``); other names are returned unchanged.

    >>> canonical_part("minor"), canonical_part("micro")
    ('minor', 'patch')
    """
    return _ALIASES.get(part, part) if isinstance(part, str) else part


def check_value_part(part: str, what: str, *, allowed: tuple[str, ...] = VALUE_PARTS) -> str:
    """The canonical value part, or a :class:`UsageError` naming ``part`` and the choices.

    >>> check_value_part("micro", "1.2.3")
    'patch'
    >>> check_value_part("calver", "1.2.3")
    Traceback (most recent call last):
    ...
    releasekit.errors.UsageError: Cannot bump '1.2.3' by 'calver': a version alone knows ...
    """
    name = canonical_part(part)
    if name in allowed:
        return name
    choices = ", ".join(repr(p) for p in allowed)
    if name in ("calver", "auto"):
        source = "a date" if name == "calver" else "the commits"
        raise UsageError(
            f"Cannot bump {what!r} by {name!r}: a version alone knows nothing of {source}; "
            f"use a project's next_version({name!r}), or one of {choices}"
        )
    raise UsageError(f"Unknown part {part!r} for {what!r}: use one of {choices}")
