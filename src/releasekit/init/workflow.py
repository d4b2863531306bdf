"""The release workflow users get from ``releasekit init``, rendered from a shipped template.

``releasekit/templates/release.yml`` is the workflow (releasekit's own
``.github/workflows/release.yml`` is the same template rendered for releasekit itself);
``release-extension.yml`` is the one for projects with compiled extensions: wheels built by
cibuildwheel on a matrix of runners, gathered and checked as one complete set before the one
upload. Their ``<<name>>`` fields are filled in from :class:`WorkflowSettings`: the tag filter
derived from the project's tag format, the Python versions to verify on, the distribution name
and what ``pip install`` is given to install releasekit (by default exactly the releasekit that
wrote the workflow, ``releasekit==X.Y.Z``, see :func:`pinned_install`). With ``uv=True`` every
job that installs releasekit sets uv up first (``astral-sh/setup-uv``, pinned) and installs
with it; the build and verify environments then use uv too.

>>> tag_glob("v{version}"), tag_glob("{version}"), tag_glob("pkg-{version}")
('v*', '[0-9]*', 'pkg-*')
>>> python_versions({"project": {"requires-python": ">=3.11"}}, today=date(2025, 2, 15))
('3.11', '3.12', '3.13')
"""

from __future__ import annotations

import dataclasses
import json
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from releasekit.errors import FileFormatError
from releasekit.plan import NullReporter, Reporter

__all__ = [
    "CPYTHON_RELEASES",
    "DEFAULT_PYTHONS",
    "SETUP_UV",
    "WorkflowSettings",
    "monorepo_tag_globs",
    "pinned_install",
    "python_versions",
    "released_pythons",
    "render_monorepo_workflow",
    "render_release_workflow",
    "tag_glob",
    "uv_install",
]

#: The Python versions releasekit was first tested on; the oldest of them (3.10) is the oldest
#: a generated workflow verifies on, since its jobs run releasekit there.
DEFAULT_PYTHONS: tuple[str, ...] = ("3.10", "3.11", "3.12", "3.13")
#: The day each CPython 3.N.0 was released (3.15: the date PEP 790 set). Later versions are
#: taken as released from 1 November of their year: PEP 602 puts a release each October.
CPYTHON_RELEASES: dict[str, date] = {
    "3.10": date(2021, 10, 4),
    "3.11": date(2022, 10, 24),
    "3.12": date(2023, 10, 2),
    "3.13": date(2024, 10, 7),
    "3.14": date(2025, 10, 7),
    "3.15": date(2026, 10, 1),
}
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


def _release_day(minor: int) -> date:
    known = CPYTHON_RELEASES.get(f"3.{minor}")
    return known if known is not None else date(2011 + minor, 11, 1)


def released_pythons(today: date) -> tuple[str, ...]:
    """Every CPython from 3.10 to the newest released on ``today``, oldest first.

    >>> released_pythons(date(2025, 10, 6)), released_pythons(date(2025, 10, 7))[-1]
    (('3.10', '3.11', '3.12', '3.13'), '3.14')
    >>> released_pythons(date(2028, 1, 1))[-1]
    '3.16'
    """
    found = []
    minor = 10
    while _release_day(minor) <= today:
        found.append(f"3.{minor}")
        minor += 1
    return tuple(found) or DEFAULT_PYTHONS


def pinned_install(version: str) -> str:
    """What the generated jobs give ``pip install``: exactly the releasekit ``version``.

    >>> pinned_install("26.12.1")
    'releasekit==26.12.1'
    """
    return f"releasekit=={version}"


def python_versions(
    pyproject: Mapping[str, Any], reporter: Reporter | None = None, *, today: date | None = None
) -> tuple[str, ...]:
    """The Python versions to verify the artifacts on, oldest first.

    The candidates run from 3.10 (the jobs run releasekit there) to the newest CPython
    released on ``today`` (default: the current date). From them: the ``Programming Language
    :: Python :: 3.N`` classifiers when the project lists any, else the versions that
    ``requires-python`` allows, else all of them.
    """
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    candidates = released_pythons(date.today() if today is None else today)
    project = pyproject.get("project")
    project = project if isinstance(project, Mapping) else {}
    classifiers = project.get("classifiers")
    listed = {
        f"3.{match[1]}"
        for item in (classifiers if isinstance(classifiers, list) else [])
        if isinstance(item, str) and (match := _CLASSIFIER.match(item.strip()))
    }
    chosen = [v for v in candidates if v in listed]
    if chosen:
        return tuple(chosen)
    requires = project.get("requires-python")
    if not isinstance(requires, str) or not requires.strip():
        return candidates
    try:
        specifier = SpecifierSet(requires)
    except InvalidSpecifier:
        raise FileFormatError(
            f"pyproject.toml: [project] requires-python = {requires!r} is not a valid version "
            "specifier (PEP 440), e.g. '>=3.10'; fix it and run init again"
        ) from None
    allowed = tuple(v for v in candidates if any(specifier.contains(f"{v}.{p}") for p in (0, 99)))
    if not allowed:
        (reporter or NullReporter()).warn(
            f"requires-python = {requires!r} allows none of {', '.join(candidates)}; "
            "the release workflow verifies on all of them"
        )
        return candidates
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
    #: The matrix workflow for compiled extensions (``release-extension.yml``).
    extension: bool = False
    #: Set uv up in each job and install with it (build and verify then use it too).
    uv: bool = False

    @property
    def python_latest(self) -> str:
        """The newest Python of the matrix: the one the single-Python jobs use."""
        return max(self.python_versions, key=_minor)


#: The setup-uv pin, verified like the other pins (tests/init/test_workflows.py).
SETUP_UV = "astral-sh/setup-uv@20cfd1bf945f4377ade1205e4dbc17946fc9a30d # v10.0.1"
_PIP_INSTALL = "      - name: Install releasekit\n        run: python -m pip install <<install>>\n"
# The tag-push cache is off on purpose: a release never restores what another ref saved.
_UV_INSTALL = (
    f"      - uses: {SETUP_UV}\n"
    "        with:\n"
    '          enable-cache: "false"\n'
    "      - name: Install releasekit (uv, which build and verify then use too)\n"
    "        run: uv pip install --system <<install>>\n"
)


def uv_install(template: str) -> str:
    """``template`` with every job's pip install of releasekit replaced by setting uv up and
    installing with it."""
    return template.replace(_PIP_INSTALL, _UV_INSTALL)


def monorepo_tag_globs(root: Path) -> list[str]:
    """Each package's tag filter when ``root`` is a monorepo's root, else ``[]``."""
    from releasekit.git.runner import Git
    from releasekit.workspace.members import discover_workspace
    from releasekit.workspace.tagformat import workspace_tag_format

    workspace = discover_workspace(root)
    if not workspace.is_monorepo:
        return []
    git = Git(root)
    names = git.run("tag", "--list").splitlines() if git.is_repository() else []
    globs = [
        tag_glob(workspace_tag_format(workspace, package, names))
        for package in workspace.packages
        if package.name
    ]
    return list(dict.fromkeys(globs))


def render_monorepo_workflow(settings: WorkflowSettings, tag_globs: Sequence[str]) -> str:
    """The release workflow of a monorepo: triggered by every package's tags, and each run
    checks, builds, verifies and publishes only the package its tag names
    (``releasekit --package TAG`` finds the package from the tag). Without ``tag_globs``:
    :func:`render_release_workflow`.

    >>> text = render_monorepo_workflow(WorkflowSettings("a-v*", ("3.13",), "a"), ["a-v*", "b@*"])
    >>> "- 'a-v*'" in text, "- 'b@*'" in text, '--package "$GITHUB_REF_NAME" build' in text
    (True, True, True)
    """
    if not tag_globs:
        return render_release_workflow(settings)
    settings = dataclasses.replace(settings, tag_glob=tag_globs[0])
    text = render_release_workflow(settings)
    triggers = "".join(f"      - '{glob.replace(chr(39), chr(39) * 2)}'\n" for glob in tag_globs)
    own = f"      - '{settings.tag_glob.replace(chr(39), chr(39) * 2)}'\n"
    text = text.replace(own, triggers, 1)
    dist = '"$GITHUB_WORKSPACE/dist"'
    for command in ("build --outdir dist", "verify --dist dist"):
        verb, option, _ = command.split()
        text = text.replace(
            f"run: releasekit {command}",
            f'run: releasekit --package "$GITHUB_REF_NAME" {verb} {option} {dist}',
        )
    text = re.sub(r"\n +url: https://pypi\.org/project/[^\n]*", "", text, count=1)
    return text.replace(
        "# -> github-release (notes from the changelog, artifacts attached).\n",
        "# -> github-release (notes from the changelog, artifacts attached).\n"
        "# A monorepo: each package's tag releases that package only.\n",
        1,
    )


def _template_text(name: str) -> str:
    from importlib.resources import files

    return files("releasekit.init").joinpath(f"templates/{name}").read_text(encoding="utf-8")


def render_release_workflow(settings: WorkflowSettings) -> str:
    """The release workflow for ``settings`` (the shipped template with its fields filled in).

    >>> text = render_release_workflow(WorkflowSettings("v*", ("3.12", "3.13"), "demo"))
    >>> "- 'v*'" in text, 'python-version: ["3.12", "3.13"]' in text
    (True, True)
    """
    template = _template_text("release-extension.yml" if settings.extension else "release.yml")
    if settings.uv:
        template = uv_install(template)
    values = {
        "tag_glob": settings.tag_glob.replace("'", "''"),
        "python_versions": json.dumps(list(settings.python_versions)),
        "python_latest": settings.python_latest,
        "install": shlex.quote(settings.install),
        "dist_name": settings.dist_name,
    }
    return _PLACEHOLDER.sub(lambda match: values[match[1]], template)
