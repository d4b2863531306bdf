"""The default tables that turn conventional-commit types into bumps and changelog sections.

Pure data, in the core layer, so the parsers (:mod:`releasekit.commits.conventional`,
:mod:`releasekit.changelog.entries`) and :mod:`releasekit.config` share one copy without the
parsers depending on the configuration loader.

>>> DEFAULT_BUMP_MAP["feat"], DEFAULT_CHANGELOG_SECTIONS["fix"]
('minor', 'Fixed')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

__all__ = [
    "DEFAULT_BUMP_MAP",
    "DEFAULT_CHANGELOG_SECTIONS",
    "KEEP_A_CHANGELOG_TYPES",
    "BumpLevel",
]

BumpLevel = Literal["major", "minor", "patch", "none"]

#: The six change types of Keep a Changelog, in the order the specification lists them.
KEEP_A_CHANGELOG_TYPES: tuple[str, ...] = (
    "Added",
    "Changed",
    "Deprecated",
    "Removed",
    "Fixed",
    "Security",
)
#: Conventional-commit type -> bump level. A breaking change is always ``major``.
DEFAULT_BUMP_MAP: Mapping[str, BumpLevel] = MappingProxyType(
    {"feat": "minor", "fix": "patch", "perf": "patch"}
)
#: Conventional-commit type -> Keep a Changelog section ("" leaves the type out).
DEFAULT_CHANGELOG_SECTIONS: Mapping[str, str] = MappingProxyType(
    {"feat": "Added", "fix": "Fixed", "perf": "Changed", "revert": "Removed"}
)
