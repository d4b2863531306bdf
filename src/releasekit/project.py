"""A Python project on disk: where its version lives, what comes next, and the bump itself.

:class:`Project` is the library's front door. Constructing one finds the root (walking up to
``pyproject.toml``), parses it and loads ``[tool.releasekit]``; it never writes. Everything else
is computed on first use and forgotten after the project writes its files.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> _ = (root / "pyproject.toml").write_text('[project]\\nname = "demo"\\nversion = "1.2.3"\\n')
>>> project = Project(root)
>>> project.version
'1.2.3'
>>> [(loc.file, loc.line) for loc in project.locations]
[('pyproject.toml', 3)]
>>> project.plan_bump("minor").new
'1.3.0'
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from releasekit.errors import (
    InvalidVersion,
    NothingToRelease,
    RefusedError,
    UsageError,
    VersionLocationError,
)
from releasekit.files.journal import journal_path
from releasekit.files.paths import ROOT_MARKERS, find_root
from releasekit.locations.detect import Detection, detect_locations, vcs_version_source
from releasekit.workspace.projectfiles import read_project

# What only writing commands need (plan, dependents, ...) is imported where used.
if TYPE_CHECKING:
    from releasekit.files.edits import FileEdit
    from releasekit.git.runner import Git
    from releasekit.git.tags import ReleaseTag
    from releasekit.locations.bump import BumpResult
    from releasekit.locations.spans import VersionLocation
    from releasekit.plan import Plan, Reporter
    from releasekit.workspace.members import Workspace

__all__ = ["ROOT_MARKERS", "Project", "find_root"]


class Project:
    """A Python project: its root, configuration, git repository and version locations.

    ``Project(path)`` walks up from ``path`` to the directory holding ``pyproject.toml``.
    ``reporter`` receives progress and warnings (the default logs them). ``workspace``: a
    monorepo just discovered, whose parsed files a member's project takes instead of reading.
    """

    def __init__(
        self,
        path: Path | str = ".",
        *,
        reporter: Reporter | None = None,
        workspace: Workspace | None = None,
    ) -> None:
        if not isinstance(path, (str, os.PathLike)):
            raise UsageError(f"path={path!r}: expected a directory path")
        self.root: Path = find_root(Path(path))
        if not reporter:
            from releasekit.plan import NullReporter

            reporter = NullReporter()
        self.reporter: Reporter = reporter
        self.pyproject_path: Path = self.root / "pyproject.toml"
        self._load(workspace)

    def _load(self, workspace: Workspace | None = None) -> None:
        """Read pyproject.toml (or take it from ``workspace``), forgetting every derived value."""
        for klass in type(self).__mro__:
            for name, value in vars(klass).items():
                if isinstance(value, cached_property):
                    self.__dict__.pop(name, None)
        self.pyproject, self.member, self.config = read_project(self.root, workspace)

    @property
    def interrupted_write(self) -> Path | None:
        """The journal an interrupted write left (files may be half-written), or None; reading
        it writes nothing, :meth:`recover` puts the files back."""
        journal = journal_path(self.root)
        return journal if journal.is_file() else None

    def recover(self) -> list[Path]:
        """Undo a write an earlier run left half-done, read the files again, return those restored
        (every writing command calls it first, as :meth:`bump` does)."""
        from releasekit.files.recovery import recover_interrupted

        restored = recover_interrupted(self.root, self.reporter)
        self._load()
        return restored

    @cached_property
    def git(self) -> Git:
        """The git repository the project is in (the runner is imported on first use)."""
        from releasekit.git.runner import Git

        return Git(self.root)

    def __repr__(self) -> str:
        return f"Project({str(self.root)!r})"

    # -- where the version lives ---------------------------------------------------------

    @cached_property
    def vcs_source(self) -> str | None:
        """The plugin deriving the version from git tags (``"hatch-vcs"``…), or None."""
        return vcs_version_source(self.pyproject)

    @cached_property
    def _detection(self) -> Detection:
        return detect_locations(self.root, self.pyproject_path, self.pyproject, self.config)

    @property
    def locations(self) -> list[VersionLocation]:
        """Every place a file holds the version, primary first (empty for VCS versions)."""
        return list(self._detection.locations)

    @cached_property
    def _current(self) -> str | None:
        if self.vcs_source is not None:
            from releasekit.git.tags import vcs_version

            return vcs_version(self.git, self.tag_format)
        locations = self.locations
        if not locations:
            raise VersionLocationError(
                f"no version found in {self.root}: looked for [project].version and "
                "[tool.poetry].version in pyproject.toml, __version__ in the package, "
                "[metadata] version in setup.cfg; add one, or list the file under "
                "[tool.releasekit] files"
            )
        return locations[0].version

    @property
    def version(self) -> str:
        """The current version, as written in the primary location (or the latest tag)."""
        current = self._current
        if current is None:
            raise VersionLocationError.worded(
                f"the version comes from git tags ({self.vcs_source}) and no release tag "
                f"matching {self.tag_format!r} is reachable from HEAD; choose the first "
                "version with: ",
                api="project.bump(set_version=VERSION)",
                cli="releasekit bump --set VERSION",
            )
        return current

    @cached_property
    def scheme(self) -> str:
        """``"semver"`` or ``"calver"``: configured, else detected from the current version."""
        if self.config.scheme is not None:
            return self.config.scheme
        from releasekit.version.next import detect_scheme

        current = self._current
        return detect_scheme(current, self.config.calver_format) if current else "semver"

    @property
    def channel(self) -> str | None:
        """The candidate label of this branch under ``[tool.releasekit.channels]``, or None."""
        channels = self.config.channels and self.scheme != "calver"
        return self.config.channel_label(self.git.current_branch()) if channels else None

    @cached_property
    def tag_format(self) -> str:
        """The release tag format: configured, else detected from the tags, else ``v{version}``."""
        from releasekit.workspace.tagformat import project_tag_format

        return project_tag_format(self.git, self.config.tag_format, self.member)

    @property
    def changelog_path(self) -> Path:
        """The changelog file (``changelog`` of ``[tool.releasekit]``, CHANGELOG.md)."""
        return self.root / self.config.changelog

    def today(self) -> dt.date:
        """Today's date in the configured timezone (UTC unless ``timezone = "local"``)."""
        if self.config.timezone == "local":
            return dt.date.today()
        return dt.datetime.now(dt.timezone.utc).date()

    def last_release_tag(self, *, final: bool = False) -> ReleaseTag | None:
        """The last (``final``: final) release, see :func:`releasekit.git.tags.last_release`."""
        from releasekit.git.tags import last_release

        vcs = self.vcs_source is not None or not self._detection.locations
        version = None if vcs else self._current
        return last_release(self.git, self.tag_format, version=version, final=final)

    # -- what comes next -------------------------------------------------------------------

    def _commits_part(self, current: str | None, since: ReleaseTag | None) -> str | None:
        """The part the conventional commits since ``since`` ask for (one streamed walk), or
        None; a CalVer project turns any bump into the next ``calver`` release."""
        from releasekit.workspace.history import release_bump

        if self.git.head() is None:
            return None
        found = release_bump(self.git, self.tag_format, self.config.bump_map, since, self.member)
        return found.part(current, self.scheme)

    def next_version(
        self,
        part: str | None = "auto",
        date: dt.date | str | None = None,
        *,
        current: str | None = None,
        label: str | None = None,
    ) -> str:
        """The next version for ``part`` (None: ``calver`` for CalVer projects, else ``auto``).

        ``auto``, ``pre`` and ``dev`` read the commits since the last final release (see
        :func:`releasekit.version.next.resolve_part`); when nothing calls for a release, the
        current version is returned. ``label``: a candidate's (``a``, ``b``, ``rc``). ``date``
        defaults to :meth:`today`; ``current`` overrides the project's version.
        """
        from releasekit.version.dates import as_date
        from releasekit.version.next import next_version, resolve_part

        day = self.today() if date is None else as_date(date)
        if current is None:
            current = self._current
        if part is None:
            part = "calver" if self.scheme == "calver" else "auto"
        of = "patch"
        if part in ("auto", "pre", "dev"):
            part, label, of = resolve_part(
                part,
                current,
                level=self._commits_part(current, self.last_release_tag(final=True)),
                channel=self.channel,
                label=label,
                candidate_has_news=lambda: self._commits_part(current, self.last_release_tag()),
            )
            if part is None:
                if current is None:
                    raise RefusedError.worded(
                        "no release yet and no conventional commit calls for one; "
                        "pass a part (major, minor, patch, pre, calver) or ",
                        api="set_version=VERSION",
                        cli="--set VERSION",
                    )
                return current
        try:
            return next_version(
                current,
                part,
                scheme=self.scheme,
                calver_format=self.config.calver_format,
                date=day,
                label=label,
                of=of,
                pre_label=self.config.pre_label,
                pre_style=self.config.pre_style,
            )
        except InvalidVersion as exc:
            raise InvalidVersion(f"{self._where_current()}{exc}") from exc

    def _where_current(self) -> str:
        if self.vcs_source is None and self.locations:
            primary = self.locations[0]
            return f"{primary.file}:{primary.line}: "
        return ""

    # -- bump --------------------------------------------------------------------------------

    def plan_bump(
        self,
        part: str | None = None,
        date: dt.date | str | None = None,
        *,
        set_version: str | None = None,
        allow_downgrade: bool = False,
        allow_empty_changelog: bool = False,
        label: str | None = None,
    ) -> Plan:
        """Compute every file edit of a bump, writing nothing; ``plan.apply()`` writes them.

        Every location is read, matched and validated first; files that disagree, a version
        not valid for the scheme, or a new version not higher than the current one (unless
        ``allow_downgrade``) are refused. The changelog promotion is part of the plan.
        """
        from releasekit.changelog.file import promotion_edit
        from releasekit.locations.bump import (
            bump_plan,
            check_agreement,
            check_new_version,
            plan_version_edits,
        )
        from releasekit.version.dates import as_date
        from releasekit.workspace.dependents import project_dependents

        day = self.today() if date is None else as_date(date)
        detection = None if self.vcs_source else self._detection
        if detection is not None:
            check_agreement(detection.locations)
        current = self._current
        if set_version is not None:
            if not isinstance(set_version, str):
                raise UsageError(f"set_version={set_version!r}: expected a str such as '2.0.0'")
            if part is not None:
                raise UsageError.worded(
                    "give either ",
                    api=f"part={part!r} or set_version={set_version!r}, not both",
                    cli=f"a part ({part}) or --set {set_version}, not both",
                )
            new = check_new_version(current, set_version, allow_downgrade=allow_downgrade)
            from releasekit.version.next import check_set_version

            check_set_version(
                set_version, self.config.scheme, self.scheme, self.config.calver_format
            )
        else:
            new = self.next_version(part, day, current=current, label=label)
            if current is not None and new == current:
                tag = self.last_release_tag()
                since = f"since {tag.name}" if tag else "in the history"
                raise NothingToRelease.worded(
                    f"nothing to release: no commit {since} is a feat, fix, perf or breaking "
                    "change; pass a part (major, minor, patch, pre, calver) or ",
                    api="set_version=VERSION",
                    cli="--set VERSION",
                )
        edits: list[FileEdit] = []
        if detection is not None:
            edits = plan_version_edits(detection, new)
        changelog = promotion_edit(self, new, day, allow_empty=allow_empty_changelog)
        if changelog is not None:
            if any(Path(edit.path) == Path(changelog.path) for edit in edits):
                raise VersionLocationError(
                    f"{self.config.changelog}: is both a version location and the changelog; "
                    "remove it from [tool.releasekit] files"
                )
            edits.append(changelog)
        edits = project_dependents(self.root, self.pyproject, self.member, new, edits)
        return bump_plan((self.member or self).root, current, new, edits)  # a monorepo: its root

    def bump(
        self,
        part: str | None = None,
        date: dt.date | str | None = None,
        dry_run: bool = False,
        *,
        set_version: str | None = None,
        allow_downgrade: bool = False,
        allow_empty_changelog: bool = False,
    ) -> BumpResult:
        """Plan the bump and (unless ``dry_run``) write it, all files or none.

        The keywords are those of :meth:`plan_bump`. Returns the old and new versions and the
        files changed (or, with ``dry_run``, that would change).
        """
        from releasekit.locations.bump import BumpResult

        if not dry_run:
            self.recover()
        plan = self.plan_bump(
            part,
            date,
            set_version=set_version,
            allow_downgrade=allow_downgrade,
            allow_empty_changelog=allow_empty_changelog,
        )
        if not dry_run:
            try:
                plan.apply(self.reporter)
            finally:
                self._load()  # the files changed (or were put back): read them again
        assert plan.new is not None  # a bump plan always has a new version
        return BumpResult(old=plan.old, new=plan.new, files=plan.files, dry_run=dry_run)

    # -- check -------------------------------------------------------------------------------

    def check(self, tag: str | None = None, dist: Path | str | None = None) -> list[str]:
        """The problems found by every check (empty when everything agrees).

        >>> import tempfile
        >>> root = Path(tempfile.mkdtemp())
        >>> _ = (root / "pyproject.toml").write_text('[project]\\nname = "d"\\nversion = "1"\\n')
        >>> Project(root).check()
        []
        """
        from releasekit.check.runner import CheckOptions, run_checks

        if tag is not None and not isinstance(tag, str):
            raise UsageError(f"tag={tag!r}: expected a tag name such as 'v1.2.3'")
        if dist is not None and not isinstance(dist, (str, os.PathLike)):
            raise UsageError(f"dist={dist!r}: expected a directory path")
        options = CheckOptions(tag=tag, dist=Path(dist) if dist is not None else None)
        return [problem.format() for problem in run_checks(self, options)]
