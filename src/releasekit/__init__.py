"""releasekit: release automation for Python packages.

Compute the next version (SemVer, CalVer or from conventional commits), write it everywhere it
lives, keep CHANGELOG.md, tag, build, verify and publish, as one plan that is checked before
the first write and rolled back on failure.

>>> from releasekit import Pep440, SemVer
>>> str(SemVer.parse("1.2.3").bump("minor")), str(Pep440.parse("1.3.0rc1").bump("pre"))
('1.3.0', '1.3.0rc2')

Public names are imported lazily, so ``import releasekit`` (and the CLI's start-up) costs only
what is used.
"""

from __future__ import annotations

from releasekit.errors import InvalidVersion, ReleasekitError

__version__ = "0.1.0"

__all__ = [
    "CalVer",
    "Changelog",
    "Config",
    "ConventionalCommit",
    "InvalidVersion",
    "Pep440",
    "Plan",
    "Project",
    "ReleasekitError",
    "SemVer",
    "__version__",
    "infer_bump",
    "load_config",
    "parse_commit",
    "same_release",
    "to_pep440",
]

_LAZY: dict[str, str] = {
    "CalVer": "releasekit.version.calver",
    "Changelog": "releasekit.changelog.model",
    "Config": "releasekit.config",
    "ConventionalCommit": "releasekit.commits.conventional",
    "Pep440": "releasekit.version.pep440",
    "Plan": "releasekit.plan",
    "Project": "releasekit.project",
    "SemVer": "releasekit.version.semver",
    "infer_bump": "releasekit.commits.conventional",
    "load_config": "releasekit.config",
    "parse_commit": "releasekit.commits.conventional",
    "same_release": "releasekit.version.pep440",
    "to_pep440": "releasekit.version.pep440",
}

# Not ``from typing import TYPE_CHECKING``: importing typing would double the start-up time of
# ``releasekit --version``; type checkers treat this name as true all the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from releasekit.changelog.model import Changelog
    from releasekit.commits.conventional import ConventionalCommit, infer_bump, parse_commit
    from releasekit.config import Config, load_config
    from releasekit.plan import Plan
    from releasekit.project import Project
    from releasekit.version.calver import CalVer
    from releasekit.version.pep440 import Pep440, same_release, to_pep440
    from releasekit.version.semver import SemVer


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'releasekit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
