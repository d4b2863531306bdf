"""releasekit: release automation for Python packages.

Compute the next version (SemVer, CalVer or from conventional commits), write it everywhere it
lives, keep CHANGELOG.md, tag, build, verify and publish, as one plan that is checked before
the first write and rolled back on failure. Every command that writes has a library function
returning a :class:`Plan` (``Project.plan_bump``, ``plan_changelog``, ``plan_tag``,
``plan_release``, ``plan_hotfix``, ``plan_init``, ``plan_publish``): ``plan.describe()``,
``plan.diff()``, then ``plan.apply()``.

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
    "PlanFailed",
    "Project",
    "PublishTarget",
    "ReleaseOptions",
    "ReleasekitError",
    "SemVer",
    "__version__",
    "build_project",
    "infer_bump",
    "load_config",
    "parse_commit",
    "plan_changelog",
    "plan_hotfix",
    "plan_init",
    "plan_publish",
    "plan_release",
    "plan_tag",
    "release_notes",
    "same_release",
    "to_pep440",
    "verify_dist",
]

_LAZY: dict[str, str] = {
    "CalVer": "releasekit.version.calver",
    "Changelog": "releasekit.changelog.model",
    "Config": "releasekit.config",
    "ConventionalCommit": "releasekit.commits.conventional",
    "Pep440": "releasekit.version.pep440",
    "Plan": "releasekit.plan",
    "PlanFailed": "releasekit.plan",
    "Project": "releasekit.project",
    "PublishTarget": "releasekit.dist.publish",
    "ReleaseOptions": "releasekit.release",
    "SemVer": "releasekit.version.semver",
    "build_project": "releasekit.dist.build",
    "infer_bump": "releasekit.commits.conventional",
    "load_config": "releasekit.config",
    "parse_commit": "releasekit.commits.conventional",
    "plan_changelog": "releasekit.changelog.collect",
    "plan_hotfix": "releasekit.git.hotfix",
    "plan_init": "releasekit.init.scaffold",
    "plan_publish": "releasekit.dist.steps",
    "plan_release": "releasekit.release",
    "plan_tag": "releasekit.git.plans",
    "release_notes": "releasekit.changelog.file",
    "same_release": "releasekit.version.pep440",
    "to_pep440": "releasekit.version.pep440",
    "verify_dist": "releasekit.dist.verify",
}

# Not ``from typing import TYPE_CHECKING``: importing typing would double the start-up time of
# ``releasekit --version``; type checkers treat this name as true all the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from releasekit.changelog.collect import plan_changelog
    from releasekit.changelog.file import release_notes
    from releasekit.changelog.model import Changelog
    from releasekit.commits.conventional import ConventionalCommit, infer_bump, parse_commit
    from releasekit.config import Config, load_config
    from releasekit.dist.build import build_project
    from releasekit.dist.publish import PublishTarget
    from releasekit.dist.steps import plan_publish
    from releasekit.dist.verify import verify_dist
    from releasekit.git.hotfix import plan_hotfix
    from releasekit.git.plans import plan_tag
    from releasekit.init.scaffold import plan_init
    from releasekit.plan import Plan, PlanFailed
    from releasekit.project import Project
    from releasekit.release import ReleaseOptions, plan_release
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
