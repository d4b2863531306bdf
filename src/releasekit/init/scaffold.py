"""``releasekit init``: set a project up for releasekit, as a plan of file edits.

:func:`plan_init` reads the project and computes every edit first, writing nothing:

- a ``[tool.releasekit]`` table in pyproject.toml with the scheme, tag format and changelog
  written explicitly, and where the version was found (everything else byte-identical: the
  file's encoding, BOM and line endings are kept);
- ``CHANGELOG.md`` in Keep a Changelog form when the project has no changelog;
- ``.github/workflows/release.yml`` rendered from the template shipped in
  ``releasekit/templates``, for the project's tag format and Python versions.

:func:`apply_init` writes the plan all together or not at all. A workflow that exists with
other content is a *conflict*: it is only overwritten when the plan was made with
``force=True``. Running init again on a set-up project plans nothing.

The workflow itself is rendered by :mod:`releasekit.init.workflow`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from releasekit.config import Config
from releasekit.errors import FileFormatError, RefusedError, ReleasekitError
from releasekit.files.edits import FileEdit
from releasekit.init.workflow import (
    DEFAULT_PYTHONS,
    WorkflowSettings,
    python_versions,
    render_release_workflow,
    tag_glob,
)
from releasekit.plan import NullReporter, Reporter

__all__ = [
    "DEFAULT_PYTHONS",
    "WORKFLOW_PATH",
    "InitChange",
    "InitPlan",
    "WorkflowSettings",
    "apply_init",
    "init",
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
        scheme=project.scheme,
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


def _newline(text: str) -> str:
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf == text.count("\n") else "\n"


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
    current = old.get("tool", {}).get("releasekit")
    if isinstance(current, dict) and all(
        key in current and (key not in replace or current[key] == value)
        for key, value in settings.items()
    ):
        return None  # already set up: no need to load tomlkit at all
    import tomlkit
    from tomlkit.container import OutOfOrderTableProxy
    from tomlkit.exceptions import TOMLKitError

    newline = _newline(text)
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise FileFormatError(f"{name}: cannot be edited: {exc}") from None
    tool = document.get("tool")
    # [tool.*] tables split by other tables come back as a proxy over the parts.
    if tool is not None and not isinstance(tool, tomlkit.items.Table | OutOfOrderTableProxy):
        raise FileFormatError(
            f"{name}: 'tool' is not a [tool] table (it is written inline); write it as "
            "[tool.NAME] tables and run init again"
        )
    existing = tool.get("releasekit") if tool is not None else None
    if existing is None:
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
        new_text = body + gap + rendered
    else:
        if not isinstance(existing, tomlkit.items.Table | tomlkit.items.InlineTable):
            raise FileFormatError(f"{name}: tool.releasekit must be a table")
        for key, value in settings.items():
            if key not in existing or (key in replace and existing[key] != value):
                existing[key] = value
        new_text = tomlkit.dumps(document)
        if newline == "\r\n":
            new_text = re.sub(r"(?<!\r)\n", "\r\n", new_text)
    if new_text == text:
        return None
    new = parse_toml(new_text, name)
    expected = {**old, "tool": {**old.get("tool", {})}}
    expected["tool"]["releasekit"] = {**old.get("tool", {}).get("releasekit", {})}
    for key, value in settings.items():
        if key not in expected["tool"]["releasekit"] or key in replace:
            expected["tool"]["releasekit"][key] = value
    if new != expected:  # pragma: no cover - a guard against a tomlkit surprise
        raise FileFormatError(f"{name}: adding [tool.releasekit] would change other values")
    return FileEdit(path, source.data, source.encode(new_text))


@dataclass(frozen=True)
class InitChange:
    """One file init writes, and a line saying why.

    >>> InitChange(FileEdit(Path("CHANGELOG.md"), b"", b"# Changelog\\n"), "create it").summary
    'create it'
    """

    edit: FileEdit
    summary: str


@dataclass(frozen=True)
class InitPlan:
    """Everything ``releasekit init`` would write, computed before the first write.

    >>> InitPlan(Path("/p")).describe()
    'nothing to do'
    """

    root: Path
    changes: tuple[InitChange, ...] = ()
    #: Existing files with other content that are not overwritten (no ``force``).
    conflicts: tuple[InitChange, ...] = ()
    settings: Mapping[str, str] = field(default_factory=dict)

    @property
    def nothing_to_do(self) -> bool:
        """True when the project is already set up (and nothing conflicts)."""
        return not self.changes and not self.conflicts

    def describe(self) -> str:
        """The numbered changes, one a line; "nothing to do" when there are none."""
        if not self.changes:
            return "nothing to do"
        return "\n".join(f"{n}. {c.summary}" for n, c in enumerate(self.changes, start=1))

    def diff(self) -> str:
        """The unified diff of every change (new files against an empty file)."""
        return "".join(change.edit.diff(self.root) for change in self.changes)

    def writes(self, relative: Path | str) -> bool:
        """True when the plan writes the file at ``relative`` (to the project root)."""
        return any(change.edit.path == self.root / relative for change in self.changes)

    def refuse_conflicts(self) -> None:
        """Raise :class:`RefusedError` naming the conflicting files, if there are any."""
        if self.conflicts:
            names = ", ".join(c.edit.path.relative_to(self.root).as_posix() for c in self.conflicts)
            raise RefusedError(
                f"{names} exists with other content and was left as it is; "
                "review the diff and run `releasekit init --force` to overwrite it"
            )

    def conflicts_diff(self) -> str:
        """The unified diff from each conflicting file to what init would write."""
        return "".join(change.edit.diff(self.root) for change in self.conflicts)


def plan_init(
    path: Path,
    *,
    scheme: str | None = None,
    workflow: bool = True,
    force: bool = False,
    install: str = "releasekit",
    reporter: Reporter | None = None,
) -> InitPlan:
    """Compute what init writes for the project at (or above) ``path``; write nothing.

    ``scheme`` overrides the detected scheme (and replaces a configured one); ``workflow``
    False leaves the workflow out; ``force`` turns a conflicting workflow into a change.
    """
    report = reporter or NullReporter()
    facts = _read_facts(path, report)
    root = facts.root
    chosen, calver_format = _scheme(facts, scheme)
    settings: dict[str, str] = {"scheme": chosen}
    if calver_format is not None:
        settings["calver-format"] = calver_format
    settings["tag-format"] = facts.tag_format
    changelog, changelog_exists = _changelog_name(facts)
    settings["changelog"] = changelog
    changes: list[InitChange] = []
    conflicts: list[InitChange] = []

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
        changes.append(InitChange(edit, f"{verb} [tool.releasekit] in pyproject.toml ({keys})"))

    if not changelog_exists:
        from releasekit.changelog.model import Changelog

        newline = _newline((root / "pyproject.toml").read_bytes().decode("utf-8", "replace"))
        text = str(Changelog.new(scheme=chosen, source=changelog, newline=newline))
        changes.append(
            InitChange(
                FileEdit(root / changelog, b"", text.encode("utf-8")),
                f"create {changelog} (Keep a Changelog, empty [Unreleased])",
            )
        )

    if workflow:
        workflow_change = _workflow_change(facts, install, report)
        if workflow_change is not None:
            if workflow_change.edit.before and not force:
                conflicts.append(workflow_change)
            else:
                changes.append(workflow_change)
    return InitPlan(root, tuple(changes), tuple(conflicts), settings)


def _dist_name(facts: ProjectFacts) -> str:
    project = facts.pyproject.get("project") or {}
    poetry = facts.pyproject.get("tool", {}).get("poetry") or {}
    for candidate in (project.get("name"), poetry.get("name"), facts.root.name):
        if isinstance(candidate, str) and _DIST_NAME.match(candidate):
            return candidate
    return "YOUR-PROJECT"


def _workflow_change(facts: ProjectFacts, install: str, reporter: Reporter) -> InitChange | None:
    versions = python_versions(facts.pyproject, reporter)
    settings = WorkflowSettings(tag_glob(facts.tag_format), versions, _dist_name(facts), install)
    after = render_release_workflow(settings).encode("utf-8")
    target = facts.root / WORKFLOW_PATH
    before = target.read_bytes() if target.is_file() else b""
    if before == after:
        return None
    verb = "overwrite" if before else "create"
    span = versions[0] if len(versions) == 1 else f"{versions[0]}-{versions[-1]}"
    return InitChange(
        FileEdit(target, before, after),
        f"{verb} {WORKFLOW_PATH.as_posix()} (tags '{settings.tag_glob}', Python {span})",
    )


def apply_init(plan: InitPlan, reporter: Reporter | None = None) -> list[Path]:
    """Write the plan, all or nothing; return the files written.

    Raises :class:`RefusedError` (writing nothing) when the plan has conflicts.

    >>> apply_init(InitPlan(Path("/nowhere")))
    []
    """
    from releasekit.files.edits import apply_edits

    plan.refuse_conflicts()
    new_files = [c.edit.path for c in plan.changes if not c.edit.path.exists()]
    made: list[Path] = []
    try:
        for target in new_files:
            missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
            for directory in reversed(missing):
                try:
                    directory.mkdir()
                except OSError as exc:
                    name = directory.relative_to(plan.root).as_posix()
                    raise RefusedError(
                        f"{name}: cannot create the directory ({exc.strerror or exc}); "
                        "nothing was written"
                    ) from exc
                made.append(directory)
        written = apply_edits(plan.root, [c.edit for c in plan.changes], reporter)
    except BaseException:
        for directory in reversed(made):
            if not any(directory.iterdir()):
                directory.rmdir()
        raise
    return written


def init(
    path: Path,
    *,
    scheme: str | None = None,
    workflow: bool = True,
    force: bool = False,
    dry_run: bool = False,
    reporter: Reporter | None = None,
) -> InitPlan:
    """Plan init for the project at ``path`` and (unless ``dry_run``) apply it.

    >>> import subprocess, tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = subprocess.run(["git", "init", "-q", str(root)], check=True)
    >>> _ = (root / "pyproject.toml").write_text('[project]\\nname = "demo"\\nversion = "1.0.0"\\n')
    >>> print(init(root, workflow=False).describe())  # doctest: +ELLIPSIS
    1. add [tool.releasekit] in pyproject.toml (scheme = 'semver', ...)
    2. create CHANGELOG.md (Keep a Changelog, empty [Unreleased])
    >>> init(root, workflow=False).nothing_to_do
    True
    """
    plan = plan_init(path, scheme=scheme, workflow=workflow, force=force, reporter=reporter)
    if not dry_run:
        apply_init(plan, reporter)
    return plan
