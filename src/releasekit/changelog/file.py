"""CHANGELOG.md on disk: read it, plan its edits, find where its links point.

The edge around the pure :mod:`releasekit.changelog.model` model. Files are read as bytes and
decoded without translating line endings; an edit is a :class:`~releasekit.files.edits.FileEdit`
whose ``after`` bytes keep the file's encoding and BOM, written (by the caller) with the same
all-or-nothing mechanism as the version files.

- :func:`promotion_edit` — ``[Unreleased]`` becomes the new version (used by ``bump``).
- :func:`releasekit.changelog.unreleased.unreleased_update` — the conventional commits not
  collected yet, merged into ``[Unreleased]`` (``releasekit changelog``).
- :func:`release_notes` — one version's section, for a release body (``releasekit notes``).
- :func:`repository_url` — the web URL of the ``origin`` remote, for compare links.

>>> repository_url_from_remote("git@github.com:octo/tool.git")
'https://github.com/octo/tool'
>>> repository_url_from_remote("https://bot:s3cret@gitlab.com/group/sub/tool.git")
'https://gitlab.com/group/sub/tool'
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from releasekit.changelog.model import Changelog
from releasekit.files.paths import display_path

if TYPE_CHECKING:
    from releasekit.config import Config
    from releasekit.files.edits import FileEdit
    from releasekit.files.text import TextFile
    from releasekit.git.runner import Git

__all__ = [
    "ChangelogProject",
    "promote_release",
    "promotion_edit",
    "read_changelog",
    "release_notes",
    "repository_url",
    "repository_url_from_remote",
]


_SCP_LIKE = re.compile(r"(?:[^@/\s]+@)?(?P<host>[^:/\s]+):(?!//)(?P<path>[^\s]+)\Z")
_URL = re.compile(
    r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*)://(?:[^@/\s]*@)?(?P<host>[^/:\s]+)(?P<port>:\d+)?"
    r"/(?P<path>\S+)\Z"
)


class _Tag(Protocol):
    @property
    def name(self) -> str: ...


class ChangelogProject(Protocol):
    """What the changelog needs from a :class:`~releasekit.project.Project`."""

    @property
    def root(self) -> Path: ...

    @property
    def config(self) -> Config: ...

    @property
    def git(self) -> Git: ...

    @property
    def changelog_path(self) -> Path: ...

    @property
    def tag_format(self) -> str: ...

    @property
    def scheme(self) -> str: ...

    def last_release_tag(self) -> _Tag | None: ...


def changelog_file(project: ChangelogProject) -> Path:
    """The project's changelog path, refused when it leaves the repository or is no file.

    Raises :class:`~releasekit.errors.ConfigError` naming ``changelog`` for a link that
    resolves outside the repository or for a directory of that name (see
    :func:`releasekit.files.paths.inside_root`); a missing file is fine (it gets created).
    """
    from releasekit.files.paths import inside_root

    inside_root(project.root, project.changelog_path, "changelog")
    return project.changelog_path


def read_changelog(path: Path, *, display: str | None = None) -> tuple[TextFile, Changelog]:
    """Read and parse a changelog; a file that is not UTF-8 is refused with its name."""
    from releasekit.files.text import read_text_file

    text_file = read_text_file(path, display=display)
    return text_file, Changelog.parse(text_file.text, source=display or str(path))


def repository_url_from_remote(remote: str) -> str | None:
    """The web URL of a git remote (https or ssh form), credentials and ``.git`` stripped.

    Local paths and ``file://`` remotes have no web page: ``None``.

    >>> repository_url_from_remote("ssh://git@github.com:22/octo/tool.git")
    'https://github.com/octo/tool'
    >>> repository_url_from_remote("/srv/git/tool.git") is None
    True
    """
    remote = remote.strip()
    scheme = "https"
    match = _URL.match(remote)
    if match:
        given = match.group("scheme").lower()
        if given not in ("https", "http", "ssh", "git", "git+ssh"):
            return None
        host, path = match.group("host"), match.group("path")
        if given in ("https", "http"):  # a web remote's scheme and port are the web's too
            scheme = given
            host += match.group("port") or ""
    else:
        scp = _SCP_LIKE.match(remote)
        if not scp or "/" in scp.group("host"):
            return None
        host, path = scp.group("host"), scp.group("path")
    path = path.strip("/")
    path = path.removesuffix(".git").strip("/")
    if not path or "." not in host:
        return None
    return f"{scheme}://{host}/{path}"


def repository_url(git: Git) -> str | None:
    """The web URL of the ``origin`` remote (else the first remote), or None."""
    result = git.run_result("remote", "get-url", "origin")
    if result.returncode != 0:
        remotes = git.run_result("remote").stdout.split()
        if not remotes:
            return None
        result = git.run_result("remote", "get-url", remotes[0])
        if result.returncode != 0:
            return None
    return repository_url_from_remote(result.stdout)


def promote_release(
    log: Changelog,
    version: str,
    date: datetime.date,
    *,
    allow_empty: bool,
    fold: bool = True,
    **links: Any,
) -> Changelog:
    """:meth:`Changelog.promote` for a bump or a release (``links`` are its link keywords).

    With ``fold`` (``fold-prereleases``), a final release takes in the sections of its
    candidates first (:func:`releasekit.changelog.fold.fold_candidates`).

    The refusal of an empty ``[Unreleased]`` names ``allow_empty_changelog``, the keyword of
    ``Project.plan_bump`` and ``ReleaseOptions`` (``--allow-empty`` on the command line).
    """
    from releasekit.errors import ChangelogError

    if fold:
        from releasekit.changelog.fold import fold_candidates

        log = fold_candidates(log, version)
    try:
        return log.promote(version, date, allow_empty=allow_empty, **links)
    except ChangelogError as exc:
        message = exc.message.replace("allow_empty=True", "allow_empty_changelog=True")
        raise ChangelogError(message, cli_message=exc.cli_message) from None


def promotion_edit(
    project: ChangelogProject,
    version: str,
    date: datetime.date,
    *,
    allow_empty: bool = False,
) -> FileEdit | None:
    """The edit that promotes ``[Unreleased]`` to ``version`` (None: the project has no changelog).

    Compare links follow the file's style; where the file does not show its URL or tag format
    they come from the ``origin`` remote and the project's tag format. Raises
    :class:`~releasekit.errors.ChangelogError` (empty ``[Unreleased]`` without
    ``allow_empty``, bad headings named with their line) or
    :class:`~releasekit.errors.FileFormatError` (not UTF-8).

    Example::

        edit = promotion_edit(Project("."), "1.3.0", datetime.date(2025, 3, 1))
        print(edit.diff(Path(".")) if edit else "no changelog")
    """
    from releasekit.files.edits import FileEdit

    path = changelog_file(project)
    if not path.is_file():
        return None
    text_file, log = read_changelog(path, display=display_path(path, project.root))
    # The last tag only matters when the file has no earlier version to compare from; finding
    # it walks the history, so it is not looked up otherwise.
    tag = project.last_release_tag() if not log.releases else None
    promoted = promote_release(
        log,
        version,
        date,
        allow_empty=allow_empty,
        fold=project.config.fold_prereleases,
        repository=repository_url(project.git),
        tag_format=project.tag_format,
        previous_tag=tag.name if tag is not None else None,
    )
    return FileEdit(path, text_file.data, text_file.encode(str(promoted)))


def release_notes(project: ChangelogProject, version_or_tag: str, *, links: bool = False) -> str:
    """The changelog section of a version, given as a version or as a release tag.

    A tag (``v1.2.3``, or whatever the project's tag format makes) is turned back into its
    version; versions match by PEP 440 equality (``25.2.15`` finds ``## [25.02.15]``). Raises
    :class:`~releasekit.errors.ChangelogError` naming the nearest versions present when the
    changelog has no section for it, or when there is no changelog. With ``links``, the
    reference definitions the section uses follow it (see :meth:`Changelog.notes`).

    Example::

        body = release_notes(Project("."), "v1.2.3")  # the GitHub release body of v1.2.3
    """
    from releasekit.errors import ChangelogError
    from releasekit.git.tags import parse_tag

    path = changelog_file(project)
    display = display_path(path, project.root)
    if not path.is_file():
        raise ChangelogError(
            f"{display}: no such file, so there are no release notes to show; create it with "
            "'releasekit changelog' (or set 'changelog' in [tool.releasekit])"
        )
    _, log = read_changelog(path, display=display)
    wanted = version_or_tag.strip()
    try:
        return log.notes(wanted, links=links)
    except ChangelogError:
        version = parse_tag(project.tag_format, wanted)
        if version is None or version == wanted:
            raise
        return log.notes(version, links=links)
