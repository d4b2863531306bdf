"""The release workflow users get from ``releasekit init``, rendered from a shipped template.

``releasekit/templates/release.yml`` is the workflow (releasekit's own
``.github/workflows/release.yml`` is the same template rendered for releasekit itself). Its
``<<name>>`` fields are filled in from :class:`WorkflowSettings`: the tag filter derived from
the project's tag format, the Python versions to verify on, the distribution name and what
``pip install`` is given to install releasekit.

>>> tag_glob("v{version}"), tag_glob("{version}"), tag_glob("pkg-{version}")
('v*', '[0-9]*', 'pkg-*')
>>> python_versions({"project": {"requires-python": ">=3.11"}})
('3.11', '3.12', '3.13')
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from releasekit.errors import FileFormatError
from releasekit.plan import NullReporter, Reporter

__all__ = [
    "DEFAULT_PYTHONS",
    "WorkflowSettings",
    "python_versions",
    "render_release_workflow",
    "tag_glob",
]

#: The Python versions releasekit runs on: the release workflow's verify matrix by default.
DEFAULT_PYTHONS: tuple[str, ...] = ("3.10", "3.11", "3.12", "3.13")
_PLACEHOLDER = re.compile(r"<<(\w+)>>")
_CLASSIFIER = re.compile(r"^Programming Language :: Python :: 3\.(\d+)$")
_GLOB_SPECIAL = frozenset("*?+[]!\\")


def tag_glob(tag_format: str) -> str:
    """The ``on.push.tags`` filter matching the tags written with ``tag_format``.

    The text around ``{version}`` is kept (glob characters escaped) and the version becomes
    ``*``; a bare ``{version}`` becomes ``[0-9]*`` so that branch-like tags do not match.
    """
    prefix, _, suffix = tag_format.partition("{version}")

    def escape(text: str) -> str:
        return "".join(f"\\{char}" if char in _GLOB_SPECIAL else char for char in text)

    return f"{escape(prefix)}{'*' if prefix else '[0-9]*'}{escape(suffix)}"


def _minor(version: str) -> int:
    return int(version.split(".")[1])


def python_versions(
    pyproject: Mapping[str, Any], reporter: Reporter | None = None
) -> tuple[str, ...]:
    """The Python versions to verify the artifacts on, oldest first.

    The ``Programming Language :: Python :: 3.N`` classifiers when the project lists them,
    else the versions of :data:`DEFAULT_PYTHONS` that ``requires-python`` allows, else the
    defaults. Versions older than 3.10 are left out: the verify job runs releasekit there.
    """
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    project = pyproject.get("project")
    project = project if isinstance(project, Mapping) else {}
    classifiers = project.get("classifiers")
    listed = {
        f"3.{match[1]}"
        for item in (classifiers if isinstance(classifiers, list) else [])
        if isinstance(item, str) and (match := _CLASSIFIER.match(item.strip()))
    }
    chosen = sorted((v for v in listed if _minor(v) >= 10), key=_minor)
    if chosen:
        return tuple(chosen)
    requires = project.get("requires-python")
    if not isinstance(requires, str) or not requires.strip():
        return DEFAULT_PYTHONS
    try:
        specifier = SpecifierSet(requires)
    except InvalidSpecifier:
        raise FileFormatError(
            f"pyproject.toml: [project] requires-python = {requires!r} is not a valid version "
            "specifier (PEP 440), e.g. '>=3.10'; fix it and run init again"
        ) from None
    allowed = tuple(
        v for v in DEFAULT_PYTHONS if any(specifier.contains(f"{v}.{p}") for p in (0, 99))
    )
    if not allowed:
        (reporter or NullReporter()).warn(
            f"requires-python = {requires!r} allows none of {', '.join(DEFAULT_PYTHONS)}; "
            "the release workflow verifies on all of them"
        )
        return DEFAULT_PYTHONS
    return allowed


@dataclass(frozen=True)
class WorkflowSettings:
    """What the release workflow template is rendered with.

    >>> WorkflowSettings("v*", ("3.12", "3.13"), "demo").python_latest
    '3.13'
    """

    tag_glob: str
    python_versions: tuple[str, ...]
    dist_name: str
    #: What ``pip install`` is given to install releasekit in each job.
    install: str = "releasekit"

    @property
    def python_latest(self) -> str:
        """The newest Python of the matrix: the one the single-Python jobs use."""
        return max(self.python_versions, key=_minor)


def _template_text() -> str:
    from importlib.resources import files

    return files("releasekit.init").joinpath("templates/release.yml").read_text(encoding="utf-8")


def render_release_workflow(settings: WorkflowSettings) -> str:
    """The release workflow for ``settings`` (the shipped template with its fields filled in).

    >>> text = render_release_workflow(WorkflowSettings("v*", ("3.12", "3.13"), "demo"))
    >>> "- 'v*'" in text, 'python-version: ["3.12", "3.13"]' in text
    (True, True)
    """
    values = {
        "tag_glob": settings.tag_glob.replace("'", "''"),
        "python_versions": json.dumps(list(settings.python_versions)),
        "python_latest": settings.python_latest,
        "install": shlex.quote(settings.install),
        "dist_name": settings.dist_name,
    }
    return _PLACEHOLDER.sub(lambda match: values[match[1]], _template_text())
