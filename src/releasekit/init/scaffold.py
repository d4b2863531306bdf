"""``releasekit init``: set a project up for releasekit, as a plan of file edits.

:func:`plan_init` reads the project and computes every edit first, writing nothing:

- a ``[tool.releasekit]`` table in pyproject.toml with the scheme, tag format and changelog
  written explicitly, and where the version was found (everything else byte-identical: the
  file's encoding, BOM and line endings are kept);
- ``CHANGELOG.md`` in Keep a Changelog form when the project has no changelog;
- ``.github/workflows/release.yml`` rendered from the template shipped in
  ``releasekit/templates``, for the project's tag format and Python versions.

It returns a :class:`~releasekit.plan.Plan` with one step per file; ``plan.apply()`` writes
them (a failure puts back the files already written). A workflow that exists with other
content is a *conflict*: it is left alone, listed in ``plan.facts["conflicts"]``, unless the
plan was made with ``force=True``. Running init again on a set-up project plans nothing.

The workflow is rendered by :mod:`releasekit.init.workflow`, the table edit made by
:mod:`releasekit.init.table`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releasekit.config import Config
from releasekit.errors import RefusedError, ReleasekitError, UsageError
from releasekit.files.edits import FileEdit, WriteFilesStep
from releasekit.files.paths import display_path
from releasekit.init.table import newline_of, releasekit_table_edit
from releasekit.init.workflow import (
    DEFAULT_PYTHONS,
    WorkflowSettings,
    monorepo_tag_globs,
    pinned_install,
    python_versions,
    render_release_workflow,
    tag_glob,
)
from releasekit.plan import NullReporter, Plan, Reporter

if TYPE_CHECKING:
    from releasekit.changelog.backfill import ReleaseHistory

__all__ = [
    "DEFAULT_PYTHONS",
    "WORKFLOW_PATH",
    "WorkflowSettings",
    "conflict_error",
    "plan_init",
    "python_versions",
    "releasekit_table_edit",
    "render_release_workflow",
    "tag_glob",
]

#: Where the release workflow is written, relative to the project root.
WORKFLOW_PATH = Path(".github") / "workflows" / "release.yml"
#: Changelog names used when ``changelog`` is not configured, first existing one wins.
CHANGELOG_NAMES: tuple[str, ...] = ("CHANGELOG.md", "CHANGES.md", "HISTORY.md", "NEWS.md")
#: Calendar formats tried, in order, to describe an existing CalVer version.
CALVER_FORMATS: tuple[str, ...] = (
    "YY.0M.0D",
    "YYYY.0M.0D",
    "YYYY.MM.DD",
    "YY.MM.DD",
    "YYYY.0M.MICRO",
    "YYYY.MM.MICRO",
    "YY.0M.MICRO",
    "YY.MM.MICRO",
)
_DIST_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")


@dataclass(frozen=True)
class ProjectFacts:
    """What init needs to know about a project, read once."""

    root: Path
    pyproject: Mapping[str, Any]
    config: Config
    #: The version, or None when no file holds one (a version from VCS tags with no tag yet).
    version: str | None
    scheme: str
    tag_format: str
    #: Where the version lives: (file relative to the root, what it is).
    locations: tuple[tuple[str, str], ...]
    has_table: bool


def _read_facts(path: Path, reporter: Reporter) -> ProjectFacts:
    from releasekit.project import Project

    project = Project(path, reporter=reporter)
    tool = project.pyproject.get("tool")
    table = tool.get("releasekit") if isinstance(tool, Mapping) else None
    try:
        version: str | None = project.version
    except ReleasekitError:  # a version from VCS tags, and no tag yet
        version = None
    try:
        tag_format = project.tag_format
    except ReleasekitError:  # not a git repository (yet): no tags to learn from
        tag_format = project.config.tag_format or "v{version}"
    return ProjectFacts(
        root=project.root,
        pyproject=project.pyproject,
        config=project.config,
        version=version,
        scheme=project.scheme if version is not None else project.config.scheme or "semver",
        tag_format=tag_format,
        locations=tuple((loc.file, loc.kind) for loc in project.locations),
        has_table=table is not None,
    )


def _calver_format(facts: ProjectFacts) -> str:
    table = facts.pyproject.get("tool", {}).get("releasekit") or {}
    if "calver-format" in table or facts.version is None:
        return facts.config.calver_format
    from releasekit.version.calver import CalVer

    for candidate in (facts.config.calver_format, *CALVER_FORMATS):
        if CalVer(candidate).matches(facts.version):
            return candidate
    return facts.config.calver_format


def _scheme(facts: ProjectFacts, requested: str | None) -> tuple[str, str | None]:
    """The scheme to write and, for CalVer, the format (None for SemVer)."""
    if requested is None and facts.config.scheme is None and facts.version is not None:
        from releasekit.version.calver import CalVer
        from releasekit.version.next import detect_scheme

        # Nothing configured: a version like 2025.2.3 is valid SemVer, yet plainly a date in
        # one of the usual CalVer formats; say so rather than bump it as SemVer later.
        table = facts.pyproject.get("tool", {}).get("releasekit") or {}
        configured = "calver-format" in table
        for candidate in (facts.config.calver_format, *(() if configured else CALVER_FORMATS)):
            matches = CalVer(candidate).matches(facts.version)
            if matches and detect_scheme(facts.version, candidate) == "calver":
                return "calver", candidate
    chosen = requested or facts.config.scheme or facts.scheme
    return chosen, _calver_format(facts) if chosen == "calver" else None


def _changelog_name(facts: ProjectFacts) -> tuple[str, bool]:
    """The changelog file name and whether it exists."""
    table = facts.pyproject.get("tool", {}).get("releasekit") or {}
    if "changelog" in table:
        return facts.config.changelog, (facts.root / facts.config.changelog).is_file()
    for name in CHANGELOG_NAMES:
        if (facts.root / name).is_file():
            return name, True
    return facts.config.changelog, False


def plan_init(
    path: Path,
    *,
    scheme: str | None = None,
    workflow: bool = True,
    force: bool = False,
    install: str | None = None,
    ci: str = "github",
    reporter: Reporter | None = None,
    extension: bool | None = None,
    uv: bool = False,
) -> Plan:
    """Compute what init writes for the project at (or above) ``path``; write nothing.

    ``scheme`` overrides the detected scheme (and replaces a configured one); ``workflow``
    False leaves the pipeline out; ``force`` turns a conflicting pipeline into a change.
    ``ci`` is ``"github"`` (``.github/workflows/release.yml``) or ``"gitlab"``
    (``.gitlab-ci.yml``); ``install`` is what its jobs give ``pip install`` (default: exactly
    this releasekit, ``releasekit==X.Y.Z``). ``extension`` picks the GitHub matrix workflow
    for compiled extensions (None: when the project has them, see
    :mod:`releasekit.dist.extensions`); ``uv`` sets uv up in its jobs.
    ``plan.facts`` holds ``root``, ``settings`` (the table's keys), ``conflicts`` (files
    left alone) and ``conflicts_diff`` (from each of them to what init would write).

    >>> import subprocess, tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = subprocess.run(["git", "init", "-q", str(root)], check=True)
    >>> _ = (root / "pyproject.toml").write_text('[project]\\nname = "demo"\\nversion = "1.0.0"\\n')
    >>> plan = plan_init(root, workflow=False)
    >>> print(plan.describe())  # doctest: +ELLIPSIS
    1. add [tool.releasekit] in pyproject.toml (scheme = 'semver', ...)
    2. create CHANGELOG.md (Keep a Changelog, empty [Unreleased])
    >>> plan.apply()
    >>> plan_init(root, workflow=False).steps
    []
    """
    if ci not in ("github", "gitlab"):
        raise UsageError.worded(
            f"unknown CI {ci!r}: ", api="pass ci='github' or ci='gitlab'", cli="--ci github|gitlab"
        )
    report = reporter or NullReporter()
    if install is None:
        from releasekit import __version__

        install = pinned_install(__version__)
    facts = _read_facts(path, report)
    root = facts.root
    chosen, calver_format = _scheme(facts, scheme)
    settings: dict[str, str] = {"scheme": chosen}
    if calver_format is not None:
        settings["calver-format"] = calver_format
    if not monorepo_tag_globs(root):  # a monorepo's packages each detect their own
        settings["tag-format"] = facts.tag_format
    changelog, changelog_exists = _changelog_name(facts)
    settings["changelog"] = changelog
    changes: list[WriteFilesStep] = []
    conflicts: list[WriteFilesStep] = []

    comments = [
        "Written by `releasekit init`; every key is optional.",
        "The version lives in (found by releasekit; add others with `files = [...]`):",
        *(f"  {file}: {kind}" for file, kind in facts.locations),
    ]
    if not facts.locations:
        comments[-1] = "No file holds the version: the release tags are the version."
    edit = releasekit_table_edit(
        root / "pyproject.toml",
        settings,
        comments=comments,
        replace=["scheme"] if scheme else [],
    )
    if edit is not None:
        keys = ", ".join(f"{k} = {v!r}" for k, v in settings.items())
        verb = "update" if facts.has_table else "add"
        summary = f"{verb} [tool.releasekit] in pyproject.toml ({keys})"
        changes.append(WriteFilesStep(root, (edit,), summary))

    if not changelog_exists:
        changes.append(_changelog_step(facts, changelog, chosen))

    if workflow:
        if ci == "gitlab":
            workflow_change = _gitlab_change(facts, install, report)
        else:
            workflow_change = _workflow_change(facts, install, report, extension, uv)
        if workflow_change is not None:
            if workflow_change.edits[0].before and not force:
                conflicts.append(workflow_change)
            else:
                changes.append(workflow_change)
    return Plan(
        changes,
        facts={
            "command": "init",
            "root": str(root),
            "settings": settings,
            "conflicts": [display_path(Path(s.edits[0].path), root) for s in conflicts],
            "conflicts_diff": "".join(step.diff() for step in conflicts),
        },
    )


def _changelog_step(facts: ProjectFacts, changelog: str, scheme: str) -> WriteFilesStep:
    """Create the changelog: in Keep a Changelog form, with a section per existing release
    tag (dated by the tag, its conventional commits listed, the others counted) when the
    project already has releases, so ``check --tag`` passes on the latest one."""
    from releasekit.changelog.model import Changelog

    root = facts.root
    newline = newline_of((root / "pyproject.toml").read_bytes().decode("utf-8", "replace"))
    log = Changelog.new(scheme=scheme, source=changelog, newline=newline)
    history = _release_history(facts)
    summary = f"create {changelog} (Keep a Changelog, empty [Unreleased])"
    if history:
        from releasekit.changelog.backfill import backfilled
        from releasekit.changelog.file import repository_url
        from releasekit.git.runner import Git

        log = backfilled(log, history, repository=repository_url(Git(root)))
        span = history[-1].tag + (f" … {history[0].tag}" if len(history) > 1 else "")
        summary = (
            f"create {changelog} (Keep a Changelog, empty [Unreleased], "
            f"{len(history)} release section(s) from the tags {span})"
        )
    edit = FileEdit(root / changelog, b"", str(log).encode("utf-8"))
    return WriteFilesStep(root, (edit,), summary)


def _release_history(facts: ProjectFacts) -> list[ReleaseHistory]:
    """The project's releases from its tags, newest first (none outside a git repository)."""
    from releasekit.changelog.history import read_release_history
    from releasekit.git.runner import Git

    git = Git(facts.root)
    if not git.is_repository() or git.head() is None:
        return []
    return read_release_history(
        git,
        facts.tag_format,
        facts.config.changelog_sections,
        breaking_body=facts.config.changelog_breaking_body,
    )


def conflict_error(plan: Plan) -> RefusedError | None:
    """The refusal of an init plan that leaves conflicting files alone (None without any)."""
    conflicts = plan.facts.get("conflicts") or []
    if not conflicts:
        return None
    return RefusedError(
        f"{', '.join(conflicts)} exists with other content and was left as it is; "
        "review the diff and run `releasekit init --force` to overwrite it"
    )


def _dist_name(facts: ProjectFacts) -> str:
    project = facts.pyproject.get("project") or {}
    poetry = facts.pyproject.get("tool", {}).get("poetry") or {}
    for candidate in (project.get("name"), poetry.get("name"), facts.root.name):
        if isinstance(candidate, str) and _DIST_NAME.match(candidate):
            return candidate
    return "YOUR-PROJECT"


def _gitlab_change(facts: ProjectFacts, install: str, reporter: Reporter) -> WriteFilesStep | None:
    from releasekit.init.gitlab import (
        GITLAB_PIPELINE_PATH,
        PipelineSettings,
        render_gitlab_pipeline,
        tag_regex,
    )

    versions = python_versions(facts.pyproject, reporter)
    settings = PipelineSettings(tag_regex(facts.tag_format), versions, _dist_name(facts), install)
    after = render_gitlab_pipeline(settings).encode("utf-8")
    target = facts.root / GITLAB_PIPELINE_PATH
    before = target.read_bytes() if target.is_file() else b""
    if before == after:
        return None
    verb = "overwrite" if before else "create"
    span = versions[0] if len(versions) == 1 else f"{versions[0]}-{versions[-1]}"
    return WriteFilesStep(
        facts.root,
        (FileEdit(target, before, after),),
        f"{verb} {GITLAB_PIPELINE_PATH} (tags /{settings.tag_regex}/, Python {span})",
    )


def _workflow_change(
    facts: ProjectFacts, install: str, reporter: Reporter, extension: bool | None, uv: bool
) -> WriteFilesStep | None:
    from releasekit.dist.extensions import is_extension_project
    from releasekit.init.monorepo import monorepo_packages, render_packages_workflow

    versions = python_versions(facts.pyproject, reporter)
    packages = monorepo_packages(facts.root)  # none: the one-project workflow
    if extension is None:
        extension = is_extension_project(facts.root, facts.pyproject) or any(
            package.compiled for package in packages
        )
    glob, name = tag_glob(facts.tag_format), _dist_name(facts)
    settings = WorkflowSettings(glob, versions, name, install, extension=extension, uv=uv)
    globs = list(dict.fromkeys(package.tag_glob for package in packages))
    text = render_packages_workflow(facts.root, settings, packages) if packages else None
    after = (text or render_release_workflow(settings)).encode("utf-8")
    target = facts.root / WORKFLOW_PATH
    before = target.read_bytes() if target.is_file() else b""
    if before == after:
        return None
    verb = "overwrite" if before else "create"
    shown = ", ".join(f"'{glob}'" for glob in globs or [settings.tag_glob])
    span = versions[0] if len(versions) == 1 else f"{versions[0]}-{versions[-1]}"
    return WriteFilesStep(
        facts.root,
        (FileEdit(target, before, after),),
        f"{verb} {WORKFLOW_PATH.as_posix()} (tags {shown}, Python {span}"
        + (", wheels on a cibuildwheel matrix" if extension else "")
        + (", uv" if uv else "")
        + ")",
    )
